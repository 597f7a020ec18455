"""`--book` gives the book's exact setting (REFERENCE.md, "book setting"), value for value:
the table below is copied from REFERENCE.md, so a preset that drops or changes one of the
book's values fails here, not only in a slow lesson on MNIST. And the teaching defaults
that differ per dataset differ in the direction their reason gives."""

from __future__ import annotations

import pytest

from nntui.presets import PRESETS

H4, H5, H6 = (100,) * 4, (100,) * 5, (100,) * 6

#: REFERENCE.md's "book setting" column, on MNIST.
BOOK = {
    "optimizer-paths": {"steps": 30, "lr_sgd": 0.95, "lr_momentum": 0.1, "lr_adagrad": 1.5,
                        "lr_adam": 0.3, "momentum": 0.9, "start_x": -7.0, "start_y": 2.0},
    "optimizer-race": {"iterations": 2000, "batch_size": 128, "hidden": H4, "lr_sgd": 0.01,
                       "lr_momentum": 0.01, "momentum": 0.9, "lr_adagrad": 0.01,
                       "lr_adam": 0.001, "lr_rmsprop": 0.01, "decay_rate": 0.99},
    "activation-histograms": {"samples": 1000, "width": 100, "layers": 5},
    "init-compare": {"iterations": 2000, "batch_size": 128, "hidden": H4, "lr": 0.01,
                     "small_std": 0.01},
    "batchnorm": {"train_size": 1000, "hidden": H5, "batch_size": 100, "epochs": 20,
                  "lr": 0.01},
    "weight-decay": {"train_size": 300, "hidden": H6, "batch_size": 100, "epochs": 201,
                     "optimizer": "sgd", "lr": 0.01, "weight_decay": 0.1},
    "dropout": {"train_size": 300, "hidden": H6, "batch_size": 100, "epochs": 301,
                "optimizer": "sgd", "lr": 0.01, "dropout": 0.2},
    "hparam-search": {"train_size": 500, "val_fraction": 0.2, "hidden": H6, "batch_size": 100,
                      "epochs": 50, "trials": 100, "lr_log_min": -6.0, "lr_log_max": -2.0,
                      "wd_log_min": -8.0, "wd_log_max": -4.0},
}


@pytest.mark.parametrize("name", sorted(BOOK))
def test_book_gives_every_value_of_the_books_setting(name: str) -> None:
    preset = PRESETS[name]
    dataset = "mnist" if "mnist" in preset.datasets else None
    got = preset.defaults(dataset, book=True)
    assert {k: got[k] for k in BOOK[name]} == BOOK[name]
    config = preset.resolve(dataset=dataset, book=True)
    assert config.book and all(config[k] == v for k, v in BOOK[name].items())


def test_regularizers_pull_harder_with_l1_on_digits_than_on_28x28_images() -> None:
    """digits has 64 inputs and few blank ones (the preset's comment): emptying its first
    layer takes a stronger L1 pull than MNIST's 784 inputs with their blank borders."""
    preset = PRESETS["regularizers"]
    l1 = {ds: preset.defaults(ds)["l1"] for ds in preset.datasets}
    assert set(l1) >= {"digits", "mnist", "fashion-mnist"}
    assert l1["digits"] > l1["mnist"] and l1["digits"] > l1["fashion-mnist"]
