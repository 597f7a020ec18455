"""`nntui demo`: an unattended tour of presets (nntui.tui.tour), repeatable frame by frame."""

from __future__ import annotations

from typing import Annotated

import typer

from nntui.i18n import N_, _, pick_language, use_language
from nntui.pipeline.exit_codes import EXIT_USAGE

DEFAULT = "optimizer-race,init-compare,dropout"
#: `nntui demo --help` (demo_cmd's docstring, marked for the catalog).
HELP = N_("An unattended tour: each preset runs under the demo clock with a caption of what "
          "to watch, then holds its final state. q quits.")


def demo_cmd(
    presets: Annotated[str, typer.Option("--presets", help=N_("Comma-separated presets to "
                                            "show, in order."))] = DEFAULT,
    loop: Annotated[bool, typer.Option("--loop/--once", help=N_("Start over after the last "
                                          "preset, or stay on its final state."))] = False,
    hold: Annotated[float, typer.Option("--hold", help=N_("Seconds each final state stays "
                                           "up."))] = 8.0,
    fps: Annotated[float | None,
                   typer.Option("--fps", help=N_("Cap frames per second."))] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=N_("en or ja."))] = None,
) -> None:
    """An unattended tour: each preset runs under the demo clock with a caption of what
    to watch, then holds its final state. q quits."""
    from nntui.pipeline.request import did_you_mean
    from nntui.presets import PRESETS

    if lang is not None:
        use_language(pick_language(lang))
    names = [n.strip() for n in presets.split(",") if n.strip()]
    for name in names:
        if name not in PRESETS:
            typer.echo("nntui: " + _("unknown preset {name}:{hint} (see `nntui list`)").format(
                name=repr(name), hint=did_you_mean(name, PRESETS)), err=True)
            raise typer.Exit(EXIT_USAGE)
    if not names:
        typer.echo("nntui: " + _("--presets needs at least one preset name"), err=True)
        raise typer.Exit(EXIT_USAGE)
    if hold < 0 or (fps is not None and not 0.2 <= fps <= 60):
        typer.echo("nntui: " + _("--hold must be >= 0 and --fps between 0.2 and 60"),
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    from nntui.tui import terminal
    from nntui.tui.launch import has_terminal

    if not has_terminal():
        typer.echo("nntui: " + _("the demo needs a terminal"), err=True)
        raise typer.Exit(EXIT_USAGE)
    from nntui.tui.tour import TourApp

    app = TourApp(names, loop=loop, hold_s=hold, lang=lang, terminal_mode=terminal.prepare())
    app.session.fps = fps
    app.run()
    raise typer.Exit(int(app.return_code or 0))
