"""Inference without temporaries (Layer.infer, Network.predict) and batch norm's reused
scratch: the same numbers, bit for bit, as the plain passes."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.activations import ReLU, Sigmoid
from nntui.core.layers import BatchNorm, Dropout
from nntui.core.network import Network, NetworkConfig


def _trained_batchnorm(rng: np.random.Generator) -> BatchNorm:
    """A float32 batch norm whose running statistics, gamma and beta are not the defaults
    (a default scale of 1 and shift of 0 would hide a wrong fold)."""
    bn = BatchNorm(rng.uniform(0.5, 2.0, 6).astype(np.float32),
                   rng.standard_normal(6).astype(np.float32))
    for _ in range(3):
        bn.forward((rng.standard_normal((20, 6)) * 3 + 2).astype(np.float32), True)
    return bn


@pytest.mark.parametrize("kind", ["batchnorm", "relu", "dropout", "sigmoid"])
def test_infer_equals_inference_forward_bit_for_bit(kind: str) -> None:
    rng = np.random.default_rng(1)
    layer = {"batchnorm": lambda: _trained_batchnorm(rng), "relu": ReLU,
             "dropout": lambda: Dropout(0.3, np.random.default_rng(0)),
             "sigmoid": Sigmoid}[kind]()
    x = (rng.standard_normal((9, 6)) * 4).astype(np.float32)
    x[0, 0] = np.nan  # NaN must still show (a diverging net)
    expected = layer.forward(x.copy(), False)
    mine = x.copy()
    out = layer.infer(mine)
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == np.float32
    if kind != "sigmoid":  # the elementwise layers work in place; others may not
        assert out is mine


def test_network_predict_equals_the_layer_by_layer_pass_and_keeps_the_input() -> None:
    cfg = NetworkConfig(12, (8, 7), 3, batch_norm=True, dropout=0.2)
    net = Network(cfg, np.random.default_rng(2))
    rng = np.random.default_rng(3)
    for _ in range(3):  # moves the running statistics away from (0, 1)
        net.gradient(rng.standard_normal((16, 12)), rng.integers(0, 3, 16))
    x = rng.standard_normal((10, 12)).astype(np.float32)
    before = x.copy()
    expected = x
    for layer in net.layers:
        expected = layer.forward(expected, False)
    np.testing.assert_array_equal(net.predict(x), expected)
    np.testing.assert_array_equal(x, before)


def test_batchnorm_scratch_reuse_keeps_every_step_exact() -> None:
    """The layer reuses one scratch array across steps and batch shapes: a step gives the
    same output and gradients whatever ran before it, and hands out none of its scratch."""
    rng = np.random.default_rng(4)
    gamma = rng.uniform(0.5, 2.0, 5).astype(np.float32)
    beta = rng.standard_normal(5).astype(np.float32)
    x1, d1 = (rng.standard_normal((8, 5)).astype(np.float32) for _ in range(2))
    x2, d2 = (rng.standard_normal((3, 5)).astype(np.float32) for _ in range(2))

    def step(bn: BatchNorm, x: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, ...]:
        y = bn.forward(x, True)
        dx = bn.backward(d)
        return y, dx, bn.grads["gamma"].copy(), bn.grads["beta"].copy()

    fresh = step(BatchNorm(gamma.copy(), beta.copy()), x1, d1)
    reused = BatchNorm(gamma.copy(), beta.copy())
    step(reused, x1, d1)
    step(reused, x2, d2)  # another shape, then back
    again = step(reused, x1, d1)
    for a, b in zip(fresh, again):
        np.testing.assert_array_equal(a, b)
    # The reference formulas (float64): the book's backward, step by step.
    x, d, g = x1.astype(np.float64), d1.astype(np.float64), gamma.astype(np.float64)
    xc = x - x.mean(axis=0)
    std = np.sqrt((xc**2).mean(axis=0) + 10e-7)
    xn = xc / std
    dxn = g * d
    dstd = -np.sum(dxn * xc / std**2, axis=0)
    dxc = dxn / std + (2.0 / len(x)) * xc * (0.5 * dstd / std)
    dx = dxc - dxc.mean(axis=0)
    np.testing.assert_allclose(again[0], g * xn + beta, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(again[1], dx, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(again[2], np.sum(xn * d, axis=0), rtol=1e-5, atol=1e-5)
    assert not any(np.shares_memory(a, reused._tmp) for a in again[:2])
