"""The live `--demo-clock` in a real terminal: the same screens, in the same order, from the
first frame, however busy the machine (`frame_gate.FramePacer`); and it still ends
promptly when quit mid-run or when its terminal goes away.

The real `nntui run` draws on a pseudo-terminal of its own (80x24, a fixed environment,
no history); `tests.tui.pty_screens` reads it as a terminal does (pyte), one screen per
synchronized update, consecutive duplicates collapsed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.procs import descendants, is_running, wait_gone
from tests.tui.pty_screens import (
    PtyRecorder,
    Recording,
    Screen,
    first_difference,
    record_whole_run,
    text,
)

ITERATIONS = 40  # one iteration a frame: 41 frames, about 4 s at 10 frames a second
# Test accuracy every 10 iterations: frames that a step's evaluation must reach in time.
ARGS = ("run", "optimizer-race", "--seed", "3", "--demo-clock", "--no-history",
        "--set", "eval_every=10", "--set", f"iterations={ITERATIONS}")
#: Longest a run (or a quit) may take here, on two cores shared with the rest of the suite.
RUN_LIMIT_S = 90.0
QUIT_LIMIT_S = 5.0
STATUS = re.compile(r"(?:▶ running|✔ done)\s+it (\d+)/(\d+)")


def iteration(screen: Screen) -> int | None:
    """The iteration a screen's status line shows (None: none shown)."""
    for row in text(screen):
        m = STATUS.search(row)
        if m:
            return int(m.group(1))
    return None


def _record(folder: Path, loaded: bool) -> Recording:
    """One whole run, quit with q once its last screen is up."""
    return record_whole_run(ARGS, folder, loaded=loaded, limit_s=RUN_LIMIT_S,
                            quit_s=QUIT_LIMIT_S)


def test_two_live_demo_clock_runs_draw_the_same_screens_from_the_first(tmp_path) -> None:
    quiet = _record(tmp_path / "quiet", loaded=False)
    loaded = _record(tmp_path / "loaded", loaded=True)
    assert quiet.returncode == loaded.returncode == 0
    assert quiet.unmarked == 0  # every screen update came whole, between its markers
    same = quiet.screens == loaded.screens  # (pytest's own diff of 40 screens is unreadable)
    assert same, first_difference(quiet.screens, loaded.screens)
    # Every frame once, in order, none skipped or drawn twice: the first screen already
    # shows the built run at iteration 0, the last the ended run (then its footer changes).
    shown = [iteration(s) for s in quiet.screens]
    assert shown == [*range(ITERATIONS + 1), ITERATIONS], shown
    assert "▶ running" in "".join(text(quiet.screens[0]))


@pytest.mark.parametrize("how", ["q", "hang-up"])
def test_a_demo_clock_run_ends_promptly_mid_run(tmp_path, how: str) -> None:
    """The worker waits for the screen's frames; quitting, or a terminal that went away,
    must not leave it (or the app) waiting for a screen that is gone."""
    args = [*ARGS[:-1], "iterations=3000"]  # 10 steps a frame: far from done when it stops
    recorder = PtyRecorder(args, tmp_path)
    try:
        deadline = time.monotonic() + RUN_LIMIT_S
        while not any((iteration(s) or 0) >= 50 for s in recorder.out.screens[-1:]):
            assert recorder.pump(0.1) and time.monotonic() < deadline, "no frames came"
        tree = descendants(recorder.proc.pid) | {recorder.proc.pid}
        began = time.monotonic()
        if how == "q":
            recorder.press(b"q")
            rec = recorder.record(QUIT_LIMIT_S)
            assert rec.returncode == 0
            assert iteration(rec.screens[-1]) is not None  # it quit from a running frame
        else:
            recorder.hang_up()
            recorder.proc.wait(timeout=QUIT_LIMIT_S)
        took = time.monotonic() - began
        assert took < QUIT_LIMIT_S, took
        assert not wait_gone(tree, 2.0), "a process was left behind"
        assert not is_running(recorder.proc.pid)
    finally:
        recorder.close()
