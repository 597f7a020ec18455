"""Never outlive the terminal: notice at once that it is gone, and end the process on time.

A terminal can go away in many ways (an SSH link drops, a window or tmux server is killed,
a pty is revoked) and not all of them send a signal: sometimes the only sign is that a
write fails (EIO, EPIPE) and input reads end. Textual (8.x) does not expect that: its
writer thread dies on the first failed write, its 30-slot queue fills and the next write
blocks the UI thread for ever (also the stop sentinel at shutdown), and on the SIGCONT that
follows a hangup it starts the screen again on the dead terminal. Measured: processes left
running for good after 1 in 80 such kills, 3 in 5 right after start-up.

`Lifeline` (one per process, made when the dashboard takes a real terminal):

- `TerminalOutput` wraps the file Textual's writer thread writes to: a failed write ends
  the drawing instead of the thread, and reports the loss. The writer keeps draining its
  queue, so no write and no stop can block.
- A watcher thread waits (poll, no polling loop) for the terminal or output pipe to hang up:
  an idle screen that writes nothing notices too.
- On a loss (or SIGHUP on a dead terminal): the descriptors that lead to the dead terminal
  are pointed at /dev/null (`nntui.pipeline.interrupts.release_lost_terminal`), so the last writes
  and Python's final flush succeed and the exit code stays 129 (not 120); the App is asked
  to quit with 129 and nothing draws again.
- `arm(code)`, called as soon as any quit begins (q, Ctrl-C, a signal, a lost terminal),
  starts a watchdog: if the process is still alive `DEADLINE_S` later, it runs the exit
  tasks (stop every run, save the results) for `TASKS_S` at most, on a thread of their
  own, and ends the process with ``os._exit(code)`` whether they finished or not (a save
  cut short keeps the files it wrote before: each file is written whole or not at all).
  The first code wins: 0 after `q`, even if the terminal is lost while quitting.
- `leave(code)`, once the app has returned on the main thread: flush, run the atexit
  handlers, ``os._exit``. Python's own exit would go on to tear the interpreter down (free
  every object: 0.6 s measured on a quiet machine, 8 s once under load), and no Python
  thread runs during that teardown, the watchdog neither, so nothing could bound it.
- A native backstop (`faulthandler`, a C thread that needs no GIL) ends the process
  `BACKSTOP_S` after `arm` if even the watchdog could not run (a C call holding the GIL,
  an exit path that reached the teardown anyway). It can only exit with code 1.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import os
import select
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from nntui.pipeline.exit_codes import EXIT_HANGUP
from nntui.pipeline.interrupts import GONE, gone_fds, release_lost_terminal

#: After a quit begins, the watchdog ends the process this many seconds later at most
#: (the issue's limit is 2 s from the terminal's loss; this leaves time for the tasks).
DEADLINE_S = 1.4
#: Of which the exit tasks (stop, save; then the terminal's modes back, 0.1 s more at
#: most) may use up to this much when the watchdog runs.
TASKS_S = 0.3
#: The watchdog waits this long past TASKS_S for the tasks' thread, then exits anyway.
TASKS_GRACE_S = 0.1
#: After `arm`, the native backstop ends the process (code 1) if nothing else did: only
#: when no Python thread could run for a second past the watchdog's bound.
BACKSTOP_S = 3.0


class TerminalOutput:
    """The file Textual's writer thread writes to, made safe against a lost terminal: a
    write or flush that fails (EIO, EPIPE, a closed file) calls ``on_error`` once and is
    dropped, as is every later one. Other attributes are the wrapped file's."""

    def __init__(self, stream: TextIO, on_error: Callable[[BaseException], object]) -> None:
        self._stream = stream
        self._on_error = on_error
        self.failed = False

    def _fail(self, exc: BaseException) -> None:
        if not self.failed:
            self.failed = True
            self._on_error(exc)

    def write(self, text: str) -> int:
        if not self.failed:
            try:
                return self._stream.write(text)
            except (OSError, ValueError) as exc:  # ValueError: the file was closed
                self._fail(exc)
        return len(text)

    def flush(self) -> None:
        if not self.failed:
            try:
                self._stream.flush()
            except (OSError, ValueError) as exc:
                self._fail(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Lifeline:
    """See the module doc. ``request_quit(code)`` asks the App to quit (it must be safe to
    call from any thread); ``exit_tasks`` get the seconds they may use (the watchdog's)."""

    def __init__(self, request_quit: Callable[[int], object], *, deadline_s: float = DEADLINE_S,
                 exit: Callable[[int], object] = os._exit,
                 at_exit: Callable[[], object] = atexit._run_exitfuncs,
                 backstop_s: float | None = None) -> None:
        self._request_quit = request_quit
        self._exit = exit
        self._at_exit = at_exit
        self.deadline_s = deadline_s
        #: None: `BACKSTOP_S` for the real exit, no backstop for a test's own `exit`.
        self.backstop_s = (backstop_s if backstop_s is not None
                           else BACKSTOP_S if exit is os._exit else None)
        self._backstop_file: TextIO | None = None
        self.exit_tasks: list[Callable[[float], object]] = []
        #: Run once the terminal is lost, before the quit is asked for (the driver stops
        #: reading input there).
        self.on_lost: list[Callable[[], object]] = []
        self.lost = False
        self.code: int | None = None  # set by the first `arm`
        self.lost_reason = ""
        self._lock = threading.Lock()
        self.enabled = False  # a real terminal is in use (`watch`): arm ends the process
        self._fds: tuple[int, ...] = ()
        self._wake_w = -1
        self._done = threading.Event()

    @property
    def quitting(self) -> bool:
        return self.code is not None

    # -- the loss -------------------------------------------------------------------------
    def output_failed(self, exc: BaseException) -> None:
        """Textual's writer thread could not write: the terminal (or its pipe) is gone."""
        self.terminal_lost(f"write failed: {exc}")

    def terminal_lost(self, reason: str) -> None:
        """The terminal is gone (any thread, any number of times): stop drawing, make the
        remaining writes harmless, arm the watchdog and ask the App to quit with 129."""
        with self._lock:
            if self.lost or not self.enabled:
                return
            self.lost = True
            self.lost_reason = reason
        # The standard ones too: Python flushes stdout at exit, whatever the app drew on.
        release_lost_terminal({*self._fds, 0, 1, 2})
        for hook in self.on_lost:
            with contextlib.suppress(Exception):
                hook()
        self.arm(EXIT_HANGUP)
        with contextlib.suppress(Exception):  # the loop may be closing already
            self._request_quit(EXIT_HANGUP)

    def check(self) -> bool:
        """Whether the terminal is still there (now); a loss found is handled."""
        if self.lost:
            return False
        if self.enabled and gone_fds(self._fds or (0, 1, 2)):
            self.terminal_lost("hangup")
            return False
        return True

    # -- watching ---------------------------------------------------------------------------
    def watch(self, fds: tuple[int, ...]) -> None:
        """The app has a real terminal on ``fds`` (its input and output): enable the
        watchdog and start a watcher thread. Each descriptor is watched for hang-up only,
        so a live terminal costs nothing. Again after a resume (ctrl+z, fg)."""
        self.enabled = True
        self._fds = tuple(dict.fromkeys(fds))
        self.stop_watching()
        wake_r, self._wake_w = os.pipe()
        threading.Thread(target=self._watch, args=(wake_r,), daemon=True,
                         name="nntui-terminal-watch").start()

    def stop_watching(self) -> None:
        """End the watcher thread (the terminal is handed back: exit or suspend)."""
        wake_w, self._wake_w = self._wake_w, -1
        if wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(wake_w, b"x")
            os.close(wake_w)

    def _watch(self, wake_r: int) -> None:
        poller = select.poll()
        for fd in self._fds:
            poller.register(fd, 0)
        poller.register(wake_r, select.POLLIN)
        try:
            while True:
                events = poller.poll()
                if any(fd == wake_r for fd, _ev in events):
                    return
                if any(ev & GONE for _fd, ev in events):
                    self.terminal_lost("hangup")
                    return
        except OSError:
            return
        finally:
            os.close(wake_r)

    # -- the watchdog ---------------------------------------------------------------------
    def arm(self, code: int) -> None:
        """A quit has begun: end the process with ``code`` (the first one armed) if it is
        still alive `deadline_s` from now."""
        with self._lock:
            if self.code is not None or not self.enabled:
                return
            self.code = code
        due = time.monotonic() + self.deadline_s
        if self.backstop_s is not None:
            self._backstop_file = open(os.devnull, "w")  # noqa: SIM115 - kept until exit
            faulthandler.dump_traceback_later(self.backstop_s, exit=True,
                                              file=self._backstop_file)
        threading.Thread(target=self._watchdog, args=(due,), daemon=True,
                         name="nntui-exit-watchdog").start()

    def disarm(self) -> None:
        """The process ends by itself now (tests: an in-process App that quit)."""
        self._done.set()
        if self._backstop_file is not None:
            faulthandler.cancel_dump_traceback_later()

    def _watchdog(self, due: float) -> None:
        if self._done.wait(max(0.0, due - time.monotonic())):
            return
        # The clean shutdown did not finish in time: do what matters, then leave, on time
        # even when a task does not end (a save on a slow disk, a lock never released).
        end = time.monotonic() + TASKS_S
        tasks = threading.Thread(target=self._run_tasks, args=(end,), daemon=True,
                                 name="nntui-exit-tasks")
        tasks.start()
        tasks.join(max(0.0, end - time.monotonic()) + TASKS_GRACE_S)
        if not self._done.is_set():
            assert self.code is not None
            self._exit(self.code)

    def _run_tasks(self, end: float) -> None:
        for task in self.exit_tasks:
            with contextlib.suppress(BaseException):
                task(max(0.0, end - time.monotonic()))

    # -- the end ----------------------------------------------------------------------------
    def leave(self, code: int) -> None:
        """The app has returned (main thread): end the process now, with the first code
        armed (else ``code``), without the interpreter's teardown (module doc). Standard
        streams are flushed and the atexit handlers run first, under the watchdog. Without
        a real terminal (tests, the web driver) it does nothing: Python exits as usual."""
        if not self.enabled:
            return
        self.arm(code)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a dead terminal not yet noticed: EIO
                stream.flush()
        with contextlib.suppress(BaseException):
            self._at_exit()
        assert self.code is not None
        self._exit(self.code)
