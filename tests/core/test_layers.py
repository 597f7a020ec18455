"""Layer forward/backward: analytic gradients vs central differences (float64, batch >= 2)."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.activations import (
    ACTIVATIONS,
    ELU,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Swish,
    Tanh,
)
from nntui.core.gradcheck import numerical_gradient, relative_error
from nntui.core.layers import (
    Affine,
    BatchNorm,
    Dropout,
    SoftmaxCrossEntropy,
)
from nntui.core.network import Network, NetworkConfig

TOL = 1e-6


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _check_layer(layer, x: np.ndarray, seed: int = 1) -> None:
    """Check dL/dx and dL/dparams for L = sum(forward(x) * C) with a random C."""
    c = _rng(seed).standard_normal(layer.forward(x, True).shape)

    def f() -> float:
        return float(np.sum(layer.forward(x, True) * c))

    layer.forward(x, True)
    dx = layer.backward(c)
    analytic = {k: g.copy() for k, g in layer.grads.items()}
    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    for key, p in layer.params.items():
        assert relative_error(analytic[key], numerical_gradient(f, p)) < TOL, key


@pytest.mark.parametrize(
    "layer_cls", [ReLU, Sigmoid, Tanh, LeakyReLU, ELU, Swish], ids=lambda c: c.__name__
)
def test_activation_gradients(layer_cls) -> None:
    # Scale 3 so saturating regions (sigmoid/tanh tails, ELU's exp branch) are exercised.
    x = _rng().standard_normal((4, 7)) * 3.0
    _check_layer(layer_cls(), x)


def test_leaky_relu_and_elu_alpha() -> None:
    x = np.array([[-2.0, 3.0], [0.5, -0.1]])
    np.testing.assert_allclose(LeakyReLU(0.1).forward(x, True), [[-0.2, 3.0], [0.5, -0.01]])
    np.testing.assert_allclose(
        ELU(2.0).forward(x, True), [[2.0 * np.expm1(-2.0), 3.0], [0.5, 2.0 * np.expm1(-0.1)]]
    )
    _check_layer(LeakyReLU(0.2), _rng(3).standard_normal((3, 5)))
    _check_layer(ELU(0.5), _rng(4).standard_normal((3, 5)))


def test_activation_values() -> None:
    x = np.array([[-1.0, 0.0, 2.0], [1000.0, -1000.0, 0.5]])
    sig = 1.0 / (1.0 + np.exp(-np.clip(x, -700, 700)))
    # The stable sigmoid must not overflow for x = -1000 (exp(1000) would).
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        np.testing.assert_allclose(Sigmoid().forward(x, True), sig, atol=1e-300)
        np.testing.assert_allclose(Swish().forward(x, True), x * sig, atol=1e-300)
    np.testing.assert_array_equal(ReLU().forward(x, True), np.maximum(x, 0))
    np.testing.assert_allclose(Tanh().forward(x, True), np.tanh(x))


def test_relu_propagates_nan() -> None:
    out = ReLU().forward(np.array([[np.nan, -1.0, 2.0]]), True)
    assert np.isnan(out[0, 0]) and out[0, 1] == 0.0 and out[0, 2] == 2.0


def test_activation_registry() -> None:
    assert set(ACTIVATIONS) == {"relu", "sigmoid", "tanh", "leaky_relu", "elu", "swish"}
    assert ACTIVATIONS["swish"] is Swish and ACTIVATIONS["relu"] is ReLU


@pytest.mark.parametrize("bias", [True, False])
def test_affine_gradients(bias: bool) -> None:
    rng = _rng(5)
    layer = Affine(rng.standard_normal((6, 3)), rng.standard_normal(3) if bias else None)
    assert set(layer.params) == set(layer.grads) == ({"W", "b"} if bias else {"W"})
    _check_layer(layer, rng.standard_normal((4, 6)))


def test_affine_forward_and_need_dx() -> None:
    rng = _rng(6)
    W, b, x = rng.standard_normal((5, 2)), rng.standard_normal(2), rng.standard_normal((3, 5))
    layer = Affine(W, b)
    np.testing.assert_allclose(layer.forward(x, True), x @ W + b)
    dout = rng.standard_normal((3, 2))
    assert layer.backward(dout, need_dx=False) is None
    np.testing.assert_allclose(layer.grads["W"], x.T @ dout)
    np.testing.assert_allclose(layer.grads["b"], dout.sum(axis=0))


def test_batchnorm_gradients() -> None:
    rng = _rng(7)
    bn = BatchNorm(rng.standard_normal(5) + 1.0, rng.standard_normal(5))
    _check_layer(bn, rng.standard_normal((6, 5)) * 2.0 + 1.0)


def test_batchnorm_epsilon_is_the_books_10e_minus_7() -> None:
    """The book writes ``10e-7`` (= 1e-6) inside the square root.  On a batch whose
    variance (~1e-6) is comparable to eps the output pins the constant: 1e-7 would give
    a visibly different result."""
    rng = _rng(9)
    x = rng.standard_normal((8, 3)) * 1e-3 + 2.0
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)

    def book(eps: float) -> np.ndarray:
        return (x - mu) / np.sqrt(var + eps)

    y = BatchNorm(np.ones(3), np.zeros(3)).forward(x, True)
    np.testing.assert_allclose(y, book(1e-6), rtol=1e-12, atol=1e-12)
    assert np.max(np.abs(y - book(1e-7))) > 0.1
    # The network builds its batch-norm layers with the same constant.
    net = Network(NetworkConfig(3, (3,), 2, batch_norm=True, dtype="float64"), _rng(0))
    assert [bn.eps for bn in net.batch_norms] == [1e-6]
    # The gradient stays exact where eps is a visible part of the variance (var ~1e-4; at
    # ~1e-6 the 1e-5 step of the central difference is too coarse for the check itself).
    x = rng.standard_normal((8, 3)) * 1e-2 + 2.0
    _check_layer(BatchNorm(rng.standard_normal(3) + 1.0, rng.standard_normal(3)), x)


def test_batchnorm_train_normalises_and_inference_uses_running_stats() -> None:
    rng = _rng(8)
    bn = BatchNorm(np.ones(4), np.zeros(4), momentum=0.9)
    np.testing.assert_array_equal(bn.running_mean, 0.0)
    x = rng.standard_normal((50, 4)) * 3.0 + 5.0
    y = bn.forward(x, True)
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 1.0, atol=1e-6)
    # One update from (0, 1): running = 0.9 * old + 0.1 * batch statistic.
    np.testing.assert_allclose(bn.running_mean, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, 0.9 + 0.1 * x.var(axis=0))
    # Inference: a fixed affine map with the running stats, independent of the batch.
    x2 = rng.standard_normal((3, 4))
    expected = (x2 - bn.running_mean) / np.sqrt(bn.running_var + bn.eps)
    np.testing.assert_allclose(bn.forward(x2, False), expected)
    np.testing.assert_allclose(bn.forward(x2[:1], False), expected[:1])
    before = bn.running_mean.copy()
    bn.forward(x2, False)
    np.testing.assert_array_equal(bn.running_mean, before)  # inference leaves stats alone


def test_dropout_fixed_mask_gradient() -> None:
    rng = _rng(9)
    x = rng.standard_normal((4, 6))
    drop = Dropout(0.5, _rng(10))
    drop.forward(x, True)
    drop.set_mask(drop.mask)
    _check_layer(drop, x)


def test_dropout_train_vs_inference() -> None:
    drop = Dropout(0.3, _rng(11))
    x = np.ones((400, 50))
    y = drop.forward(x, True)
    assert set(np.unique(y)) == {0.0, 1.0}  # book-style: no rescaling while training
    assert abs((y == 0).mean() - 0.3) < 0.02
    np.testing.assert_array_equal(drop.backward(np.full_like(x, 2.0)), 2.0 * y)
    np.testing.assert_allclose(drop.forward(x, False), 0.7)  # inference scales by 1 - ratio
    # Fresh masks each training pass, unless fixed.
    assert not np.array_equal(drop.forward(x, True), y)
    mask = np.zeros((400, 50), dtype=bool)
    mask[:, 0] = True
    drop.set_mask(mask)
    np.testing.assert_array_equal(drop.forward(x, True), mask.astype(float))
    drop.set_mask(None)
    assert drop.forward(x, True).sum() > 1000
    with pytest.raises(ValueError):
        Dropout(1.0, _rng())


def test_dropout_same_seed_same_masks() -> None:
    x = np.ones((5, 8))
    a, b = Dropout(0.5, _rng(3)), Dropout(0.5, _rng(3))
    np.testing.assert_array_equal(a.forward(x, True), b.forward(x, True))


def _naive_ce(x: np.ndarray, t: np.ndarray) -> float:
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(y[np.arange(len(t)), t])))


def test_softmax_cross_entropy_value_and_gradient() -> None:
    rng = _rng(12)
    x = rng.standard_normal((5, 4))
    t = np.array([0, 3, 1, 1, 2])
    ce = SoftmaxCrossEntropy()
    assert ce.forward(x, t) == pytest.approx(_naive_ce(x, t), rel=1e-12)
    np.testing.assert_allclose(ce.y.sum(axis=1), 1.0)
    dx = ce.backward()
    assert dx.shape == (5, 4)
    num = numerical_gradient(lambda: SoftmaxCrossEntropy().forward(x, t), x)
    assert relative_error(dx, num) < TOL
    # backward() twice gives the same answer (the stored softmax is not consumed)
    np.testing.assert_array_equal(ce.backward(), dx)
    np.testing.assert_allclose(ce.backward(2.0), 2.0 * dx)
    # one-hot labels are accepted
    assert ce.forward(x, np.eye(4)[t]) == pytest.approx(_naive_ce(x, t), rel=1e-12)


def test_softmax_cross_entropy_is_stable() -> None:
    x = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]])
    ce = SoftmaxCrossEntropy()
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss = ce.forward(x, np.array([0, 0]))
        dx = ce.backward()
    assert loss == pytest.approx(1000.0)  # sample 0 costs 0, sample 1 costs 2000
    np.testing.assert_allclose(dx, [[0.0, 0.0, 0.0], [-0.5, 0.5, 0.0]], atol=1e-12)


def test_float32_preserved() -> None:
    x = _rng(13).standard_normal((3, 4)).astype(np.float32)
    for cls in (ReLU, Sigmoid, Tanh, LeakyReLU, ELU, Swish):
        layer = cls()
        assert layer.forward(x, True).dtype == np.float32, cls.__name__
        assert layer.backward(x).dtype == np.float32, cls.__name__
    bn = BatchNorm(np.ones(4, np.float32), np.zeros(4, np.float32))
    assert bn.forward(x, True).dtype == np.float32
    assert bn.backward(x).dtype == np.float32


def _all_layers(rng: np.random.Generator) -> list:
    layers = [cls() for cls in ACTIVATIONS.values()]
    layers.append(Affine(rng.standard_normal((6, 6)), rng.standard_normal(6)))
    layers.append(BatchNorm(np.ones(6) * 1.5, np.zeros(6)))
    layers.append(Dropout(0.4, np.random.default_rng(1)))
    return layers


def test_layers_do_not_mutate_dout_or_x() -> None:
    rng = _rng(14)
    for layer in _all_layers(rng):
        x = rng.standard_normal((4, 6))
        x_copy = x.copy()
        layer.forward(x, True)
        dout = rng.standard_normal((4, 6))
        dout_copy = dout.copy()
        dx = layer.backward(dout)
        np.testing.assert_array_equal(dout, dout_copy, err_msg=type(layer).__name__)
        np.testing.assert_array_equal(x, x_copy, err_msg=type(layer).__name__)
        assert dx is not dout
