"""Ctrl-C, SIGTERM and SIGHUP end a run the same way: cleanly, with the shell's exit code.

Python turns SIGINT into KeyboardInterrupt but lets SIGTERM and SIGHUP kill the process on
the spot: no `finally`, worker processes orphaned, results never written. Inside
`signals_interrupt()` those two raise `Terminated`, a KeyboardInterrupt, so every path that
already handles Ctrl-C (stop the driver, close the run, write the results so far) handles
them too; `exit_code_of` then gives 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.

A SIGHUP usually means the terminal is gone (a dropped SSH link, a closed window): every
later write to it fails with EIO, and the one Python makes at exit (flushing stdout and
stderr) would replace the exit code 129 by 120. `release_lost_terminal` points the
standard descriptors that lead to the dead terminal at /dev/null first, so printing the
last lines and exiting work and the shell sees 129.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType

from nntui.pipeline.exit_codes import EXIT_INTERRUPTED

#: The signals that end a run like Ctrl-C does (SIGINT already raises KeyboardInterrupt).
ENDING_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGHUP)
#: poll() bits that say the other end of a descriptor is gone (a hung-up terminal, a pipe
#: with no reader); they are reported whatever events were asked for.
GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


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


def gone_fds(fds: Iterable[int]) -> list[int]:
    """The descriptors among ``fds`` whose other end is gone (checked now, not waited for)."""
    poller = select.poll()
    wanted = set(fds)
    for fd in wanted:
        poller.register(fd, 0)
    try:
        events = poller.poll(0)
    except OSError:
        return []
    return sorted(fd for fd, ev in events if fd in wanted and ev & GONE)


def release_lost_terminal(fds: Iterable[int] = (0, 1, 2)) -> list[int]:
    """Point each of ``fds`` whose terminal (or pipe reader) is gone at /dev/null; returns
    the ones replaced. Writes then succeed and go nowhere; a read sees end of input at once
    (as it does on the hung-up terminal) instead of failing."""
    dead = gone_fds(fds)
    if dead:
        null = os.open(os.devnull, os.O_RDWR)
        try:
            for fd in dead:
                os.dup2(null, fd)
        finally:
            os.close(null)
    return dead


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    if signum == signal.SIGHUP:
        release_lost_terminal()
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
