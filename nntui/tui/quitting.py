"""Leaving the app at once from anywhere: `q`, Ctrl-C, SIGTERM, SIGHUP, SIGINT, a lost terminal.

Every way out stops every screen's training first (`stop_screens`: each run ends within one
step, a search's worker processes are terminated) and writes each run that asked for it
(`--out`: the results so far, as `e` would), so the process exits within a second and
leaves no thread or child process behind. The exit code says how it ended: 0 for `q`, 130
for Ctrl-C (a key in the dashboard: the terminal sends no SIGINT in raw mode), 128 + the
signal's number for a signal (143 SIGTERM, 129 SIGHUP, and 129 for a terminal that went
away without one), as shells report them.

Signals are handled with plain `signal.signal` handlers, not the event loop's: a handler
runs even while the UI thread is blocked, so it can always start the exit watchdog
(`nntui.tui.lifeline`) before asking the loop to quit.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType

#: Signals the running app turns into a clean quit (default: die mid-frame, terminal left
#: in raw mode, workers orphaned).
QUIT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
#: How long the exit may wait for a run still being built (start-up) before saving it.
BUILD_WAIT_S = 0.5


def stop_screens(screens: Iterable[object]) -> None:
    """Stop the training of every screen that runs one (`shutdown()`)."""
    for screen in screens:
        shutdown = getattr(screen, "shutdown", None)
        if callable(shutdown):
            shutdown()


def save_screens(screens: Iterable[object], wait_s: float) -> list[Path]:
    """Each screen that keeps a run writes it (`save_on_exit(wait_s)`: the dashboard, to
    --out); returns the folders written. A failure is not fatal: the exit goes on."""
    written = []
    end = time.monotonic() + wait_s
    for screen in screens:
        save = getattr(screen, "save_on_exit", None)
        if not callable(save):
            continue
        try:
            folder = save(max(0.0, end - time.monotonic()))
        except Exception:  # a full disk, a vanished --out: nothing more can be done here
            continue
        if folder is not None:
            written.append(folder)
    return written


class Departure:
    """Stop every run and save the ones that ask for it, once, from whichever thread gets
    there first: the UI thread's quit, or the exit watchdog when that quit is stuck."""

    def __init__(self, screens: Callable[[], Iterable[object]]) -> None:
        self._screens = screens
        self._lock = threading.Lock()
        self.done = False
        self.written: list[Path] = []

    def __call__(self, wait_s: float = BUILD_WAIT_S) -> None:
        if not self._lock.acquire(timeout=max(wait_s, 0.001)):
            return  # the other thread is at it (and the files are written atomically)
        try:
            if self.done:
                return
            screens = list(self._screens())
            stop_screens(screens)
            self.written = save_screens(screens, wait_s)
            self.done = True
        finally:
            self._lock.release()


def install_quit_signals(quit_with: Callable[[int], object],
                         call_soon: Callable[..., object],
                         arm: Callable[[int], object] = lambda code: None,
                         ) -> Callable[[], None]:
    """Route QUIT_SIGNALS to ``arm(128 + signum)`` at once (the exit watchdog) and to
    ``quit_with(128 + signum)`` through ``call_soon`` (the event loop's thread-safe call);
    returns the function that restores the previous handlers. A no-op off the main thread
    (only it may handle signals)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: FrameType | None) -> None:
        code = 128 + signum
        arm(code)
        try:
            call_soon(quit_with, code)
        except RuntimeError:  # the loop is closed: the watchdog ends the process
            pass

    previous = {}
    for sig in QUIT_SIGNALS:
        try:
            previous[sig] = signal.signal(sig, handler)
        except (OSError, ValueError):  # pragma: no cover - not settable here
            continue

    def remove() -> None:
        for sig, old in previous.items():
            try:
                signal.signal(sig, old)
            except (OSError, ValueError, TypeError):
                pass

    return remove
