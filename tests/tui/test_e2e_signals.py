"""Leaving the dashboard in a real terminal (tmux): Ctrl-C, q, SIGTERM, SIGHUP, SIGINT.

In the dashboard Ctrl-C is a key (the terminal is in raw mode): it must quit with 130, as
a shell reports Ctrl-C. Signals from outside (`kill`, a dropped SSH link) must quit as
cleanly: the exit code 128 + signal, within a moment (a hang guard of a few seconds), no
process left behind (a search's workers included), and the terminal given back.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procs import EXIT_GUARD_S, children, cpu_seconds, descendants, is_running, wait_gone
from tests.tui.test_e2e_tmux import NNTUI, TMUX, Tmux, _iteration

pytestmark = [
    pytest.mark.skipif(NNTUI is None, reason="`nntui` is not installed on PATH"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


@pytest.fixture
def term() -> Iterator[Tmux]:
    t = Tmux()
    t.socket += "-signals"
    yield t
    t.close()


def _start(tmux: Tmux, tmp_path: Path, args: str) -> tuple[Path, int]:
    """Start `nntui ARGS` in an 80×24 tmux pane; returns (exit status file, nntui's pid)."""
    status = tmp_path / "status"
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1"}
    command = f"cd {tmp_path}; {NNTUI} {args}; echo $? > {status}"
    tmux("-f", "/dev/null", "new-session", "-d", "-s", tmux.target, "-x", "80", "-y", "24",
         *[a for k, v in env.items() for a in ("-e", f"{k}={v}")], command)
    tmux("set-option", "-t", tmux.target, "remain-on-exit", "on")
    shell = int(tmux("display-message", "-p", "-t", tmux.target, "#{pane_pid}").strip())
    deadline = time.monotonic() + 10
    while not children(shell):
        assert time.monotonic() < deadline, "nntui never started"
        time.sleep(0.02)
    return status, min(children(shell))


def _exit_status(status: Path, pid: int) -> tuple[int, float]:
    """Wait for nntui to end; (its exit code, seconds it took)."""
    started = time.monotonic()
    deadline = started + EXIT_GUARD_S
    while is_running(pid):
        assert time.monotonic() < deadline, f"nntui did not exit within {EXIT_GUARD_S} s"
        time.sleep(0.01)
    took = time.monotonic() - started
    while not status.exists() or not status.read_text().strip():
        assert time.monotonic() < deadline + 2, "the shell never wrote the exit status"
        time.sleep(0.02)
    return int(status.read_text()), took


def _wait_running(tmux: Tmux) -> None:
    text = tmux.wait_for(lambda s: "Optimizer race" in s and _iteration(s), 30,
                         "the dashboard with an iteration counter")
    first = _iteration(text) or 0
    tmux.wait_for(lambda s: (_iteration(s) or 0) > first, 15, "the counter advance")


def test_ctrl_c_in_the_dashboard_quits_with_130(term: Tmux, tmp_path: Path) -> None:
    status, pid = _start(term, tmp_path, "run optimizer-race --set iterations=100000")
    _wait_running(term)
    term("send-keys", "-t", term.target, "C-c")
    code, _took = _exit_status(status, pid)
    assert code == 130


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_quits_the_dashboard_cleanly(term: Tmux, tmp_path: Path,
                                              signum: signal.Signals) -> None:
    status, pid = _start(term, tmp_path, "run optimizer-race --set iterations=100000")
    _wait_running(term)
    os.kill(pid, signum)
    code, _took = _exit_status(status, pid)
    assert code == 128 + signum
    # The terminal is given back: the alternate screen is left, the dashboard is gone.
    screen = term.screen()
    assert "Optimizer race" not in screen and "Pause/Run" not in screen


@pytest.mark.parametrize("how", ["q", "SIGTERM"])
def test_leaving_a_search_in_the_dashboard_leaves_no_worker(term: Tmux, tmp_path: Path,
                                                            how: str) -> None:
    # 3000-epoch trials last far longer than quitting may: the workers must be terminated.
    status, pid = _start(term, tmp_path, "run hparam-search --workers 2 "
                         "--set trials=20 --set epochs=3000")
    deadline = time.monotonic() + 120
    seen: set[int] = set()
    while True:
        seen |= descendants(pid)
        busy = [w for c in children(pid) for w in children(c) if cpu_seconds(w) > 1.0]
        if len(busy) >= 2:
            break
        assert time.monotonic() < deadline, "the search's workers never got busy"
        time.sleep(0.05)
    seen |= descendants(pid)
    if how == "q":
        term("send-keys", "-t", term.target, "q")
    else:
        os.kill(pid, signal.SIGTERM)
    try:
        code, _took = _exit_status(status, pid)
        left = wait_gone(seen, 2.0)
    finally:
        for p in seen:  # never leave a worker running, whatever failed
            if os.path.exists(f"/proc/{p}"):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
    assert code == (0 if how == "q" else 143)
    assert left == set(), f"still running after exit: {left}"
