"""weight-decay, dropout, regularizers, early-stopping, noise-and-augmentation: the mechanics
behind each lesson (the lessons themselves, at the defaults on 3 seeds: test_lessons.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.evaluate import SPARSE_EPS
from nntui.presets import get_preset
from tests.presets.conftest import by_name, drive_to_end, run_preset


def test_weight_decay_shrinks_the_weights_and_counts_epochs_like_the_book() -> None:
    _, snap = run_preset("weight-decay", epochs=50)
    s = by_name(snap)
    assert s["weight decay"].extra["weight_norm"] < s["no decay"].extra["weight_norm"]
    # 300 samples / batch 100 = 3 iterations per epoch; one evaluation per epoch (+ start).
    assert snap.iteration == 150
    assert len(s["no decay"].eval_it) == 51


def test_book_dropout_keeps_train_accuracy_below_one() -> None:
    """--book (SGD 0.01): after 50 epochs the dropout net is far from memorising."""
    preset = get_preset("dropout")
    run = preset.build(preset.resolve(book=True, overrides={"epochs": "50"}))
    s = by_name(drive_to_end(run))
    assert s["dropout"].last_train_acc < 0.9 < s["no dropout"].last_train_acc


def test_l1_drives_more_weights_to_zero_than_l2() -> None:
    _, snap = run_preset("regularizers", epochs=50)
    s = by_name(snap)
    sparsity = {n: s[n].extra["sparsity"] for n in ("none", "L1", "L2", "elastic")}
    assert sparsity["L1"] > 5 * sparsity["L2"]
    assert sparsity["L1"] > 0.05
    assert sparsity["L2"] < sparsity["elastic"] < sparsity["L1"]
    assert sparsity["none"] < 0.02  # only what a Gaussian init puts below 1e-3 anyway
    assert s["L1"].extra["sparsity_W1"] > s["L2"].extra["sparsity_W1"]
    assert SPARSE_EPS == 1e-3


def test_early_stopping_stops_and_restores_the_best_weights() -> None:
    preset = get_preset("early-stopping")
    # One seed: with several, the curves are the seeds' mean and each seed stops on its own
    run = preset.build(preset.resolve(overrides={"epochs": "60", "seeds": "1"}))
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


def test_label_noise_flips_train_and_validation_labels_only() -> None:
    from nntui.presets.kinds.train import flip_labels, load_dataset

    preset = get_preset("early-stopping")
    config = preset.resolve()
    clean = load_dataset(config, None, None, val_fraction=0.2)
    noisy = flip_labels(clean, 0.3, seed=0)
    for split in ("train", "val"):
        t0, t1 = getattr(clean, f"t_{split}"), getattr(noisy, f"t_{split}")
        changed = np.mean(t0 != t1)
        assert 0.25 < changed < 0.35, (split, changed)  # ~30 %, each to another class
        assert t1.min() >= 0 and t1.max() < clean.n_classes
    np.testing.assert_array_equal(noisy.t_test, clean.t_test)
    np.testing.assert_array_equal(flip_labels(clean, 0.3, seed=0).t_train, noisy.t_train)
    assert not np.array_equal(flip_labels(clean, 0.3, seed=1).t_train, noisy.t_train)
