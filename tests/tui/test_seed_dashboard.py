"""The dashboard runs a K-seed preset as it runs one seed: it trains every seed to the end,
draws the seeds' mean curves, and its export keeps every seed (bands come later)."""

from __future__ import annotations

import json

import numpy as np

from nntui.core.seeds import SeedRun
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
        drawn = {s.name: s for s in dash.query_one("#panel-loss", LinePlot).series}
        for s in snap.series:  # the raw curve under the smoothed one: the seeds' mean
            raw = drawn[s.name + " raw"]
            np.testing.assert_allclose(raw.y, s.band.loss.mean(axis=0), rtol=1e-12)
            assert not np.array_equal(raw.y, s.band.loss[0])
        assert "Dropout against overfitting" in screen_text(app)
        # The head names the seeds the curves average (as headless does), not only the first.
        assert "Dropout against overfitting · digits · seeds 4–6" in screen_text(app)
        await pilot.press("e")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seeds"] == [4, 5, 6]
    assert (out / "seed_metrics.csv").read_text().startswith("seed,series,")


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
