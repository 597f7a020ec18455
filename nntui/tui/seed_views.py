"""Snapshot -> seed bands: the pure mapping from a K-seed run's `SeedBand`s to the bands
the line panels shade under their mean curves (`plotting.band`).

A series trained on K seeds (`nntui.core.seeds`) carries every seed's curves; each panel
draws the mean (`nntui.tui.views`) and, here, the lowest and highest seed at every point
of the same curve: smoothed as the mean is for the loss, per evaluation for accuracies,
validation loss and the train–test gap. As with raw loss curves, up to `MAX_BANDS` series
get a band each; with more, only the focused one does (five overlapping bands would hide
every curve).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nntui.core.band import nan_reduce
from nntui.core.metrics import ema_smooth_rows
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.i18n import N_, _
from nntui.presets.claims import Claim, judge
from nntui.tui.plotting.band import Band
from nntui.tui.views import MAX_RAW_CURVES, accuracy_kind, measured, plotted_range, style_of

#: Up to this many series each get a band, else only the focused one (as raw curves).
MAX_BANDS = MAX_RAW_CURVES


def banded(snap: Snapshot, focus: int = 0) -> list[tuple[int, SeriesSnapshot]]:
    """(index, series) of the plotted series that get a band: those trained on several
    seeds, all of them up to MAX_BANDS, else the focused one."""
    n = len(snap.series)
    shown = plotted_range(n, focus)
    if len(shown) > MAX_BANDS:
        shown = range(focus % n, focus % n + 1) if n else range(0)
    return [(i, snap.series[i]) for i in shown if snap.series[i].band is not None]


def _band(x: np.ndarray, rows: np.ndarray, color: str) -> Band:
    """The band of ``rows`` (K, n) over x (n,): min and max over the seeds."""
    return Band(x, nan_reduce(rows, np.fmin), nan_reduce(rows, np.fmax), color)


def loss_bands(snap: Snapshot, smoothing: float, focus: int = 0, x_scale: float = 1.0
               ) -> list[Band]:
    """Each banded series' seeds' loss, smoothed as `views.loss_series` smooths the mean."""
    out = []
    for i, s in banded(snap, focus):
        assert s.band is not None
        rows = s.band.loss
        if rows.shape[1] == 0:
            continue
        if smoothing > 0 and rows.shape[1] > 2:
            rows = ema_smooth_rows(rows, smoothing)
        out.append(_band(s.loss_it * x_scale, rows, style_of(snap, i)[0]))
    return out


def val_loss_bands(snap: Snapshot, focus: int = 0, x_scale: float = 1.0) -> list[Band]:
    """Each banded series' seeds' validation loss (`views.val_loss_series`' solid curve)."""
    return [_band(s.eval_it * x_scale, s.band.val_loss, style_of(snap, i)[0])
            for i, s in banded(snap, focus)
            if s.band is not None and s.band.val_loss.shape[1] == len(s.eval_it)]


def _held_out_bands(snap: Snapshot, focus: int, epochs: bool, gap: bool) -> list[Band]:
    """Each banded series' seeds' held-out accuracy (validation where there is a split,
    else test), or with ``gap`` train minus it, over its evaluations (epochs or
    iterations)."""
    kind = accuracy_kind(snap)
    out = []
    for i, s in banded(snap, focus):
        assert s.band is not None
        held = s.band.val_acc if kind == "val" else s.band.test_acc
        if held.shape[1] == len(s.eval_it) and len(s.eval_it):
            rows = s.band.train_acc - held if gap else held
            out.append(_band(s.eval_epoch if epochs else s.eval_it, rows, style_of(snap, i)[0]))
    return out


def accuracy_bands(snap: Snapshot, focus: int = 0, epochs: bool = False) -> list[Band]:
    """The accuracy panel's bands: under each series' solid (held-out) curve."""
    return _held_out_bands(snap, focus, epochs, gap=False)


def gap_bands(snap: Snapshot, focus: int = 0, epochs: bool = False) -> list[Band]:
    """The gap panel's bands: each series' seeds' train − held-out accuracy."""
    return _held_out_bands(snap, focus, epochs, gap=True)


#: Metrics a series' own seeds measure (the rest: a sweep's or the trials').
_SERIES_METRICS = ("gap", "test_acc", "train_acc", "final_loss", "loss_noise", "chance_loss",
                   "stop_share", "sparsity_W1", "weight_norm")


#: What a wins cell counts, short enough for an 80-column table (shown through _()).
WIN_METRICS: dict[str, str] = {
    "gap": N_("gap"), "test_acc": N_("test acc"), "train_acc": N_("train acc"),
    "final_loss": N_("loss"), "loss_noise": N_("jitter"), "chance_loss": N_("loss/chance"),
    "stop_share": N_("budget"), "sparsity_W1": N_("sparsity"), "weight_norm": N_("‖W‖"),
}


def technique_claims(claims: Sequence[Claim], names: Sequence[str]) -> dict[str, Claim]:
    """Series name -> the claim its wins count: one that compares it with a baseline, on
    the gap or test accuracy where it has one (what a learner reads a win as), else its
    first (its lesson)."""
    out: dict[str, Claim] = {}
    for c in claims:
        if (c.baseline and c.metric in _SERIES_METRICS and c.better != "within"
                and c.technique in names and c.baseline in names):
            held = out.get(c.technique)
            if held is None or _rank(c) < _rank(held):
                out[c.technique] = c
    return out


def _rank(c: Claim) -> int:
    return {"gap": 0, "test_acc": 1}.get(c.metric, 2)


def wins_column(snap: Snapshot, claims: Sequence[Claim], classes: int = 10
                ) -> tuple[str, list[str]] | None:
    """A K-seed run's wins column: its title and, per series, "k of K": on how many seeds
    it beat its baseline on its claim's metric, so far (each seed's last evaluation;
    `judge` without a report), or "" for a series that is no claim's technique or that, or
    its baseline, is not measured yet (as the accuracy cells beside it: the untrained start
    is no result); None when there is nothing to show (one seed, no such claim). The title
    names the metric ("wins: gap") when every technique counts the same one; otherwise it
    is "wins" and each cell names its own ("3 of 3 jitter")."""
    if len(snap.seeds) < 2:
        return None
    names = [s.name for s in snap.series]
    by_name = technique_claims(claims, names)
    if not by_name:
        return None
    metrics = {c.metric for c in by_name.values()}
    mixed = len(metrics) > 1
    title = _("wins") if mixed else _("wins: {metric}").format(
        metric=_(WIN_METRICS[next(iter(metrics))]))
    cells = []
    for s in snap.series:
        claim = by_name.get(s.name)
        base = snap.series[names.index(claim.baseline)] if claim and claim.baseline else None
        if claim is None or base is None or not (measured(s) and measured(base)):
            cells.append("")
            continue
        r = judge(claim, snap, None, dataset="", classes=classes)
        cell = _("{won} of {k}").format(won=r.won, k=r.k)
        if mixed:  # the header cannot name one metric: the cell names its own
            cell = f"{cell} {_(WIN_METRICS[claim.metric])}"
        cells.append(cell)
    return title, cells
