"""Seeking a replay (`nntui.runs.replay.snapshot_at`) shows exactly what the live run showed
at that iteration: the optimizer path up to and including it, the histograms refreshed at
or before it, and a divergence only from the iteration it happened."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.pipeline.drive import TrainingDriver
from nntui.presets import PRESETS
from nntui.runs.replay import snapshot_at


@pytest.fixture(scope="module")
def paths_run() -> Snapshot:
    preset = PRESETS["optimizer-paths"]
    run = preset.build(preset.resolve(overrides={"steps": "30"}))
    assert TrainingDriver(run).loop()
    return run.snapshot()


@pytest.mark.parametrize("k", [0, 1, 17, 29])
def test_an_optimizer_path_seeked_to_k_has_its_first_k_plus_1_points(paths_run: Snapshot,
                                                                     k: int) -> None:
    seeked = snapshot_at(paths_run, k)
    assert seeked.iteration == k
    for live, then in zip(paths_run.series, seeked.series, strict=True):
        assert live.path is not None and then.path is not None
        assert len(then.path) == k + 1  # the start point, then one per update
        np.testing.assert_array_equal(then.path, live.path[: k + 1])
        np.testing.assert_array_equal(then.path[-1], live.path[k])


def _hist(value: int) -> tuple[LayerHistogram, ...]:
    return (LayerHistogram(1, np.array([value, 1]), np.array([0.0, 0.5, 1.0]), 0.1 * value,
                           1.0),)


def _series(diverged: bool = False, last_it: int = 60) -> SeriesSnapshot:
    its = np.arange(0, last_it + 1, 5)
    history = tuple((it, _hist(it)) for it in (0, 20, 40, 60) if it <= last_it)
    evals = np.array([it for it, _ in history])
    accs = {name: np.linspace(0.1, 0.9, len(evals))
            for name in ("train_acc", "val_acc", "test_acc", "val_loss")}
    return SeriesSnapshot("s", loss_it=its, loss=np.linspace(2.0, 0.5, len(its)),
                          eval_it=evals, eval_epoch=evals / 10.0, **accs,
                          histograms=history[-1][1], histogram_history=history,
                          diverged=diverged)


def _final(*series: SeriesSnapshot) -> Snapshot:
    return Snapshot(iteration=60, total=60, epoch=6.0, elapsed_s=6.0, samples_per_s=1.0,
                    done=True, series=series)


@pytest.mark.parametrize(("k", "shown"), [(0, 0), (19, 0), (20, 20), (39, 20), (40, 40),
                                          (59, 40)])
def test_seeking_to_a_histogram_refresh_shows_that_refresh(k: int, shown: int) -> None:
    seeked = snapshot_at(_final(_series()), k).series[0]
    assert seeked.histograms[0].counts.tolist() == [shown, 1]
    assert [it for it, _ in seeked.histogram_history] == [0, 20, 40, 60][: shown // 20 + 1]


def test_a_diverged_series_is_flagged_only_from_its_last_recorded_iteration() -> None:
    # Diverged at iteration 30 (its loss stops there); the other series goes on to 60.
    final = _final(_series(diverged=True, last_it=30), _series())
    flags = {k: snapshot_at(final, k).series[0].diverged for k in (0, 25, 29, 30, 45, 60)}
    assert flags == {0: False, 25: False, 29: False, 30: True, 45: True, 60: True}
    assert not any(snapshot_at(final, k).series[1].diverged for k in (0, 30, 59))


def test_the_restored_point_of_an_early_stop_shows_once_the_replay_reaches_it() -> None:
    stopped = replace(_series(), best_it=40, stopped_early=True)
    final = _final(stopped)
    assert [snapshot_at(final, k).series[0].best_it for k in (20, 39, 40, 55)] == [
        None, None, 40, 40]
