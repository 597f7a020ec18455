"""weight-decay, dropout, regularizers, early-stopping, noise-and-augmentation: each technique
narrows the train-test gap (or does what it promises) on digits."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.experiment import SPARSE_EPS
from nntui.presets import get_preset
from tests.presets.conftest import by_name, drive_to_end, gap, run_preset


def test_weight_decay_narrows_the_gap() -> None:
    _, snap = run_preset("weight-decay", epochs=50)
    s = by_name(snap)
    plain, decay = s["no decay"], s["weight decay"]
    assert plain.last_train_acc > 0.9
    assert decay.last_train_acc < plain.last_train_acc
    assert gap(decay) < gap(plain)
    assert decay.extra["weight_norm"] < plain.extra["weight_norm"]
    # 300 samples / batch 100 = 3 iterations per epoch; one evaluation per epoch (+ start).
    assert snap.iteration == 150
    assert len(plain.eval_it) == 51


def test_dropout_narrows_the_gap_and_keeps_train_below_one() -> None:
    _, snap = run_preset("dropout", epochs=50)
    s = by_name(snap)
    plain, drop = s["no dropout"], s["dropout"]
    assert drop.last_train_acc < 0.9 < plain.last_train_acc
    assert gap(drop) < gap(plain)


def test_l1_drives_more_weights_to_zero_than_l2() -> None:
    _, snap = run_preset("regularizers", epochs=50)
    s = by_name(snap)
    sparsity = {n: s[n].extra["sparsity"] for n in ("none", "L1", "L2", "elastic")}
    assert sparsity["L1"] > 5 * sparsity["L2"]
    assert sparsity["L1"] > 0.05
    assert sparsity["L2"] < sparsity["elastic"] < sparsity["L1"]
    assert sparsity["none"] < 0.02  # only what a Gaussian init puts below 1e-3 anyway
    assert SPARSE_EPS == 1e-3


def test_early_stopping_stops_and_restores_the_best_weights() -> None:
    preset = get_preset("early-stopping")
    run = preset.build(preset.resolve(overrides={"epochs": "60"}))
    snap = drive_to_end(run)
    s = by_name(snap)
    full, stop = s["full run"], s["early stop"]
    assert stop.stopped_early and not full.stopped_early
    assert len(stop.eval_it) < len(full.eval_it)  # it stopped before the budget ran out
    best = int(np.nanargmin(stop.val_loss))
    assert stop.best_it == stop.eval_it[best]
    # Patience 10: exactly 10 evaluations without improvement after the best one.
    assert len(stop.eval_it) - 1 - best == 10
    ds = run.dataset
    restored = run.network("early stop").loss(ds.x_val, ds.t_val)
    assert restored == pytest.approx(stop.val_loss[best], rel=1e-6)
    assert restored < stop.val_loss[-1]  # not the weights it had when it stopped
    assert full.val_loss[-1] > restored  # training on overfits the validation loss


def test_noise_and_augmentation_narrow_the_gap() -> None:
    _, snap = run_preset("noise-and-augmentation", epochs=60)
    s = by_name(snap)
    plain = s["plain"]
    assert plain.last_train_acc > 0.98  # 300 images memorised
    for name in ("noise", "augment"):
        assert gap(s[name]) < gap(plain), name
        assert s[name].last_train_acc <= plain.last_train_acc, name
