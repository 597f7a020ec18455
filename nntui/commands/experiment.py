"""`nntui new PRESET FILE.toml`, and what `nntui run FILE.toml` / the picker need to offer
experiment files (`nntui.experiments`).

Imports stay inside the functions: `nntui --help` must not pay for the preset catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nntui.exit_codes import EXIT_USAGE

if TYPE_CHECKING:
    from nntui.presets.base import Preset

ExperimentsOption = Annotated[
    list[Path] | None,
    typer.Option("--experiments", help="Also offer the experiment files (*.toml) of this "
                 "folder in the picker (repeatable)."),
]


def save_preset(preset: Preset, config: object, path: Path, *, force: bool = False) -> Path:
    """Write `preset` as resolved in `config` to the experiment file `path`; ConfigError
    when the preset cannot be one, the file exists (unless `force`) or cannot be written."""
    from nntui.experiments.write import experiment_toml
    from nntui.presets.params import ConfigError

    text = experiment_toml(preset, config)  # type: ignore[arg-type]
    if path.suffix.lower() != ".toml":
        raise ConfigError(f"an experiment file name ends in .toml (got {path})")
    if path.exists() and not force:
        raise ConfigError(f"{path} exists already; choose another name or add --force")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def new_cmd(
    preset: Annotated[str, typer.Argument(help="Preset to start from (see `nntui list`).")],
    file: Annotated[Path, typer.Argument(help="Experiment file to write (NAME.toml).")],
    dataset: Annotated[
        str | None, typer.Option("--dataset", "-d", help="Dataset whose defaults to write.")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a setting first: key=value (repeatable)."),
    ] = None,
    book: Annotated[bool, typer.Option("--book", help="Start from the book's setting.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE.")] = False,
) -> None:
    """Write a preset's resolved settings as an experiment file to edit and `nntui run`."""
    from nntui.pipeline.request import RunChoices, RunInputError, resolve_run
    from nntui.presets.params import ConfigError, parse_assignments

    try:
        choices = RunChoices(preset, dataset, 0, parse_assignments(set_ or []), book=book)
        request = resolve_run(choices)
        path = save_preset(request.preset, request.config, file, force=force)
    except (ConfigError, RunInputError) as exc:
        typer.echo(f"nntui: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"wrote {path}: {len(request.preset.series)} series; "
               f"run it with `nntui run {path}`")
