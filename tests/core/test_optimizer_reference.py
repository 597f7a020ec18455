"""Every optimizer against the book's update rules, written out here element by element.

REFERENCE.md "Book formulas worth matching exactly": the references below are plain scalar
loops with explicit state, independent of nntui.core.optimizers, run for 150 steps on random
float64 parameters with a fresh random gradient each step.  The optimizers are built the way
the app builds them (OptimizerConfig with only name and lr), so the default hyperparameters
(momentum 0.9, RMSprop decay 0.99, Adam betas 0.9/0.999) are pinned too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from nntui.core.optimizers import OptimizerConfig

STEPS = 150
SHAPES = ((4, 3), (3,), (2, 5))
LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.1, "rmsprop": 0.01,
      "adam": 0.01}

# One reference step: (w, g, state, t) -> (new w, new state); t counts from 1.
Step = Callable[[float, float, tuple[float, ...], int], tuple[float, tuple[float, ...]]]


def _sgd(lr: float) -> Step:
    def step(w, g, s, t):
        return w - lr * g, s

    return step


def _momentum(lr: float, m: float = 0.9) -> Step:
    def step(w, g, s, t):
        (v,) = s
        v = m * v - lr * g
        return w + v, (v,)

    return step


def _nesterov(lr: float, m: float = 0.9) -> Step:
    # Bengio et al. 2012 (arXiv 1212.0901), the book's current common/optimizer.py:
    # W moves with the velocity of the previous step, then the velocity is updated.
    def step(w, g, s, t):
        (v,) = s
        w = w + m * m * v - (1 + m) * lr * g
        return w, (m * v - lr * g,)

    return step


def _adagrad(lr: float) -> Step:
    def step(w, g, s, t):
        (h,) = s
        h = h + g * g
        return w - lr * g / (math.sqrt(h) + 1e-7), (h,)

    return step


def _rmsprop(lr: float, decay: float = 0.99) -> Step:
    def step(w, g, s, t):
        (h,) = s
        h = decay * h + (1 - decay) * g * g
        return w - lr * g / (math.sqrt(h) + 1e-7), (h,)

    return step


def _adam(lr: float, b1: float = 0.9, b2: float = 0.999) -> Step:
    def step(w, g, s, t):
        m, v = s
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        lr_t = lr * math.sqrt(1 - b2**t) / (1 - b1**t)  # bias correction folded into lr
        return w - lr_t * m / (math.sqrt(v) + 1e-7), (m, v)

    return step


REFERENCES: dict[str, tuple[Step, int]] = {  # name -> (step, number of state scalars)
    "sgd": (_sgd(LR["sgd"]), 0),
    "momentum": (_momentum(LR["momentum"]), 1),
    "nesterov": (_nesterov(LR["nesterov"]), 1),
    "adagrad": (_adagrad(LR["adagrad"]), 1),
    "rmsprop": (_rmsprop(LR["rmsprop"]), 1),
    "adam": (_adam(LR["adam"]), 2),
}


def _problem(seed: int) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Random start parameters and STEPS random gradient lists.  Gradients vary in scale
    (some coordinates ~1e-3) so the 1e-7 denominators and the state matter."""
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(s) for s in SHAPES]
    scales = [10.0 ** rng.uniform(-3, 0.5, s) for s in SHAPES]
    grads = [
        [rng.standard_normal(s) * sc for s, sc in zip(SHAPES, scales, strict=True)]
        for _ in range(STEPS)
    ]
    return params, grads


def _reference(name: str, params, grads) -> list[np.ndarray]:
    """Trajectory endpoint by scalar arithmetic, one coordinate at a time."""
    step, n_state = REFERENCES[name]
    out = []
    for k, p0 in enumerate(params):
        flat = p0.ravel().tolist()
        final = []
        for i, w in enumerate(flat):
            state = (0.0,) * n_state
            for t in range(1, STEPS + 1):
                w, state = step(w, float(grads[t - 1][k].ravel()[i]), state, t)
            final.append(w)
        out.append(np.array(final).reshape(p0.shape))
    return out


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("name", list(REFERENCES))
def test_matches_book_formula_over_many_steps(name: str, seed: int) -> None:
    params, grads = _problem(seed)
    expected = _reference(name, params, grads)
    opt = OptimizerConfig(name=name, lr=LR[name]).build()
    mine = [p.copy() for p in params]
    for g in grads:
        opt.update(mine, g)
    for got, want in zip(mine, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    travel = max(float(np.max(np.abs(w - p))) for w, p in zip(expected, params, strict=True))
    assert travel > 0.05  # the parameters really travelled
