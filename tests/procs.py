"""Process-tree helpers for the tests that start the real `nntui` and signal it.

psutil is not a dependency: descendants are read from /proc (Linux), which is also what
these tests need to see (a search's worker processes are grandchildren, under the
multiprocessing forkserver).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: `python -m nntui` with the test's Python (the venv's, nntui importable from it).
NNTUI = (sys.executable, "-m", "nntui")
#: What a hang guard allows; the exits measured (printed on failure) are well under 1 s.
EXIT_GUARD_S = 5.0


def children(pid: int) -> set[int]:
    """Direct children of `pid` (every thread's list: a child forked by a worker thread is
    listed under that thread's task)."""
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        found.update(int(x) for x in text.split())
    return found


def descendants(pid: int) -> set[int]:
    """Every process below `pid` now."""
    seen: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an exited process its new parent has not reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time `pid` has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # fields[0] is the state (field 3 of stat); utime, stime are fields 14, 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def grandchildren(pid: int) -> set[int]:
    """Children of `pid`'s children (a pool's workers under the forkserver)."""
    return {g for c in children(pid) for g in children(c)}


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL each of `pids` still running (test cleanup, by pid)."""
    for pid in pids:
        if is_running(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def wait_gone(pids: set[int], timeout: float) -> set[int]:
    """The pids still running after up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    left = {p for p in pids if is_running(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = {p for p in left if is_running(p)}
    return left


def _default_sigint() -> None:  # preexec_fn
    # A suite started in the background by a non-interactive shell inherits SIGINT
    # ignored, and an ignored signal stays ignored across exec: the Ctrl-C tests would
    # then see nntui ignore it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Child:
    """A started `nntui` (output to files, read while it runs) whose process tree is
    recorded while it runs."""

    proc: subprocess.Popen[bytes]
    out_path: Path
    err_path: Path
    seen: set[int] = field(default_factory=set)  # every descendant ever seen

    @classmethod
    def start(cls, args: Sequence[str], folder: Path, *, env: dict[str, str] | None = None,
              ) -> Child:
        out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen([*NNTUI, *args], stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=env, cwd=folder,
                                    start_new_session=True, preexec_fn=_default_sigint)
        return cls(proc, out_path, err_path)

    @property
    def stdout(self) -> str:
        return self.out_path.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self.err_path.read_text(errors="replace")

    def watch_until(self, cond: Callable[[Child], bool], timeout: float, what: str) -> None:
        """Poll (recording descendants) until `cond(self)`; fail if the process ended or
        the time ran out first."""
        deadline = time.monotonic() + timeout
        while True:
            self.seen |= descendants(self.proc.pid)
            if cond(self):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"nntui ended (rc {self.proc.returncode}) before "
                                     f"{what}:\n{self.stdout[-2000:]}\n{self.stderr[-2000:]}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"never saw {what} within {timeout} s")
            time.sleep(0.05)

    def signal_and_wait(self, signum: int) -> tuple[int, float]:
        """Send `signum`; returns (exit code, seconds until the process exited)."""
        self.seen |= descendants(self.proc.pid)
        sent = time.monotonic()
        self.proc.send_signal(signum)
        try:
            self.proc.wait(timeout=EXIT_GUARD_S)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"no exit within {EXIT_GUARD_S} s of signal {signum}") from None
        return self.proc.returncode, time.monotonic() - sent

    def kill(self) -> None:
        """Test cleanup: the process and everything it started (by their pids)."""
        kill_all([*descendants(self.proc.pid), *self.seen])
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _take_terminal() -> None:  # preexec_fn: the pty (stdin) becomes the controlling terminal
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class OnPty:
    """`nntui` as the session leader of a pseudo-terminal of its own (80x24), as a shell
    over SSH runs it; `hang_up` closes the far end, as sshd or tmux does when it dies."""

    proc: subprocess.Popen[bytes]
    master: int
    data: bytearray = field(default_factory=bytearray)

    @classmethod
    def start(cls, args: Sequence[str], folder: Path, env: dict[str, str]) -> OnPty:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        proc = subprocess.Popen([*NNTUI, *args], stdin=slave, stdout=slave, stderr=slave,
                                env=env, cwd=folder, start_new_session=True,
                                preexec_fn=_take_terminal)
        os.close(slave)
        return cls(proc, master)

    def pump(self, seconds: float) -> None:
        """Read what it drew for `seconds` (a terminal nobody reads would block it)."""
        end = time.monotonic() + seconds
        while self.master >= 0 and time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    return
                self.data += chunk

    def wait_for(self, text: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.data:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r} (rc {self.proc.returncode}): "
                                     f"{bytes(self.data[-500:])!r}")
            self.pump(0.05)

    def hang_up(self) -> float:
        """Close the master: the kernel hangs the terminal up (SIGHUP + SIGCONT to nntui);
        returns the moment it happened."""
        os.close(self.master)
        self.master = -1
        return time.monotonic()

    def kill(self) -> None:
        """Test cleanup: the process group (nntui and what it started), by its id."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
        kill_all([*descendants(self.proc.pid), self.proc.pid])
        if self.proc.poll() is None:
            self.proc.wait()
