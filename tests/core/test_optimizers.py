"""Optimizers: first steps by hand from the book's formulas, convergence on x²/20 + y²."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import (
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    OptimizerConfig,
    RMSprop,
)

START = (-7.0, 2.0)


def _grad(x: float, y: float) -> tuple[float, float]:
    """Gradient of the book's f(x, y) = x²/20 + y²."""
    return x / 10.0, 2.0 * y


def _run(opt, steps: int) -> list[tuple[float, float]]:
    """Positions after each of ``steps`` updates; x and y as two separate (1,) params so
    per-parameter state is exercised too."""
    px, py = np.array([START[0]]), np.array([START[1]])
    path = []
    for _ in range(steps):
        gx, gy = _grad(px[0], py[0])
        opt.update([px, py], [np.array([gx]), np.array([gy])])
        path.append((float(px[0]), float(py[0])))
    return path


def _hand(step_fn, steps: int) -> list[tuple[float, float]]:
    """The same trajectory with scalar arithmetic, one coordinate at a time."""
    pos, state = list(START), [None, None]
    path = []
    for t in range(1, steps + 1):
        g = _grad(*pos)
        for i in range(2):
            pos[i], state[i] = step_fn(pos[i], g[i], state[i], t)
        path.append(tuple(pos))
    return path


def test_sgd_steps() -> None:
    path = _run(SGD(lr=0.95), 2)
    assert path[0] == pytest.approx((-7 + 0.95 * 0.7, 2 - 0.95 * 4))  # (-6.335, -1.8)
    assert path[1] == pytest.approx((-6.335 + 0.95 * 0.6335, -1.8 + 0.95 * 3.6))


def test_momentum_steps() -> None:
    def step(w, g, v, t):
        v = 0.9 * (v or 0.0) - 0.1 * g
        return w + v, v

    path = _run(Momentum(lr=0.1, momentum=0.9), 3)
    assert path[0] == pytest.approx((-6.93, 1.6))
    assert path[1] == pytest.approx((-6.7977, 0.92))
    np.testing.assert_allclose(path, _hand(step, 3), rtol=1e-12)


def test_nesterov_steps() -> None:
    def step(w, g, v, t):
        v = v or 0.0
        return w + 0.81 * v - 1.9 * 0.1 * g, 0.9 * v - 0.1 * g  # W moves with the OLD v

    path = _run(Nesterov(lr=0.1, momentum=0.9), 3)
    # First step: v = 0, so W moves by -(1 + m) lr g only.
    assert path[0] == pytest.approx((-7 + 0.19 * 0.7, 2 - 0.19 * 4))
    np.testing.assert_allclose(path, _hand(step, 3), rtol=1e-12)


def test_adagrad_steps() -> None:
    def step(w, g, h, t):
        h = (h or 0.0) + g * g
        return w - 1.5 * g / (math.sqrt(h) + 1e-7), h

    path = _run(AdaGrad(lr=1.5), 3)
    assert path[0] == pytest.approx((-5.5, 0.5), abs=1e-6)  # first step: lr * sign(g)
    np.testing.assert_allclose(path, _hand(step, 3), rtol=1e-12)


def test_rmsprop_steps() -> None:
    def step(w, g, h, t):
        h = 0.99 * (h or 0.0) + 0.01 * g * g
        return w - 0.1 * g / (math.sqrt(h) + 1e-7), h

    path = _run(RMSprop(lr=0.1, decay_rate=0.99), 3)
    assert path[0] == pytest.approx((-7 + 1.0, 2 - 1.0), abs=1e-5)  # g/sqrt(0.01 g²) = 10
    np.testing.assert_allclose(path, _hand(step, 3), rtol=1e-12)


def test_adam_steps() -> None:
    def step(w, g, mv, t):
        m, v = mv or (0.0, 0.0)
        m += 0.1 * (g - m)
        v += 0.001 * (g * g - v)
        lr_t = 0.3 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        return w - lr_t * m / (math.sqrt(v) + 1e-7), (m, v)

    opt = Adam(lr=0.3, beta1=0.9, beta2=0.999)
    path = _run(opt, 3)
    assert opt.iter == 3
    assert path[0] == pytest.approx((-6.7, 1.7), abs=1e-5)  # bias-corrected: lr * sign(g)
    np.testing.assert_allclose(path, _hand(step, 3), rtol=1e-12)


