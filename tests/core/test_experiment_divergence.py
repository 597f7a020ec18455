"""Divergence: a non-finite loss (NaN or ±inf) stops that series at once, the others go on.

The loss is injected at a known iteration (the real network's gradient runs, only the
returned loss is replaced), so the tests know exactly when the series diverged and what
its weights were just before.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.optimizers import OptimizerConfig
from nntui.core.stack import NetworkStack
from tests.core.test_experiment import NET, blobs, run_to_end, specs

BAD_AT = 37  # the iteration whose loss is replaced
ITERATIONS = 100


def _experiment_with_bad_loss(
    bad: float, stacked: bool, monkeypatch: pytest.MonkeyPatch
) -> tuple[Experiment, dict[str, np.ndarray]]:
    """SGD + Adam + "Boom", whose loss at iteration BAD_AT is `bad`; returns the experiment
    and Boom's weights as they were when that step began. `stacked`: Boom shares the
    others' architecture, so the three train as one NetworkStack (core.lockstep); else it
    has its own and trains alone, through its own gradient()."""
    boom_net = NET if stacked else replace(NET, hidden_sizes=(16, 12))
    series = specs(SGD=0.1, Adam=0.01) + [SeriesSpec("Boom", boom_net,
                                                     OptimizerConfig("sgd", lr=0.1))]
    exp = Experiment(blobs(), series, TrainSettings(32, ITERATIONS, 10, seed=0))
    net = exp.network("Boom")
    before: dict[str, np.ndarray] = {}
    if stacked:
        real_stack = NetworkStack.gradient

        def stack_gradient(self: NetworkStack, x: np.ndarray, t: np.ndarray) -> np.ndarray:
            losses = real_stack(self, x, t)  # finite gradients for all three
            if exp.iteration == BAD_AT:
                assert len(self.nets) == 3  # Boom really trains in the stack
                before.update(net.state())  # gradient() changes no weight
                net.last_data_loss = losses[self.nets.index(net)] = bad
            return losses

        monkeypatch.setattr(NetworkStack, "gradient", stack_gradient)
    else:
        real = net.gradient

        def gradient(x: np.ndarray, t: np.ndarray) -> float:
            if exp.iteration == BAD_AT:
                before.update(net.state())
                real(x, t)  # fills finite gradients: applying them would change the weights
                net.last_data_loss = bad
                return bad
            return real(x, t)

        net.gradient = gradient  # type: ignore[method-assign]
    run_to_end(exp)
    return exp, before


@pytest.mark.parametrize("stacked", [False, True], ids=["alone", "stacked"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
def test_non_finite_loss_marks_the_series_diverged_at_that_iteration(
    bad: float, stacked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    exp, _ = _experiment_with_bad_loss(bad, stacked, monkeypatch)
    snap = exp.snapshot()
    sgd, adam, boom = snap.series
    assert boom.diverged and not boom.stopped_early
    # One loss point per iteration up to and including the bad one, which is logged as NaN.
    assert boom.loss_it.tolist() == list(range(BAD_AT + 1))
    assert np.isnan(boom.loss[-1]) and np.isfinite(boom.loss[:-1]).all()
    # The others are untouched by it and finish the whole run.
    for s in (sgd, adam):
        assert not s.diverged
        assert s.loss_it.tolist() == list(range(ITERATIONS))
        assert s.eval_it.tolist() == list(range(0, ITERATIONS + 1, 10))
    assert snap.done and snap.iteration == ITERATIONS


@pytest.mark.parametrize("stacked", [False, True], ids=["alone", "stacked"])
@pytest.mark.parametrize("bad", [math.nan, math.inf], ids=["nan", "inf"])
def test_diverged_series_is_neither_updated_nor_evaluated_again(
    bad: float, stacked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    exp, before = _experiment_with_bad_loss(bad, stacked, monkeypatch)
    boom = exp.snapshot().series[2]
    # The step that diverged applied no update, and no later step touched the weights.
    after = exp.network("Boom").state()
    assert before and set(after) == set(before)
    for name, arr in before.items():
        np.testing.assert_array_equal(after[name], arr, err_msg=name)
    # Its last evaluation is the one before it diverged (iteration 30), not later ones.
    assert boom.eval_it.tolist() == [0, 10, 20, 30]


def test_a_real_divergence_is_reported_with_its_iteration() -> None:
    """optimizer-race with SGD at lr = 10 on digits: SGD's loss turns NaN within a few
    steps; it stops there, the four other optimizers run all 100 iterations."""
    from nntui.presets import get_preset

    preset = get_preset("optimizer-race")
    run = preset.build(preset.resolve(overrides={"lr_sgd": "10", "iterations": "100"}))
    run_to_end(run)
    sgd, *others = run.snapshot().series
    assert sgd.name == "SGD" and sgd.diverged
    at = int(sgd.loss_it[-1])
    assert 0 < at < 20 and sgd.loss_it.tolist() == list(range(at + 1)) and np.isnan(sgd.loss[-1])
    assert [s.name for s in others] == ["Momentum", "AdaGrad", "Adam", "RMSprop"]
    for s in others:
        assert not s.diverged and s.loss_it.tolist() == list(range(100))
