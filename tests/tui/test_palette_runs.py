"""The run history in the command palette (`tui.palette.RunCommands`): a past run found by
part of its id or its preset, replayed, compared with the last run (from the picker) or
with the run on screen (from a live dashboard), shown in the Runs screen; the right run
each time (a swapped id fails)."""

from __future__ import annotations

import io

import numpy as np

from nntui.headless.run import run_headless
from nntui.pipeline.saved import load_saved
from nntui.runs.history import RunRecord, records, short_ids
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.runs import RunsScreen
from nntui.tui.sources import CompareSource
from nntui.tui.sources.replay import ReplaySource
from tests.tui.helpers import open_dashboard, sync, wait_for
from tests.tui.test_palette import palette


def kept(preset: str, **settings: str) -> RunRecord:
    """One finished headless run, kept in the history; its record."""
    code = run_headless(preset, overrides={"iterations": "12", **settings},
                        stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    return records()[0]


def opened(app: NNTuiApp, kind: type) -> bool:
    return isinstance(app.screen, DashboardScreen) and isinstance(app.screen.source, kind)


@sync
async def test_a_past_run_is_found_by_id_or_preset_and_replayed_or_compared() -> None:
    slow = kept("overfit-one-batch", lr="0.01")
    fast = kept("overfit-one-batch", lr="0.3")
    last = kept("overfit-one-batch", lr="0.1")
    shorts = short_ids(r.id for r in records())
    app = NNTuiApp(frozen_clock=True, auto_report=False)
    async with app.run_test(size=(120, 30)) as pilot:
        listed = await palette(pilot, shorts[slow.id])
        assert f"Replay run {shorts[slow.id]} · overfit-one-batch" in listed
        assert f"Show run {shorts[slow.id]} · overfit-one-batch in your runs" in listed
        assert f"Replay run {shorts[fast.id]}" not in listed
        await pilot.press("escape")
        await palette(pilot, f"replay run {shorts[fast.id]}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: opened(app, ReplaySource))
        dash = app.screen
        assert dash.config["lr"] == 0.3  # the run typed, not another
        saved = load_saved(fast.folder)
        saved.run.seek(saved.run.end)
        shown = dash.source.replay
        shown.seek(shown.end)
        assert np.array_equal(shown.final.series[0].loss, saved.run.final.series[0].loss)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, DashboardScreen))
        listed = await palette(pilot, f"compare run {shorts[slow.id]}")
        assert (f"Compare run {shorts[slow.id]} · overfit-one-batch with the last run "
                f"({shorts[last.id]})") in listed
        await pilot.press("enter")
        await wait_for(pilot, lambda: opened(app, CompareSource))
        assert app.screen.source.compared.labels == (shorts[slow.id], shorts[last.id])


@sync
async def test_show_run_opens_the_runs_screen_filtered_to_it() -> None:
    first = kept("overfit-one-batch", lr="0.01")
    kept("overfit-one-batch", lr="0.3")
    short = short_ids(r.id for r in records())[first.id]
    app = NNTuiApp(frozen_clock=True, auto_report=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await palette(pilot, f"show run {short}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunsScreen))
        assert [r.id for r in app.screen.shown] == [first.id]
        assert app.screen.highlighted().id == first.id


@sync
async def test_from_a_live_dashboard_a_run_is_compared_with_the_run_on_screen() -> None:
    before = kept("overfit-one-batch", lr="0.01")
    kept("overfit-one-batch", lr="0.2")  # the last run until the dashboard's is kept
    async with open_dashboard("overfit-one-batch", size=(120, 30), iterations=15,
                              lr=0.05) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await wait_for(pilot, lambda: len(records()) == 3 and records()[0].finished)
        now = records()[0]
        shorts = short_ids(r.id for r in records())
        listed = await palette(pilot, f"compare run {shorts[before.id]}")
        assert (f"Compare run {shorts[before.id]} · overfit-one-batch with this run "
                f"({shorts[now.id]})") in listed
        await pilot.press("enter")
        await wait_for(pilot, lambda: opened(pilot.app, CompareSource))
        source = pilot.app.screen.source
        assert source.compared.labels == (shorts[before.id], shorts[now.id])
        assert pilot.app.screen.config["lr"] == 0.01  # the first run's, as compare does
