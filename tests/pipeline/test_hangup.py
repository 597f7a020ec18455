"""A headless run whose terminal hangs up (an SSH link drops): exit code 129, not 120.

The kernel sends SIGHUP; the run writes its results and prints its last lines, and Python
flushes stdout at exit: on the dead terminal each of those writes fails with EIO (and the
failed final flush turns the exit code into 120). `nntui.pipeline.interrupts` points the dead
descriptors at /dev/null first.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.pipeline.test_interrupts import check_run_dir
from tests.procs import OnPty


def test_headless_run_on_a_terminal_that_hangs_up_exits_129_with_its_results(
        tmp_path: Path) -> None:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "TERM": "xterm-256color",
           "LANG": "C.UTF-8"}
    total = 100_000
    term = OnPty.start(["run", "optimizer-race", "--headless", "--set", f"iterations={total}",
                        "--out", "out"], tmp_path, env)
    try:
        term.wait_for(b"loss avg of last", 120)  # the progress bar: provably mid-run
        term.hang_up()
        try:
            code = term.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("no exit within 10 s of the hangup") from None
    finally:
        term.kill()
    assert code == 129
    summary = check_run_dir(tmp_path / "out", total=total)
    assert summary and int(summary["iterations"]) > 0  # type: ignore[call-overload]
