"""Runs of the dashboard go into the run history as headless ones do (one session, one
observer: `nntui.pipeline.history`): finished and stopped; started from the picker too,
unless the app was told `--no-history`; a replay is not a new run."""

from __future__ import annotations

from nntui.pipeline.saved import load_saved
from nntui.runs.history import records
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from tests.tui.conftest import tiny_presets
from tests.tui.helpers import ENDLESS, dashboard_app, iteration, open_dashboard, sync, wait_for


def kept(status: str) -> bool:
    found = records()
    return len(found) == 1 and found[0].status == status


@sync
async def test_a_finished_dashboard_run_is_kept() -> None:
    async with open_dashboard("overfit-one-batch", iterations=20, lr=0.05) as (pilot, dash):
        await wait_for(pilot, lambda: kept("done"), timeout=20)
        (record,) = records()
        assert (record.preset, record.iteration, record.total) == ("overfit-one-batch", 20, 20)
        assert record.changed == {"iterations": "20", "lr": "0.05"}
        # The record is written on the worker as the run ends; the screen hears of it by a
        # message a moment later.
        await wait_for(pilot, lambda: dash.state == "done", timeout=5)


@sync
async def test_a_stopped_dashboard_run_is_kept_at_its_iteration() -> None:
    async with open_dashboard("tiny-race", presets=tiny_presets(), iterations=ENDLESS,
                              speed=3) as (pilot, dash):
        await wait_for(pilot, lambda: iteration(dash) >= 5, timeout=20)
        await pilot.press("x")
        await wait_for(pilot, lambda: kept("stopped"), timeout=20)
        (record,) = records()
        assert record.preset == "tiny-race" and record.total == ENDLESS
        assert record.iteration == iteration(dash) >= 5


@sync
async def test_the_picker_keeps_nothing_when_told_no_history() -> None:
    app = NNTuiApp(presets=tiny_presets(), frozen_clock=True, auto_report=False,
                   history=False)
    app.session.settings["tiny-race"] = {"iterations": 15}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the first preset: its settings form
        await pilot.pause()
        await pilot.press("f5")  # start
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), timeout=10)
        dash = app.screen
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)  # type: ignore[attr-defined]
        await pilot.pause(0.2)
    assert records() == []


@sync
async def test_a_replay_of_a_history_run_is_not_kept_again() -> None:
    async with open_dashboard("overfit-one-batch", iterations=10) as (pilot, _dash):
        await wait_for(pilot, lambda: kept("done"), timeout=20)
    saved = load_saved("last")
    app = dashboard_app(saved.preset, config=saved.config, run=saved.run)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
    assert len(records()) == 1
