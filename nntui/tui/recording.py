"""`nntui record` (and `nntui demo --record`): dashboards written straight to asciicast v2.

The dashboard runs in a headless Textual app of the recording's size, fed by the demo clock
(`sources.DemoClockSource`, ``driven``): the recorder, not a timer, releases each frame's
steps. For frame n it waits until the run stands on the frame's iteration, lets every
widget's change reach the screen (`textual_seam.updates_pending`), reads the whole screen
(`textual_seam.screen_rows`) and hands it to `asciicast.CastWriter` stamped n / fps. Nothing
follows the wall clock (a toast's lifetime included: counted in frames here), so the same
seed, size, rate and keys give the same file byte for byte, however fast or busy the
machine is.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from nntui.i18n import _
from nntui.tui.app import NNTuiApp
from nntui.tui.asciicast import CastWriter, ScriptedKey, frame_time
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.sources import DemoClockSource
from nntui.tui.sources.demo import run_iteration
from nntui.tui.textual_seam import screen_rows, updates_pending
from nntui.tui.wrap import Wrapped

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from nntui.core.run import Run
    from nntui.pipeline.request import RunRequest

#: Frames per second of a recording unless told (asciinema's players play any rate).
DEFAULT_FPS = 10.0
#: Seconds the final screen stays up at the end of a recording.
HOLD_S = 3.0
#: States in which a run has ended.
ENDED = ("done", "failed", "stopped")
#: Most rounds of "let the screen settle" per frame (each waits for Textual to be idle).
SETTLE_ROUNDS = 100


@dataclass(frozen=True)
class RecordOptions:
    """What `nntui record` was asked for (sizes in cells, times in clock seconds)."""

    size: tuple[int, int] = (80, 24)
    fps: float = DEFAULT_FPS
    keys: tuple[ScriptedKey, ...] = ()
    idle_limit: float | None = None
    hold_s: float = HOLD_S


class _RecordApp(NNTuiApp):
    """The run's dashboard, its frames released by the recorder; toasts timed by it too."""

    def __init__(self, request: RunRequest, fps: float, caption: str | None = None,
                 **kwargs: object) -> None:
        super().__init__(start=request, demo_clock=True, **kwargs)  # type: ignore[arg-type]
        self.fps = fps
        self.caption = caption  # the tour's "what to watch" line
        self.now_s = 0.0  # the clock time of the frame being recorded
        self.toasts_until: float | None = None  # clock time the toasts shown now go away

    def _open_dashboard(self, request: RunRequest, run: Run | None) -> None:
        source = DemoClockSource(request, run=run, fps=self.fps, driven=True)
        # Wrapped: a Japanese caption breaks between characters, as in the tour.
        caption = None if self.caption is None else Static(Wrapped(Text(self.caption)))
        self.push_screen(DashboardScreen(source, self.session, caption=caption))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast that stays until the recording's clock says it goes (`expire_toasts`):
        Textual's own timer follows the wall clock."""
        shown_s = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        until = self.now_s + shown_s
        self.toasts_until = max(until, self.toasts_until or until)
        super().notify(message, title=title, severity=severity, timeout=1e6, markup=markup)

    def expire_toasts(self) -> None:
        """Take the toasts down once the clock passed the last one's time."""
        if self.toasts_until is not None and self.now_s >= self.toasts_until:
            self.clear_notifications()
            self.toasts_until = None


def record(request: RunRequest, out: Path, options: RecordOptions) -> str:
    """Record ``request``'s run into ``out`` (asciicast v2); returns the run's end state.
    Raises OSError when ``out`` cannot be written (nothing is left behind then)."""
    buffer = io.StringIO()
    state = asyncio.run(record_into(request, buffer, options))
    _write_whole(out, buffer.getvalue())
    return state


async def record_into(request: RunRequest, out: io.StringIO, options: RecordOptions) -> str:
    """`record` inside a running event loop, into a text buffer."""
    writer = _writer(out, options, f"nntui · {request.config.preset}")
    state, t = await _record_run(request, writer, options, 0.0, list(options.keys))
    writer.close(t + options.hold_s)
    return state


