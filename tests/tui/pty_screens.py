"""The real `nntui` in a pseudo-terminal, its output read as a terminal shows it: the
sequence of distinct screens a viewer sees (tests of the live demo clock, and by hand:
``python -m tests.tui.pty_screens`` prints how many frames each recording had).

The reader answers Textual's query for synchronized output (DECRQM 2026) as a terminal
that supports it does, so each screen update arrives between ESC[?2026h and ESC[?2026l;
the screen is read (pyte) at each update's end, never in the middle of one however the
bytes were cut into reads.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

from tests.procs import NNTUI, descendants, kill_all

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_ANSWER = b"\x1b[?2026;2$y"  # "supported, currently reset"
SYNC_END = b"\x1b[?2026l"
SIZE = (80, 24)

#: One screen as seen: its rows of text, and each row's cell colours and weights.
Screen = tuple[tuple[str, ...], tuple[tuple[tuple[str, str, bool, bool], ...], ...]]


def fixed_env(home: Path) -> dict[str, str]:
    """A fixed environment: the terminal, the language, one BLAS thread, and a home, config,
    data and cache of the test's own (nothing read from or written to the user's)."""
    for sub in ("config", "data", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm-256color",
            "COLORTERM": "truecolor", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "NNTUI_HISTORY": "0", "PYTHONPATH": os.pathsep.join(sys.path)}


def _take_terminal() -> None:  # preexec_fn: the pty becomes the controlling terminal
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class Recording:
    """What a run drew: the screens in order (consecutive duplicates collapsed), the
    number of screen updates read, the bytes drawn outside any update, the exit code."""

    screens: list[Screen] = field(default_factory=list)
    updates: int = 0
    unmarked: int = 0
    returncode: int | None = None
    seconds: float = 0.0


class PtyRecorder:
    """`nntui ARGS` on its own 80x24 pty; `record` reads it until it exits."""

    def __init__(self, args: Sequence[str], folder: Path) -> None:
        self.master, slave = os.openpty()
        cols, rows = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen([*NNTUI, *args], stdin=slave, stdout=slave, stderr=slave,
                                     env=fixed_env(folder / "home"), cwd=folder,
                                     start_new_session=True, preexec_fn=_take_terminal)
        os.close(slave)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.pending = b""
        self.out = Recording()
        self.all_bytes = bytearray()

    def _see(self) -> None:
        cols, rows = SIZE
        buffer = self.screen.buffer
        styles = tuple(tuple((c.fg, c.bg, c.bold, c.reverse) for c in
                             (buffer[y][x] for x in range(cols))) for y in range(rows))
        shown = (tuple(self.screen.display), styles)
        if not self.out.screens or self.out.screens[-1] != shown:
            self.out.screens.append(shown)

    def _feed(self, chunk: bytes) -> None:
        self.all_bytes += chunk
        data = self.pending + chunk
        if SYNC_QUERY in data:
            os.write(self.master, SYNC_ANSWER)  # as a terminal with synchronized output
        while (end := data.find(SYNC_END)) >= 0:
            update, data = data[:end + len(SYNC_END)], data[end + len(SYNC_END):]
            start = update.find(b"\x1b[?2026h")
            self.out.unmarked += max(0, start)
            self.stream.feed(update)
            self.out.updates += 1
            self._see()
        # Keep an escape cut in two by a read for the next chunk; anything else outside an
        # update is drawn now (start-up, the terminal given back at exit).
        keep = data.rfind(b"\x1b")
        if b"\x1b[?2026h" in data:
            keep = data.find(b"\x1b[?2026h")
        elif keep >= 0 and len(data) - keep > 16:
            keep = -1
        head, self.pending = (data, b"") if keep < 0 else (data[:keep], data[keep:])
        self.stream.feed(head)

    def pump(self, seconds: float) -> bool:
        """Read for up to ``seconds``; False once the terminal is closed (the app ended)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            self._feed(chunk)
        return True

    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def hang_up(self) -> None:
        """Close the terminal's far end, as a closed terminal window or a dead ssh does."""
        os.close(self.master)
        self.master = -1

    def record(self, timeout: float) -> Recording:
        """Read until the app exits (it must within ``timeout`` s)."""
        began = time.monotonic()
        deadline = began + timeout
        while self.pump(0.1):
            if self.proc.poll() is not None:
                self.pump(0.2)  # what it wrote last
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"nntui did not end within {timeout} s")
        self.out.returncode = self.proc.wait(timeout=5)
        self.out.seconds = time.monotonic() - began
        return self.out

    def close(self) -> None:
        """Test cleanup: the app and anything it started, by pid; the terminal."""
        kill_all([*descendants(self.proc.pid), self.proc.pid])
        if self.proc.poll() is None:
            self.proc.wait()
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1


