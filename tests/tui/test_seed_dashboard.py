"""The dashboard runs a K-seed preset as it runs one seed: it trains every seed to the end,
draws the seeds' mean curves over their min-max bands, and its export keeps every seed."""

from __future__ import annotations

import json

import numpy as np

from nntui.core.band import mean_sd
from nntui.core.seeds import SeedRun
from nntui.tui import seed_views
from nntui.tui.screens.report import ReportScreen
from nntui.tui.widgets.line_plot import LinePlot
from tests.tui.helpers import screen_text, sync, wait_for

TINY = {"epochs": 3, "hidden": "20,20", "seeds": 3}


@sync
async def test_a_k_seed_run_trains_every_seed_and_draws_their_mean(tmp_path, dashboard) -> None:
    out = tmp_path / "run"
    async with dashboard("dropout", seed=4, out=out, **TINY) as (pilot, dash):
        app = dash.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=30)
        run = dash.source.run
        assert isinstance(run, SeedRun) and all(r.done for r in run.runs)
        snap = run.snapshot()
        assert snap.seeds == (4, 5, 6)
        await pilot.pause(0.3)  # a frame after the end
        # dropout leads with the gap over time: each series' seeds' mean gap over its band
        drawn = {s.name: s for s in dash.query_one("#panel-gap", LinePlot).series}
        for s in snap.series:
            mean_gap = s.band.train_acc.mean(axis=0) - s.band.test_acc.mean(axis=0)
            np.testing.assert_allclose(drawn[s.name].y, mean_gap, rtol=1e-12)
            assert not np.allclose(drawn[s.name].y,
                                   s.band.train_acc[0] - s.band.test_acc[0])
        for panel in ("#panel-gap", "#panel-accuracy"):  # a band under each mean
            bands = dash.query_one(panel, LinePlot).overlays["bands"].bands
            assert len(bands) == len(snap.series)
        gap = dash.query_one("#panel-gap", LinePlot).overlays["bands"].bands
        for s, band in zip(snap.series, gap):
            np.testing.assert_allclose(band.hi, (s.band.train_acc - s.band.test_acc).max(axis=0))
        acc = dash.query_one("#panel-accuracy", LinePlot).overlays["bands"].bands
        for s, band in zip(snap.series, acc):
            np.testing.assert_array_equal(band.lo, s.band.test_acc.min(axis=0))
            np.testing.assert_array_equal(band.hi, s.band.test_acc.max(axis=0))
        assert "░" in screen_text(app)
        assert "Dropout against overfitting · digits · seeds 4–6" in screen_text(app)
        # The table counts each technique's wins; the report gives mean ± sd and the claims
        table = dash.query_one("#panel-table")
        _first, columns, _labels, cells = table._key
        assert columns[-1] == "wins: gap"
        names = [s.name for s in snap.series]
        wins = seed_views.wins_column(snap, dash.preset.claims_for("digits"))[1]
        assert [row[-1] for row in cells] == wins and wins[names.index("dropout")].endswith(" of 3")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=30)
        await pilot.pause(0.3)
        text = screen_text(app)
        rep = dash.report
        for r in rep.series:
            _mean, sd = mean_sd(r.per_seed)
            assert f"{r.test_acc:.4f} ± {sd:.4f}" in text
        assert "look-for, measured on this run" in text and "of 3 seeds" in text
        await pilot.press("escape")
        await pilot.pause(0.2)
        await pilot.press("e")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seeds"] == [4, 5, 6]
    assert (out / "seed_metrics.csv").read_text().startswith("seed,series,")


@sync
async def test_the_settings_form_sets_how_many_seeds_a_run_trains() -> None:
    from nntui.presets import get_preset
    from nntui.tui.app import NNTuiApp
    from nntui.tui.screens.dashboard import DashboardScreen
    from nntui.tui.screens.settings import SettingsScreen

    preset = get_preset("dropout")
    app = NNTuiApp(presets={preset.name: preset}, frozen_clock=True, auto_report=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen)
        inputs = form.inputs()
        default = preset.resolve(dataset=preset.default_dataset)["seeds"]
        assert inputs["seeds"].value == str(default) and default > 1
        inputs["seeds"].value = "2"
        inputs["epochs"].value = "2"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        dash = app.screen
        await wait_for(pilot, lambda: dash.state == "done", timeout=30)
        assert dash.config["seeds"] == 2
        assert dash.source.run.snapshot().seeds == (0, 1)
        await pilot.press("q")


@sync
async def test_the_head_of_a_k_seed_run_names_its_seeds_in_japanese(dashboard) -> None:
    async with dashboard("dropout", seed=2, lang="ja", **TINY) as (pilot, dash):
        await pilot.pause(0.2)
        head = screen_text(dash.app).splitlines()[0]
        assert head.strip() == "Dropout で過学習を抑制 · digits · シード 2〜4", head
        await pilot.press("x")
    async with dashboard("dropout", seed=2, lang="ja", **{**TINY, "seeds": 1}) as (pilot, dash):
        await pilot.pause(0.2)
        assert screen_text(dash.app).splitlines()[0].strip().endswith("· シード 2")
        await pilot.press("x")