def record_tour(stops: Sequence[tuple[RunRequest, str]], out: Path,
                options: RecordOptions) -> str:
    """`nntui demo --record`: the tour's stops (a run and its caption each) one after the
    other in one file, each final screen held ``options.hold_s``; returns the last run's
    end state. Raises OSError when ``out`` cannot be written."""
    buffer = io.StringIO()
    state = asyncio.run(record_tour_into(stops, buffer, options))
    _write_whole(out, buffer.getvalue())
    return state


async def record_tour_into(stops: Sequence[tuple[RunRequest, str]], out: io.StringIO,
                           options: RecordOptions) -> str:
    """`record_tour` inside a running event loop, into a text buffer."""
    writer = _writer(out, options, "nntui demo")
    state, t = "done", 0.0
    for request, caption in stops:
        state, end = await _record_run(request, writer, options, t, [], caption)
        t = end + options.hold_s  # the next stop opens once this one has been held
    writer.close(t)
    return state


def _writer(out: io.StringIO, options: RecordOptions, title: str) -> CastWriter:
    width, height = options.size
    return CastWriter(out, width, height, idle_limit=options.idle_limit, title=title)


def _write_whole(out: Path, text: str) -> None:
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)  # the file is whole or absent


async def _record_run(request: RunRequest, writer: CastWriter, options: RecordOptions,
                      t0: float, keys: list[ScriptedKey], caption: str | None = None
                      ) -> tuple[str, float]:
    """Record one run's frames from clock time ``t0``, pressing ``keys`` (times from
    ``t0``) on the way; returns the run's end state and the time of its last frame."""
    width, height = options.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    app = _RecordApp(request, options.fps, caption, auto_report=False)
    async with app.run_test(size=options.size) as pilot:
        dash = await _dashboard(pilot)
        source = dash.source
        assert isinstance(source, DemoClockSource)
        frame, t = 0, t0
        while True:
            at = frame_time(frame, options.fps)
            t = app.now_s = round(t0 + at, 6)
            while keys and keys[0].at_s <= at + 1e-9:
                await pilot.press(keys.pop(0).key)
            if app.screen is not dash and not dash.is_attached:
                break  # a scripted q (or x then esc) left the dashboard
            await _frame_ready(dash, source)
            app.expire_toasts()
            dash.redraw()  # the panels show this frame whatever the timer did meanwhile
            writer.frame(t, await _settled(pilot, console))
            if dash.state in ENDED or (source.frame_paused and not keys):
                break
            source.advance()
            frame += 1
        state = dash.state
        await pilot.press("q")
    return state, t


async def _dashboard(pilot: object) -> DashboardScreen:
    """The dashboard once its run is under way on the demo clock (frame 0 is its start)."""
    app = pilot.app  # type: ignore[attr-defined]
    while True:
        screen = app.screen
        if isinstance(screen, DashboardScreen):
            source = screen.source
            if screen.state in ENDED or (isinstance(source, DemoClockSource)
                                         and source.clock is not None):
                return screen
        await pilot.pause(0.005)  # type: ignore[attr-defined]


async def _frame_ready(dash: DashboardScreen, source: DemoClockSource) -> None:
    """Wait until the run stands on the frame's iteration (its steps are done); on the
    last iteration, until it has ended (its final evaluation shown, its keys changed): a
    busy machine caught the run between its last step and its end."""
    while True:
        run = source.run
        if source.draw_now() and (run is None or dash.state in ENDED
                                  or run_iteration(run) < int(run.total)):
            return
        await asyncio.sleep(0.002)


async def _settled(pilot: object, console: Console) -> list[str]:
    """The screen once every change has reached it and two reads agree."""
    app = pilot.app  # type: ignore[attr-defined]
    previous: list[str] | None = None
    for _round in range(SETTLE_ROUNDS):
        await pilot.pause()  # type: ignore[attr-defined]
        if updates_pending(app.screen):
            continue
        rows = screen_rows(app.screen, console)
        if rows == previous:
            return rows
        previous = rows
    raise RuntimeError(_("the screen did not settle"))
