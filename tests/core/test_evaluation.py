"""Evaluation during a run: live points on a fixed subset, the full sets at the end,
histograms only where shown and at a capped cadence (nntui.core.evaluate, Experiment)."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.evaluate import SPARSE_EPS, accuracy, even_subset, predict_labels, weight_stats
from nntui.core.experiment import Experiment, TrainSettings
from nntui.core.network import Network, NetworkConfig
from tests.core.test_experiment import blobs, run_to_end, specs


def test_even_subset_spreads_k_indices_over_the_whole_range() -> None:
    idx = even_subset(10_000, 2_000)
    assert idx is not None and idx.shape == (2_000,)
    assert idx[:3].tolist() == [0, 5, 10] and idx[-1] == 9_995
    assert np.all(np.diff(idx) == 5)  # evenly spaced, increasing, no repeats
    assert even_subset(7, 3).tolist() == [0, 2, 4]  # type: ignore[union-attr]
    # Every row when the subset would be the whole set, or when there is no limit.
    assert even_subset(300, 2_000) is None and even_subset(300, 300) is None
    assert even_subset(300, None) is None
    with pytest.raises(ValueError, match="at least one"):
        even_subset(10, 0)


def _exp(**kw: object) -> tuple[Experiment, np.ndarray]:
    """SGD + Adam on blobs with 400 test samples; live points on 100 of them."""
    ds = blobs(n_train=300, n_test=400, seed=2)
    settings = TrainSettings(32, 60, 20, seed=0, eval_live_train=50, eval_live_test=100, **kw)
    return Experiment(ds, specs(SGD=0.05, Adam=0.01), settings), ds


def test_live_points_use_the_subset_and_the_last_point_the_full_sets() -> None:
    exp, ds = _exp()
    test_idx, train_idx = even_subset(400, 100), even_subset(300, 50)
    for _ in range(20):
        exp.step()  # iteration 20: a live evaluation
    net = exp.network("SGD")
    live = exp.snapshot().series[0]
    assert live.eval_it.tolist() == [0, 20]
    assert live.test_acc[-1] == net.accuracy(ds.x_test[test_idx], ds.t_test[test_idx])
    assert live.train_acc[-1] == net.accuracy(ds.x_train[train_idx], ds.t_train[train_idx])
    run_to_end(exp)
    snap = exp.snapshot()
    report = exp.report()
    assert report is not None
    for s, r in zip(snap.series, report.series, strict=True):
        net = exp.network(s.name)
        full_test = net.accuracy(ds.x_test, ds.t_test)
        assert s.eval_it.tolist() == [0, 20, 40, 60]
        assert s.test_acc[-1] == full_test == r.test_acc  # the report reuses the final pass
        assert s.train_acc[-1] == net.accuracy(ds.x_train, ds.t_train)
        assert r.confusion.sum() == 400


def test_the_snapshot_says_when_test_points_use_a_subset() -> None:
    exp, _ = _exp()
    snap = exp.snapshot()
    assert snap.test_subset == (100, 400)
    assert snap.test_subset_note() == "on 100 of 400 (full set at the end)"
    run_to_end(exp)
    assert exp.snapshot().test_subset_note() == "on 100 of 400 (last point: full set)"
    # A live subset as large as the test split is no subset: nothing to say.
    whole = Experiment(blobs(n_test=400), specs(SGD=0.05), TrainSettings(32, 10, 5))
    assert whole.snapshot().test_subset is None and whole.snapshot().test_subset_note() == ""


def test_thousands_are_grouped_in_the_note() -> None:
    from dataclasses import replace

    snap = replace(_exp()[0].snapshot(), test_subset=(2_000, 10_000))
    assert snap.test_subset_note() == "on 2,000 of 10,000 (full set at the end)"


def test_without_live_histograms_they_appear_only_at_the_end() -> None:
    exp, _ = _exp(live_histograms=False)
    for _ in range(40):
        exp.step()
    assert all(s.histograms == () for s in exp.snapshot().series)
    assert all("sparsity" in s.extra for s in exp.snapshot().series)  # tables stay live
    run_to_end(exp)
    assert all(len(s.histograms) == 2 for s in exp.snapshot().series)


def test_live_histograms_are_refreshed_at_a_capped_cadence() -> None:
    # 60 iterations, an evaluation every 5; at least 25 iterations between live updates:
    # iterations 0, 25, 50, then the final one (60).
    exp = Experiment(blobs(), specs(SGD=0.05), TrainSettings(
        32, 60, 5, seed=0, stats_every=25))
    changed_at = []
    last = exp.snapshot().series[0].histograms
    while not exp.done:
        exp.step()
        h = exp.snapshot().series[0].histograms
        if h is not last:
            changed_at.append(exp.iteration)
            last = h
    assert changed_at == [25, 50, 60]


def test_results_do_not_depend_on_the_inference_chunk_size() -> None:
    exp, ds = _exp()
    run_to_end(exp)
    net = exp.network("Adam")
    whole = predict_labels(net, ds.x_test, chunk=10_000)
    assert np.array_equal(predict_labels(net, ds.x_test, chunk=7), whole)
    assert accuracy(whole, ds.t_test) == net.accuracy(ds.x_test, ds.t_test)
    assert np.isnan(accuracy(whole[:0], ds.t_test[:0]))


class _Acts:
    """A stand-in network whose hidden activations are given."""

    def __init__(self, acts: list[np.ndarray]) -> None:
        self.acts = acts

    def hidden_activations(self, probe: np.ndarray) -> list[np.ndarray]:
        return self.acts


def test_histograms_match_numpy_and_drop_non_finite_values() -> None:
    from nntui.core.evaluate import histograms

    rng = np.random.default_rng(0)
    relu = np.maximum(rng.standard_normal((500, 100)), 0).astype(np.float32)
    wild = rng.standard_normal((500, 100)).astype(np.float32)
    wild[0, :3] = [np.nan, np.inf, -np.inf]
    dead = np.zeros((500, 100), dtype=np.float32)
    got = histograms(_Acts([relu, wild, dead]), relu, 30)  # type: ignore[arg-type]
    assert [h.layer for h in got] == [1, 2, 3]
    for a, h in zip((relu, wild), got, strict=False):
        f = a.ravel().astype(np.float64)
        f = f[np.isfinite(f)]
        counts, edges = np.histogram(f, 30, range=(f.min(), f.max()))
        assert h.counts.tolist() == counts.tolist() and h.counts.dtype == np.int64
        assert np.allclose(h.edges, edges) and h.edges.dtype == np.float64
        assert h.mean == pytest.approx(f.mean(), abs=1e-12)
        assert h.std == pytest.approx(f.std(), abs=1e-12)
    assert got[1].counts.sum() == 50_000 - 3
    # A collapsed layer: one full bar around its single value.
    assert got[2].counts.sum() == 50_000 and got[2].edges[[0, -1]].tolist() == [-0.5, 0.5]


def test_weight_stats_over_every_weight_matrix() -> None:
    net = Network(NetworkConfig(20, (10, 8), 3, batch_norm=True), np.random.default_rng(0))
    ws = net.weight_matrices()
    ws[0][:4] = 0.0  # 40 exact zeros in W1 (20 x 10)
    ws[2][0, 0] = 5e-4  # one more below SPARSE_EPS, in W3
    stats = weight_stats(net)
    total = sum(w.size for w in ws)
    small = sum(int(np.count_nonzero(np.abs(w) < SPARSE_EPS)) for w in ws)
    assert small >= 41 and stats["sparsity"] == small / total
    assert stats["sparsity_W1"] == np.count_nonzero(np.abs(ws[0]) < SPARSE_EPS) / ws[0].size
    every = np.concatenate([w.ravel() for w in ws]).astype(np.float64)
    # Gammas and biases are not weights: only the three matrices count.
    assert stats["weight_norm"] == pytest.approx(float(np.sqrt(every @ every)), rel=1e-6)
