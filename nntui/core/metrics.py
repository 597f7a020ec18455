"""Classification metrics and curve smoothing (pure NumPy, no warnings)."""

from __future__ import annotations

import math

import numpy as np


def _labels(a: np.ndarray) -> np.ndarray:
    """(N,) class indices from either indices or (N, C) scores/one-hot rows."""
    a = np.asarray(a)
    return a.argmax(axis=1) if a.ndim == 2 else a


def accuracy(pred: np.ndarray, t: np.ndarray) -> float:
    """Fraction of ``pred == t``.  pred: (N,) labels or (N, C) scores; t: (N,) labels or
    (N, C) one-hot.  0.0 for empty input."""
    p, t = _labels(pred), _labels(t)
    if p.shape != t.shape:
        raise ValueError(f"pred has {p.shape[0]} labels, t has {t.shape[0]}")
    return float(np.mean(p == t)) if p.size else 0.0


def confusion_matrix(t: np.ndarray, pred: np.ndarray, n_classes: int) -> np.ndarray:
    """(C, C) int64 counts: rows = true class, columns = predicted class."""
    t, p = _labels(t).astype(np.int64).ravel(), _labels(pred).astype(np.int64).ravel()
    if t.shape != p.shape:
        raise ValueError(f"t has {t.size} labels, pred has {p.size}")
    for name, a in (("t", t), ("pred", p)):
        if a.size and (a.min() < 0 or a.max() >= n_classes):
            raise ValueError(f"{name} has labels outside [0, {n_classes})")
    # One bincount over the flattened (true, pred) pair index: no Python loop.
    counts = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64, copy=False)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros(np.shape(num), dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def precision_recall_f1(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-class precision, recall and F1, each (C,), from a confusion matrix (rows true).

    A class never predicted has precision 0, a class never present has recall 0, and F1 is
    0 where precision + recall is 0 (sklearn's ``zero_division=0``), without warnings.
    """
    cm = np.asarray(cm, dtype=np.float64)
    tp = np.diag(cm)
    precision = _safe_div(tp, cm.sum(axis=0))
    recall = _safe_div(tp, cm.sum(axis=1))
    f1 = _safe_div(2.0 * precision * recall, precision + recall)
    return precision, recall, f1


def ema_smooth(values: np.ndarray, weight: float) -> np.ndarray:
    """Debiased exponential moving average, as TensorBoard's smoothing slider.

    s_k = w * s_{k-1} + (1 - w) * v_k over the finite values (s_0 = 0), divided by
    1 - w**k (k = number of finite values so far), so the first output equals the first
    input and a constant input stays constant.  NaN/inf entries do not enter the average and
    are passed through unchanged at their positions.  Output: float64, same shape.

    Vectorised in blocks: inside a block s_j = w^(j+1) * s_in + (1-w) * w^j * cumsum(w^-k v_k),
    with the block short enough that w^-k cannot overflow.
    """
    w = float(weight)
    if not 0.0 <= w < 1.0:
        raise ValueError(f"smoothing weight must be in [0, 1), got {weight!r}")
    v = np.asarray(values, dtype=np.float64)
    out = v.copy()
    flat_in = v.ravel()
    finite = np.isfinite(flat_in)
    x = flat_in[finite]
    n = x.size
    if n == 0 or w == 0.0:
        return out
    block = max(1, int(200.0 / -math.log10(w)))  # keeps w^-block <= 1e200
    block = min(block, n)
    k = np.arange(block, dtype=np.float64)
    wpow = w**k  # w^j
    winv = w ** (-k)  # w^-j
    smoothed = np.empty(n)
    s = 0.0
    for start in range(0, n, block):
        chunk = x[start : start + block]
        m = chunk.size
        acc = np.cumsum(winv[:m] * chunk)
        res = wpow[:m] * (w * s + (1.0 - w) * acc)
        smoothed[start : start + m] = res
        s = res[-1]
    steps = np.arange(1, n + 1, dtype=np.float64)
    smoothed /= -np.expm1(steps * math.log(w))  # 1 - w**k, accurate for w near 1
    flat_out = out.reshape(-1)
    flat_out[finite] = smoothed
    return out



def ema_smooth_rows(rows: np.ndarray, weight: float) -> np.ndarray:
    """`ema_smooth` of each row of ``rows`` (K, n) on its own, in one vectorised pass (a
    seed band smooths every seed's loss on each frame): row k of the result equals
    ``ema_smooth(rows[k], weight)``; NaN/inf pass through and do not enter the average.

    Each row's finite values are moved to its front (in order), smoothed by the blocked
    recurrence of `ema_smooth` for all rows at once, and put back where they came from.
    """
    w = float(weight)
    if not 0.0 <= w < 1.0:
        raise ValueError(f"smoothing weight must be in [0, 1), got {weight!r}")
    v = np.asarray(rows, dtype=np.float64)
    if v.ndim != 2:
        raise ValueError(f"rows must be (K, n), got shape {v.shape}")
    out = v.copy()
    k_rows, n = v.shape
    if v.size == 0 or w == 0.0:
        return out
    finite = np.isfinite(v)
    every = bool(finite.all())
    if every:  # the usual case: nothing to move
        x, order, counts = v, None, np.full(k_rows, n)
    else:
        order = np.argsort(~finite, axis=1, kind="stable")  # finite first, in order
        x = np.take_along_axis(v, order, axis=1)
        counts = finite.sum(axis=1)
        x = np.where(np.arange(n) < counts[:, None], x, 0.0)  # padding after the values
    block = min(max(1, int(200.0 / -math.log10(w))), n)  # keeps w^-block <= 1e200
    k = np.arange(block, dtype=np.float64)
    wpow, winv = w**k, w ** (-k)
    smoothed = np.empty((k_rows, n))
    s = np.zeros((k_rows, 1))
    for start in range(0, n, block):
        chunk = x[:, start : start + block]
        m = chunk.shape[1]
        res = wpow[:m] * (w * s + (1.0 - w) * np.cumsum(winv[:m] * chunk, axis=1))
        smoothed[:, start : start + m] = res
        s = res[:, -1:]
    smoothed /= -np.expm1(np.arange(1, n + 1, dtype=np.float64) * math.log(w))
    if every:
        return smoothed
    valid = np.arange(n) < counts[:, None]
    row_of = np.broadcast_to(np.arange(k_rows)[:, None], (k_rows, n))
    assert order is not None
    out[row_of[valid], order[valid]] = smoothed[valid]
    return out


def decimate(x: np.ndarray, y: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Reduce ``(n,)`` x/y to at most ``max_points`` points, keeping each bucket's min and max.

    Points are split into ``max_points // 2`` equal-count buckets (x is assumed sorted, as
    iterations are); each bucket keeps its lowest and highest finite ``y`` in their original
    order, so spikes survive. A bucket with no finite ``y`` keeps one NaN point: the gap stays.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    n = y.size
    if n <= max_points or max_points < 2:
        return x, y
    buckets = max_points // 2
    size = -(-n // buckets)
    buckets = -(-n // size)  # drop buckets that would be pure padding
    pad = buckets * size - n
    xp = np.concatenate([x, np.full(pad, np.nan)])
    yp = np.concatenate([y, np.full(pad, np.nan)])
    yb = yp.reshape(buckets, size)
    fin = np.isfinite(yb)
    base = np.arange(buckets) * size
    i_min = base + np.argmin(np.where(fin, yb, np.inf), axis=1)
    i_max = base + np.argmax(np.where(fin, yb, -np.inf), axis=1)
    # All-gap bucket: argmin/argmax both give the bucket start, whose y is non-finite.
    first = np.minimum(i_min, i_max)
    second = np.maximum(i_min, i_max)
    idx = np.stack([first, second], axis=1).reshape(-1)
    keep = np.ones(idx.size, dtype=bool)
    keep[1::2] = second != first  # flat bucket: one point is enough
    idx = idx[keep]
    idx = idx[idx < n] if pad else idx
    return xp[idx], yp[idx]
