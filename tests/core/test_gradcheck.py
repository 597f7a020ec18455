"""Gradient-check helpers."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.gradcheck import (
    check_network,
    kink_samples,
    numerical_gradient,
    relative_error,
)
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
    errors = check_network(net, x, t).errors
    assert max(errors.values()) < 1e-7
    # Break the output bias gradient: the check must flag exactly that parameter.
    original = net.gradient

    def broken(x_, t_):
        loss = original(x_, t_)
        net.grads[-1] *= 1.1
        return loss

    net.gradient = broken
    errors = check_network(net, x, t).errors
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


def _l1_net(**kw):
    """A float64 L1 network with two W1 weights put on |w|'s kink (within h = 1e-5 of 0)."""
    net, x, t = _setup(l1=0.05, **kw)
    w1 = net.params[net.param_names.index("W1")]
    w1[0, 0], w1[1, 2] = 3e-6, -7e-6
    return net, x, t


def test_l1_kink_is_left_out_and_counted() -> None:
    net, x, t = _l1_net(l2=0.1)
    check = check_network(net, x, t)
    assert check.on_kink == {"W1": 2, "b1": 0, "W2": 0, "b2": 0}  # biases carry no L1 term
    assert check.skipped == 2
    assert check.worst < 1e-7
    # Why they are left out: at the kink the central difference itself is off by up to l1.
    w1 = net.params[0]
    num = numerical_gradient(lambda: net.loss(x, t, train=True), w1)
    net.gradient(x, t)
    assert abs(num[0, 0] - net.grads[0][0, 0]) == pytest.approx(0.05 * (1 - 0.3), rel=1e-3)
    assert relative_error(net.grads[0], num) > 1e-3


def test_no_kink_without_l1() -> None:
    """L2 alone is smooth at 0: a weight near 0 is compared like any other."""
    net, x, t = _setup(l2=0.1)
    net.params[0][0, 0] = 3e-6
    check = check_network(net, x, t)
    assert check.skipped == 0 and check.worst < 1e-7


def test_wrong_l1_gradient_is_still_flagged() -> None:
    """Leaving the kink out must not hide an L1 bug: 1.5 x l1 * sign(W) in W1's gradient."""
    net, x, t = _l1_net()
    original = net.gradient

    def broken(x_, t_):
        loss = original(x_, t_)
        net.grads[0] += 0.5 * 0.05 * np.sign(net.params[0])
        return loss

    net.gradient = broken
    check = check_network(net, x, t)
    assert check.on_kink["W1"] == 2
    assert check.errors["W1"] > 1e-2
    assert check.errors["W2"] < 1e-7


def _relu_on_kink(net, x, sample: int = 0, unit: int = 0, z: float = 2e-6) -> None:
    """Move b1[unit] so that sample's first ReLU input is ``z`` (near the kink)."""
    pre = x @ net.params[0] + net.params[1]
    net.params[1][unit] += z - pre[sample, unit]


def test_relu_kink_sample_is_left_out_and_counted() -> None:
    net, x, t = _setup()
    _relu_on_kink(net, x)
    check = check_network(net, x, t)
    assert check.samples_on_kink == 1 and check.skipped == 0
    assert check.worst < 1e-7
    # Kept in, that sample's b1[0] probes straddle the kink: the difference sees half a slope.
    net.gradient(x, t)
    num = numerical_gradient(lambda: net.loss(x, t, train=True), net.params[1])
    assert relative_error(net.grads[1], num) > 1e-2


def test_kink_samples_leaves_the_others() -> None:
    net, x, t = _setup()
    _relu_on_kink(net, x, sample=1, z=-5e-5)
    net.predict(x, train=True)
    assert kink_samples(net, x, reach=1e-4).tolist() == [False, True, False]
    assert not kink_samples(net, x, reach=1e-5).any()  # 5e-5 is outside a reach of 1e-5


def test_nothing_left_to_compare_is_nan_not_a_pass() -> None:
    net, x, t = _setup()
    _relu_on_kink(net, x)
    check = check_network(net, x[:1], t[:1])
    assert check.samples_on_kink == 1
    assert all(np.isnan(e) for e in check.errors.values())
