"""A series trained on K seeds: each seed's curve and where each seed ended (`SeedBand`).

A `nntui.core.seeds.SeedRun` gives each series its mean curves in the ordinary
`SeriesSnapshot` fields and this record beside them, so a reader can draw the spread the
mean rides on (min–max over the seeds) and say on how many seeds a technique won. Every
matrix has one row per seed, aligned with the mean's points; NaN marks a point a seed did
not record (it had stopped early or diverged by then).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

#: The per-seed curves a band holds; each is (K, n) beside the SeriesSnapshot field of
#: the same name (loss by loss_it, the others by eval_it).
BAND_CURVES = ("loss", "train_acc", "test_acc", "val_acc", "val_loss")


@dataclass(frozen=True)
class SeedFinal:
    """Where one seed of a series ended. test_acc is the last evaluated one (on a finished
    run the whole test split; the final report's per-seed figure is the held-out one);
    last_it: the iteration of its last evaluation (where an early stopper stopped)."""

    seed: int
    final_loss: float
    train_acc: float
    test_acc: float
    val_acc: float
    diverged: bool
    stopped_early: bool
    last_it: int
    best_it: int | None
    extra: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # eq=False: comparing arrays with == is ambiguous
class SeedBand:
    """One series over K seeds. loss: (K, n) beside the mean's loss_it; train_acc,
    test_acc, val_acc, val_loss: (K, m) beside its eval_it; finals: (K,) in seed order."""

    seeds: tuple[int, ...]
    loss: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray
    val_acc: np.ndarray
    val_loss: np.ndarray
    finals: tuple[SeedFinal, ...]

    @property
    def k(self) -> int:
        return len(self.seeds)

    def lo(self, curve: str) -> np.ndarray:
        """The band's lower edge of `curve` (one of BAND_CURVES): min over the seeds."""
        return nan_reduce(getattr(self, curve), np.fmin)

    def hi(self, curve: str) -> np.ndarray:
        """The band's upper edge of `curve`: max over the seeds."""
        return nan_reduce(getattr(self, curve), np.fmax)


def nan_reduce(rows: np.ndarray, op: np.ufunc) -> np.ndarray:
    """op (np.fmin / np.fmax) down the seed axis of `rows` (K, n), ignoring NaN; NaN
    where every seed is NaN. No RuntimeWarning for an all-NaN column (np.nanmin gives
    one)."""
    if rows.shape[0] == 0:
        return np.full(rows.shape[1:], math.nan)
    return op.reduce(rows, axis=0)


def nan_mean(rows: np.ndarray) -> np.ndarray:
    """Mean down the seed axis of `rows` (K, n) over the finite values; NaN where no seed
    has one (quietly, unlike np.nanmean)."""
    ok = np.isfinite(rows)
    count = ok.sum(axis=0)
    total = np.where(ok, rows, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), math.nan)


def mean_sd(values: list[float] | tuple[float, ...]) -> tuple[float, float]:
    """(mean, sample standard deviation) of the finite values; sd 0.0 for one value,
    (NaN, NaN) for none: what "0.912 ± 0.010" prints."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return math.nan, math.nan
    mean = sum(finite) / len(finite)
    if len(finite) == 1:
        return mean, 0.0
    var = sum((v - mean) ** 2 for v in finite) / (len(finite) - 1)
    return mean, math.sqrt(var)
