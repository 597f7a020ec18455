"""Experiment: lockstep training, determinism, divergence, early stopping, snapshots."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nntui.core.data import Dataset
from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.network import NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.run import Run


def blobs(n_train: int = 300, n_val: int = 60, n_test: int = 100, seed: int = 0) -> Dataset:
    """Three well-separated Gaussian blobs in 2-D: learnable in a few dozen steps."""
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])

    def make(n: int) -> tuple[np.ndarray, np.ndarray]:
        t = rng.integers(0, 3, n)
        x = centers[t] + 0.4 * rng.standard_normal((n, 2))
        return x.astype(np.float32), t.astype(np.int64)

    (xa, ta), (xv, tv), (xt, tt) = make(n_train), make(n_val), make(n_test)
    return Dataset("blobs", xa, ta, xv, tv, xt, tt, (2,), ("a", "b", "c"))


NET = NetworkConfig(input_size=2, hidden_sizes=(16, 16), output_size=3)


def specs(**lrs: float) -> list[SeriesSpec]:
    return [
        SeriesSpec(name, NET, OptimizerConfig(name=name.lower(), lr=lr))
        for name, lr in lrs.items()
    ]


def run_to_end(exp: Experiment) -> None:
    while not exp.done:
        exp.step()


def test_experiment_is_a_run_and_learns() -> None:
    exp = Experiment(blobs(), specs(SGD=0.1, Adam=0.01), TrainSettings(32, 200, 50, seed=1))
    assert isinstance(exp, Run)
    first = exp.snapshot()
    assert first.iteration == 0 and not first.done
    assert [s.name for s in first.series] == ["SGD", "Adam"]
    assert len(first.series[0].eval_it) == 1  # the starting point is evaluated
    run_to_end(exp)
    snap = exp.snapshot()
    assert snap.done and snap.iteration == 200 and snap.fraction == 1.0
    for s in snap.series:
        assert s.loss.shape == (200,) and s.loss_it.tolist() == list(range(200))
        assert s.eval_it.tolist() == [0, 50, 100, 150, 200]
        assert s.final_loss() < s.loss[:10].mean() / 3  # the loss fell a lot
        assert s.last_test_acc > 0.9 and s.last_val_acc > 0.9
        assert len(s.histograms) == 2  # one per hidden layer
        for h in s.histograms:
            assert h.counts.sum() == 300 * 16  # probe batch (all 300 rows) x layer width
            assert h.edges.shape == (31,)
        assert s.boundary is not None and s.boundary.shape == (24, 48)
        assert set(np.unique(s.boundary)) == {0, 1, 2}  # all three classes get a region
    assert snap.boundary_extent is not None and snap.points is not None
    assert snap.samples_per_s > 0


def test_same_seed_bit_identical_different_seed_differs() -> None:
    def losses(seed: int) -> np.ndarray:
        exp = Experiment(blobs(), specs(SGD=0.1, Momentum=0.05), TrainSettings(16, 60, 20, seed))
        run_to_end(exp)
        snap = exp.snapshot()
        return np.concatenate([s.loss for s in snap.series] + [s.test_acc for s in snap.series])

    a, b, c = losses(7), losses(7), losses(8)
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, c)


def test_series_share_batches_so_identical_specs_match() -> None:
    """Two series with the same spec start from the same weights and see the same batches,
    so they match bit for bit; a series alone sees exactly what it saw beside its twin."""
    spec = specs(SGD=0.1)[0]
    twin = SeriesSpec("SGD2", spec.network, spec.optimizer)
    exp = Experiment(blobs(), [spec, twin], TrainSettings(16, 30, 10, seed=3))
    run_to_end(exp)
    s1, s2 = exp.snapshot().series
    assert s1.loss.tobytes() == s2.loss.tobytes()
    solo = Experiment(blobs(), [spec], TrainSettings(16, 30, 10, seed=3))
    run_to_end(solo)
    np.testing.assert_array_equal(solo.snapshot().series[0].loss, s1.loss)
    # A different seed is a different start (the shared init is per seed, not constant).
    other = Experiment(blobs(), [spec], TrainSettings(16, 30, 10, seed=4))
    run_to_end(other)
    assert not np.array_equal(other.snapshot().series[0].loss, s1.loss)


def test_a_technique_series_starts_from_the_baselines_weights() -> None:
    """Fair comparisons: dropout / L2 / early-stopping copies start from identical weights."""
    base = specs(SGD=0.1)[0]
    variants = [
        SeriesSpec("dropout", replace(base.network, dropout=0.3), base.optimizer),
        SeriesSpec("l2", replace(base.network, l2=0.1), base.optimizer),
        SeriesSpec("early", base.network, base.optimizer, early_stopping=3),
    ]
    exp = Experiment(blobs(), [base, *variants], TrainSettings(16, 30, 10, seed=5))
    first = exp.network(base.name).state()
    for v in variants:
        state = exp.network(v.name).state()
        for key, value in first.items():
            np.testing.assert_array_equal(state[key], value, err_msg=f"{v.name} {key}")


def test_diverging_series_stops_others_finish() -> None:
    exp = Experiment(blobs(), specs(SGD=0.1, Adam=0.01) + [
        SeriesSpec("Boom", NET, OptimizerConfig("sgd", lr=1e6))
    ], TrainSettings(32, 100, 25, seed=0))
    run_to_end(exp)
    snap = exp.snapshot()
    boom = snap.series[2]
    assert boom.diverged
    assert np.isnan(boom.loss[-1]) and len(boom.loss) < 100
    for s in snap.series[:2]:
        assert not s.diverged and len(s.loss) == 100 and np.isfinite(s.loss).all()


def test_report_of_a_diverged_series_warns_nothing() -> None:
    """The final report runs a diverged net on the test set: its overflow is an outcome
    (diverged=True), not RuntimeWarnings printed over the terminal (seen with batchnorm)."""
    import warnings

    exp = Experiment(blobs(), specs(SGD=0.1) + [
        SeriesSpec("Boom", NET, OptimizerConfig("sgd", lr=1e6))
    ], TrainSettings(32, 50, 25, seed=0))
    run_to_end(exp)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = exp.report()
    assert report is not None and len(report.series) == 2


def test_all_series_diverged_means_done() -> None:
    exp = Experiment(blobs(), [SeriesSpec("Boom", NET, OptimizerConfig("sgd", lr=1e6))],
                     TrainSettings(32, 1000, 25, seed=0))
    run_to_end(exp)
    assert exp.done and exp.iteration < 1000


def test_early_stopping_restores_best_weights() -> None:
    # A big network on few noisy points overfits: validation loss turns up and stops it.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 2)).astype(np.float32)
    t = rng.integers(0, 3, 40)
    xv = rng.standard_normal((200, 2)).astype(np.float32)
    tv = rng.integers(0, 3, 200)
    ds = Dataset("noise", x, t, xv, tv, xv, tv, (2,), ("a", "b", "c"))
    net = NetworkConfig(2, (64, 64), 3, dtype="float64")
    spec = SeriesSpec("ES", net, OptimizerConfig("adam", lr=0.01), early_stopping=3)
    exp = Experiment(ds, [spec], TrainSettings(40, 2000, 10, seed=0))
    run_to_end(exp)
    s = exp.snapshot().series[0]
    assert s.stopped_early and exp.iteration < 2000
    assert s.best_it is not None
    best_val = float(np.nanmin(s.val_loss))
    assert s.val_loss[list(s.eval_it).index(s.best_it)] == best_val
    # The network now holds the best weights, not the last ones.
    assert exp.network("ES").loss(xv, tv) == pytest.approx(best_val, rel=1e-9)
    assert s.val_loss[-1] > best_val


def test_snapshot_is_a_copy() -> None:
    exp = Experiment(blobs(), specs(SGD=0.1), TrainSettings(16, 10, 5, seed=0))
    exp.step()
    snap = exp.snapshot()
    before = snap.series[0].loss.copy()
    for _ in range(5):
        exp.step()
    np.testing.assert_array_equal(snap.series[0].loss, before)
    assert snap.iteration == 1 and exp.snapshot().iteration == 6


def test_report_has_per_class_metrics() -> None:
    exp = Experiment(blobs(), specs(Adam=0.02), TrainSettings(32, 150, 50, seed=0))
    run_to_end(exp)
    report = exp.report()
    assert report is not None and report.class_names == ("a", "b", "c")
    (r,) = report.series
    assert r.confusion.shape == (3, 3) and r.confusion.sum() == 100
    assert r.test_acc == pytest.approx(np.trace(r.confusion) / 100)
    assert r.precision.shape == r.recall.shape == r.f1.shape == (3,)
    assert (r.f1 > 0.8).all()


def test_experiment_rejects_duplicate_names() -> None:
    with pytest.raises(ValueError, match="unique"):
        Experiment(blobs(), specs(SGD=0.1) * 2, TrainSettings())


def test_logged_loss_is_the_cross_entropy_without_the_penalty() -> None:
    strong = NetworkConfig(input_size=2, hidden_sizes=(16, 16), output_size=3, l2=5.0)
    spec = SeriesSpec("L2", strong, OptimizerConfig(name="sgd", lr=0.01))
    exp = Experiment(blobs(), [spec], TrainSettings(32, 5, 5, seed=0))
    run_to_end(exp)
    (s,) = exp.snapshot().series
    # ½·5·‖W‖² is ~100 here; 3-class cross-entropy starts near ln 3 ≈ 1.1.
    assert np.all(s.loss < 3.0) and len(s.loss) == 5
