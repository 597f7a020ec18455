"""End to end: the installed `nntui` in a real terminal (tmux) at 80×24.

Starts `nntui run optimizer-race`, reads the screen with `capture-pane`, checks the title and
that the iteration counter advances, quits with `q` and checks the process exited with 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.procs import descendants, kill_all, wait_gone


def _find_nntui() -> str | None:
    """On PATH, or next to this Python (a venv whose bin/ is not on PATH)."""
    found = shutil.which("nntui")
    beside = Path(sys.executable).parent / "nntui"
    return found or (str(beside) if beside.is_file() else None)


NNTUI = _find_nntui()
TMUX = shutil.which("tmux")

pytestmark = [
    pytest.mark.skipif(NNTUI is None, reason="`nntui` is not installed on PATH "
                       "(pip install -e . to run the end-to-end test)"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


class Tmux:
    """One detached session on a private server socket (never touches the user's tmux)."""

    def __init__(self) -> None:
        # One server per test: a killed server may still be exiting when the next starts.
        self.socket = f"nntui-e2e-{os.getpid()}-{id(self)}"
        self.target = "e2e"
        self.seen: set[int] = set()  # the server and every process below it, ever seen
        self.socket_path: str | None = None  # tmux leaves it behind when the server exits

    def __call__(self, *args: str) -> str:
        done = subprocess.run([TMUX or "tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True, timeout=10)
        if "new-session" in args or "send-keys" in args:  # not on every capture-pane
            self._note_processes()
        return done.stdout

    def _note_processes(self) -> None:
        done = subprocess.run([TMUX or "tmux", "-L", self.socket, "display-message", "-p",
                               "#{pid} #{socket_path}"], capture_output=True, text=True,
                              timeout=10)
        pid, _, path = done.stdout.strip().partition(" ")
        if done.returncode == 0 and pid.isdigit():
            self.seen |= {int(pid), *descendants(int(pid))}
            self.socket_path = path

    def close(self) -> None:
        """Kill the server, then make sure everything it ran has ended (by pid): a pane's
        process outlives its server when it does not notice the lost terminal."""
        self._note_processes()
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True)
        left = wait_gone(self.seen, 5.0)
        kill_all(left)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)
        assert not left, f"still running 5 s after the tmux server was killed: {sorted(left)}"

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", self.target)

    def wait_for(self, cond: Callable[[str], bool], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if cond(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; screen was:\n{text}")
            time.sleep(0.1)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    t = Tmux()
    yield t
    t.close()


def _iteration(text: str) -> int | None:
    m = re.search(r"it ([\d,]+)/", text)
    return int(m.group(1).replace(",", "")) if m else None


def test_dashboard_in_tmux_runs_and_quits_cleanly(tmux: Tmux, tmp_path: Path) -> None:
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    # A long run: the counter must be seen to move, the run never ends by itself here.
    # The exit code goes to a file: tmux's #{pane_dead_status} is not reliably set on
    # every tmux version (3.3a left it empty for a clean exit).
    status_file = tmp_path / "status"
    command = (f"{NNTUI} run optimizer-race --seed 0 --set iterations=100000; "
               f"echo $? > {status_file}")
    tmux("-f", "/dev/null", "new-session", "-d", "-s", tmux.target, "-x", "80", "-y", "24",
         *[a for k, v in env.items() for a in ("-e", f"{k}={v}")], command)
    tmux("set-option", "-t", tmux.target, "remain-on-exit", "on")

    text = tmux.wait_for(lambda s: "Optimizer race" in s and _iteration(s), 20,
                         "the dashboard with an iteration counter")
    first = _iteration(text)
    assert first is not None
    assert "Look for:" in text and "loss" in text
    text = tmux.wait_for(lambda s: (_iteration(s) or 0) > first, 10, "the counter advance")

    tmux("send-keys", "-t", tmux.target, "q")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not status_file.exists():
        time.sleep(0.05)
    assert status_file.exists(), "nntui did not exit within 5 s of q"
    time.sleep(0.1)  # the shell may still be writing the line
    assert status_file.read_text().strip() == "0"


@pytest.mark.parametrize("env", [
    {"TERM": "xterm", "LANG": "en_US.ISO-8859-1"},  # a Latin-1 locale
    {"TERM": "linux", "LANG": "C.UTF-8"},  # the Linux console: no braille in its font
])
def test_non_utf8_locale_and_linux_console_get_ascii_rows_that_fit(tmux: Tmux,
                                                                   env: dict[str, str]) -> None:
    # `env` inside the pane: tmux sets a pane's TERM itself, whatever -e says.
    settings = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"env {settings} {NNTUI} run optimizer-race --seed 0 --set iterations=100000"
    tmux("-f", "/dev/null", "new-session", "-d", "-s", tmux.target, "-x", "80", "-y", "24",
         command)
    text = tmux.wait_for(lambda s: "Optimizer race" in s and (_iteration(s) or 0) > 50, 60,
                         "the dashboard drawing")
    assert "\\u" not in text
    assert not any(0x2800 <= ord(ch) <= 0x28FF for ch in text)  # no braille
    assert text.isascii(), [ch for ch in text if not ch.isascii()][:5]
    lines = text.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    assert "> running" in text and "o SGD" in text
    tmux("send-keys", "-t", tmux.target, "q")
