"""From what the user chose to a validated, frozen run request: the one place both front
ends (`nntui run --headless`, the dashboard's command line and its picker) resolve a run.

A new choice (e.g. a `--book` flag) is one more `RunChoices` field that `resolve_run`
hands to `Preset.resolve`; the CLI and the picker each fill it in once. Bad input raises a
`UserError` (nntui.core.errors): one line, shown by `say`, exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.core.errors import UserError
from nntui.experiments.catalog import add_file, catalog
from nntui.i18n import _, join_list
from nntui.pipeline.exit_codes import say
from nntui.presets import get_preset
from nntui.presets.params import ConfigError, did_you_mean
from nntui.runs.folder import check_new_out, out_problem, prepare_dir

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig, Value

#: Loss smoothing when a preset has no `smoothing` setting (TensorBoard's usual 0.9).
DEFAULT_SMOOTHING = 0.9


@dataclass(frozen=True)
class RunChoices:
    """What the user chose, before validation. ``preset``: a name (the command line) or
    the Preset itself (the picker, which holds it already); ``overrides``: `--set
    key=value` texts; ``typed``: already-parsed values from the settings form."""

    preset: str | Preset
    dataset: str | None = None
    seed: int = 0
    overrides: Mapping[str, str] = field(default_factory=dict)
    typed: Mapping[str, Value] | None = None
    #: Start from the book's exact setting (REFERENCE.md) instead of the teaching defaults.
    book: bool = False
    #: Keep the run in the run history (`--no-history` says no; `pipeline.history`).
    history: bool = True


@dataclass(frozen=True)
class RunRequest:
    """A resolved run: the preset, its validated config, where results go and where
    local data files are read from."""

    preset: Preset
    config: RunConfig
    out: Path | None = None
    data_dir: Path | None = None
    #: Whether the run goes into the run history (`RunChoices.history`).
    history: bool = True

    @property
    def smoothing(self) -> float:
        return smoothing_of(self.config)


def resolve_run(choices: RunChoices, *, out: Path | None = None,
                data_dir: Path | None = None,
                presets: Mapping[str, Preset] | None = None) -> RunRequest:
    """Preset, dataset, overrides and out dir -> a RunRequest; UserError if any is bad.

    The dataset name is matched case-insensitively (``--dataset MNIST``). ``out`` is
    created (and checked to be a writable folder) now, so a bad one fails before training.
    ``presets``: the catalog a preset name is looked up in (default: the built-in ones).
    """
    from nntui.presets.budget import check_budget  # NumPy (a speed probe): at run time

    chosen = choices.preset
    preset = get_preset(chosen, presets) if isinstance(chosen, str) else chosen
    if "seeds" in choices.overrides and not any(q.key == "seeds" for q in preset.params):
        raise ConfigError(_("{preset} does not train on several seeds: --seeds applies "
                            "to the presets that compare networks side by side (e.g. "
                            "dropout, optimizer-race)").format(preset=preset.name))
    dataset = _dataset(preset, choices.dataset)
    config = preset.resolve(dataset=dataset, seed=choices.seed, overrides=choices.overrides,
                            typed=choices.typed, book=choices.book)
    # Absurd sizes are refused here, before any data is read or array allocated.
    check_budget(preset, config)
    return RunRequest(preset, config, prepare_out(out), data_dir, history=choices.history)


def prepare_out(out: Path | None) -> Path | None:
    """Create the results folder ``out`` now (None stays None); UserError if it cannot be
    one (a file, no permission, not writable) or already holds an earlier run's results
    (`nntui.runs.folder`), so a bad --out fails before any training."""
    if out is None:
        return None
    try:
        folder = prepare_dir(out)
        check_new_out(folder)
    except (UserError, OSError) as exc:
        raise UserError(out_problem(out, exc)) from None
    return folder


def _dataset(preset: Preset, dataset: str | None) -> str | None:
    if dataset is None:
        return None
    name = dataset.strip().lower()
    if not preset.datasets:
        raise ConfigError(_("{preset} uses no dataset (got --dataset {dataset})").format(
            preset=preset.name, dataset=dataset))
    if name not in preset.datasets:
        hint = did_you_mean(name, preset.datasets)
        raise ConfigError(_("{preset} runs on {datasets} (got --dataset {dataset});{hint}")
                          .format(preset=preset.name, datasets=join_list(preset.datasets),
                                  dataset=dataset, hint=hint).rstrip(";"))
    return name


def offered(dirs: Iterable[Path] | None, file: str | None = None
            ) -> tuple[dict[str, Preset], str | None]:
    """(the presets a front end offers, the name of `file` among them): the built-in
    presets, then the experiment files of the user's folder and of `dirs`
    (`nntui.experiments.catalog`). A broken file in a folder is said on stderr and
    skipped; a broken `file` (named on the command line) is a UserError."""
    presets, problems = catalog(dirs or ())
    for problem in problems:
        say(_("skipped {problem}").format(problem=problem))
    return presets, (add_file(presets, file) if file is not None else None)


def smoothing_of(config: RunConfig) -> float:
    """The config's loss-smoothing weight (its `smoothing` setting, else the default)."""
    value = config.get("smoothing", DEFAULT_SMOOTHING)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DEFAULT_SMOOTHING
    return float(value)
