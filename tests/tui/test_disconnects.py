"""A sample of the disconnect matrix (bench/disconnect.py prints the whole of it): the real
`nntui run` loses its terminal — a pty closed or hung up without a signal, Textual's output
pipe broken, a tmux server killed, an ssh client killed (through a private sshd on
127.0.0.1) — at start-up, mid-run, mid-quit or mid-export, and must exit on time with 129
(0 when `q` came first), its results written, nothing left running.

Each case runs the bench script once in a subprocess (it makes itself a child subreaper to
read the exit code of a process whose tmux or sshd died). The time limit here is 3 s, not
the bench's 2 s: this runs beside the rest of the suite on two busy cores, and what it
guards against is a process that never exits.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.test_e2e_tmux import NNTUI

BENCH = Path(__file__).resolve().parents[2] / "bench" / "disconnect.py"
sys.path.insert(0, str(BENCH.parent))
from disconnect import CASES, SAMPLE  # noqa: E402

pytestmark = pytest.mark.skipif(NNTUI is None, reason="`nntui` is not installed")


def _missing(case: str) -> str | None:
    kind = CASES[case][0]
    if kind == "tmux" and shutil.which("tmux") is None:
        return "tmux is not installed"
    if kind == "ssh" and (shutil.which("ssh") is None
                          or not (shutil.which("sshd") or Path("/usr/sbin/sshd").is_file())):
        return "sshd (openssh-server) is not installed"
    if kind == "pty" and CASES[case][1] in ("revoke", "eio") and not _root():
        return "hanging up a pty (TIOCVHANGUP) needs root"
    return None


def _root() -> bool:
    import os

    return os.geteuid() == 0


@pytest.mark.parametrize(("case", "moment"), SAMPLE, ids=[f"{c}-{m}" for c, m in SAMPLE])
def test_a_lost_terminal_ends_nntui_on_time_with_its_results(case: str, moment: str) -> None:
    if (why := _missing(case)) is not None:
        pytest.skip(why)
    done = subprocess.run([sys.executable, str(BENCH), "--cases", case, "--moments", moment,
                           "--tries", "1", "--load", "0", "--exit-limit", "3", "--json"],
                          capture_output=True, text=True, timeout=240)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 1, done.stdout + done.stderr
    row = rows[0]
    assert row["problems"] == [], row
    assert row["left"] == 0 and row["results"]
    assert row["code"] in ({0, 129} if moment == "mid-quit" else {129})
    assert row["exit_s"] is not None and row["exit_s"] <= 3.0
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
