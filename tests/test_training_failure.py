"""An exception inside training (injected into one step): headless and dashboard.

Headless: one line naming the preset and the iteration, exit code 1, and with --out the
results so far plus summary.json "failed" and traceback.txt. Dashboard: the same line in
the status bar and a notice, the app stays usable (back to the picker, start again), and
`e` records the failure in the run directory.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from nntui.core.experiment import Experiment
from nntui.headless.run import run_headless
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.picker import PickerScreen
from tests.tui.conftest import tiny_presets
from tests.tui.helpers import dashboard_app, status_of, sync, wait_for


def inject(monkeypatch: pytest.MonkeyPatch, at: int) -> None:
    """Experiment step `at` (0-based, i.e. iteration at+1) raises ValueError."""
    real = Experiment._advance

    def advance(self: Experiment, it: int) -> None:
        if it == at:
            raise ValueError("injected fault\nsecond line")
        real(self, it)

    monkeypatch.setattr(Experiment, "_advance", advance)


def test_headless_names_preset_and_iteration_and_records_the_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inject(monkeypatch, at=7)
    out = tmp_path / "out"
    stderr = io.StringIO()
    code = run_headless("optimizer-race", overrides={"iterations": "30"}, out=out,
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 1
    assert stderr.getvalue() == (
        "nntui: optimizer-race failed in iteration 8 of 30: ValueError: injected fault "
        f"(results so far and traceback.txt in {out})\n")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failed"] == {"iteration": 8, "total": 30,
                                 "error": "ValueError: injected fault"}
    assert summary["iterations"] == 7  # the steps that completed
    trace = (out / "traceback.txt").read_text()
    assert trace.startswith("Traceback (most recent call last):")
    assert "in advance" in trace and trace.rstrip().endswith("second line")
    rows = (out / "metrics.csv").read_text().splitlines()
    assert max(int(r.split(",")[1]) for r in rows[1:]) == 6  # losses of steps 0..6


def test_headless_failure_without_out_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    inject(monkeypatch, at=0)
    stderr = io.StringIO()
    code = run_headless("optimizer-race", overrides={"iterations": "30"},
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 1
    assert stderr.getvalue() == (
        "nntui: optimizer-race failed in iteration 1 of 30: ValueError: injected fault\n")


def test_a_run_that_did_not_fail_has_no_failed_key(tmp_path: Path) -> None:
    out = tmp_path / "ok"
    assert run_headless("optimizer-race", overrides={"iterations": "5"}, out=out,
                        stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert "failed" not in json.loads((out / "summary.json").read_text())
    assert not (out / "traceback.txt").exists()


@sync
async def test_dashboard_shows_the_failure_and_stays_usable(tmp_path: Path) -> None:
    presets = tiny_presets()
    mp = pytest.MonkeyPatch()
    inject(mp, at=11)
    out = tmp_path / "run"
    app = dashboard_app("tiny-race", presets=presets, iterations=40, out=out)
    expected = "tiny-race failed in iteration 12 of 40: ValueError: injected fault"
    try:
        async with app.run_test(size=(140, 30)) as pilot:
            dash = app.screen
            assert isinstance(dash, DashboardScreen)
            await wait_for(pilot, lambda: dash.state == "failed", timeout=10)
            assert expected in status_of(dash)
            # The notice is posted as a message: it may land a frame after the state.
            await wait_for(pilot, lambda: any(expected in str(n.message)
                                              for n in app._notifications))
            assert dash.source.driver is not None and not dash.source.driver.running
            await pilot.press("e")  # the run so far, with the failure recorded
            await wait_for(pilot, lambda: (out / "traceback.txt").exists())
            summary = json.loads((out / "summary.json").read_text())
            assert summary["failed"]["iteration"] == 12 and summary["iterations"] == 11
            assert "injected fault" in (out / "traceback.txt").read_text()
            # Still usable: back to the picker, and a run starts and finishes again.
            mp.undo()
            await pilot.press("escape")
            assert isinstance(app.screen, PickerScreen)
            await pilot.press("enter")
            again = app.screen
            assert isinstance(again, DashboardScreen) and again is not dash
            await wait_for(pilot, lambda: again.state == "done", timeout=20)
            assert "failed" not in status_of(again)
    finally:
        mp.undo()
