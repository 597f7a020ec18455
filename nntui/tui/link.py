"""Output that fits the link: never let frames queue up between the app and the screen.

At 120×40 a run redraws ~69 KB/s; over a 256 kbit/s link (32 KB/s) the surplus queued in
the network and a key took 11–13 s to show. Two parts:

- `LinkMonitor` watches the terminal: bytes the app writes (counted by nntui's terminal
  driver), and whether writes are backing up: frames waiting in Textual's writer-thread
  queue, or the terminal's file descriptor not writable (the kernel buffer is full
  because the reader — a pty, sshd — drains slower than we write).
- `FrameGovernor` (pure, clock passed in) decides whether a screen update may go out now:
  never while backed up (each such moment doubles the frame interval, up to
  `MAX_INTERVAL_S`; at the top only the status line is updated), at most `1/fps` apart
  (`--fps`), and within a byte budget (`BUDGET_BPS`) on a fast link. When writes drain
  the interval halves again every `RECOVER_S`. A key press lets the next update out at
  once (if the link is not backed up), so keys stay quick at any frame rate.

Updates held back are not lost: Textual keeps the dirty regions and the next allowed
update draws them all at once.
"""

from __future__ import annotations

import select
from dataclasses import dataclass
from typing import Any

from nntui.tui.textual_seam import app_driver, output_fd, writer_backlog

#: Longest frame interval before only the status line is drawn.
MAX_INTERVAL_S = 1.0
#: First backoff step when writes back up.
FIRST_BACKOFF_S = 0.2
#: How long writes must flow freely before the interval halves.
RECOVER_S = 1.0
#: Default output budget (bytes/s) on a fast link: under the issue's 40 KB/s at 120×40.
BUDGET_BPS = 32_000
#: The budget may be spent this many seconds ahead (one big frame after a quiet spell).
BURST_S = 0.5


@dataclass
class FrameGovernor:
    """When the next screen update may be written. Call `allow` with the time, whether the
    link is backed up and the bytes written so far; False: hold this update back."""

    fps: float | None = None
    budget_bps: float | None = BUDGET_BPS
    backoff_s: float = 0.0
    _last_frame: float = -1e9
    _last_change: float = -1e9
    _last_backed: float = -1e9
    _credit: float = 0.0
    _last_credit_t: float | None = None
    _last_bytes: int = 0
    _urgent: bool = False
    frames: int = 0
    held: int = 0

    @property
    def interval_s(self) -> float:
        base = 1.0 / self.fps if self.fps else 0.0
        return max(base, self.backoff_s)

    @property
    def status_only(self) -> bool:
        """Backed off to the top: update the status line only, no plots."""
        return self.backoff_s >= MAX_INTERVAL_S

    def poke(self) -> None:
        """A key was pressed: let the next update out without waiting for the interval."""
        self._urgent = True

    def allow(self, now: float, backed_up: bool, bytes_written: int) -> bool:
        self._spend(now, bytes_written)
        if backed_up:
            self._last_backed = now
            if now - self._last_change >= max(self.backoff_s, FIRST_BACKOFF_S):
                self.backoff_s = min(MAX_INTERVAL_S, max(FIRST_BACKOFF_S, 2 * self.backoff_s))
                self._last_change = now
            self.held += 1
            return False
        if (self.backoff_s > 0 and now - self._last_backed >= RECOVER_S
                and now - self._last_change >= RECOVER_S):
            self.backoff_s = self.backoff_s / 2 if self.backoff_s > FIRST_BACKOFF_S else 0.0
            self._last_change = now
        urgent, self._urgent = self._urgent, False
        if not urgent:
            if now - self._last_frame < self.interval_s:
                self.held += 1
                return False
            if self.budget_bps and self.fps is None and self._credit < 0:
                self.held += 1
                return False
        self._last_frame = now
        self.frames += 1
        return True

    def _spend(self, now: float, bytes_written: int) -> None:
        if self._last_credit_t is None:
            self._last_credit_t = now
        budget = self.budget_bps or 0.0
        self._credit = min(budget * BURST_S,
                           self._credit + (now - self._last_credit_t) * budget)
        self._credit -= bytes_written - self._last_bytes
        self._last_credit_t, self._last_bytes = now, bytes_written


class LinkMonitor:
    """Bytes written to the terminal and whether writes are backing up (see module doc).
    Reads nntui's terminal driver (`textual_seam.TerminalDriver`) through the seam."""

    def __init__(self, driver: Any) -> None:
        self._driver = driver
        self._fd = output_fd(driver)

    @property
    def bytes(self) -> int:
        return int(getattr(self._driver, "bytes_written", 0))

    @property
    def real(self) -> bool:
        """True when drawing on a real terminal (not the test/headless/web driver)."""
        return writer_backlog(self._driver) is not None

    def backed_up(self) -> bool:
        backlog = writer_backlog(self._driver)
        if backlog is None:
            return False
        if backlog > 0:
            return True
        if self._fd is None:
            return False
        try:
            _, writable, _ = select.select([], [self._fd], [], 0)
        except (OSError, ValueError):
            return False
        return not writable


def link_of(app: Any) -> tuple[LinkMonitor, FrameGovernor] | None:
    """The app's monitor and governor, made on first use (None before the driver exists)."""
    found = getattr(app, "nntui_link", None)
    if found is None:
        driver = app_driver(app)
        if driver is None:
            return None
        session = getattr(app, "session", None)
        fps = getattr(session, "fps", None)
        found = (LinkMonitor(driver), FrameGovernor(fps=fps))
        app.nntui_link = found
    return found
