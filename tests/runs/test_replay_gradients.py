"""Replays keep a run's gradient statistics (issue 24): replay.npz holds every series'
per-layer ‖∂L/∂W‖ and ‖ΔW‖/‖W‖ and its gradient and weight histograms, so a replay (and a
history run) draws the gradient-flow panel and `w`'s heatmaps; seeking to iteration k
shows the records taken up to step k, as the live run had them then."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.pipeline.drive import TrainingDriver
from nntui.presets import PRESETS
from nntui.runs.replay import load_replay, snapshot_at
from nntui.runs.results import write_results


@pytest.fixture(scope="module")
def init_run(tmp_path_factory: pytest.TempPathFactory):
    preset = PRESETS["init-compare"]
    config = preset.resolve(overrides={"iterations": "300"}, seed=4)
    run = preset.build(config, compute=preset.view.compute())  # as the dashboard runs it
    assert TrainingDriver(run).loop()
    out = tmp_path_factory.mktemp("replay") / "run"
    write_results(out, config, run.snapshot(), run.report())
    return run.snapshot(), out


def _same_histories(a, b) -> None:
    assert [it for it, _ in a] == [it for it, _ in b]
    for (_, ha), (_, hb) in zip(a, b, strict=True):
        for x, y in zip(ha, hb, strict=True):
            assert (x.layer, x.mean, x.std) == (y.layer, y.mean, y.std)
            np.testing.assert_array_equal(x.counts, y.counts)
            np.testing.assert_array_equal(x.edges, y.edges)


def test_replay_file_keeps_every_gradient_statistic(init_run) -> None:
    live, out = init_run
    _, _, replay = load_replay(out)
    for a, b in zip(live.series, replay.final.series, strict=True):
        assert len(a.grad_it) >= 3 and a.grad_norm.shape == (len(a.grad_it), 5)
        np.testing.assert_array_equal(a.grad_it, b.grad_it)
        np.testing.assert_array_equal(a.grad_norm, b.grad_norm)
        np.testing.assert_array_equal(a.update_ratio, b.update_ratio)
        assert len(a.grad_histogram_history) == len(a.grad_it)
        _same_histories(a.grad_histogram_history, b.grad_histogram_history)
        _same_histories(a.weight_histogram_history, b.weight_histogram_history)
    # Norms and ratios are not stored in each other's place (distinct arrays in the file).
    s = replay.final.series[0]
    assert not np.array_equal(s.grad_norm, s.update_ratio)


def _hist(value: int) -> tuple[LayerHistogram, ...]:
    return (LayerHistogram(1, np.array([value, 1]), np.array([0.0, 0.5, 1.0]), 0.0, 1.0),)


def _final() -> Snapshot:
    steps = np.array([0, 19, 39, 59])  # the first step, then the step before each refresh
    s = SeriesSnapshot(
        "s", loss_it=np.arange(60), loss=np.linspace(2.0, 0.5, 60),
        grad_it=steps, grad_norm=np.column_stack([steps + 1.0, steps + 2.0]),
        update_ratio=np.column_stack([steps * 1e-3, steps * 2e-3]),
        grad_histogram_history=tuple((int(k), _hist(int(k))) for k in steps),
        weight_histogram_history=tuple((int(k), _hist(int(k) + 100)) for k in steps))
    return Snapshot(iteration=60, total=60, epoch=6.0, elapsed_s=6.0, samples_per_s=1.0,
                    done=True, series=(s,))


@pytest.mark.parametrize(("k", "shown"), [(0, [0]), (18, [0]), (19, [0, 19]), (38, [0, 19]),
                                          (39, [0, 19, 39]), (58, [0, 19, 39])])
def test_seeking_to_k_shows_the_gradient_records_up_to_k(k: int, shown: list[int]) -> None:
    s = snapshot_at(_final(), k).series[0]
    assert s.grad_it.tolist() == shown
    assert s.grad_norm[:, 0].tolist() == [x + 1.0 for x in shown]
    assert s.update_ratio[:, 1].tolist() == [x * 2e-3 for x in shown]
    assert [it for it, _ in s.grad_histogram_history] == shown
    assert s.grad_histogram_history[-1][1][0].counts[0] == shown[-1]
    assert [h[0].counts[0] for _, h in s.weight_histogram_history] == [x + 100 for x in shown]
