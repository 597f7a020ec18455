"""A saved run, from what the user typed to what a front end shows: `nntui replay`,
`nntui export`, `nntui compare`, `nntui runs show` and the dashboard's ghost all open runs
this way.

What may be typed: a run folder (`--out DIR`, `e`), or a run of the history by id, unique
prefix, ``last`` or ``last~N`` (`nntui.runs.history.run_folder`). A run of an experiment
file is shown with the file as it ran (the history keeps its text beside the run), so a
file edited or deleted since still replays.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.core.errors import UserError
from nntui.experiments.catalog import file_preset
from nntui.i18n import _
from nntui.presets import PRESETS
from nntui.presets.params import ConfigError
from nntui.runs.history import EXPERIMENT_FILE, run_folder

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.runs.replay import ReplayRun


@dataclass(frozen=True)
class SavedRun:
    """A run read back: its folder, preset, config and recording (at its start)."""

    folder: Path
    preset: Preset
    config: RunConfig
    run: ReplayRun


def saved_catalog(folder: Path, presets: Mapping[str, Preset] | None = None
                  ) -> Mapping[str, Preset] | None:
    """The presets a saved run's preset is looked up in: ``presets`` (None: the built-in
    ones) and, when the run kept its experiment file and its name is not among them, that
    file's preset under the run's name."""
    kept = folder / EXPERIMENT_FILE
    if not kept.is_file():
        return presets
    catalog = PRESETS if presets is None else presets
    try:
        name = json.loads((folder / "config.json").read_text(encoding="utf-8"))["preset"]
    except (OSError, ValueError, KeyError, TypeError):
        return presets  # load_replay says what is wrong with the folder
    if name in catalog:
        return presets
    try:
        preset = replace(file_preset(kept), name=name)
    except ConfigError:  # a file this nntui no longer reads: load_replay says so
        return presets
    return {**catalog, name: preset}


def load_saved(arg: str | Path, presets: Mapping[str, Preset] | None = None) -> SavedRun:
    """The run ``arg`` names (module doc); UserError if there is none or it is unreadable."""
    # NumPy loads with a saved run (replay.npz), not with `nntui --help`
    from nntui.runs.replay import load_replay

    folder = run_folder(arg)
    preset, config, run = load_replay(folder, saved_catalog(folder, presets))
    return SavedRun(folder, preset, config, run)


def load_many(args: list[str], presets: Mapping[str, Preset] | None = None
              ) -> list[SavedRun]:
    """Several runs (a comparison); the same run named twice is refused."""
    runs = [load_saved(a, presets) for a in args]
    seen: dict[Path, str] = {}
    for arg, saved in zip(args, runs):
        key = saved.folder.resolve()
        if key in seen:
            raise UserError(_("{first} and {second} are the same run: name each run once")
                            .format(first=seen[key], second=arg))
        seen[key] = arg
    return runs
