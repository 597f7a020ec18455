"""Absurd runs are refused before anything is allocated, with the estimate that makes them
absurd; unknown names get a "did you mean" suggestion."""

from __future__ import annotations

import os
import re
import tracemalloc

import pytest

from nntui.presets import PRESETS, get_preset
from nntui.presets.budget import (
    DATASET_SHAPES,
    check_budget,
    closest,
    estimate,
    machine_memory,
    machine_speed,
)
from nntui.presets.params import ConfigError

GB = 10**9
SLOW = 1e9  # multiply-adds per second: a slow machine, so defaults must pass even there
SMALL = 4 * GB  # a small machine


def _refusal(name: str, overrides: dict[str, str], **kw) -> str:
    preset = get_preset(name)
    with pytest.raises(ConfigError) as err:
        check_budget(preset, preset.resolve(overrides=overrides), **kw)
    msg = str(err.value)
    assert "\n" not in msg
    return msg


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_default_run_fits_a_small_slow_machine(name: str) -> None:
    preset = PRESETS[name]
    for dataset in preset.datasets or (preset.default_dataset,):
        config = preset.resolve(dataset=dataset)
        est = check_budget(preset, config, memory=SMALL, madds_per_s=SLOW)
        assert 0 <= est.memory < SMALL * 0.8 and 0 <= est.seconds < 24 * 3600, (name, dataset)


def test_huge_hidden_layer_is_refused_with_its_memory_estimate() -> None:
    msg = _refusal("dropout", {"hidden": "10000000"}, memory=8 * GB, madds_per_s=SLOW)
    m = re.fullmatch(r"hidden=10000000 needs ~([\d.]+) (GB|TB) of memory; this machine has "
                     r"8 GB\. Choose a smaller hidden\.", msg)
    assert m, msg
    needed = float(m[1]) * (GB if m[2] == "GB" else 1000 * GB)
    # At least the two networks' 64 x 1e7 + 1e7 x 10 float32 weights.
    assert needed >= 2 * (64 + 10) * 10**7 * 4


@pytest.mark.parametrize(("name", "overrides", "key"), [
    ("optimizer-race", {"hidden": "100000,100000"}, "hidden"),
    ("optimizer-race", {"batch_size": "100000000"}, "batch_size"),
    ("activation-histograms", {"samples": "1000000000"}, "samples"),
    ("activation-histograms", {"width": "2000000"}, "width"),
    ("batch-size", {"batch_large": "300000000"}, "batch_large"),
    ("hparam-search", {"hidden": "50000,50000", "workers": "4"}, "hidden"),
])
def test_the_setting_to_blame_is_named(name: str, overrides: dict[str, str], key: str) -> None:
    msg = _refusal(name, overrides, memory=8 * GB, madds_per_s=SLOW)
    assert msg.startswith(f"{key}={overrides[key]} needs ~") and msg.endswith(
        f"Choose a smaller {key}."), msg


def test_a_run_of_decades_is_refused_with_its_duration() -> None:
    msg = _refusal("optimizer-race", {"iterations": "1000000000000"}, memory=64 * GB,
                   madds_per_s=SLOW)
    m = re.fullmatch(r"iterations=1000000000000 would take ~([\d.e+]+) years at this "
                     r"machine's speed; at most 7 days is allowed\. Choose a smaller "
                     r"iterations\.", msg)
    assert m, msg
    assert float(m[1]) > 100


@pytest.mark.parametrize(("name", "key", "value"), [
    ("weight-decay", "epochs", "100000000"),
    ("hparam-search", "trials", "10000000"),
    ("gradient-check", "steps", "100000000"),
    ("optimizer-paths", "steps", "1000000000000000"),
])
def test_every_kind_of_budget_is_timed(name: str, key: str, value: str) -> None:
    msg = _refusal(name, {key: value}, memory=10**6 * GB, madds_per_s=SLOW)
    assert msg.startswith(f"{key}={value} would take ~"), msg


