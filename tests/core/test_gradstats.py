"""Gradient statistics (core.gradstats): per-layer ‖∂L/∂W‖ and ‖ΔW‖/‖W‖ equal a float64
central-difference reference, through the Experiment's stacked and lone paths and the
activation probe; they ride at the histogram cadence and change no number of the run."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.gradcheck import numerical_gradient
from nntui.core.gradstats import (
    GradientHistory,
    GradientRecord,
    norm64,
    value_histogram,
    watched_update,
)
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import SGD, OptimizerConfig
from nntui.core.probe import ActivationProbe, ProbeSpec, ProbeTraining
from tests.core.test_experiment import blobs

TINY = NetworkConfig(input_size=2, hidden_sizes=(4, 3), output_size=3, activation="tanh",
                     l2=0.05)


def reference_norms(net: Network, x: np.ndarray, t: np.ndarray) -> list[float]:
    """‖∂L/∂W‖ per weight layer of a float64 copy of ``net`` by central differences of
    the whole loss (data + L2 penalty), the one definition the records must equal."""
    ref = Network(replace(net.config, dtype="float64"), np.random.default_rng(0))
    ref.load_state({k: v.astype(np.float64) for k, v in net.state().items()})
    x64 = x.astype(np.float64)
    return [float(np.linalg.norm(numerical_gradient(lambda: ref.loss(x64, t), W)))
            for W in ref.weight_matrices()]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_recorded_norms_and_update_ratio_equal_the_float64_reference(dtype: str) -> None:
    net = Network(replace(TINY, dtype=dtype), np.random.default_rng(3))
    rng = np.random.default_rng(4)
    x, t = rng.standard_normal((8, 2)), rng.integers(0, 3, 8)
    expected = reference_norms(net, x, t)
    before = [W.astype(np.float64) for W in net.weight_matrices()]
    net.gradient(x, t)
    opt = SGD(0.3)
    record = watched_update(net, lambda: opt.update(net.params, net.grads), 7, bins=6)
    rtol = 1e-7 if dtype == "float64" else 2e-5
    assert record.iteration == 7 and record.grad_norm.shape == (3,)
    np.testing.assert_allclose(record.grad_norm, expected, rtol=rtol)
    # SGD moves W by lr·g exactly: the ratio is lr·‖g‖/‖W before‖.
    np.testing.assert_allclose(
        record.update_ratio, [0.3 * g / np.linalg.norm(w) for g, w in zip(expected, before)],
        rtol=rtol * 10)
    # One histogram per layer, of every gradient and weight value.
    assert [h.layer for h in record.grad_histograms] == [1, 2, 3]
    assert [int(h.counts.sum()) for h in record.weight_histograms] == [8, 12, 9]


def test_norm64_sums_float32_squares_in_float64() -> None:
    # 10^6 values of 1e-3: float32 accumulation drifts, float64 gives exactly 1.
    a = np.full(10**6, 1e-3, dtype=np.float32)
    assert norm64(a) == pytest.approx(math.sqrt(10**6 * float(np.float32(1e-3)) ** 2),
                                      rel=1e-12)


def test_value_histogram_keeps_a_vanished_gradients_tiny_range() -> None:
    g = np.array([-2e-9, 0.0, 1e-9, 3e-9])
    h = value_histogram(g, 5, 1)
    assert (h.edges[0], h.edges[-1]) == (-2e-9, 3e-9)
    assert h.counts.tolist() == [1, 0, 1, 1, 1]  # bins of 1e-9 from -2e-9
    flat = value_histogram(np.zeros(4), 4, 2)  # a dead layer still shows a bar
    assert (flat.edges[0], flat.edges[-1]) == (-0.5, 0.5) and flat.counts.sum() == 4


class _FixedBatches:
    """Stands in for the experiment's batch Generator: always the rows ``idx``."""

    def __init__(self, idx: np.ndarray) -> None:
        self.idx = idx

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        return self.idx[:size]


