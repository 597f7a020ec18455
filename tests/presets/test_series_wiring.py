"""Every series of every training preset is built with the optimizer, learning rate,
schedule, batch size and penalties its name says.

Each setting gets a value no other setting has, so a series wired to the wrong key (every
series getting lr_sgd, AdaGrad running RMSprop, weight decay using L1, ...) shows up as a
wrong number. The expectations are written out here, not taken from the preset modules.
"""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.data import Dataset
from nntui.core.experiment import SeriesSpec
from nntui.presets import PRESETS
from nntui.presets.initialization import BN_SCALES
from nntui.presets.kinds.train import TrainBuilder

# Distinct values, all valid for their parameter.
DISTINCT = {
    "lr": "0.0123", "lr_sgd": "0.0211", "lr_momentum": "0.0322", "lr_adagrad": "0.0433",
    "lr_adam": "0.0044", "lr_rmsprop": "0.0555", "momentum": "0.81", "decay_rate": "0.93",
    "weight_decay": "0.071", "dropout": "0.37", "l1": "0.0061", "l2": "0.083",
    "noise": "0.29", "patience": "7", "small_std": "0.017", "step_size": "37",
    "gamma": "0.61", "warmup": "23", "batch_size": "17", "batch_small": "5",
    "batch_medium": "29", "batch_large": "211", "hidden": "13,11",
    "shift": "3", "degrees": "7.5",
}


def _dataset() -> Dataset:
    rng = np.random.default_rng(0)
    x = rng.random((40, 64), dtype=np.float32)
    t = np.arange(40) % 10
    return Dataset("digits", x, t, x[:8], t[:8], x[:10], t[:10], (8, 8), tuple("0123456789"))


def built(name: str) -> tuple[dict[str, float], dict[str, SeriesSpec]]:
    preset = PRESETS[name]
    keys = {p.key for p in preset.params}
    config = preset.resolve(overrides={k: v for k, v in DISTINCT.items() if k in keys})
    assert isinstance(preset.builder, TrainBuilder)
    specs = list(preset.builder.factory(config, _dataset()))
    assert [s.name for s in specs] == list(preset.series)  # names as the dashboard shows them
    values = {k: float(v) for k, v in DISTINCT.items() if k in keys and k != "hidden"}
    for s in specs:  # every series: the preset's layers between 64 inputs and 10 classes
        net = s.network
        assert (net.input_size, net.hidden_sizes, net.output_size) == (64, (13, 11), 10), s.name
    return values, {s.name: s for s in specs}


def opt(spec: SeriesSpec) -> tuple[str, float]:
    return spec.optimizer.name, spec.optimizer.lr


def penalties(spec: SeriesSpec) -> tuple[float, float, float, bool]:
    n = spec.network
    return n.l1, n.l2, n.dropout, n.batch_norm


def plain(spec: SeriesSpec) -> bool:
    """No penalty, no dropout, no batch norm, no data change, no early stop, no schedule."""
    return (penalties(spec) == (0.0, 0.0, 0.0, False) and spec.input_noise == 0.0
            and not spec.augment and spec.early_stopping == 0 and spec.batch_size is None
            and spec.schedule.kind == "constant" and spec.schedule.warmup == 0)


def test_optimizer_race() -> None:
    v, s = built("optimizer-race")
    want = {"SGD": ("sgd", v["lr_sgd"]), "Momentum": ("momentum", v["lr_momentum"]),
            "AdaGrad": ("adagrad", v["lr_adagrad"]), "Adam": ("adam", v["lr_adam"]),
            "RMSprop": ("rmsprop", v["lr_rmsprop"])}
    assert {n: opt(sp) for n, sp in s.items()} == want
    assert s["Momentum"].optimizer.momentum == v["momentum"]
    assert s["RMSprop"].optimizer.decay_rate == v["decay_rate"]
    assert all(plain(sp) for sp in s.values())


def test_lr_schedules() -> None:
    v, s = built("lr-schedules")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    sched = {n: sp.schedule for n, sp in s.items()}
    assert (sched["constant"].kind, sched["constant"].warmup) == ("constant", 0)
    for name in ("step", "exponential"):
        assert (sched[name].kind, sched[name].step_size, sched[name].gamma, sched[name].warmup) \
            == (name, v["step_size"], v["gamma"], 0)
    assert (sched["cosine"].kind, sched["cosine"].warmup) == ("cosine", 0)
    assert (sched["warmup+cosine"].kind, sched["warmup+cosine"].warmup) == ("cosine", v["warmup"])