@contextlib.contextmanager
def busy_cpus(count: int = 2) -> Iterator[list[int]]:
    """``count`` processes spinning on the CPU for as long as the block runs (killed by pid
    after it)."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                              start_new_session=True) for _ in range(count)]
    try:
        yield [p.pid for p in procs]
    finally:
        for proc in procs:
            with contextlib.suppress(OSError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def finished(screen: Screen) -> bool:
    """A run's last screen: done, and the footer offers its report (English)."""
    rows = text(screen)
    return any("✔ done" in row for row in rows) and "v Report" in rows[-1]


def record_whole_run(args: Sequence[str], folder: Path, *, loaded: bool,
                     limit_s: float = 90.0, quit_s: float = 5.0) -> Recording:
    """The screens of one whole run of ``nntui ARGS`` (two CPUs kept busy meanwhile if
    ``loaded``), quit with q once its last screen is up; it must end within ``quit_s``."""
    folder.mkdir(parents=True, exist_ok=True)
    with busy_cpus(2 if loaded else 0):
        recorder = PtyRecorder(args, folder)
        try:
            deadline = time.monotonic() + limit_s
            while not (recorder.out.screens and finished(recorder.out.screens[-1])):
                assert recorder.pump(0.1), f"nntui ended early: {recorder.all_bytes[-400:]!r}"
                assert time.monotonic() < deadline, "the run did not finish in time"
            recorder.press(b"q")
            return recorder.record(quit_s)
        finally:
            recorder.close()


def text(screen: Screen) -> tuple[str, ...]:
    return screen[0]


def first_difference(a: list[Screen], b: list[Screen]) -> str:
    """Where two screen sequences part, for a failure message."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            rows = [f"  row {r}: {p!r}\n       vs {q!r}"
                    for r, (p, q) in enumerate(zip(text(x), text(y))) if p != q]
            colours = [r for r, (p, q) in enumerate(zip(x[1], y[1])) if p != q]
            return (f"screen {i} of {len(a)} / {len(b)} differs:\n" + "\n".join(rows[:6])
                    + (f"\n  colours differ on rows {colours}" if colours else ""))
    return f"one sequence is a prefix of the other ({len(a)} vs {len(b)} screens)"


if __name__ == "__main__":
    # By hand: python -m tests.tui.pty_screens N [nntui args]: N recordings, two CPUs busy.
    import hashlib
    import tempfile

    count, argv = int(sys.argv[1]), sys.argv[2:] or ["run", "optimizer-race", "--seed", "3",
                                                     "--demo-clock", "--no-history"]
    runs = []
    for n in range(count):
        with tempfile.TemporaryDirectory() as tmp:
            rec = record_whole_run(argv, Path(tmp), loaded=True)
        digest = hashlib.sha256(repr(rec.screens).encode()).hexdigest()[:12]
        print(f"run {n}: rc={rec.returncode} screens={len(rec.screens)} updates={rec.updates} "
              f"unmarked={rec.unmarked} digest={digest}", flush=True)
        runs.append(rec.screens)
    same = sum(r == runs[0] for r in runs)
    print(f"{same} of {count} recordings draw the same {len(runs[0])} screens as the first")
    for r in runs[1:]:
        if r != runs[0]:
            print(first_difference(runs[0], r))
