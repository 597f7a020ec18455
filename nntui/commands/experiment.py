"""`nntui new PRESET FILE.toml`, and what `nntui run FILE.toml` / the picker need to offer
experiment files (`nntui.experiments`).

Imports stay inside the functions: `nntui --help` must not pay for the preset catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nntui.exit_codes import EXIT_USAGE

ExperimentsOption = Annotated[
    list[Path] | None,
    typer.Option("--experiments", help="Also offer the experiment files (*.toml) of this "
                 "folder in the picker (repeatable)."),
]


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
    from nntui.experiments.write import save_preset
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
