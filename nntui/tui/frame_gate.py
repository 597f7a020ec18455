"""Whether a dashboard frame may go out now, from the app's link (`nntui.tui.link`).

Textual writes a screen update whenever something is dirty (up to 60 times a second).
A dashboard's update is held back while the terminal has not taken the last ones (and
spaced by `--fps` and the byte budget); held-back changes are drawn together by the next
update. When the link stays backed up the plots stop being updated and only the status
line moves.

A demo-clock dashboard (`sources.DemoClockSource`) must instead show every frame, whole and
in order, the same on any machine: `FramePacer` holds the write while a frame's pieces are
on their way and releases the next frame only once the last is on the terminal.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from nntui.tui.link import link_of


def frame_may_go(app: Any) -> bool:
    """False: hold this screen update back (Textual's update timer calls again shortly;
    what is dirty stays dirty and goes out with the next allowed update)."""
    found = link_of(app)
    if found is None:
        return True
    monitor, governor = found
    if not (monitor.real or governor.fps):
        return True  # the test driver, no --fps: nothing to fit
    return governor.allow(time.monotonic(), monitor.backed_up(), monitor.bytes)


def plots_on_hold(app: Any) -> bool:
    """The link stays backed up: update the status line only, not the plots."""
    found = link_of(app)
    return found is not None and found[0].real and found[1].status_only


def key_pressed(app: Any) -> None:
    """A key lets the next frame out at once (keys stay quick at any frame rate)."""
    found = link_of(app)
    if found is not None:
        found[1].poke()


#: Most timer ticks a frame's pieces may keep arriving before the next frame is released
#: anyway (a widget that kept refreshing for ever would otherwise stop the frames). A frame
#: whose pieces have all arrived waits for its write as long as that takes (a slow link).
MAX_WAIT_TICKS = 30


@dataclass
class FramePacer:
    """When a demo-clock frame is wholly on the terminal, and which screen updates must wait.

    A frame reaches the terminal in steps: the tick hands the snapshot to every widget at
    once, each widget's refresh reaches the screen on its own (its idle handler posts an
    Update, a layout posts Resize events to the widgets), and Textual's update timer writes
    whatever has arrived. The pacer keeps the screen update back while the frame's pieces
    are still `arriving`, so the frame goes out whole, and says when the next frame may be
    released: once nothing of this one is arriving or unwritten. Before the first frame the
    screen shows nothing (a run being built, a layout not yet settled would be drawn or not
    depending on the machine's speed). Pure: the screen reports what Textual is doing.
    """

    started: bool = False  # the first frame has been applied
    waiting: bool = False  # a frame applied and not yet wholly on the terminal
    skipped: bool = False  # a write was held back mid-frame: the whole screen is redrawn
    ticks_waited: int = 0
    gave_up: int = 0  # frames released before they were seen on the terminal (tests)

    def reset(self) -> None:
        """A new run (start, restart): nothing shown until its first frame (a write held
        back meanwhile still calls for a whole redraw)."""
        self.started = self.waiting = False
        self.ticks_waited = 0

    def applied(self) -> None:
        """The widgets were handed a frame."""
        self.started = self.waiting = True
        self.ticks_waited = 0

    def holds(self, arriving: bool, preparing: bool) -> bool:
        """Whether the screen update must wait: before the first frame while the run is
        being built (``preparing``), and while a frame's pieces are still ``arriving``."""
        if not self.started:
            return preparing
        return self.waiting and arriving

    def held(self) -> None:
        """A write was skipped mid-frame: what it carried goes out with the next write (the
        compositor keeps the regions it did not write), or a whole redraw if none comes."""
        self.skipped = True

    def wrote(self) -> None:
        """A write went out (with whatever an earlier skipped one held)."""
        self.skipped = False

    def check(self, arriving: bool, unwritten: bool, tick: bool = False) -> str:
        """After a screen update (or on a timer ``tick``): "release" the next frame,
        "redraw" the whole screen (a write was held back), or "wait"."""
        if not self.waiting:
            return "wait"
        if arriving:
            self.ticks_waited += tick
            if self.ticks_waited > MAX_WAIT_TICKS:
                self.waiting = self.skipped = False
                self.gave_up += 1
                return "release"
            return "wait"
        if self.skipped:
            self.skipped = False
            return "redraw"
        if unwritten:
            return "wait"
        self.waiting = False
        return "release"