def test_time_and_memory_scale_with_the_settings() -> None:
    preset = get_preset("optimizer-race")
    base = estimate(preset, preset.resolve(), madds_per_s=SLOW)
    longer = estimate(preset, preset.resolve(overrides={"iterations": "4000"}), madds_per_s=SLOW)
    wider = estimate(preset, preset.resolve(overrides={"hidden": "200,200,200,200"}),
                     madds_per_s=SLOW)
    assert longer.seconds == pytest.approx(2 * base.seconds)
    assert longer.history == 2 * base.history and longer.parameters == base.parameters
    assert wider.parameters > 2 * base.parameters and wider.seconds > 2 * base.seconds
    # fashion-mnist's 70 000 images x 784 float32 = 219.5 MB of data, counted exactly.
    fashion = estimate(preset, preset.resolve(dataset="fashion-mnist"), madds_per_s=SLOW)
    assert fashion.data == 70_000 * 784 * 4
    assert DATASET_SHAPES["digits"][:2] == (1437, 360)


def test_a_just_too_long_run_is_refused_and_a_just_short_one_is_not() -> None:
    preset = get_preset("optimizer-race")
    config = preset.resolve()
    seconds = estimate(preset, config, madds_per_s=SLOW).seconds
    check_budget(preset, config, memory=SMALL, madds_per_s=SLOW, max_seconds=seconds * 1.01)
    with pytest.raises(ConfigError, match="would take"):
        check_budget(preset, config, memory=SMALL, madds_per_s=SLOW, max_seconds=seconds * 0.99)


def test_long_history_alone_is_a_memory_refusal() -> None:
    # Fast enough for the week, but 10^10 loss points per series do not fit in 4 GB.
    msg = _refusal("optimizer-paths", {"steps": "10000000000"}, memory=SMALL, madds_per_s=1e15)
    assert msg.startswith("steps=10000000000 needs ~") and "for its history" in msg, msg


def test_refusing_allocates_nothing_of_that_size() -> None:
    preset = get_preset("dropout")
    config = preset.resolve(overrides={"hidden": "10000000"})
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError):
            check_budget(preset, config, memory=8 * GB, madds_per_s=SLOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # bytes


def test_machine_figures() -> None:
    assert machine_memory() == os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert 1e6 < machine_speed() < 1e13  # a measured, conservative multiply-add rate
    assert machine_speed() == machine_speed()  # measured once per process


@pytest.mark.parametrize(("typed", "expected"), [
    ("optimiser-race", "optimizer-race"),
    ("optimizer_race", "optimizer-race"),
    ("Weight-Decay", "weight-decay"),
    ("weightdecay", "weight-decay"),
    ("droput", "dropout"),
    ("batchnrom", "batchnorm"),
    ("hparam", "hparam-search"),
    ("gradient check", "gradient-check"),
    ("nope", None),
    ("", None),
    ("zzzzzzzzzzzz", None),
])
def test_closest_preset_name(typed: str, expected: str | None) -> None:
    assert closest(typed, PRESETS) == expected


def test_closest_dataset_and_setting_names() -> None:
    datasets = ["digits", "mnist", "fashion-mnist", "spiral", "moons", "circles", "xor"]
    assert closest("fashion_mnist", datasets) == "fashion-mnist"
    assert closest("mnsit", datasets) == "mnist"
    assert closest("circle", datasets) == "circles"
    assert closest("lr_adagard", ["lr_sgd", "lr_adagrad", "lr_adam"]) == "lr_adagrad"
    assert closest("anything", []) is None


def test_budgets_become_iterations_like_the_runs_do() -> None:
    """One loss point per iteration per series: epochs x (train_size / batch) iterations."""
    wd = get_preset("weight-decay")  # 300 samples / batch 100 = 3 iterations per epoch
    est = estimate(wd, wd.resolve(overrides={"epochs": "201"}), madds_per_s=SLOW)
    # x 8: digits' weight-decay trains every series on 8 seeds (each keeps its own curve)
    assert est.history == 2 * 201 * 3 * 16 * 8
    race = get_preset("optimizer-race")
    assert estimate(race, race.resolve(), madds_per_s=SLOW).history == 5 * 2000 * 16
    search = get_preset("hparam-search")  # trials x epochs x 500/100, one network a worker
    est = estimate(search, search.resolve(overrides={"trials": "10", "workers": "1"}),
                   madds_per_s=SLOW)
    assert est.history == 10 * 50 * 5 * 16


def test_random_input_histograms_cost_grows_with_samples() -> None:
    hist = get_preset("activation-histograms")
    one, two = (estimate(hist, hist.resolve(overrides={"samples": s}), madds_per_s=SLOW)
                for s in ("1000", "2000"))
    assert two.seconds == pytest.approx(2 * one.seconds, rel=0.05)
    assert two.activations == pytest.approx(2 * one.activations, rel=0.05)