def test_batch_size() -> None:
    v, s = built("batch-size")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    assert {n: sp.batch_size for n, sp in s.items()} == {
        "small": v["batch_small"], "medium": v["batch_medium"], "large": v["batch_large"]}
    assert all(penalties(sp) == (0.0, 0.0, 0.0, False) for sp in s.values())


def test_init_compare() -> None:
    v, s = built("init-compare")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    assert {n: sp.network.init for n, sp in s.items()} == {
        "std=0.01": v["small_std"], "Xavier": "xavier", "He": "he"}
    assert {sp.network.activation for sp in s.values()} == {"relu"}
    assert all(plain(sp) for sp in s.values())


def test_activations() -> None:
    v, s = built("activations")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    assert {n: (sp.network.activation, sp.network.init) for n, sp in s.items()} == {
        "sigmoid": ("sigmoid", "xavier"), "tanh": ("tanh", "xavier"), "ReLU": ("relu", "he"),
        "Leaky ReLU": ("leaky_relu", "he"), "ELU": ("elu", "he"), "Swish": ("swish", "he")}
    assert all(plain(sp) for sp in s.values())


def test_batchnorm() -> None:
    v, s = built("batchnorm")
    assert len(s) == 32 and {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    scales = sorted({sp.network.init for sp in s.values()}, reverse=True)
    assert scales == pytest.approx(list(np.logspace(0, -4, num=16)))  # the book's 16
    for name, sp in s.items():
        kind, w = name.split(" w=")
        assert sp.network.batch_norm is (kind == "BN"), name
        assert f"{sp.network.init:.2g}" == w, name  # the name shows 2 significant digits
        assert penalties(sp)[:3] == (0.0, 0.0, 0.0), name
    assert len(BN_SCALES) == 16


def test_weight_decay() -> None:
    v, s = built("weight-decay")
    # digits' teaching default is Momentum (the book's SGD is --book): both series alike
    assert {opt(sp) for sp in s.values()} == {("momentum", v["lr"])}
    assert plain(s["no decay"])
    assert penalties(s["weight decay"]) == (0.0, v["weight_decay"], 0.0, False)  # L2, not L1


def test_dropout() -> None:
    v, s = built("dropout")
    assert {opt(sp) for sp in s.values()} == {("adam", v["lr"])}  # the teaching default
    assert plain(s["no dropout"])
    assert penalties(s["dropout"]) == (0.0, 0.0, v["dropout"], False)


def test_regularizers() -> None:
    v, s = built("regularizers")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    l1, l2 = v["l1"], v["l2"]
    assert {n: penalties(sp)[:2] for n, sp in s.items()} == {
        "none": (0.0, 0.0), "L1": (l1, 0.0), "L2": (0.0, l2), "elastic": (l1 / 2, l2 / 2)}
    assert all(sp.network.dropout == 0.0 for sp in s.values())


def test_early_stopping() -> None:
    v, s = built("early-stopping")
    assert {opt(sp) for sp in s.values()} == {("momentum", v["lr"])}
    assert plain(s["full run"])
    assert s["early stop"].early_stopping == v["patience"]


def test_noise_and_augmentation() -> None:
    v, s = built("noise-and-augmentation")
    assert {opt(sp) for sp in s.values()} == {("sgd", v["lr"])}
    assert plain(s["plain"])
    assert (s["noise"].input_noise, s["noise"].augment) == (v["noise"], False)
    assert (s["augment"].input_noise, s["augment"].augment) == (0.0, True)
    aug = s["augment"]
    assert (aug.augment_shift, aug.augment_degrees, aug.augment_flip) == (
        v["shift"], v["degrees"], False)


def test_overfit_one_batch() -> None:
    v, s = built("overfit-one-batch")
    assert {n: opt(sp) for n, sp in s.items()} == {"network": ("adam", v["lr"])}


def test_every_training_preset_is_checked_here() -> None:
    trained = sorted(n for n, p in PRESETS.items() if isinstance(p.builder, TrainBuilder))
    checked = sorted(name.removeprefix("test_").replace("_", "-")
                     for name in globals() if name.startswith("test_")
                     and name != "test_every_training_preset_is_checked_here")
    assert set(trained) <= set(checked), sorted(set(trained) - set(checked))


@pytest.mark.parametrize(
    "name", ["weight-decay", "dropout", "early-stopping"])
def test_the_optimizer_setting_reaches_every_series(name: str) -> None:
    preset = PRESETS[name]
    for choice in ("sgd", "momentum", "adam"):
        config = preset.resolve(overrides={"optimizer": choice, "hidden": "13,11"})
        specs = preset.builder.factory(config, _dataset())
        assert {sp.optimizer.name for sp in specs} == {choice}, (name, choice)
