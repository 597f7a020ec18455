"""The preset catalog: order, texts in both languages, book defaults, validated params."""

from __future__ import annotations

import os

import pytest

from nntui.presets import PRESETS, get_preset
from nntui.presets.base import BUDGET_KEYS
from nntui.presets.params import ConfigError
from nntui.presets.view import PANELS
from tests.i18n.helpers import ja

EXPECTED_ORDER = [
    "optimizer-paths", "optimizer-race", "lr-schedules", "batch-size",
    "activation-histograms", "init-compare", "activations", "batchnorm",
    "weight-decay", "dropout", "regularizers", "early-stopping", "noise-and-augmentation",
    "hparam-search", "gradient-check", "overfit-one-batch",
]


def test_presets_in_teaching_order() -> None:
    assert list(PRESETS) == EXPECTED_ORDER


def test_get_preset_names_the_choices() -> None:
    assert get_preset("dropout") is PRESETS["dropout"]
    with pytest.raises(ConfigError) as exc:
        get_preset("dropuot")
    assert str(exc.value) == (
        "unknown preset 'dropuot'; did you mean 'dropout'? choose one of: "
        + ", ".join(EXPECTED_ORDER)
    )
    with pytest.raises(ConfigError) as exc:
        get_preset("zzz")  # nothing close: no guess, just the list
    assert str(exc.value).startswith("unknown preset 'zzz'; choose one of: optimizer-paths")


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_preset_is_complete(name: str) -> None:
    p = PRESETS[name]
    for text in (p.title, p.explanation, p.look_for):
        assert text.strip() and ja(text).strip()
        assert text != ja(text)
        # Japanese text really is Japanese (kana or kanji), not a copy of the English.
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in ja(text))
    assert len(p.explanation) > 150
    assert p.budget_key in BUDGET_KEYS and p.param(p.budget_key)
    assert set(p.view.panels) <= set(PANELS) and p.view.panels
    assert len(set(p.series)) == len(p.series) >= 1
    keys = [q.key for q in p.params]
    assert len(set(keys)) == len(keys)
    config = p.resolve()  # every default validates
    assert config.dataset == (p.default_dataset if p.datasets else "none")


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("optimizer-paths", "steps", 30),
        ("optimizer-paths", "lr_sgd", 0.95),
        ("optimizer-paths", "lr_momentum", 0.1),
        ("optimizer-paths", "lr_adagrad", 1.5),
        ("optimizer-paths", "lr_adam", 0.3),
        ("optimizer-paths", "start_x", -7.0),
        ("optimizer-race", "iterations", 2000),
        ("optimizer-race", "batch_size", 128),
        ("optimizer-race", "hidden", (100, 100, 100, 100)),
        ("optimizer-race", "lr_sgd", 0.01),
        ("optimizer-race", "lr_adam", 0.001),
        ("optimizer-race", "lr_rmsprop", 0.01),
        ("optimizer-race", "decay_rate", 0.99),
        ("activation-histograms", "samples", 1000),
        ("activation-histograms", "layers", 5),
        ("init-compare", "lr", 0.01),
        ("init-compare", "small_std", 0.01),
        ("batchnorm", "train_size", 1000),
        ("batchnorm", "epochs", 20),
        ("batchnorm", "hidden", (100,) * 5),
        ("weight-decay", "train_size", 300),
        ("weight-decay", "epochs", 201),
        ("weight-decay", "weight_decay", 0.1),
        ("weight-decay", "hidden", (100,) * 6),
        ("dropout", "epochs", 301),
        ("dropout", "dropout", 0.2),
        ("dropout", "lr", 0.01),
        ("dropout", "optimizer", "sgd"),
        ("weight-decay", "lr", 0.01),
        ("weight-decay", "optimizer", "sgd"),
        ("hparam-search", "trials", 100),
        ("hparam-search", "epochs", 50),
        ("hparam-search", "train_size", 500),
        ("hparam-search", "val_fraction", 0.2),
        ("hparam-search", "lr_log_min", -6.0),
        ("hparam-search", "wd_log_max", -4.0),
        ("hparam-search", "workers", os.cpu_count() or 1),
    ],
)
def test_book_defaults(name: str, key: str, value: object) -> None:
    """`--book` gives REFERENCE.md's exact setting, on every dataset the preset offers."""
    preset = PRESETS[name]
    for dataset in preset.datasets or (preset.default_dataset,):
        assert preset.defaults(dataset, book=True)[key] == value, dataset
        assert preset.resolve(dataset=dataset if preset.datasets else None, book=True)[
            key] == value


def test_batchnorm_compares_16_scales_with_and_without_bn() -> None:
    series = PRESETS["batchnorm"].series
    assert len(series) == 32
    assert series[:2] == ("BN w=1", "plain w=1") and series[-1] == "plain w=0.0001"


def test_budget_overrides_change_the_run_length() -> None:
    p = get_preset("weight-decay")
    run = p.build(p.resolve(overrides={"epochs": "7", "train_size": "250", "batch_size": "100"}))
    assert run.total == int(7 * 2.5)  # the book's int(epochs * max(N / batch, 1))
    p = get_preset("overfit-one-batch")
    run = p.build(p.resolve(overrides={"iterations": "33"}))
    assert run.total == 33


def test_catalog_import_does_not_load_numpy_or_core() -> None:
    """The preset picker lists presets at startup: NumPy and core load on the first build
    (only the bottom's error type, `nntui.core.errors`, a plain exception class, comes
    with the catalog)."""
    import subprocess
    import sys

    code = (
        "import sys, nntui.presets; "
        "bad = [m for m in sys.modules if m == 'numpy' or m.startswith('nntui.core')"
        " and m not in ('nntui.core', 'nntui.core.errors')]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.stdout.strip() == "[]"
