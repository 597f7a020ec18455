"""Bounded history: 10^6 recorded points keep a fixed amount per series, min/max intact."""

from __future__ import annotations

import numpy as np

from nntui.core.history import LOSS_LIMIT, SeriesHistory, decimate_rows


def test_a_million_points_stay_bounded_and_keep_min_and_max() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000
    losses = rng.random(n) + 1.0
    losses[123_456] = 0.001  # the lowest loss, early: decimated many times over
    losses[654_321] = 99.0  # a spike
    h = SeriesHistory()
    for it, loss in enumerate(losses.tolist()):
        h.record_loss(it, loss)
    assert len(h.loss) < LOSS_LIMIT and len(h.loss) == len(h.loss_it)
    assert h.loss.capacity() <= 2 * LOSS_LIMIT  # memory fixed, not growing with n
    kept_it, kept = h.loss_it.view(), h.loss.view()
    assert kept.min() == 0.001 and kept.max() == 99.0
    assert 123_456 in kept_it and 654_321 in kept_it
    assert np.all(np.diff(kept_it) > 0)  # still in iteration order, no duplicates
    np.testing.assert_array_equal(kept, losses[kept_it])  # every value is a real point
    # The newest quarter of the limit is at full resolution.
    np.testing.assert_array_equal(kept_it[-LOSS_LIMIT // 4:],
                                  np.arange(n - LOSS_LIMIT // 4, n))


def test_short_runs_are_recorded_point_for_point() -> None:
    h = SeriesHistory()
    for it in range(LOSS_LIMIT - 1):
        h.record_loss(it, float(it))
    assert len(h.loss) == LOSS_LIMIT - 1
    np.testing.assert_array_equal(h.loss_it.view(), np.arange(LOSS_LIMIT - 1))


def test_evaluations_are_bounded_too() -> None:
    h = SeriesHistory(eval_limit=100)
    for k in range(1000):
        acc = 0.5 if k != 10 else 0.99
        h.record_eval(k * 10, k / 10, acc, acc, acc, 1.0)
    assert len(h.eval_it) < 100
    assert 0.99 in h.test_acc.view() and 100 in h.eval_it.view()
    assert len({len(b) for b in (h.eval_it, h.eval_epoch, h.train_acc, h.val_acc,
                                 h.test_acc, h.val_loss)}) == 1


def test_decimate_keeps_min_and_max_of_each_group_in_order() -> None:
    key = np.array([3.0, 1.0, 4.0, 1.5, 9.0, 2.0, 6.0, 5.0, 7.0, 8.0])
    rows = decimate_rows(key, recent=2)
    # groups [3,1,4,1.5] -> rows 1 (min) and 2 (max); [9,2,6,5] -> rows 4, 5; then 8, 9.
    assert rows.tolist() == [1, 2, 4, 5, 8, 9]
    flat = decimate_rows(np.array([2.0, 2.0, 2.0, 2.0, np.nan, np.nan, np.nan, np.nan]), 0)
    assert flat.tolist() == [0, 3, 4, 7]
