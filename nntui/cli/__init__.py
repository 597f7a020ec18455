"""The `nntui` command line: the Typer app and its commands (`app`: run, list; one module
for each other command: data, new, demo, replay/export, serve; `help`: --help in the chosen
language). Every module imports only Typer at the top, so `nntui --help` stays fast; this
one imports not even Typer, so `runs_list` (the list of past runs without Typer) can
live here.

`fail` is how every command ends on bad input: one line (`say`), exit code 2.
"""

from __future__ import annotations

from typing import NoReturn

from nntui.i18n import _
from nntui.pipeline.exit_codes import EXIT_USAGE, say

#: `--fps`: the frame rates the dashboard can keep (a frame every 5 s .. 60 a second).
FPS_RANGE = (0.2, 60.0)


def fail(problem: object, code: int = EXIT_USAGE) -> NoReturn:
    """Say ``problem`` (a message, or a `UserError` whose text is one) and exit with
    ``code`` (2: bad usage or input; 1: the run failed)."""
    import typer  # here, not at the top: `nntui runs` lists without Typer (runs_list)

    say(problem)
    raise typer.Exit(code)


def check_fps(fps: float | None) -> None:
    """`--fps` of any command: None (adapt to the link) or within FPS_RANGE, else fail."""
    low, high = FPS_RANGE
    if fps is not None and not low <= fps <= high:
        fail(_("--fps must be between 0.2 and 60 (got {value})").format(value=f"{fps:g}"))
