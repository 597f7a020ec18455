"""From what the user chose to a validated, frozen run request: the one place both front
ends (`nntui run --headless`, the dashboard's command line and its picker) resolve a run.

A new choice (e.g. a `--book` flag) is one more `RunChoices` field that `resolve_run`
hands to `Preset.resolve`; the CLI and the picker each fill it in once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nntui.i18n import _
from nntui.pipeline.exit_codes import EXIT_USAGE

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig, Value

#: Loss smoothing when a preset has no `smoothing` setting (TensorBoard's usual 0.9).
DEFAULT_SMOOTHING = 0.9


class RunInputError(ValueError):
    """Bad input for a run (unknown preset, dataset or setting, unusable --out): the
    message is one line meant for the user; front ends show it as `show_input_error` does."""


@dataclass(frozen=True)
class RunChoices:
    """What the user chose, before validation. ``overrides``: `--set key=value` texts;
    ``typed``: already-parsed values from the settings form."""

    preset: str
    dataset: str | None = None
    seed: int = 0
    overrides: Mapping[str, str] = field(default_factory=dict)
    typed: Mapping[str, Value] | None = None
    #: Start from the book's exact setting (REFERENCE.md) instead of the teaching defaults.
    book: bool = False


@dataclass(frozen=True)
class RunRequest:
    """A resolved run: the preset, its validated config, where results go and where
    local data files are read from."""

    preset: Preset
    config: RunConfig
    out: Path | None = None
    data_dir: Path | None = None

    @property
    def smoothing(self) -> float:
        return smoothing_of(self.config)


def resolve_run(choices: RunChoices, *, out: Path | None = None,
                data_dir: Path | None = None,
                presets: Mapping[str, Preset] | None = None) -> RunRequest:
    """Preset, dataset, overrides and out dir -> a RunRequest; RunInputError if any is bad.

    The dataset name is matched case-insensitively (``--dataset MNIST``). ``out`` is
    created (and checked to be a writable folder) now, so a bad one fails before training.
    ``presets``: the catalog to look the name up in (default: `nntui.presets.PRESETS`).
    """
    from nntui.presets.params import ConfigError

    try:
        if presets is None:  # the built-in ones (the message below is in the run's language)
            from nntui.presets import PRESETS

            presets = PRESETS
        if choices.preset in presets:
            preset = presets[choices.preset]
        else:
            raise ConfigError(_("unknown preset {name};{hint} choose one of: {names}").format(
                name=repr(choices.preset), hint=did_you_mean(choices.preset, presets),
                names=", ".join(presets)))
        if "seeds" in choices.overrides and not any(q.key == "seeds" for q in preset.params):
            raise ConfigError(_("{preset} does not train on several seeds: --seeds applies "
                                "to the presets that compare networks side by side (e.g. "
                                "dropout, optimizer-race)").format(preset=preset.name))
        dataset = _dataset(preset, choices.dataset)
        config = preset.resolve(dataset=dataset, seed=choices.seed,
                                overrides=choices.overrides, typed=choices.typed,
                                book=choices.book)
        # Absurd sizes are refused here, before any data is read or array allocated.
        from nntui.presets.budget import check_budget

        check_budget(preset, config)
    except ConfigError as exc:
        raise RunInputError(str(exc)) from None
    return RunRequest(preset, config, prepare_out(out), data_dir)


def prepare_out(out: Path | None) -> Path | None:
    """Create the results folder ``out`` now (None stays None); RunInputError if it cannot
    be one (a file, no permission, not writable) or already holds an earlier run's results
    (`nntui.runs.folder`), so a bad --out fails before any training."""
    if out is None:
        return None
    from nntui.runs.folder import OutDirError, check_new_out
    from nntui.runs.results import out_dir_problem, prepare_dir

    try:
        folder = prepare_dir(out)
        check_new_out(folder)
    except OutDirError as exc:
        raise RunInputError(f"--out {exc}") from None
    except OSError as exc:
        raise RunInputError(out_dir_problem(out, exc)) from None
    return folder


def _dataset(preset: Preset, dataset: str | None) -> str | None:
    from nntui.presets.params import ConfigError

    if dataset is None:
        return None
    name = dataset.strip().lower()
    if not preset.datasets:
        raise ConfigError(_("{preset} uses no dataset (got --dataset {dataset})").format(
            preset=preset.name, dataset=dataset))
    if name not in preset.datasets:
        hint = did_you_mean(name, preset.datasets)
        raise ConfigError(_("{preset} runs on {datasets} (got --dataset {dataset});{hint}")
                          .format(preset=preset.name, datasets=", ".join(preset.datasets),
                                  dataset=dataset, hint=hint).rstrip(";"))
    return name


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' did you mean X?' for the closest choice (translated), or '' when nothing is close."""
    from nntui.presets.params import closest

    match = closest(name, choices)
    return _(" did you mean {match}?").format(match=repr(match)) if match else ""


def show_input_error(exc: Exception, stderr: TextIO) -> int:
    """How a command-line front end reports bad input: one line, exit code 2."""
    print(f"nntui: {exc}", file=stderr)
    return EXIT_USAGE


def smoothing_of(config: RunConfig) -> float:
    """The config's loss-smoothing weight (its `smoothing` setting, else the default)."""
    value = config.get("smoothing", DEFAULT_SMOOTHING)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DEFAULT_SMOOTHING
    return float(value)
