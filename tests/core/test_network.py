"""Network: whole-network gradient checks, overfitting, determinism, state, init scales."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.activations import ACTIVATIONS
from nntui.core.gradcheck import check_network
from nntui.core.init import weight_std
from nntui.core.layers import Dropout
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import SGD, Adam

TOL = 1e-6


def _data(seed: int = 0, n: int = 5, d: int = 6, c: int = 3):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, c, n)


def _net(seed: int = 1, **kw) -> Network:
    kw.setdefault("dtype", "float64")
    return Network(NetworkConfig(6, (5, 4), 3, **kw), np.random.default_rng(seed))


GRADCHECK_CASES = {
    "plain": {},
    "batch_norm": {"batch_norm": True},
    "dropout": {"dropout": 0.3},
    "l2": {"l2": 0.1},
    "l1": {"l1": 0.05},
    "elastic": {"l1": 0.05, "l2": 0.1},
    "no_bias": {"bias": False},
    "xavier": {"init": "xavier", "activation": "tanh"},
    "everything": {
        "batch_norm": True,
        "dropout": 0.2,
        "l1": 0.01,
        "l2": 0.1,
        "activation": "elu",
        "bias": False,
    },
    **{f"act_{a}": {"activation": a} for a in ACTIVATIONS},
    **{f"bn_{a}": {"activation": a, "batch_norm": True} for a in ("sigmoid", "swish")},
}


@pytest.mark.parametrize("kw", GRADCHECK_CASES.values(), ids=GRADCHECK_CASES.keys())
def test_network_gradient_check(kw: dict) -> None:
    net = _net(**kw)
    x, t = _data()
    errors = check_network(net, x, t).errors
    assert list(errors) == net.param_names
    assert max(errors.values()) < TOL, errors


def test_param_names_order_and_shapes() -> None:
    net = _net(batch_norm=True)
    assert net.param_names == [
        "W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3",
    ]  # fmt: skip
    shapes = [p.shape for p in net.params]
    assert shapes == [(6, 5), (5,), (5,), (5,), (5, 4), (4,), (4,), (4,), (4, 3), (3,)]
    assert [g.shape for g in net.grads] == shapes
    assert _net(bias=False).param_names == ["W1", "W2", "W3"]
    np.testing.assert_array_equal(net.params[2], 1.0)  # gamma starts at 1
    np.testing.assert_array_equal(net.params[3], 0.0)  # beta starts at 0
    assert [w.shape for w in net.weight_matrices()] == [(6, 5), (5, 4), (4, 3)]
    assert net.weight_matrices()[0] is net.params[0]


def test_params_are_the_layers_arrays() -> None:
    """An in-place optimizer step must change what predict() computes."""
    net = _net()
    x, t = _data()
    before = net.predict(x)
    net.gradient(x, t)
    SGD(lr=0.5).update(net.params, net.grads)
    assert not np.allclose(net.predict(x), before)
    for layer_param in net.layers[0].params.values():
        assert any(layer_param is p for p in net.params)


def test_gradient_returns_loss_of_that_pass_and_penalty() -> None:
    x, t = _data()
    net = _net(l2=0.3, l1=0.2)
    loss = net.gradient(x, t)
    ws = net.weight_matrices()
    penalty = 0.5 * 0.3 * sum((w**2).sum() for w in ws) + 0.2 * sum(np.abs(w).sum() for w in ws)
    assert loss == pytest.approx(net.loss(x, t, train=True), rel=1e-12)
    assert loss == pytest.approx(_net().loss(x, t) + penalty, rel=1e-12)
    assert net.last_data_loss == pytest.approx(loss - penalty, rel=1e-12)  # what is logged


def test_penalty_gradient_only_on_weights() -> None:
    x, t = _data()
    a, b = _net(batch_norm=True), _net(batch_norm=True, l2=0.5, l1=0.1)
    a.gradient(x, t)
    b.gradient(x, t)
    for name, ga, gb, p in zip(a.param_names, a.grads, b.grads, b.params, strict=True):
        if name.startswith("W"):
            np.testing.assert_allclose(gb, ga + 0.5 * p + 0.1 * np.sign(p))
        else:
            np.testing.assert_array_equal(gb, ga)


def test_overfits_small_batch() -> None:
    """Sanity check from the book: a correct model memorises 20 random digit-like samples."""
    rng = np.random.default_rng(42)
    x = rng.random((20, 64))  # like 8x8 digits scaled to [0, 1)
    t = np.arange(20) % 10
    net = Network(NetworkConfig(64, (50, 50), 10, dtype="float64"), np.random.default_rng(0))
    opt = SGD(lr=0.1)
    first = net.gradient(x, t)
    for _ in range(300):
        last = net.gradient(x, t)
        opt.update(net.params, net.grads)
    assert net.accuracy(x, t) == 1.0
    assert last < 0.05 < first


def test_overfits_small_batch_float32_batchnorm() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((20, 64))
    t = np.arange(20) % 10
    net = Network(NetworkConfig(64, (50, 50), 10, batch_norm=True), np.random.default_rng(0))
    assert net.params[0].dtype == np.float32
    opt = Adam(lr=0.01)
    for _ in range(150):
        net.gradient(x, t)
        opt.update(net.params, net.grads)
    assert net.accuracy(x, t) == 1.0


def test_same_seed_identical_different_seed_different() -> None:
    x, t = _data(n=8)
    for kw in ({}, {"dropout": 0.5, "batch_norm": True}):
        a, b, c = _net(7, **kw), _net(7, **kw), _net(8, **kw)
        for pa, pb in zip(a.params, b.params, strict=True):
            np.testing.assert_array_equal(pa, pb)
        assert a.gradient(x, t) == b.gradient(x, t)
        for ga, gb in zip(a.grads, b.grads, strict=True):
            np.testing.assert_array_equal(ga, gb)
        assert not np.array_equal(a.params[0], c.params[0])
        c.gradient(x, t)
        assert not np.array_equal(a.grads[0], c.grads[0])


def test_dropout_seeding_does_not_shift_weights() -> None:
    """Series built from one rng state get the same initial weights with or without dropout."""
    a, b = _net(3), _net(3, dropout=0.5)
    for pa, pb in zip(a.params, b.params, strict=True):
        np.testing.assert_array_equal(pa, pb)


def test_float32_and_float64_start_from_same_weights() -> None:
    a, b = _net(4, dtype="float32"), _net(4, dtype="float64")
    assert a.params[0].dtype == np.float32 and b.params[0].dtype == np.float64
    np.testing.assert_array_equal(a.params[0], b.params[0].astype(np.float32))
    x, t = _data()
    assert a.predict(x).dtype == np.float32  # float64 input is cast
    assert a.loss(x, t) == pytest.approx(b.loss(x, t), rel=1e-5)


def test_dropout_inference_is_deterministic_and_train_is_not() -> None:
    x, _ = _data(n=50)
    net = _net(dropout=0.5)
    assert len([layer for layer in net.layers if isinstance(layer, Dropout)]) == 2
    np.testing.assert_array_equal(net.predict(x), net.predict(x))
    assert not np.array_equal(net.predict(x, train=True), net.predict(x, train=True))


def test_batchnorm_network_inference_uses_running_stats() -> None:
    x, t = _data(n=10)
    net = _net(batch_norm=True)
    before = net.predict(x)
    np.testing.assert_array_equal(before[:3], net.predict(x[:3]))  # batch-independent
    net.gradient(x, t)  # a training pass updates the running statistics
    assert not np.allclose(net.predict(x), before)
    assert not np.allclose(net.predict(x), net.predict(x, train=True))


def test_accuracy_chunked_matches_full() -> None:
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((103, 6)), rng.integers(0, 3, 103)
    net = _net()
    expected = float(np.mean(net.predict(x).argmax(axis=1) == t))
    assert net.accuracy(x, t, batch_size=10) == pytest.approx(expected)
    assert net.accuracy(x, t) == pytest.approx(expected)
    assert net.accuracy(x[:0], t[:0]) == 0.0


def test_hidden_activations() -> None:
    x, _ = _data(n=9)
    net = _net(dropout=0.5)
    acts = net.hidden_activations(x)
    assert [a.shape for a in acts] == [(9, 5), (9, 4)]
    h1 = np.maximum(x @ net.params[0] + net.params[1], 0)
    np.testing.assert_allclose(acts[0], h1)  # before dropout's inference scaling
    h2 = np.maximum(0.5 * h1 @ net.params[2] + net.params[3], 0)
    np.testing.assert_allclose(acts[1], h2)
    assert Network(NetworkConfig(6, (), 3), np.random.default_rng(0)).hidden_activations(x) == []


def test_state_roundtrip_in_place() -> None:
    x, t = _data(n=10)
    net = _net(batch_norm=True)
    net.gradient(x, t)
    saved = net.state()
    assert {"running_mean1", "running_var1", "running_mean2", "running_var2"} <= set(saved)
    ids = [id(p) for p in net.params]
    logits = net.predict(x)
    opt = SGD(lr=0.5)
    for _ in range(3):
        net.gradient(x, t)
        opt.update(net.params, net.grads)
    assert not np.allclose(net.predict(x), logits)
    assert not np.allclose(saved["W1"], net.params[0])  # state() is a copy
    net.load_state(saved)
    np.testing.assert_array_equal(net.predict(x), logits)
    assert [id(p) for p in net.params] == ids  # arrays updated in place, not replaced
    bad = dict(saved)
    del bad["W1"]
    with pytest.raises(ValueError, match="W1"):
        net.load_state(bad)
    bad = dict(saved, W1=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="shape"):
        net.load_state(bad)


@pytest.mark.parametrize(
    ("init", "expected"),
    [("he", np.sqrt(2 / 1000)), ("xavier", np.sqrt(1 / 1000)), (0.01, 0.01), (1.0, 1.0)],
)
def test_init_std_empirical(init, expected: float) -> None:
    net = Network(
        NetworkConfig(1000, (1000,), 2, init=init, dtype="float64"), np.random.default_rng(0)
    )
    w = net.params[0]
    assert w.shape == (1000, 1000)
    assert abs(w.std() / expected - 1.0) < 0.02
    assert abs(w.mean()) < 0.01 * expected
    np.testing.assert_array_equal(net.params[1], 0.0)


def test_weight_std_formula_and_errors() -> None:
    assert weight_std("he", 50) == pytest.approx(np.sqrt(2 / 50))
    assert weight_std("xavier", 50) == pytest.approx(np.sqrt(1 / 50))
    assert weight_std(0.05, 50) == 0.05
    for bad in ("glorot", -1.0, 0.0, float("nan"), True, None):
        with pytest.raises(ValueError, match="init"):
            weight_std(bad, 10)
    with pytest.raises(ValueError, match="fan_in"):
        weight_std("he", 0)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"activation": "gelu"}, "activation"),
        ({"init": "glorot"}, "init"),
        ({"dropout": 1.0}, "dropout"),
        ({"l2": -0.1}, "l2"),
        ({"l1": float("nan")}, "l1"),
        ({"dtype": "float16"}, "dtype"),
        ({"input_size": 0}, "input_size"),
        ({"hidden_sizes": (5, -1)}, "hidden_sizes"),
    ],
)
def test_config_validation_names_field(kw: dict, field: str) -> None:
    base = {"input_size": 6, "hidden_sizes": (5,), "output_size": 3}
    with pytest.raises(ValueError, match=field):
        NetworkConfig(**{**base, **kw})


def test_config_list_hidden_sizes_becomes_tuple() -> None:
    cfg = NetworkConfig(6, [5, 4], 3)  # type: ignore[arg-type]
    assert cfg.hidden_sizes == (5, 4)
    hash(cfg)


def test_pickle_and_deepcopy_keep_training_working() -> None:
    import copy
    import pickle

    x, t = _data()
    net = _net(batch_norm=True)
    for clone in (copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        np.testing.assert_array_equal(clone.predict(x), net.predict(x))
        before = clone.predict(x)
        clone.gradient(x, t)
        SGD(lr=0.5).update(clone.params, clone.grads)
        assert not np.allclose(clone.predict(x), before)  # the update reached the layers
        assert clone.params[0] is clone.layers[0].params["W"]


def test_limit_blas_threads_context_restores() -> None:
    from nntui.core.blas import blas_info, limit_blas_threads

    infos = blas_info()
    if not infos:
        pytest.skip("no BLAS visible to threadpoolctl")
    before = [i["num_threads"] for i in infos]
    with limit_blas_threads(1):
        assert all(i["num_threads"] == 1 for i in blas_info())
    assert [i["num_threads"] for i in blas_info()] == before
    with pytest.raises(ValueError):
        limit_blas_threads(0)
