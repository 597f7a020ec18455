"""Gradient-check helpers."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.gradcheck import check_network, numerical_gradient, relative_error
from nntui.core.network import Network, NetworkConfig


def test_numerical_gradient_known_function_and_restores() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    x0 = x.copy()
    grad = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * x0**2, rtol=1e-8)
    np.testing.assert_array_equal(x, x0)  # perturbation undone


def test_numerical_gradient_restores_on_error() -> None:
    x = np.array([1.0, 2.0])
    calls = []

    def f() -> float:
        calls.append(x.copy())
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    assert calls[0][0] == 1.0 + 1e-5


def test_relative_error() -> None:
    a = np.array([1.0, -2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, np.array([1.0, -2.2])) == pytest.approx(0.2 / 4.2)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.zeros(2), np.array([1e-12, 0.0]), floor=1e-3) == pytest.approx(1e-9)


def _setup(**kw):
    net = Network(NetworkConfig(4, (3,), 2, dtype="float64", **kw), np.random.default_rng(0))
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 4)), rng.integers(0, 2, 3)


def test_check_network_detects_wrong_gradient() -> None:
    net, x, t = _setup()
    errors = check_network(net, x, t)
    assert max(errors.values()) < 1e-7
    # Break the output bias gradient: the check must flag exactly that parameter.
    original = net.gradient

    def broken(x_, t_):
        loss = original(x_, t_)
        net.grads[-1] *= 1.1
        return loss

    net.gradient = broken
    errors = check_network(net, x, t)
    assert errors["b2"] > 0.01
    assert errors["W1"] < 1e-7


def test_check_network_restores_state_and_masks() -> None:
    net, x, t = _setup(batch_norm=True, dropout=0.5)
    before = net.state()
    check_network(net, x, t)
    after = net.state()
    for k in before:
        np.testing.assert_array_equal(before[k], after[k])
    assert all(d.fixed_mask is None for d in net.dropouts)


def test_check_network_needs_float64() -> None:
    net = Network(NetworkConfig(4, (3,), 2), np.random.default_rng(0))
    with pytest.raises(ValueError, match="float64"):
        check_network(net, np.zeros((2, 4)), np.array([0, 1]))
