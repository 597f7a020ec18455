"""Never outliving the terminal (`nntui.tui.lifeline`, `nntui.tui.quitting`): the output that
survives a dead terminal, the hang-up watcher, the exit watchdog, the signal handlers, and
the results saved on the way out. End to end through real terminals: test_disconnects.py.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from nntui.pipeline.interrupts import release_lost_terminal
from nntui.tui.lifeline import (
    BACKSTOP_S,
    TASKS_GRACE_S,
    TASKS_S,
    Lifeline,
    TerminalOutput,
)
from nntui.tui.quitting import Departure, install_quit_signals, save_screens


class _DeadStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def write(self, text: str) -> int:
        self.calls += 1
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_terminal_output_reports_the_first_failure_and_drops_the_rest() -> None:
    errors: list[BaseException] = []
    stream = _DeadStream()
    out = TerminalOutput(stream, errors.append)
    assert out.write("frame") == 5  # no exception reaches Textual's writer thread
    out.flush()
    assert out.write("next frame") == 10
    assert [type(e) for e in errors] == [OSError] and errors[0].errno == errno.EIO
    assert stream.calls == 1 and out.failed
    assert out.getvalue() == ""  # other attributes are the stream's


def _lifeline(deadline_s: float = 0.2) -> tuple[Lifeline, list[int], list[int]]:
    quits: list[int] = []
    exits: list[int] = []
    return Lifeline(quits.append, deadline_s=deadline_s, exit=exits.append), quits, exits


def test_the_watchdog_runs_the_exit_tasks_then_exits_with_the_first_armed_code() -> None:
    lifeline, _quits, exits = _lifeline(0.2)
    lifeline.enabled = True
    budgets: list[float] = []
    lifeline.exit_tasks.append(budgets.append)
    started = time.monotonic()
    lifeline.arm(0)  # q was pressed ...
    lifeline.arm(129)  # ... and then the terminal went away: still 0
    while not exits and time.monotonic() - started < 3:
        time.sleep(0.01)
    took = time.monotonic() - started
    assert exits == [0]
    assert 0.2 <= took < 1.5
    assert len(budgets) == 1 and 0 < budgets[0] <= TASKS_S


def test_the_watchdog_exits_on_time_when_an_exit_task_never_ends() -> None:
    """A save that cannot finish (a stuck disk, a lock never released) does not hold the
    exit: the tasks get TASKS_S on their own thread, then the process ends anyway."""
    lifeline, _quits, exits = _lifeline(0.2)
    lifeline.enabled = True
    stuck = threading.Event()
    ran: list[str] = []
    lifeline.exit_tasks.append(lambda budget: stuck.wait(30))
    lifeline.exit_tasks.append(lambda budget: ran.append("never reached"))
    started = time.monotonic()
    lifeline.arm(129)
    try:
        while not exits and time.monotonic() - started < 5:
            time.sleep(0.01)
        took = time.monotonic() - started
    finally:
        stuck.set()
    assert exits == [129]
    assert 0.2 + TASKS_S <= took < 0.2 + TASKS_S + TASKS_GRACE_S + 0.5
    assert ran == []  # the stuck task was cut short, not waited for


def test_leave_flushes_runs_the_atexit_handlers_then_exits_with_the_first_code() -> None:
    calls: list[str] = []
    exits: list[int] = []
    lifeline = Lifeline(lambda code: None, exit=exits.append,
                        at_exit=lambda: calls.append("atexit"))
    lifeline.leave(0)  # no real terminal (a test's App): Python exits as usual
    assert calls == [] and exits == []
    lifeline.enabled = True
    lifeline.arm(129)  # the terminal went first ...
    try:
        lifeline.leave(0)  # ... the app then returned 0
    finally:
        lifeline.disarm()
    assert calls == ["atexit"] and exits == [129]


def test_a_shutdown_that_finishes_disarms_the_watchdog_and_tests_never_arm_it() -> None:
    lifeline, _quits, exits = _lifeline(0.1)
    lifeline.arm(143)  # no real terminal (a test's App): arming does nothing
    time.sleep(0.25)
    assert exits == [] and lifeline.code is None
    lifeline.enabled = True
    lifeline.arm(143)
    lifeline.disarm()
    time.sleep(0.25)
    assert exits == [] and lifeline.code == 143


def test_the_watchdog_ends_a_process_whose_ui_thread_is_stuck(tmp_path: Path) -> None:
    """The real exit (os._exit): the main thread blocked for ever on a full queue, as
    Textual's was on a dead terminal; the watchdog saves, then ends it with the code."""
    saved = tmp_path / "saved"
    script = textwrap.dedent(f"""
        import queue
        from nntui.tui.lifeline import Lifeline
        lifeline = Lifeline(lambda code: None, deadline_s=0.3)
        lifeline.enabled = True
        lifeline.exit_tasks.append(lambda budget: open({str(saved)!r}, "w").write("ok"))
        lifeline.arm(129)
        stuck = queue.Queue(1)
        stuck.put("frame")
        stuck.put("the next frame")  # blocks for ever
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], timeout=20)
    assert done.returncode == 129
    assert time.monotonic() - started < 10
    assert saved.read_text() == "ok"


def test_the_native_backstop_ends_a_process_the_watchdog_could_not() -> None:
    """No Python thread runs (here: the watchdog is made late; in life, a C call holding
    the GIL or the interpreter's teardown): faulthandler's C thread ends the process."""
    script = textwrap.dedent("""
        import time
        from nntui.tui.lifeline import Lifeline
        lifeline = Lifeline(lambda code: None, deadline_s=60, backstop_s=0.5)
        lifeline.enabled = True
        lifeline.arm(129)
        time.sleep(10)
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], timeout=30)
    assert done.returncode == 1  # faulthandler's exit: the only code it has
    assert time.monotonic() - started < 8
    assert Lifeline(lambda code: None, exit=print).backstop_s is None  # a test's exit
    assert Lifeline(lambda code: None).backstop_s == BACKSTOP_S


