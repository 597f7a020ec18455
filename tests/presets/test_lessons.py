"""Every training preset's look-for claims hold at its default settings (its default number
of seeds included) on digits and on the 2-D sets it offers: the cheap sample of what
bench/lessons.py proves on 20 unseen seeds (tests/presets/lessons.py says which seeds)."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.presets import PRESETS, get_preset
from nntui.presets.kinds.train import TrainBuilder, train_settings
from tests.presets import lessons
from tests.presets.conftest import drive_to_end

#: Presets whose look-for makes claims on digits (hparam-search has its own test: workers).
ON_DIGITS = [n for n, p in PRESETS.items() if p.claims_for("digits") and n != "hparam-search"]
TOY_SETS = ("spiral", "moons", "circles", "xor")
#: (preset, 2-D set) for every 2-D set a preset with claims offers.
TOYS = [(n, ds) for n, p in PRESETS.items() for ds in p.datasets
        if ds in TOY_SETS and p.claims_for(ds) and n != "overfit-one-batch"]


@pytest.mark.parametrize("name", ON_DIGITS)
def test_the_default_lesson_holds_on_digits(name: str) -> None:
    lessons.assert_claims_hold(name)


def test_every_training_preset_claims_its_lesson_on_every_dataset_it_offers() -> None:
    for name, p in PRESETS.items():
        if isinstance(p.builder, TrainBuilder) or name == "hparam-search":
            missing = [ds for ds in p.datasets if not p.claims_for(ds)]
            assert not missing, (name, missing)


def test_hparam_search_lesson_holds_on_digits() -> None:
    lessons.assert_claims_hold("hparam-search", workers="2")


@pytest.mark.parametrize(("name", "dataset"), TOYS)
def test_the_default_lesson_holds_on_the_2d_sets(name: str, dataset: str) -> None:
    lessons.assert_claims_hold(name, dataset, seed=lessons.TEST_BASES[1])


def test_early_stopping_is_a_fair_race_that_stops_at_its_minimum() -> None:
    """Same start, same batches: the two curves agree until the stop, on every seed; each
    seed keeps the weights of its lowest validation loss."""
    _, run = lessons.build("early-stopping", seed=lessons.TEST_BASES[2])
    snap = drive_to_end(run)
    full, stop = (next(s for s in snap.series if s.name == n) for n in ("full run",
                                                                       "early stop"))
    for k in range(full.band.k):
        n = int(np.isfinite(stop.band.loss[k]).sum())
        np.testing.assert_array_equal(full.band.loss[k, :n], stop.band.loss[k, :n])
        f = stop.band.finals[k]
        assert f.stopped_early and not full.band.finals[k].stopped_early
        val = stop.band.val_loss[k]
        assert f.best_it == stop.eval_it[int(np.nanargmin(val))]


@pytest.mark.parametrize("dataset", TOY_SETS)
def test_sanity_checks_on_the_2d_sets(dataset: str) -> None:
    """gradient-check passes and overfit-one-batch memorises its batch on every 2-D set."""
    from nntui.core.gradrun import TOLERANCE

    for seed in lessons.TEST_BASES[:2]:
        for name in ("gradient-check", "overfit-one-batch"):
            preset = get_preset(name)
            snap = drive_to_end(preset.build(preset.resolve(dataset=dataset, seed=seed)))
            for s in snap.series:
                if name == "gradient-check":
                    assert s.extra["max_rel_error"] < TOLERANCE, (dataset, seed, s.name)
                else:
                    assert s.last_train_acc == 1.0, (dataset, seed)


def test_epoch_budgets_match_the_book_arithmetic() -> None:
    """iterations = epochs x max(train_size / batch_size, 1), as the book's loops count."""
    preset = get_preset("weight-decay")
    config = preset.resolve(dataset="digits")
    from nntui.presets.kinds.train import load_dataset

    settings = train_settings(config, load_dataset(config, None, None))
    assert settings.iterations == 201 * 3 and settings.eval_every == 3
