"""`nntui demo`: an unattended tour of presets (nntui.tui.tour), repeatable frame by frame."""

from __future__ import annotations

from typing import Annotated

import typer

from nntui.cli import check_fps, fail
from nntui.i18n import N_, _

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
) -> None:
    """An unattended tour: each preset runs under the demo clock with a caption of what
    to watch, then holds its final state. q quits."""
    # the catalog and the pipeline load with the command, not with `nntui --help`
    from nntui.presets import get_preset
    from nntui.presets.params import ConfigError

    names = [n.strip() for n in presets.split(",") if n.strip()]
    if not names:
        fail(_("--presets needs at least one preset name"))
    for name in names:
        try:
            get_preset(name)
        except ConfigError as exc:
            fail(exc)
    if hold < 0:
        fail(_("--hold must be >= 0 (got {value})").format(value=f"{hold:g}"))
    check_fps(fps)
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui import terminal
    from nntui.tui.launch import has_terminal

    if not has_terminal():
        fail(_("the demo needs a terminal"))
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui.tour import TourApp

    app = TourApp(names, loop=loop, hold_s=hold, terminal_mode=terminal.prepare())
    app.session.fps = fps
    app.run()
    raise typer.Exit(int(app.return_code or 0))
