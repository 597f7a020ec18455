"""Packed inputs (core.packed): a batch without its all-zero columns trains and predicts
like the full batch, to float rounding, and the first layer's gradient is checked
numerically through it."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.data import Dataset
from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.gradcheck import numerical_gradient, relative_error
from nntui.core.layers import Affine
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.packed import MIN_WIDTH, PackedRows, pack_columns
from nntui.core.stack import NetworkStack

WIDTH = 300  # wide enough to be packed (MIN_WIDTH)


def images(n: int = 12, seed: int = 0, dtype: type = np.float64) -> np.ndarray:
    """(n, WIDTH) rows whose first 40 and last 60 columns are 0 in every row, and a few
    zeros scattered elsewhere (a zero in some rows only must not drop its column)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, WIDTH)).astype(dtype)
    x[:, :40] = 0.0
    x[:, -60:] = 0.0
    x[: n // 2, 100] = 0.0  # zero in half the rows: kept
    return x


def test_pack_columns_keeps_exactly_the_columns_that_are_not_zero_everywhere() -> None:
    x = images()
    p = pack_columns(x)
    assert isinstance(p, PackedRows)
    assert p.cols.tolist() == list(range(40, WIDTH - 60))
    assert p.dropped.tolist() == [*range(40), *range(WIDTH - 60, WIDTH)]
    assert p.width == WIDTH and len(p) == len(x)
    np.testing.assert_array_equal(p.x, x[:, 40:-60])
    np.testing.assert_array_equal(p.unpack(), x)
    assert p.astype(np.float64) is p and p.astype(np.float32).x.dtype == np.float32


def test_pack_columns_declines_when_it_would_not_pay() -> None:
    x = images()
    assert pack_columns(x[:, : MIN_WIDTH - 1]) is None  # narrow (8x8 digits: 64)
    assert pack_columns(x[:, : MIN_WIDTH - 1], min_width=0) is not None
    dense = x.copy()
    dense[0, :] = 1.0  # no column is zero in every row
    assert pack_columns(dense) is None
    assert pack_columns(x[:0]) is None


def test_affine_on_packed_rows_computes_the_full_product() -> None:
    rng = np.random.default_rng(1)
    x = images()
    layer = Affine(rng.standard_normal((WIDTH, 7)), rng.standard_normal(7))
    full = layer.forward(x, True)
    dout = rng.standard_normal(full.shape)
    layer.backward(dout, need_dx=False)
    want = {k: g.copy() for k, g in layer.grads.items()}
    layer.grads["W"][...] = 7.0  # stale values: the packed backward must clear them
    np.testing.assert_allclose(layer.forward(pack_columns(x), True), full, rtol=1e-12)
    assert layer.backward(dout, need_dx=False) is None
    np.testing.assert_allclose(layer.grads["W"], want["W"], rtol=1e-12, atol=1e-12)
    assert not layer.grads["W"][:40].any() and not layer.grads["W"][-60:].any()
    np.testing.assert_array_equal(layer.grads["b"], want["b"])


def test_affine_gradients_through_packed_rows_match_central_differences() -> None:
    rng = np.random.default_rng(2)
    x = pack_columns(images(6))
    layer = Affine(rng.standard_normal((WIDTH, 4)), rng.standard_normal(4))
    c = rng.standard_normal((6, 4))

    def f() -> float:
        return float(np.sum(layer.forward(x, True) * c))

    layer.forward(x, True)
    dx = layer.backward(c)
    assert dx is not None and dx.shape == (6, WIDTH)  # the gradient of the full rows
    analytic = {k: g.copy() for k, g in layer.grads.items()}
    for key, p in layer.params.items():
        assert relative_error(analytic[key], numerical_gradient(f, p)) < 1e-7, key


@pytest.mark.parametrize("kw", [{}, {"batch_norm": True, "dropout": 0.3, "l2": 0.1}],
                         ids=["plain", "bn-dropout-l2"])
def test_a_network_trains_on_packed_rows_as_on_the_full_rows(kw: dict) -> None:
    cfg = NetworkConfig(WIDTH, (8, 6), 3, dtype="float64", **kw)
    a, b = Network(cfg, np.random.default_rng(3)), Network(cfg, np.random.default_rng(3))
    x, t = images(10), np.random.default_rng(4).integers(0, 3, 10)
    packed = pack_columns(x)
    for _ in range(3):  # dropout draws the same masks in both (same seed, same order)
        assert b.gradient(packed, t) == pytest.approx(a.gradient(x, t), rel=1e-12)
        for name, ga, gb in zip(a.param_names, a.grads, b.grads, strict=True):
            np.testing.assert_allclose(gb, ga, rtol=1e-9, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(b.predict(packed), a.predict(x), rtol=1e-12)


def _wide_experiment(mapper=None) -> Experiment:
    """Three series of one architecture (a stack), one with a wider layer (alone) and a
    noisy one (its own copy of each batch), on 300-wide rows with blank borders."""
    x = images(240, 6, np.float32)
    t = (x[:, 50:150].sum(axis=1) > x[:, 150:240].sum(axis=1)).astype(np.int64)
    ds = Dataset("wide", x[:160], t[:160], x[:0], t[:0], x[160:], t[160:], (WIDTH,),
                 ("a", "b"))
    net = NetworkConfig(WIDTH, (16,), 2)
    series = [SeriesSpec(n, net, OptimizerConfig(n, lr=lr)) for n, lr in
              (("sgd", 0.2), ("adam", 0.01), ("momentum", 0.1))]
    series += [SeriesSpec("wide", NetworkConfig(WIDTH, (24,), 2)),
               SeriesSpec("noisy", net, input_noise=0.2)]
    exp = Experiment(ds, series, TrainSettings(20, 40, 10, seed=2))
    if mapper is not None:
        exp.use_map(mapper)
    return exp


def _losses(exp: Experiment) -> np.ndarray:
    while not exp.done:
        exp.step()
    return np.array([s.loss for s in exp.snapshot().series])


def test_an_experiment_trains_on_the_batch_packed_once(monkeypatch) -> None:
    seen: list[tuple[str, str]] = []
    stack_gradient, net_gradient = NetworkStack.gradient, Network.gradient

    def spy_stack(self, x, t):
        seen.append(("stack", type(x).__name__))
        return stack_gradient(self, x, t)

    def spy_net(self, x, t):
        seen.append(("alone", type(x).__name__))
        return net_gradient(self, x, t)

    monkeypatch.setattr(NetworkStack, "gradient", spy_stack)
    monkeypatch.setattr(Network, "gradient", spy_net)
    packed = _losses(_wide_experiment())
    # Per step: the stack and the wider series get the packed batch, the noisy series
    # its own full-width copy.
    assert seen[:3] == [("stack", "PackedRows"), ("alone", "PackedRows"),
                        ("alone", "ndarray")]
    assert len(seen) == 3 * 40
    monkeypatch.setattr("nntui.core.lockstep.pack_columns", lambda x: None)
    full = _losses(_wide_experiment())
    # The same training to float rounding: packing skips exact zeros only.
    np.testing.assert_allclose(packed, full, rtol=1e-4)


def test_packed_training_is_the_same_on_two_threads() -> None:
    from nntui.pipeline.threads import SeriesThreads

    serial = _losses(_wide_experiment())
    with SeriesThreads(2) as pool:
        threaded = _losses(_wide_experiment(pool))
    assert threaded.tobytes() == serial.tobytes()
