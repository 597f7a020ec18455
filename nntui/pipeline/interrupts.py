"""Ctrl-C, SIGTERM and SIGHUP end a run the same way: cleanly, with the shell's exit code.

Python turns SIGINT into KeyboardInterrupt but lets SIGTERM and SIGHUP kill the process on
the spot: no `finally`, worker processes orphaned, results never written. Inside
`signals_interrupt()` those two raise `Terminated`, a KeyboardInterrupt, so every path that
already handles Ctrl-C (stop the driver, close the run, write the results so far) handles
them too; `exit_code_of` then gives 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from nntui.pipeline.exit_codes import EXIT_INTERRUPTED

#: The signals that end a run like Ctrl-C does (SIGINT already raises KeyboardInterrupt).
ENDING_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGHUP)


class Terminated(KeyboardInterrupt):
    """A SIGTERM or SIGHUP received inside `signals_interrupt()`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code_of(exc: BaseException | None) -> int:
    """128 + the signal number: 130 (Ctrl-C), 143 (SIGTERM), 129 (SIGHUP)."""
    if isinstance(exc, Terminated):
        return 128 + exc.signum
    return EXIT_INTERRUPTED


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise `Terminated` in the main thread.

    A no-op off the main thread (only it may set handlers: tests calling from workers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_terminated) for sig in ENDING_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
