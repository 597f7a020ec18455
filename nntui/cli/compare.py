"""`nntui compare RUN RUN…`: saved runs overlaid, in the dashboard or --headless (charts and
one table with the settings in which they differ as columns). A RUN is a history id (or
the start of one, last, last~N) or a run folder (`--out`, `e`)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from nntui.cli import fail
from nntui.core.errors import UserError
from nntui.i18n import N_, _

COMPARE_HELP = N_("Overlay saved runs in the dashboard's panels (labelled run:series), or "
                  "print their charts and one table with --headless.")
RUNS_HELP = N_("Two runs or more: history ids (or the start of one, last, last~N) or run "
               "folders.")


def compare_cmd(
    runs: Annotated[list[str], typer.Argument(metavar="RUN…", help=RUNS_HELP)],
    headless: Annotated[bool, typer.Option(
        "--headless", help=N_("Print the charts and the table; no dashboard."))] = False,
) -> None:
    """Overlay saved runs in the dashboard's panels (labelled run:series), or print their
    charts and one table with --headless."""
    # NumPy and the recordings load with the command, not with `nntui --help`
    from nntui.pipeline.comparison import load_comparison

    try:
        comparison = load_comparison(runs)
    except UserError as exc:
        fail(exc)
    if headless:
        from nntui.headless.compare import print_comparison  # plotext: with the charts

        print_comparison(comparison, sys.stdout, tty=sys.stdout.isatty())
        return
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui.launch import finish, has_terminal

    if not has_terminal():
        fail(_("the comparison's dashboard needs a terminal; `nntui compare RUN… "
               "--headless` prints it"))
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.pipeline.request import RunRequest
    from nntui.tui import terminal
    from nntui.tui.app import NNTuiApp
    from nntui.tui.sources.compare import compare_preset

    preset = compare_preset(comparison)
    app = NNTuiApp(start=RunRequest(preset, comparison.config, history=False),
                   run=comparison.run, terminal_mode=terminal.prepare())
    raise typer.Exit(finish(app, app.run()))