# Steps and bounds measured for this exact problem (distance to the minimum after n steps):
# SGD 3.3e-4 @100, Momentum 4e-5 @200, Nesterov 4.9e-5 @200, AdaGrad 1.9e-5 @100,
# RMSprop(0.1) 3e-9 @200, Adam 7e-7 @300.  Bounds leave >= 3x margin.
@pytest.mark.parametrize(
    ("opt", "steps", "bound"),
    [
        (SGD(lr=0.95), 100, 1e-3),
        (Momentum(lr=0.1), 200, 1e-3),
        (Nesterov(lr=0.1), 200, 1e-3),
        (AdaGrad(lr=1.5), 100, 1e-3),
        (RMSprop(lr=0.1), 200, 1e-3),
        (Adam(lr=0.3), 300, 1e-4),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, (int, float)) else str(v),
)
def test_converges_on_book_function(opt, steps: int, bound: float) -> None:
    path = _run(opt, steps)
    assert math.hypot(*path[-1]) < bound
    assert math.hypot(*path[9]) > bound  # it genuinely travelled from (-7, 2)


def test_update_in_place_never_replaces_arrays() -> None:
    for cls in OPTIMIZERS.values():
        p = [np.ones((2, 3)), np.ones(3)]
        ids = [id(a) for a in p]
        opt = cls()
        opt.update(p, [np.full((2, 3), 0.5), np.full(3, -0.5)])
        assert [id(a) for a in p] == ids
        assert (p[0] < 1).all() and (p[1] > 1).all(), cls.__name__


def test_grads_not_modified_and_dtype_kept() -> None:
    for cls in OPTIMIZERS.values():
        p = [np.ones(4, dtype=np.float32)]
        g = [np.linspace(-1, 1, 4, dtype=np.float32)]
        g0 = g[0].copy()
        opt = cls()
        for _ in range(2):
            opt.update(p, g)
        np.testing.assert_array_equal(g[0], g0)
        assert p[0].dtype == np.float32, cls.__name__


def test_lr_is_mutable() -> None:
    opt = SGD(lr=0.1)
    p = [np.zeros(1)]
    opt.update(p, [np.ones(1)])
    opt.lr = 0.01
    opt.update(p, [np.ones(1)])
    assert p[0][0] == pytest.approx(-0.11)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_flat_fast_path_matches_per_array(name: str) -> None:
    """Network params/grads carry a flat buffer; updating through it is bit-identical."""
    cfg = NetworkConfig(6, (5,), 3, batch_norm=True)
    a, b = Network(cfg, np.random.default_rng(0)), Network(cfg, np.random.default_rng(0))
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((8, 6)), rng.integers(0, 3, 8)
    oa = OptimizerConfig(name=name).build()
    ob = OptimizerConfig(name=name).build()
    for _ in range(3):
        a.gradient(x, t)
        b.gradient(x, t)
        oa.update(a.params, a.grads)  # flat path
        ob.update(list(b.params), list(b.grads))  # plain lists: per-array path
    for pa, pb in zip(a.params, b.params, strict=True):
        np.testing.assert_array_equal(pa, pb)


def test_config_build() -> None:
    assert set(OPTIMIZERS) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    opt = OptimizerConfig(name="adam", lr=0.3, beta1=0.8, beta2=0.99).build()
    assert isinstance(opt, Adam) and (opt.lr, opt.beta1, opt.beta2) == (0.3, 0.8, 0.99)
    opt = OptimizerConfig(name="momentum", lr=0.1, momentum=0.5).build()
    assert isinstance(opt, Momentum) and (opt.lr, opt.momentum) == (0.1, 0.5)
    opt = OptimizerConfig(name="nesterov", momentum=0.7).build()
    assert isinstance(opt, Nesterov) and opt.momentum == 0.7
    opt = OptimizerConfig(name="rmsprop", decay_rate=0.9).build()
    assert isinstance(opt, RMSprop) and opt.decay_rate == 0.9
    assert type(OptimizerConfig().build()) is SGD
    assert type(OptimizerConfig(name="adagrad", lr=1.5).build()) is AdaGrad
    # defaults match the book's constructors
    assert Adam().lr == 0.001 and SGD().lr == 0.01 and RMSprop().decay_rate == 0.99


def test_config_errors() -> None:
    with pytest.raises(ValueError, match="adam") as exc:
        OptimizerConfig(name="lbfgs")
    assert "lbfgs" in str(exc.value) and "rmsprop" in str(exc.value)
    with pytest.raises(ValueError, match="lr"):
        OptimizerConfig(lr=0.0)
    with pytest.raises(ValueError, match="momentum"):
        OptimizerConfig(name="momentum", momentum=1.5)
