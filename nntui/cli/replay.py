"""`nntui replay RUN_DIR` and `nntui export RUN_DIR --svg FILE`: saved runs, nothing trained."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nntui.i18n import N_, _, pick_language, use_language
from nntui.i18n.reasons import os_reason
from nntui.pipeline.exit_codes import EXIT_USAGE

#: `--help` of the two commands (their docstrings, marked for the catalog).
REPLAY_HELP = N_("Play a saved run in the dashboard: ←/→ scrub, space play/pause, +/- speed.")
EXPORT_HELP = N_("Render a saved run's final dashboard to an SVG, without retraining.")
RUN_DIR_HELP = N_("A run directory (written by --out or e).")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"nntui: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def parse_size(text: str) -> tuple[int, int]:
    """"120x40" -> (120, 40); ValueError with a one-line reason otherwise."""
    cols, sep, rows = text.lower().partition("x")
    if not sep or not cols.strip().isdigit() or not rows.strip().isdigit():
        raise ValueError(_("--size must look like 120x40 (got {value})").format(
            value=repr(text)))
    size = int(cols), int(rows)
    if size[0] < 40 or size[1] < 12 or size[0] > 1000 or size[1] > 500:
        raise ValueError(_("--size must be between 40x12 and 1000x500 (got {value})").format(
            value=text))
    return size


def replay_cmd(
    run_dir: Annotated[Path, typer.Argument(help=RUN_DIR_HELP)],
    lang: Annotated[str | None, typer.Option("--lang", help=N_("en or ja."))] = None,
) -> None:
    """Play a saved run in the dashboard: ←/→ scrub, space play/pause, +/- speed."""
    from nntui.runs.replay import ReplayError, load_replay

    if lang is not None:
        use_language(pick_language(lang))
    try:
        config, run = load_replay(run_dir)
        from nntui.presets import PRESETS

        if config.preset not in PRESETS:
            raise ReplayError(_("{folder} is a run of {preset}, which this nntui does not "
                                "know").format(folder=run_dir, preset=repr(config.preset)))
    except ReplayError as exc:
        raise _fail(str(exc)) from None
    from nntui.tui.launch import has_terminal

    if not has_terminal():
        raise _fail(_("replay needs a terminal; `nntui export RUN_DIR --svg FILE` draws "
                      "the final dashboard without one"))
    from nntui.tui import terminal
    from nntui.tui.app import NNTuiApp

    app = NNTuiApp(start=config, run=run, lang=lang, terminal_mode=terminal.prepare())
    code = app.run()
    raise typer.Exit(int(app.return_code or code or 0))


def export_cmd(
    run_dir: Annotated[Path, typer.Argument(help=RUN_DIR_HELP)],
    svg: Annotated[Path,
                   typer.Option("--svg", help=N_("Write the final dashboard here (SVG)."))],
    size: Annotated[str, typer.Option("--size", help=N_("Columns x rows."))] = "120x40",
) -> None:
    """Render a saved run's final dashboard to an SVG, without retraining."""
    from nntui.runs.replay import ReplayError

    try:
        cols_rows = parse_size(size)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    try:
        from nntui.tui.render import final_svg

        text = final_svg(run_dir, cols_rows)
    except ReplayError as exc:
        raise _fail(str(exc)) from None
    try:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(_("cannot write {file}: {reason}").format(
            file=svg, reason=os_reason(exc))) from None
    print(_("wrote {file} ({size})").format(file=svg, size=f"{cols_rows[0]}x{cols_rows[1]}"),
          file=sys.stdout)