def _experiment(n_series: int, dtype: str = "float32", **settings: object) -> Experiment:
    net = replace(TINY, input_size=2, output_size=3, dtype=dtype)
    specs = [SeriesSpec(f"s{i}", net, OptimizerConfig("sgd", lr=0.1 * (i + 1)))
             for i in range(n_series)]
    kw = dict(batch_size=8, iterations=60, eval_every=10, seed=2, gradient_stats=True,
              gradient_histograms=True, stats_every=20)
    kw.update(settings)
    return Experiment(blobs(), specs, TrainSettings(**kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("n_series", [1, 3])  # one network alone; three as one stack
def test_experiment_records_the_first_steps_gradient_norms(n_series: int) -> None:
    exp = _experiment(n_series, dtype="float64")
    idx = np.arange(3, 11)
    exp._batch_rng = _FixedBatches(idx)  # type: ignore[assignment]
    ds = exp.dataset
    expected = {name: reference_norms(exp.network(name), ds.x_train[idx], ds.t_train[idx])
                for name in exp.series_names}
    exp.step()
    for s in exp.snapshot().series:
        assert s.grad_it.tolist() == [0]
        np.testing.assert_allclose(s.grad_norm[0], expected[s.name], rtol=1e-7)


def test_gradients_ride_the_histogram_cadence_and_change_no_curve() -> None:
    plain, watched = _experiment(3, gradient_stats=False, gradient_histograms=False), \
        _experiment(3)
    for exp in (plain, watched):
        while not exp.done:
            exp.step()
    for a, b in zip(plain.snapshot().series, watched.snapshot().series):
        assert np.array_equal(a.loss, b.loss) and np.array_equal(a.test_acc, b.test_acc)
        assert len(a.grad_it) == 0 and a.grad_norm.shape == (0, 0)
        # The first step, then the step before each histogram refresh (every 20: the
        # evaluations at 20, 40 and the last at 60).
        assert [it for it, _h in b.histogram_history] == [0, 20, 40, 60]
        assert b.grad_it.tolist() == [0, 19, 39, 59]
        assert b.grad_norm.shape == b.update_ratio.shape == (4, 3)
        assert [it for it, _h in b.grad_histogram_history] == [0, 19, 39, 59]
        assert [it for it, _h in b.weight_histogram_history] == [0, 19, 39, 59]
        assert (b.grad_norm > 0).all() and (b.update_ratio > 0).all()


def test_gradient_records_keep_their_cadence_without_live_histograms() -> None:
    exp = _experiment(1, live_histograms=False)
    while not exp.done:
        exp.step()
    s = exp.snapshot().series[0]
    assert [it for it, _h in s.histogram_history] == [60]  # only the summary's
    assert s.grad_it.tolist() == [0, 19, 39, 59]


def test_probe_gradients_equal_the_reference_and_training_moves_the_histograms() -> None:
    spec = ProbeSpec("tanh Xavier", "tanh", "xavier")
    probe = ActivationProbe([spec], samples=40, width=6, layers=3, bins=8, steps=50, seed=1,
                            training=ProbeTraining(lr=0.5, batch=10, classes=3,
                                                   gradient_stats=True, histograms=True))
    p = probe._probes[0]
    # The first step's inputs and labels, drawn as the probe draws them.
    x = np.random.default_rng(np.random.SeedSequence(1).spawn(3)[0]).standard_normal((40, 6))
    batch = x[:10]
    t = np.argmax(batch @ probe._teacher, axis=1)
    expected = reference_norms(p.net, batch, t)
    while not probe.done:
        probe.step()
    s = probe.snapshot().series[0]
    np.testing.assert_allclose(s.grad_norm[0], expected, rtol=1e-7)
    # Every second step (50 // REFRESHES) and the last; the loss at every step.
    assert s.grad_it.tolist() == [*range(0, 50, 2), 49] and len(s.loss) == 50
    assert [it for it, _h in s.histogram_history] == s.grad_it.tolist()
    first, last = (h for _it, h in (s.histogram_history[0], s.histogram_history[-1]))
    assert [h.layer for h in last] == [1, 2, 3]
    assert any(not np.array_equal(a.counts, b.counts) for a, b in zip(first, last))
    # "now": the latest refresh's 40 x 6 tanh values per layer, not a sum over training.
    assert s.histograms is last and all(h.counts.sum() == 40 * 6 for h in last)


def test_the_gradient_history_thins_but_keeps_the_first_and_the_last_record() -> None:
    """The first record is the initial scale (the init lesson's point), the last is now."""
    history = GradientHistory(limit=5)
    for it in range(1, 41):
        history.add(GradientRecord(it, np.full(2, float(it)), np.zeros(2)))
        its = [r.iteration for r in history.records]
        assert len(its) <= 5 and its[0] == 1 and its[-1] == it
        assert its == sorted(its)
    its_array, norms, _ratios = history.arrays()
    assert its_array.tolist() == its and norms[:, 0].tolist() == [float(i) for i in its]
