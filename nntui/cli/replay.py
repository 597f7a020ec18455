"""`nntui replay RUN_DIR` and `nntui export RUN_DIR --svg FILE`: saved runs, nothing trained."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nntui.cli import fail
from nntui.core.errors import UserError
from nntui.i18n import N_, _
from nntui.i18n.reasons import os_reason

#: `--help` of the two commands (their docstrings, marked for the catalog).
REPLAY_HELP = N_("Play a saved run in the dashboard: ←/→ scrub, space play/pause, +/- speed.")
EXPORT_HELP = N_("Render a saved run's final dashboard to an SVG, without retraining.")
RUN_DIR_HELP = N_("A run directory (written by --out or e), or a run of the history: its id "
                  "or the start of it, last, last~N.")


def parse_size(text: str) -> tuple[int, int]:
    """"120x40" -> (120, 40); UserError with a one-line reason otherwise."""
    cols, sep, rows = text.lower().partition("x")
    if not sep or not cols.strip().isdigit() or not rows.strip().isdigit():
        raise UserError(_("--size must look like 120x40 (got {value})").format(
            value=repr(text)))
    size = int(cols), int(rows)
    if size[0] < 40 or size[1] < 12 or size[0] > 1000 or size[1] > 500:
        raise UserError(_("--size must be between 40x12 and 1000x500 (got {value})").format(
            value=text))
    return size


def replay_cmd(
    run_dir: Annotated[str, typer.Argument(metavar="RUN", help=RUN_DIR_HELP)],
) -> None:
    """Play a saved run in the dashboard: ←/→ scrub, space play/pause, +/- speed."""
    # NumPy loads with the command, not with `nntui --help`
    from nntui.pipeline.saved import load_saved

    try:
        saved = load_saved(run_dir)
    except UserError as exc:
        fail(exc)
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui.launch import finish, has_terminal

    if not has_terminal():
        fail(_("replay needs a terminal; `nntui export RUN_DIR --svg FILE` draws "
               "the final dashboard without one"))
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.pipeline.request import RunRequest
    from nntui.tui import terminal
    from nntui.tui.app import NNTuiApp

    app = NNTuiApp(start=RunRequest(saved.preset, saved.config), run=saved.run,
                   terminal_mode=terminal.prepare())
    raise typer.Exit(finish(app, app.run()))


def export_cmd(
    run_dir: Annotated[str, typer.Argument(metavar="RUN", help=RUN_DIR_HELP)],
    svg: Annotated[Path,
                   typer.Option("--svg", help=N_("Write the final dashboard here (SVG)."))],
    size: Annotated[str, typer.Option("--size", help=N_("Columns x rows."))] = "120x40",
) -> None:
    """Render a saved run's final dashboard to an SVG, without retraining."""
    try:
        cols_rows = parse_size(size)
        # The history and the catalog load with the command, not with `nntui --help`
        from nntui.pipeline.saved import saved_catalog
        from nntui.runs.history import run_folder

        folder = run_folder(run_dir)
        # Textual loads with the screen it draws, not with `nntui --help`
        from nntui.tui.render import final_svg

        text = final_svg(folder, cols_rows, presets=saved_catalog(folder))
    except UserError as exc:
        fail(exc)
    try:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(_("cannot write {file}: {reason}").format(file=svg, reason=os_reason(exc)))
    print(_("wrote {file} ({size})").format(file=svg, size=f"{cols_rows[0]}x{cols_rows[1]}"),
          file=sys.stdout)
