"""Speed paths that must not change results: EvalSet (inference without all-zero input
columns) and Adam's float32 update."""

from __future__ import annotations

import math

import numpy as np

from nntui.core.evaluate import EvalSet, predict_labels
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import Adam


def _net_and_images(seed: int = 0) -> tuple[Network, np.ndarray]:
    """A 64-32-16-4 ReLU + batch-norm network and 300 "images" whose border columns
    (a quarter of the 64) are 0 in every row, like MNIST's blank margins."""
    rng = np.random.default_rng(seed)
    net = Network(NetworkConfig(64, (32, 16), 4, batch_norm=True), rng)
    x = rng.random((300, 64), dtype=np.float32)
    x[:, :8] = 0.0
    x[:, -8:] = 0.0
    return net, x


def test_evalset_drops_zero_columns_and_predicts_like_the_full_input() -> None:
    net, x = _net_and_images()
    es = EvalSet(x)
    (rows, packed), = es.chunks
    assert rows.shape == x.shape and packed is not None
    assert packed.cols.tolist() == list(range(8, 56)) and len(packed.dropped) == 16
    assert packed.x.shape == (300, 48)
    full = predict_labels(net, x)
    assert np.array_equal(es.predict_labels(net), full)
    assert np.array_equal(EvalSet(x, chunk=7).predict_labels(net), full)  # chunks too
    assert len(set(full.tolist())) > 1  # a real comparison, not one constant class


def test_evalset_packs_each_chunk_by_its_own_zero_columns() -> None:
    net, x = _net_and_images()
    x[:150, 8:16] = 0.0  # zero only in the first half's rows
    es = EvalSet(x, chunk=150)
    assert [len(p.dropped) for _, p in es.chunks] == [24, 16]  # type: ignore[union-attr]
    assert np.array_equal(es.predict_labels(net), predict_labels(net, x))


def test_evalset_keeps_every_column_when_few_are_zero() -> None:
    net, x = _net_and_images()
    x[0, :] = 1.0  # no column is zero in every row now
    es = EvalSet(x)
    assert [p for _, p in es.chunks] == [None]
    assert np.array_equal(es.predict_labels(net), predict_labels(net, x))


def test_evalset_uses_the_full_input_when_a_dropped_weight_is_not_finite() -> None:
    # 0 * inf = NaN: skipping the column would hide it, so the full product is taken.
    net, x = _net_and_images()
    net.affines[0].params["W"][0, :] = np.inf  # row 0 multiplies a dropped (zero) column
    with np.errstate(all="ignore"):
        expected = predict_labels(net, x)
        logits = net.predict(x)
        got = EvalSet(x).predict_labels(net)
    assert np.isnan(logits).all()  # the NaN the full product produces
    assert np.array_equal(got, expected)


def test_adam_float32_update_stays_float32() -> None:
    # lr_t as a NumPy float64 would promote lr_t * m to float64 (NEP 50) and round the
    # update differently: here each step must equal the formula evaluated in float32.
    rng = np.random.default_rng(3)
    p = rng.standard_normal(1000).astype(np.float32)
    ref = p.copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    opt = Adam(lr=0.001)
    for t in range(1, 30):
        g = rng.standard_normal(1000).astype(np.float32)
        opt.update([p], [g])
        lr_t = 0.001 * math.sqrt(1.0 - 0.999**t) / (1.0 - 0.9**t)
        m += (1.0 - 0.9) * (g - m)
        v += (1.0 - 0.999) * (g * g - v)
        ref -= lr_t * m / (np.sqrt(v) + 1e-7)
        assert ref.dtype == np.float32
    assert p.dtype == np.float32
    assert np.array_equal(p, ref)
