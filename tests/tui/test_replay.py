"""Replays: replay.npz round trip, a replay's scrubbing, and `export` = the live final screen."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import numpy as np
import pytest

from nntui.core.errors import UserError
from nntui.pipeline.drive import TrainingDriver
from nntui.runs.replay import REPLAY_FILE, ReplayRun, load_replay, snapshot_at
from nntui.runs.results import write_results
from nntui.tui.render import render_final_svg
from nntui.tui.sources import ReplaySource
from nntui.tui.svg_cells import cell_aligned
from tests.tui.helpers import open_dashboard, screen_text, status, sync, wait_for


def finished_run(presets, tmp_path, iterations: int = 60, seed: int = 2):
    config = presets["tiny-race"].resolve(overrides={"iterations": str(iterations)}, seed=seed)
    run = presets["tiny-race"].build(config)
    assert TrainingDriver(run).loop()
    out = tmp_path / "run"
    write_results(out, config, run.snapshot(), run.report())
    return config, run, out


@asynccontextmanager
async def replay_dashboard(presets, tmp_path, **kw: Any) -> AsyncIterator[tuple[Any, Any, Any]]:
    """`finished_run` saved and reopened as a replay dashboard (`open_dashboard`'s keywords
    in ``kw``): (pilot, dashboard, the run's folder)."""
    _config, _run, out = finished_run(presets, tmp_path)
    preset, config, replay = load_replay(out, presets)
    async with open_dashboard(preset, presets=presets, config=config, run=replay,
                              **kw) as (pilot, dash):
        yield pilot, dash, out


def test_replay_file_round_trips_the_final_snapshot(presets, tmp_path) -> None:
    config, run, out = finished_run(presets, tmp_path)
    assert (out / REPLAY_FILE).is_file()
    loaded_preset, loaded_config, replay = load_replay(out, presets)
    assert loaded_config == config and loaded_preset is presets["tiny-race"]
    live, back = run.snapshot(), replay.final
    assert (back.iteration, back.total, back.done, back.elapsed_s) == (
        live.iteration, live.total, live.done, live.elapsed_s)
    for a, b in zip(live.series, back.series, strict=True):
        assert a.name == b.name
        for name in ("loss_it", "loss", "eval_it", "train_acc", "test_acc", "val_loss"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert len(a.histogram_history) == len(b.histogram_history) >= 2
        for (ia, ha), (ib, hb) in zip(a.histogram_history, b.histogram_history, strict=True):
            assert ia == ib and len(ha) == len(hb)
            for x, y in zip(ha, hb, strict=True):
                np.testing.assert_array_equal(x.counts, y.counts)
                np.testing.assert_array_equal(x.edges, y.edges)
                assert (x.layer, x.mean, x.std) == (y.layer, y.mean, y.std)
        assert a.extra == b.extra
    report = replay.report()
    assert report is not None and [r.name for r in report.series] == ["SGD", "Adam"]
    np.testing.assert_array_equal(report.series[0].confusion, run.report().series[0].confusion)


def test_snapshot_at_shows_what_the_live_run_had_then(presets, tmp_path) -> None:
    _, run, _ = finished_run(presets, tmp_path)
    final = run.snapshot()
    mid = snapshot_at(final, 25)
    assert mid.iteration == 25 and not mid.done
    assert mid.elapsed_s == pytest.approx(final.elapsed_s * 25 / 60)
    s = mid.series[0]
    assert s.loss_it.max() <= 25 and len(s.loss_it) == int((final.series[0].loss_it <= 25).sum())
    assert s.eval_it.tolist() == [0, 10, 20]
    hist_its = [it for it, _ in final.series[0].histogram_history]
    shown = max(it for it in hist_its if it <= 25)
    expected = dict(final.series[0].histogram_history)[shown]
    np.testing.assert_array_equal(s.histograms[0].counts, expected[0].counts)
    assert snapshot_at(final, 60) is final


def test_replay_run_steps_and_seeks_without_computing() -> None:
    from nntui.core.snapshot import SeriesSnapshot, Snapshot

    final = Snapshot(iteration=1000, total=1000, epoch=2.0, elapsed_s=4.0, samples_per_s=1.0,
                     done=True, series=(SeriesSnapshot("a", loss_it=np.arange(1001),
                                                       loss=np.ones(1001)),))
    run = ReplayRun(final)
    assert run.stride == 3 and run.iteration == 0 and not run.done
    run.step()
    assert run.snapshot().iteration == 3 and len(run.snapshot().series[0].loss) == 4
    assert run.seek(5000) == 1000 and run.done
    assert run.seek(-4) == 0


def test_load_replay_refuses_a_folder_without_a_recording(tmp_path) -> None:
    with pytest.raises(UserError, match="no replay.npz"):
        load_replay(tmp_path)
    with pytest.raises(UserError, match="not a run directory"):
        load_replay(tmp_path / "missing")


def test_load_replay_refuses_a_run_of_a_preset_it_does_not_know(presets, tmp_path) -> None:
    _config, _run, out = finished_run(presets, tmp_path)
    with pytest.raises(UserError, match="is a run of 'tiny-race', which this nntui does not"):
        load_replay(out)  # the built-in catalog has no tiny-race
    assert load_replay(out, presets)[0] is presets["tiny-race"]


@sync
async def test_export_svg_equals_the_live_final_screen(presets, tmp_path) -> None:
    out = tmp_path / "live"
    async with open_dashboard("tiny-race", presets=presets, size=(100, 32), iterations=40,
                              seed=5, out=out, frozen_clock=False) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await pilot.pause()
        live_text = screen_text(app)
        live_svg = app.export_screenshot(title="nntui · tiny-race")
        from nntui.tui.export import export_run

        export_run(out, dash.config, dash.source.run.snapshot(), dash.report)
    svg = await render_final_svg(out, (100, 32), presets=presets)
    assert "40/40" in live_text
    # The live screen's SVG, in the export's local font stack and cell by cell (svg_cells).
    assert svg == cell_aligned(live_svg)


@sync
async def test_replay_dashboard_plays_and_scrubs(presets, tmp_path) -> None:
    async with replay_dashboard(presets, tmp_path, size=(100, 30),
                                frozen_clock=False) as (pilot, dash, _out):
        app = pilot.app
        assert isinstance(dash.source, ReplaySource)
        assert "replay" in screen_text(app).splitlines()[0]
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        assert "it 60/60" in status(app)
        await pilot.press("left")
        await wait_for(pilot, lambda: "it 57/60" in status(app))
        await pilot.press("home")
        await wait_for(pilot, lambda: "it 0/60" in status(app))
        await pilot.press("end")
        await wait_for(pilot, lambda: "it 60/60" in status(app))
        await pilot.press("r")  # rewinds: nothing is retrained
        await wait_for(pilot, lambda: "it 0/60" in status(app))
        assert "seed 2" in screen_text(app)
        assert dash.state == "stopped"
        await pilot.press("space")  # plays again from where it stands
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        assert dash.source.run.iteration == 60  # type: ignore[attr-defined]
        await pilot.press("q")


def test_export_command_writes_an_svg_and_refuses_bad_input(tmp_path, monkeypatch,
                                                           presets) -> None:
    from typer.testing import CliRunner

    from nntui.cli.app import app

    _, _, out = finished_run(presets, tmp_path, iterations=20)
    monkeypatch.setattr("nntui.runs.replay.PRESETS", presets)  # the built-in catalog
    result = CliRunner().invoke(app, ["export", str(out), "--svg", str(tmp_path / "x.svg"),
                                      "--size", "90x30"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.svg").read_text().startswith("<svg")
    bad = CliRunner().invoke(app, ["export", str(out), "--svg", "y.svg", "--size", "90"])
    assert bad.exit_code == 2 and "--size must look like 120x40" in bad.output
    missing = CliRunner().invoke(app, ["export", str(tmp_path / "nope"), "--svg", "y.svg"])
    assert missing.exit_code == 2 and "not a run directory" in missing.output
    assert json.loads((out / "config.json").read_text())["preset"] == "tiny-race"


@sync
async def test_leaving_a_replay_asks_nothing(presets, tmp_path) -> None:
    # A replay trains nothing and loses nothing: no 「学習を中断しますか？」 over it.
    from nntui.tui.screens.confirm import ConfirmLeave

    async with replay_dashboard(presets, tmp_path, size=(100, 30),
                                lang="ja") as (pilot, dash, _out):
        app = pilot.app
        await pilot.pause(0.2)
        assert dash.state in ("running", "done")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not dash)
        assert not isinstance(app.screen, ConfirmLeave)
