"""Metrics: accuracy, confusion matrix, per-class P/R/F1, debiased EMA smoothing."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nntui.core.metrics import (
    accuracy,
    confusion_matrix,
    decimate,
    ema_smooth,
    precision_recall_f1,
)


def test_accuracy_labels_scores_onehot() -> None:
    t = np.array([0, 1, 2, 2])
    assert accuracy(np.array([0, 1, 1, 2]), t) == 0.75
    scores = np.array([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0, 0, 1.0]])
    assert accuracy(scores, t) == 0.75
    assert accuracy(scores, np.eye(3)[t]) == 0.75
    assert accuracy(np.array([], dtype=int), np.array([], dtype=int)) == 0.0


def _example():
    # true:  0 0 0 1 1 2 2 2 2 ; pred: 0 0 1 1 2 2 2 0 2 ; class 3 never occurs
    t = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    p = np.array([0, 0, 1, 1, 2, 2, 2, 0, 2])
    return t, p


def test_confusion_matrix_by_hand() -> None:
    t, p = _example()
    cm = confusion_matrix(t, p, 4)
    expected = np.array(
        [
            [2, 1, 0, 0],  # true 0: two right, one called 1
            [0, 1, 1, 0],  # true 1
            [1, 0, 3, 0],  # true 2
            [0, 0, 0, 0],
        ]
    )
    np.testing.assert_array_equal(cm, expected)
    assert cm.dtype == np.int64 and cm.sum() == len(t)
    with pytest.raises(ValueError):
        confusion_matrix(t, p, 2)


def test_precision_recall_f1_by_hand() -> None:
    t, p = _example()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # undefined classes must not warn
        prec, rec, f1 = precision_recall_f1(confusion_matrix(t, p, 4))
    # class 0: tp 2, predicted 3, true 3; class 1: tp 1, pred 2, true 2;
    # class 2: tp 3, pred 4, true 4; class 3: nothing -> 0 everywhere
    np.testing.assert_allclose(prec, [2 / 3, 1 / 2, 3 / 4, 0])
    np.testing.assert_allclose(rec, [2 / 3, 1 / 2, 3 / 4, 0])
    np.testing.assert_allclose(f1, [2 / 3, 1 / 2, 3 / 4, 0])
    # asymmetric case: precision != recall
    cm = np.array([[3, 1], [0, 0]])  # class 1 predicted once, never true
    prec, rec, f1 = precision_recall_f1(cm)
    np.testing.assert_allclose(prec, [1.0, 0.0])
    np.testing.assert_allclose(rec, [0.75, 0.0])
    np.testing.assert_allclose(f1, [2 * 0.75 / 1.75, 0.0])


def _ema_reference(values, w):
    last, k, out = 0.0, 0, []
    for v in values:
        if not np.isfinite(v):
            out.append(v)
            continue
        last = last * w + (1 - w) * v
        k += 1
        out.append(last / (1 - w**k))
    return np.array(out)


def test_ema_first_value_and_constant() -> None:
    v = np.array([5.0, 1.0, 3.0])
    assert ema_smooth(v, 0.9)[0] == 5.0
    np.testing.assert_allclose(ema_smooth(np.full(1000, 2.5), 0.99), 2.5, rtol=1e-12)
    np.testing.assert_array_equal(ema_smooth(v, 0.0), v)
    # by hand, w = 0.5: s1 = 0.5*1 = 0.5, /(1 - 0.5) = 1; s2 = 0.5*0.5 + 0.5*2 = 1.25,
    # /(1 - 0.25) = 5/3
    np.testing.assert_allclose(ema_smooth(np.array([1.0, 2.0]), 0.5), [1.0, 5.0 / 3.0])


@pytest.mark.parametrize("w", [0.01, 0.3, 0.6, 0.9, 0.99, 0.999])
def test_ema_matches_loop_reference(w: float) -> None:
    v = np.random.default_rng(0).standard_normal(3000).cumsum()
    np.testing.assert_allclose(ema_smooth(v, w), _ema_reference(v, w), rtol=1e-9, atol=1e-9)


def test_ema_skips_non_finite_and_keeps_shape() -> None:
    v = np.array([1.0, np.nan, 3.0, np.inf, 5.0])
    out = ema_smooth(v, 0.5)
    assert out.shape == v.shape
    assert np.isnan(out[1]) and np.isinf(out[3])
    finite = ema_smooth(np.array([1.0, 3.0, 5.0]), 0.5)
    np.testing.assert_allclose(out[[0, 2, 4]], finite)
    np.testing.assert_allclose(out, _ema_reference(v, 0.5))
    assert ema_smooth(np.array([]), 0.9).shape == (0,)
    np.testing.assert_array_equal(ema_smooth(np.array([np.nan]), 0.9), [np.nan])
    with pytest.raises(ValueError):
        ema_smooth(v, 1.0)


def test_decimate_keeps_min_max_and_order() -> None:
    rng = np.random.default_rng(0)
    x = np.arange(10_000, dtype=float)
    y = rng.normal(size=x.size)
    y[1234], y[8765] = 50.0, -40.0
    dx, dy = decimate(x, y, 200)
    assert dx.size <= 200
    assert dy.max() == 50.0 and dy.min() == -40.0
    assert np.all(np.diff(dx) > 0)


def test_decimate_short_series_unchanged_and_gap_bucket_survives() -> None:
    x = np.arange(5.0)
    assert np.array_equal(decimate(x, x, 10)[1], x)
    y = np.ones(1000)
    y[:500] = np.nan
    _, dy = decimate(np.arange(1000.0), y, 20)
    assert np.isnan(dy).any() and np.isfinite(dy).any()
