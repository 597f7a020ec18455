"""Leaving the app at once from anywhere: `q`, Ctrl-C, SIGTERM, SIGHUP, SIGINT.

Every way out stops every screen's training first (`stop_screens`: each run ends within one
step, a search's worker processes are terminated), so the process exits within a second
and leaves no thread or child process behind. The exit code says how it ended: 0 for `q`,
130 for Ctrl-C (a key in the dashboard: the terminal sends no SIGINT in raw mode), 128 +
the signal's number for a signal (143 SIGTERM, 129 SIGHUP), as shells report them.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterable

#: Signals the running app turns into a clean quit (default: die mid-frame, terminal left
#: in raw mode, workers orphaned).
QUIT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def stop_screens(screens: Iterable[object]) -> None:
    """Stop the training of every screen that runs one (`shutdown()`)."""
    for screen in screens:
        shutdown = getattr(screen, "shutdown", None)
        if callable(shutdown):
            shutdown()


def install_quit_signals(quit_with: Callable[[int], object]) -> Callable[[], None]:
    """Route QUIT_SIGNALS to ``quit_with(128 + signum)`` on the running event loop;
    returns the function that removes them again. A no-op off the main thread (only it
    may handle signals)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    installed = []
    for sig in QUIT_SIGNALS:
        try:
            loop.add_signal_handler(sig, quit_with, 128 + int(sig))
        except (NotImplementedError, RuntimeError, ValueError):  # no signals on this loop
            continue
        installed.append(sig)

    def remove() -> None:
        for sig in installed:
            try:
                loop.remove_signal_handler(sig)
            except (RuntimeError, ValueError):  # the loop is already closed
                pass

    return remove
