"""`nntui new PRESET FILE.toml`, and the options and helpers `nntui run` takes from here:
experiment files (`nntui.experiments`) and hparam-search's --executor/--scheduler.

Imports stay inside the functions: `nntui --help` must not pay for the preset catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nntui.cli import fail
from nntui.core.errors import UserError
from nntui.i18n import N_, _

if TYPE_CHECKING:
    from nntui.presets.base import Preset

ExperimentsOption = Annotated[
    list[Path] | None,
    typer.Option("--experiments", help=N_("Also offer the experiment files (*.toml) of "
                                          "this folder in the picker (repeatable).")),
]


ExecutorOption = Annotated[
    str | None,
    typer.Option("--executor", help=N_("hparam-search: where trials run, local or dask.")),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", help=N_("hparam-search --executor dask: the scheduler, "
                                        "tcp://HOST:8786 (default: $NNTUI_DASK_SCHEDULER).")),
]
#: `nntui new --help` (new_cmd's docstring, marked for the catalog).
NEW_HELP = N_("Write a preset's resolved settings as an experiment file to edit and "
              "`nntui run`.")


def executor_overrides(executor: str | None, scheduler: str | None) -> dict[str, str]:
    """--executor / --scheduler as the hparam-search settings they set."""
    given = (("executor", executor), ("scheduler", scheduler))
    return {key: value for key, value in given if value is not None}


def offered_or_exit(experiments: list[Path] | None, preset: str
                    ) -> tuple[dict[str, Preset], str]:
    """The presets to offer (the built-in ones, then experiment files) and the name
    `preset` has among them (`preset` may be an experiment file); exit 2 for a bad file."""
    # the catalog and the pipeline load with the command, not with `nntui --help`
    from nntui.experiments.catalog import looks_like_file
    from nntui.pipeline.request import offered

    try:
        presets, name = offered(experiments, preset if looks_like_file(preset) else None)
    except UserError as exc:
        fail(exc)
    return presets, name or preset


def new_cmd(
    preset: Annotated[str, typer.Argument(help=N_("Preset to start from (see `nntui list`)."))],
    file: Annotated[Path, typer.Argument(help=N_("Experiment file to write (NAME.toml)."))],
    dataset: Annotated[
        str | None,
        typer.Option("--dataset", "-d", help=N_("Dataset whose defaults to write."))
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help=N_("Override a setting first: key=value (repeatable).")),
    ] = None,
    book: Annotated[bool,
                    typer.Option("--book", help=N_("Start from the book's setting."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite FILE."))] = False,
) -> None:
    """Write a preset's resolved settings as an experiment file to edit and `nntui run`."""
    # the catalog and the pipeline load with the command, not with `nntui --help`
    from nntui.experiments.write import save_preset
    from nntui.pipeline.request import RunChoices, resolve_run
    from nntui.presets.params import parse_assignments

    presets, name = offered_or_exit(None, preset)  # an experiment file can start one too
    try:
        choices = RunChoices(name, dataset, 0, parse_assignments(set_ or []), book=book)
        request = resolve_run(choices, presets=presets)
        path = save_preset(request.preset, request.config, file, force=force)
    except UserError as exc:
        fail(exc)
    typer.echo(_("wrote {path}: {count} series; run it with `nntui run {path}`").format(
        path=path, count=len(request.preset.series)))
