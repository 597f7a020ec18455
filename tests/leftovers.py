"""The suite leaves nothing running (wired in by tests/conftest.py).

Every pytest process (the controller and each xdist worker) is made a *child subreaper*:
whatever a test starts stays below it even when orphaned (a daemonised tmux server, a pane's
process after its server died, a pool worker whose parent exited), instead of moving to
init where nobody would see it. And every process started by the run carries the run's id
in its environment (``NNTUI_TEST_RUN``), a second net for anything that left the tree.

- After each test, the processes it started that are still running are recorded with the
  test's name (`Tracker.after_test`), so a leftover can be blamed on its test.
- A worker sends its records to the controller at its end (xdist's ``workeroutput``); its
  own multiprocessing helpers (forkserver, resource tracker) are stopped first. When the
  worker exits, whatever it still had is reparented to the controller (a subreaper too).
- The controller waits until `GRACE_S` after the last test ended for every process below it
  or carrying the run's id to end, and for every tmux socket of the run (``TMUX_TMPDIR``,
  one folder per run) to be gone; what is left is listed with its test, killed (by pid,
  checked against its start time) and fails the run.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.procs import descendants, is_running

RUN_VAR = "NNTUI_TEST_RUN"
#: A process started by a test may take this long after the last test to end.
GRACE_S = 5.0
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Orphaned descendants of this process are reparented to it (Linux); False elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class Proc:
    """A process, identified by pid *and* start time (a pid may be reused)."""

    pid: int
    start: int
    cmd: str

    @classmethod
    def of(cls, pid: int) -> Proc | None:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        cmd = raw.replace(b"\0", b" ").decode(errors="replace").strip()[:200]
        return cls(pid, int(stat[19]), cmd)

    def running(self) -> bool:
        now = Proc.of(self.pid)
        return now is not None and now.start == self.start and is_running(self.pid)

    def kill(self) -> None:
        if self.running():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass


def tagged(run: str) -> set[int]:
    """Live processes whose environment holds ``NNTUI_TEST_RUN=run``."""
    needle = f"{RUN_VAR}={run}".encode() + b"\0"
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                env = Path(f"/proc/{name}/environ").read_bytes() + b"\0"
            except OSError:
                continue
            if needle in env and is_running(int(name)):
                found.add(int(name))
    return found


def ancestors(pid: int) -> set[int]:
    found = set()
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        found.add(pid)
    return found


def stop_multiprocessing_helpers() -> None:
    """Stop this process's forkserver and resource tracker, if it started them: they live
    as long as the process that started them, and the check must not wait for that.
    (CPython's own `_stop`s, on the module-level singletons.)"""
    import multiprocessing.forkserver as forkserver
    import multiprocessing.resource_tracker as resource_tracker

    for helper in (getattr(forkserver, "_forkserver", None),
                   getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if callable(stop):
            try:
                stop()
            except Exception:  # already gone
                pass


@dataclass
class Tracker:
    """What the tests of this process started (see the module doc)."""

    run: str
    tmux_dir: Path
    started: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    workers: set[int] = field(default_factory=set)
    last_test_end: float = field(default_factory=time.monotonic)

    def before_test(self) -> set[int]:
        return descendants(os.getpid())

    def after_test(self, before: set[int], nodeid: str) -> None:
        self.last_test_end = time.monotonic()
        for pid in descendants(os.getpid()) - before:
            proc = Proc.of(pid)
            if proc is not None and is_running(pid):
                self.started.setdefault((proc.pid, proc.start), (proc.cmd, nodeid))

    # -- worker -> controller ---------------------------------------------------------------
    def report(self) -> dict[str, object]:
        return {"pid": os.getpid(),
                "started": [[pid, start, cmd, nodeid]
                            for (pid, start), (cmd, nodeid) in self.started.items()]}

    def receive(self, output: dict[str, object]) -> None:
        self.workers.add(int(output.get("pid", 0)))  # type: ignore[call-overload]
        for pid, start, cmd, nodeid in output.get("started", []):  # type: ignore[union-attr]
            self.started.setdefault((pid, start), (cmd, nodeid))

    # -- the final check (controller) -------------------------------------------------------
    def leftovers(self) -> tuple[list[Proc], list[Path]]:
        """Wait up to GRACE_S after the last test; what is still running then, and the
        tmux sockets still there."""
        me = os.getpid()
        skip = {me, *ancestors(me), *self.workers}
        deadline = self.last_test_end + GRACE_S
        while True:
            pids = (descendants(me) | tagged(self.run)) - skip
            procs = [p for p in map(Proc.of, sorted(pids)) if p is not None and p.running()]
            sockets = sorted(p for p in self.tmux_dir.rglob("*") if not p.is_dir())
            if (not procs and not sockets) or time.monotonic() >= deadline:
                return procs, sockets
            time.sleep(0.1)

    def blame(self, proc: Proc) -> str:
        # The command as it is now: when recorded it may not have exec'd yet.
        _cmd, nodeid = self.started.get((proc.pid, proc.start), ("", "?"))
        return f"pid {proc.pid} ({proc.cmd}) started by {nodeid}"

    def clean(self, procs: list[Proc]) -> None:
        for proc in procs:
            proc.kill()
        shutil.rmtree(self.tmux_dir, ignore_errors=True)
