"""The built-in catalog, then the experiment files found in the user's config folder
(`platformdirs.user_config_dir("nntui")/experiments`) and in any `--experiments DIR`, then
the file named on the command line (`nntui.pipeline.request.offered` puts them together
for a front end).

A broken file in a folder does not stop the picker: it is left out and its one-line problem
is returned, for the caller to show.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.presets import PRESETS
from nntui.presets.params import ConfigError

if TYPE_CHECKING:
    from nntui.presets.base import Preset

#: Overrides the user's experiments folder (tests, and users who keep them elsewhere).
ENV_DIR = "NNTUI_EXPERIMENTS"


def user_dir() -> Path:
    """Where the picker looks for experiment files by default."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    from platformdirs import user_config_dir  # only where no folder is given

    return Path(user_config_dir("nntui")) / "experiments"


def looks_like_file(arg: str) -> bool:
    """`nntui run ARG`: an experiment file when it ends in .toml or names an existing file."""
    return arg.lower().endswith(".toml") or Path(arg).is_file()


def file_preset(path: Path | str) -> Preset:
    """The Preset of one experiment file (ConfigError if it is unusable)."""
    # TOML and the files' series factory load with the first file, not with the catalog.
    from nntui.experiments.load import load
    from nntui.experiments.source import to_preset

    return to_preset(load(path))


def catalog(dirs: Iterable[Path] = (), *, user: bool = True
            ) -> tuple[dict[str, Preset], list[str]]:
    """(name -> Preset, problems): the built-in presets, then every *.toml in the user
    folder (when `user`) and in `dirs` (sorted by name; a name taken already gets the
    folder's name in front)."""
    presets: dict[str, Preset] = dict(PRESETS)
    problems: list[str] = []
    folders = ([user_dir()] if user else []) + [Path(d) for d in dirs]
    for folder in folders:
        if not folder.is_dir():
            if folder in dirs:
                problems.append(_("--experiments {folder}: not a folder").format(folder=folder))
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                _add(presets, file_preset(path), path)
            except ConfigError as exc:
                problems.append(str(exc))
    return presets, problems


def add_file(presets: dict[str, Preset], path: Path | str) -> str:
    """Add the experiment file `path` (named on the command line) to `presets` and return
    its name there; ConfigError if it is unusable. A file the folders listed
    already keeps its entry (reloaded); a bare name such as `rates.toml` that is not a file
    here but one of the folders' files means that one."""
    if not Path(path).exists() and str(path) in presets:  # a name from a folder's files
        return str(path)
    preset = file_preset(path)
    here = Path(path).resolve()
    for name, known in presets.items():
        if source_path(known) == here:
            presets[name] = replace(preset, name=name)
            return name
    return _add(presets, preset, Path(path))


def source_path(preset: Preset) -> Path | None:
    """The experiment file a preset was read from (resolved), None for a built-in one."""
    definition = getattr(getattr(preset.builder, "factory", None), "definition", None)
    path = getattr(definition, "path", None)
    return Path(path).resolve() if path is not None else None


def _add(presets: dict[str, Preset], preset: Preset, path: Path) -> str:
    name = preset.name
    if name in presets:
        name = f"{path.parent.name}/{path.name}"
        n = 2
        while name in presets:
            name, n = f"{path.parent.name}/{path.stem} ({n}).toml", n + 1
        preset = replace(preset, name=name)
    presets[name] = preset
    return name
