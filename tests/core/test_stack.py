"""Stacked training (core.stack, core.lockstep): S networks stepped as one array give each
network's own numbers bit for bit, whatever the grouping."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.lockstep import plan
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.packed import pack_columns
from nntui.core.stack import STACK_MAX, NetworkStack, stack_key
from tests.core.test_experiment import NET, blobs
from tests.core.test_packed import WIDTH, images

CONFIGS = {
    "plain": NetworkConfig(WIDTH, (12, 9), 4),
    "bn-dropout": NetworkConfig(WIDTH, (12, 9), 4, batch_norm=True, dropout=0.3),
    "tanh-l1-l2-nobias": NetworkConfig(WIDTH, (10,), 4, activation="tanh", l1=0.01, l2=0.1,
                                       bias=False),
    "elu-bn-float64": NetworkConfig(WIDTH, (8, 8), 4, activation="elu", batch_norm=True,
                                    dtype="float64"),
}
OPTIMIZERS = ("sgd", "momentum", "adagrad", "adam", "rmsprop")


def _members(cfg: NetworkConfig) -> list[Network]:
    """Five networks of one architecture with different initial scales and seeds."""
    return [Network(dataclasses.replace(cfg, init=0.1 * (i + 1)), np.random.default_rng(i))
            for i in range(len(OPTIMIZERS))]


@pytest.mark.parametrize("packed", [False, True], ids=["rows", "packed"])
@pytest.mark.parametrize("cfg", CONFIGS.values(), ids=CONFIGS.keys())
def test_a_stack_steps_its_networks_exactly_as_they_step_alone(cfg, packed) -> None:
    alone, stacked = _members(cfg), _members(cfg)
    stack = NetworkStack(stacked)
    opts = [[OptimizerConfig(n).build() for n in OPTIMIZERS] for _ in range(2)]
    rng = np.random.default_rng(7)
    for _ in range(4):
        x, t = images(16, int(rng.integers(100))), rng.integers(0, 4, 16)
        xin = pack_columns(x) if packed else x
        want = [net.gradient(xin, t) for net in alone]
        got = stack.gradient(xin, t)
        assert got.tolist() == want  # losses with their penalty, bit for bit
        for a, b, oa, ob in zip(alone, stacked, *opts, strict=True):
            assert b.last_data_loss == a.last_data_loss
            np.testing.assert_array_equal(b.grads.flat, a.grads.flat)
            oa.update(a.params, a.grads)
            ob.update(b.params, b.grads)
    for a, b in zip(alone, stacked, strict=True):
        sa, sb = a.state(), b.state()
        assert set(sa) == set(sb)
        for key in sa:  # weights, batch-norm parameters and running averages
            np.testing.assert_array_equal(sb[key], sa[key], err_msg=key)
        np.testing.assert_array_equal(b.predict(x), a.predict(x))


def test_members_live_in_the_stack_and_still_work_alone() -> None:
    nets = _members(CONFIGS["bn-dropout"])
    before = [n.state() for n in nets]
    stack = NetworkStack(nets)
    for net, st in zip(nets, before, strict=True):
        for key, arr in net.state().items():  # moved, not changed
            np.testing.assert_array_equal(arr, st[key])
        assert np.shares_memory(net.params.flat, stack._p)
        assert np.shares_memory(net.batch_norms[0].running_mean,
                                stack.layers[1].running_mean)
    x, t = images(8), np.zeros(8, dtype=np.int64)
    loss = nets[2].gradient(x, t)  # a member's own pass writes its row of the stack
    assert np.isfinite(loss) and np.array_equal(stack._g[2], nets[2].grads.flat)
    nets[1].load_state(before[3])
    np.testing.assert_array_equal(nets[1].params[0], before[3]["W1"])


def test_a_stack_refuses_what_it_cannot_step() -> None:
    nets = _members(CONFIGS["plain"])
    with pytest.raises(ValueError, match="at least two"):
        NetworkStack(nets[:1])
    other = Network(dataclasses.replace(CONFIGS["plain"], hidden_sizes=(12, 8)),
                    np.random.default_rng(0))
    with pytest.raises(ValueError, match="share their architecture"):
        NetworkStack([nets[0], other])
    drop = _members(CONFIGS["bn-dropout"])
    drop[1].dropouts[0].set_mask(np.ones((4, 12), dtype=bool))
    with pytest.raises(ValueError, match="fixed dropout mask"):
        NetworkStack(drop)
    assert stack_key(nets[0].config) == stack_key(nets[3].config)  # init differs only


def _spec(name: str, net: NetworkConfig = NET, **kw) -> SeriesSpec:
    return SeriesSpec(name, net, OptimizerConfig("sgd", lr=0.1), **kw)


def test_plan_groups_series_that_can_share_a_stack() -> None:
    other = dataclasses.replace(NET, hidden_sizes=(8,))
    specs = [_spec("a"), _spec("b", other), _spec("c"), _spec("noisy", input_noise=0.1),
             _spec("d"), _spec("small", batch_size=8), _spec("e", dataclasses.replace(
                 NET, init=0.01))]
    assert plan(specs, 32, parts=1) == [(0, 2, 4, 6), (1,), (3,), (5,)]
    # Cut into at least `parts` runs for the threads that step them, in order.
    assert plan(specs, 32, parts=2) == [(0, 2), (1,), (3,), (4, 6), (5,)]
    many = [_spec(str(i)) for i in range(2 * STACK_MAX + 1)]
    sizes = [len(u) for u in plan(many, 32, parts=1)]
    assert sizes == [6, 5, 6] and sum(sizes) == len(many)  # nearly equal, in order


def _race(threads_hint: int | None = None) -> Experiment:
    """Five optimizers on one architecture (one stack), one noisy series alone."""
    series = [SeriesSpec(n, NET, OptimizerConfig(n, lr=lr)) for n, lr in
              (("sgd", 0.1), ("momentum", 0.05), ("adagrad", 0.1), ("adam", 0.01),
               ("rmsprop", 0.01))] + [_spec("noisy", input_noise=0.3)]
    exp = Experiment(blobs(), series, TrainSettings(32, 60, 10, seed=3))
    if threads_hint:
        def mapper(fn, items):
            return [fn(x) for x in items]
        mapper.threads = threads_hint  # type: ignore[attr-defined]
        exp.use_map(mapper)
    return exp


def _curves(exp: Experiment) -> list[list[float]]:
    while not exp.done:
        exp.step()
    return [[*s.loss, *s.train_acc, *s.test_acc] for s in exp.snapshot().series]


def test_an_experiment_draws_the_same_curves_stacked_or_not(monkeypatch) -> None:
    stacked = _curves(_race())
    split = _curves(_race(threads_hint=2))  # the stack cut in two
    monkeypatch.setattr("nntui.core.lockstep.STACK_MAX", 1)
    alone = _curves(_race())  # every series on its own
    assert stacked == alone == split
    assert len(stacked[0]) > 60