def test_the_watcher_sees_a_hangup_with_no_write_and_no_signal() -> None:
    lifeline, quits, exits = _lifeline(5.0)
    master, slave = os.openpty()
    try:
        lifeline.watch((slave,))
        time.sleep(0.3)
        assert quits == [] and not lifeline.lost  # a live, quiet terminal: nothing
        os.close(master)  # the terminal's far end goes (sshd, tmux): the kernel hangs up
        deadline = time.monotonic() + 3
        while not quits and time.monotonic() < deadline:
            time.sleep(0.01)
        assert quits == [129] and lifeline.lost and lifeline.lost_reason == "hangup"
        assert lifeline.code == 129  # the watchdog is armed
        # The dead terminal's descriptor now leads to /dev/null: writes succeed.
        assert os.fstat(slave).st_rdev == os.stat(os.devnull).st_rdev
        assert os.write(slave, b"late frame") == 10
    finally:
        lifeline.disarm()
        lifeline.stop_watching()
        os.close(slave)
    assert exits == []


def test_release_lost_terminal_replaces_only_descriptors_whose_reader_is_gone() -> None:
    dead_r, dead_w = os.pipe()
    live_r, live_w = os.pipe()
    try:
        os.close(dead_r)
        assert release_lost_terminal((dead_w, live_w)) == [dead_w]
        assert os.write(dead_w, b"x") == 1  # /dev/null now, no EPIPE
        os.write(live_w, b"y")
        assert os.read(live_r, 1) == b"y"  # untouched
    finally:
        for fd in (dead_w, live_r, live_w):
            os.close(fd)


def test_quit_signals_arm_at_once_and_quit_on_the_loop() -> None:
    armed: list[int] = []
    soon: list[tuple[object, ...]] = []

    def quit_with(code: int) -> None:
        raise AssertionError("must go through call_soon")

    remove = install_quit_signals(quit_with, lambda *a: soon.append(a), armed.append)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(0.05)  # handlers run on the main thread at the next bytecode
    finally:
        remove()
    assert armed == [143, 129]
    assert soon == [(quit_with, 143), (quit_with, 129)]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the previous handler again


class _Screen:
    def __init__(self, name: str, log: list[str], folder: Path | None = None,
                 fail: bool = False) -> None:
        self.name, self.log, self.folder, self.fail = name, log, folder, fail

    def shutdown(self) -> None:
        self.log.append(f"stop {self.name}")

    def save_on_exit(self, wait_s: float) -> Path | None:
        self.log.append(f"save {self.name}")
        if self.fail:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.folder


def test_departure_stops_every_run_then_saves_once_from_either_thread(tmp_path: Path) -> None:
    log: list[str] = []
    screens = [_Screen("picker", log), _Screen("full", log, fail=True),
               _Screen("race", log, tmp_path)]
    departure = Departure(lambda: screens)
    threads = [threading.Thread(target=departure, args=(0.5,)) for _ in range(2)]
    for t in threads:
        t.start()
    departure(0.5)
    for t in threads:
        t.join()
    assert log == ["stop picker", "stop full", "stop race",
                   "save picker", "save full", "save race"]
    assert departure.done and departure.written == [tmp_path]
    assert save_screens([object()], 0.1) == []  # a screen with nothing to save
