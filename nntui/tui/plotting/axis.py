"""Axis maths: round tick values and their labels, linear and log10 axes over the data,
and the row of x tick labels under a plot. Pure NumPy (no Textual)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len, get_character_cell_size


def nice_ticks(lo: float, hi: float, n: int) -> np.ndarray:
    """About ``n`` round tick values (steps of 1, 2, 2.5 or 5 x 10^k) inside ``[lo, hi]``.

    Returns a sorted (m,) float array, m >= 1 for a finite range.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return np.array([], dtype=np.float64)
    if lo > hi:
        lo, hi = hi, lo
    if hi == lo:
        return np.array([lo], dtype=np.float64)
    raw = (hi - lo) / max(int(n) - 1, 1)
    mag = 10.0 ** math.floor(math.log10(raw))

    def count(step: float) -> int:
        return math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) + 1

    # The round step whose tick count is closest to n; ties go to the coarser step.
    candidates = [m * mag for m in (10.0, 5.0, 2.5, 2.0, 1.0)]
    step = min(candidates, key=lambda s: abs(count(s) - n))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    ticks = np.arange(first, last + 1, dtype=np.float64) * step
    # Kill float dust (0.30000000000000004, -0.0) so labels and tests see clean numbers.
    ticks = np.round(ticks / step) * step
    ticks = np.round(ticks, max(0, 12 - int(math.floor(math.log10(step)))))
    return ticks + 0.0

def format_tick(v: float, digits: int = 3) -> str:
    """Compact label: ``0``, ``0.001``, ``0.25``, ``12.5``, ``1e-4``, ``2k``, ``1.5M``."""
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if v == 0:
        return "0"
    a = abs(v)
    sign = "-" if v < 0 else ""
    if a < 1e-3:
        mant, exp = f"{a:.{max(digits - 1, 0)}e}".split("e")
        mant = mant.rstrip("0").rstrip(".")
        return f"{sign}{mant}e{int(exp)}"
    # Smallest unit whose rounded mantissa stays below 1000 (999.7 -> "1k", not "1e+03").
    for unit, scale in (("", 1.0), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)):
        text = f"{a / scale:.{digits}g}"
        if "e" not in text and float(text) < 1000:
            return f"{sign}{text}{unit}"
    mant, exp = f"{a:.{max(digits - 1, 0)}e}".split("e")
    return f"{sign}{mant.rstrip('0').rstrip('.')}e{int(exp)}"

def format_ticks(values: np.ndarray) -> list[str]:
    """Labels for a tick row: as compact as possible while still all different."""
    vals = [float(v) for v in np.asarray(values).reshape(-1)]
    labels = [format_tick(v) for v in vals]
    for digits in range(4, 8):
        if len(set(labels)) == len(labels):
            break
        labels = [format_tick(v, digits) for v in vals]
    return labels


@dataclass(frozen=True)
class Axis:
    """A linear or log10 axis over ``[lo, hi]`` given in *transformed* units (log10 if log)."""

    lo: float
    hi: float
    log: bool = False
    integer: bool = False  # counts (iterations, checks): no fractional ticks

    def transform(self, v: np.ndarray) -> np.ndarray:
        """Data values (n,) -> axis units; non-positive values on a log axis become gaps."""
        v = np.asarray(v, dtype=np.float64)
        if not self.log:
            return v
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)

    def to_px(self, v: np.ndarray, n_px: int, *, flip: bool = False) -> np.ndarray:
        """Data values (n,) -> pixel coordinates in ``[0, n_px - 1]`` (y flipped if asked)."""
        t = (self.transform(v) - self.lo) / (self.hi - self.lo) * (n_px - 1)
        return (n_px - 1) - t if flip else t

    def ticks(self, n: int) -> tuple[np.ndarray, list[str]]:
        """Tick positions (axis units) and their labels."""
        if not self.log:
            t = nice_ticks(self.lo, self.hi, n)
            if self.integer and t.size > 1 and t[1] - t[0] < 1:
                # A few counts (3 gradient checks): every whole number, thinned to ~n.
                whole = np.arange(math.ceil(self.lo - 1e-9), math.floor(self.hi + 1e-9) + 1,
                                  dtype=np.float64)
                if whole.size:
                    t = whole[:: max(1, -(-whole.size // max(n, 1)))]
            return t, format_ticks(t)
        decades = np.arange(math.ceil(self.lo - 1e-9), math.floor(self.hi + 1e-9) + 1)
        if decades.size >= 2:
            step = max(1, -(-decades.size // max(n, 2)))
            t = decades[::step].astype(np.float64)
        else:
            # Less than two decades: 1-2-5 steps read better than a single power of ten.
            k = np.arange(math.floor(self.lo) - 1, math.ceil(self.hi) + 1)
            cand = np.log10(np.outer(10.0**k, [1.0, 2.0, 5.0]).reshape(-1))
            t = cand[(cand >= self.lo - 1e-9) & (cand <= self.hi + 1e-9)]
            if t.size < 2:
                t = np.log10(nice_ticks(10**self.lo, 10**self.hi, n))
        return t, format_ticks(10.0**t)

def data_axis(
    values: list[np.ndarray], log: bool, fixed: tuple[float, float] | None, pad: float,
    *, integer: bool = False,
) -> Axis:
    """An axis spanning the finite values (or ``fixed``, in data units), padded by ``pad``."""
    probe = Axis(0.0, 1.0, log)
    if fixed is not None:
        lo, hi = (float(v) for v in probe.transform(np.asarray(fixed, dtype=np.float64)))
    else:
        lo, hi = math.inf, -math.inf
        for v in values:
            t = probe.transform(v)
            t = t[np.isfinite(t)]
            if t.size:
                lo, hi = min(lo, float(t.min())), max(hi, float(t.max()))
        span = hi - lo
        lo, hi = lo - pad * span, hi + pad * span
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = (-1.0, 1.0) if log else (0.0, 1.0)
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        half = 0.5 if log else max(abs(lo) * 0.1, 0.5)
        if not log and lo >= 0 and lo - half < 0:
            # One value of a non-negative quantity (epoch 0, iteration 3): pad upward, so the
            # axis shows no negative epochs; the point sits on the left/bottom edge instead.
            lo, hi = 0.0, max(2 * half, lo + half)
        else:
            lo, hi = lo - half, hi + half
    return Axis(lo, hi, log, integer)

def label_row(
    width: int, offset: int, cols: Sequence[int], labels: Sequence[str], x_label: str
) -> str:
    """Tick labels centred under their columns, skipping any that would overlap; then the
    axis name at the right end if it still fits (tick values matter more than the name).

    ``width`` is in terminal cells: a wide (Japanese) character of the name fills two
    slots of the row, the second one empty, so the joined row is ``width`` cells."""
    row = [" "] * width
    taken = np.zeros(width + 1, dtype=bool)
    for col, lab in zip(cols, labels):
        start = min(max(offset + col - len(lab) // 2, 0), width - len(lab))
        end = start + len(lab)
        if start < 0 or taken[max(start - 1, 0) : end + 1].any():
            continue
        row[start:end] = list(lab)
        taken[start:end] = True
    cells = cell_len(x_label)
    if x_label and cells + 1 <= width - offset:
        start = width - cells
        if not taken[max(start - 1, 0) :].any():
            row[start:] = [part for ch in x_label
                           for part in ((ch, "") if get_character_cell_size(ch) == 2 else (ch,))]
    return "".join(row)
