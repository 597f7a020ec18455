"""`nntui demo`: an unattended tour of presets (nntui.tui.tour), repeatable frame by frame."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nntui.cli import check_fps, fail
from nntui.cli.record import check_recording, write_recording
from nntui.cli.replay import parse_size
from nntui.core.errors import UserError
from nntui.i18n import N_, _

DEFAULT = "optimizer-race,init-compare,dropout"
#: `nntui demo --help` (demo_cmd's docstring, marked for the catalog).
HELP = N_("An unattended tour: each preset runs under the demo clock with a caption of what "
          "to watch, then holds its final state. q quits.")


def demo_cmd(
    presets: Annotated[str, typer.Option("--presets", help=N_("Comma-separated presets to "
                                            "show, in order."))] = DEFAULT,
    loop: Annotated[bool, typer.Option("--loop/--once", help=N_("Start over after the last "
                                          "preset, or end after its hold (exit 0)."))] = False,
    hold: Annotated[float, typer.Option("--hold", help=N_("Seconds each final state stays "
                                           "up."))] = 8.0,
    fps: Annotated[float | None,
                   typer.Option("--fps", help=N_("Cap frames per second."))] = None,
    record: Annotated[Path | None, typer.Option(
        "--record", help=N_("Write the tour, once, to this asciicast v2 file instead of "
                            "showing it (as `nntui record`)."))] = None,
    size: Annotated[str, typer.Option("--size", help=N_("Columns x rows of --record."))
                    ] = "80x24",
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
    if record is not None:
        _record_tour(names, record, hold, fps, size, loop)
        return
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui import terminal
    from nntui.tui.launch import finish, has_terminal

    if not has_terminal():
        fail(_("the demo needs a terminal"))
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui.tour import TourApp

    app = TourApp(names, loop=loop, hold_s=hold, terminal_mode=terminal.prepare())
    app.session.fps = fps
    raise typer.Exit(finish(app, app.run()))


def _record_tour(names: list[str], out: Path, hold: float, fps: float | None, size: str,
                 loop: bool) -> None:
    """`nntui demo --record FILE`: the tour written to an asciicast v2 file, timed by the
    demo clock (`nntui.tui.recording.record_tour`)."""
    if loop:
        fail(_("--record writes the tour once: leave out --loop"))
    try:
        cols_rows = parse_size(size)
        rate = check_recording(cols_rows, size, 10.0 if fps is None else fps)
    except UserError as exc:
        fail(exc)
    # The presets, the pipeline and Textual load with the recording.
    from nntui.pipeline.request import RunRequest
    from nntui.presets import get_preset
    from nntui.tui.recording import RecordOptions, record_tour
    from nntui.tui.tour import caption_for, tour_config

    stops = []
    for i, name in enumerate(names):
        preset = get_preset(name)
        stops.append((RunRequest(preset, tour_config(preset)),
                      caption_for(preset, i + 1, len(names))))
    options = RecordOptions(cols_rows, rate, hold_s=hold)
    write_recording(out, options, lambda: record_tour(stops, out, options))
