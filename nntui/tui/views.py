"""Snapshot -> plot data: the pure functions between a Run's Snapshot and the plot widgets.

Kept apart from the widgets so the mapping (which curve is raw, which smoothed, what a
diverged series looks like) is testable without a screen, and cheap: everything here is a
handful of NumPy operations per series, run at most ~10 times a second.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING

import numpy as np

from nntui.core.metrics import ema_smooth
from nntui.core.snapshot import SeriesSnapshot, Snapshot, series_groups
from nntui.i18n import N_, _, pgettext
from nntui.runs.summary import accuracy_columns, stop_column, stop_epochs
from nntui.tui.plotting.canvas import Series
from nntui.tui.status_line import (  # noqa: F401  (the status line's home before; re-exported)
    StatusInfo,
    own_epochs,
    status_line,
)

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig

#: Series colours: the 16 named ANSI colours, so 16-colour terminals show them as meant.
#: Chosen for the themes Textual maps them through: in the dark one red, bright_red,
#: magenta and bright_magenta are one colour (#f4005f), and green/blue/cyan equal their
#: bright twins; in the light one bright_yellow and bright_cyan are faint. So the first
#: five (an optimizer race) are five different hues in both themes; the 6th is the dark
#: theme's last distinct hue, and the rest differ in the light theme (markers differ too).
COLORS: tuple[str, ...] = (
    "bright_cyan",
    "bright_magenta",
    "yellow",
    "green",
    "blue",
    "bright_yellow",
    "red",
    "bright_blue",
    "magenta",
    "bright_green",
    "cyan",
    "bright_red",
)
#: Series markers: each series differs by marker and label too (NO_COLOR, 16 colours).
MARKERS: tuple[str, ...] = ("●", "■", "▲", "◆", "★", "✚", "○", "□", "△", "◇", "☆", "×")
#: A third family after MARKERS' filled and hollow shapes: a comparison's third run.
MORE_MARKERS: tuple[str, ...] = ("◉", "▣", "▼", "◈", "✦", "✱")
#: Legend suffix of a series whose loss became NaN/inf (shown through `_()`; a flag must
#: start with its symbol: the legend's short form keeps only that).
DIVERGED = N_("✗diverged")
STOPPED = N_("⏹stopped")
#: Loss smoothing weights `[`/`]` step through (TensorBoard-style debiased EMA).
#: 0.99 and 0.995 give a line to a loss that jumps by decades (lr-schedules: batches of 8).
SMOOTHING: tuple[float, ...] = (0.0, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995)


def smoothing_step(weight: float) -> int:
    """The `[`/`]` step (index into SMOOTHING) nearest a smoothing weight."""
    return min(range(len(SMOOTHING)), key=lambda i: abs(SMOOTHING[i] - weight))


def look_for_label() -> str:
    """The lead-in of a preset's "what to look for" line."""
    return _("Look for: ")


def color_of(i: int) -> str:
    """Series i's colour; under NO_COLOR "" (the text's own colour): greyed, the palette's
    reds and blues fall close to the background (1.65:1), the text keeps its contrast and
    the markers tell the series apart."""
    if "NO_COLOR" in os.environ:  # as Textual reads it: present, whatever its value
        return ""
    return COLORS[i % len(COLORS)]


def marker_of(i: int) -> str:
    return MARKERS[i % len(MARKERS)]


def style_of(snap: Snapshot, i: int) -> tuple[str, str]:
    """Series i's (colour, marker): a comparison's own (`runs.compare.series_styles`),
    else those of its position."""
    style = snap.series[i].style
    if style is None:
        return color_of(i), marker_of(i)
    markers = MARKERS + MORE_MARKERS
    return color_of(style[0]), markers[style[1] % len(markers)]


def label_of(s: SeriesSnapshot) -> str:
    """The series name (in the active language: the presets mark names with English words)
    plus a visible flag for diverged / early-stopped series."""
    if s.diverged:
        return f"{_(s.name)} {_(DIVERGED)}"
    if s.stopped_early:
        return f"{_(s.name)} {_(STOPPED)}"
    return _(s.name)


#: Up to this many series every raw curve is drawn; above it only the focused one's, since
#: five noisy raw curves overlap into a band that hides the smoothed ones (and cost the
#: most to draw: on a log axis a noisy curve is long vertical strokes).
MAX_RAW_CURVES = 3


#: Most series one line plot draws: past this the legend cannot name them all and the curves
#: merge into one band (batchnorm compares 32). Larger runs are shown a group at a time.
MAX_PLOTTED = 8


def plotted_range(n: int, focus: int) -> range:
    """The series a line plot draws: all ``n`` up to MAX_PLOTTED, else the group that holds
    the focused one (`series_groups`: 32 -> 0-7, 8-15, ...; 10 -> 0-4, 5-9)."""
    if n == 0:
        return range(0)
    focus %= n
    return next(g for g in series_groups(n, MAX_PLOTTED) if focus in g)


def group_note(n: int, focus: int) -> str:
    """Title suffix naming the drawn group when not every series fits, e.g. " · 9–16 of 32"."""
    shown = plotted_range(n, focus)
    if len(shown) == n:
        return ""
    return " · " + _("{first}–{last} of {n}").format(first=shown.start + 1, last=shown.stop,
                                                       n=n)


def axis_label(unit: str) -> str:
    """An x axis's name in the active language: the run's unit ("iteration", "step",
    "check", "trial") or "epoch"; another unit shows as it is."""
    labels = {"iteration": pgettext("axis", "iteration"), "epoch": pgettext("axis", "epoch"),
              "step": pgettext("axis", "step"), "check": pgettext("axis", "check"),
              "trial": pgettext("axis", "trial")}
    return labels.get(unit, unit)


def loss_x(budget_key: str, snap: Snapshot) -> tuple[str, float]:
    """The loss panel's x axis: ("epoch", epochs per iteration) where the preset counts
    epochs, so it matches the accuracy panel beside it; else (the run's unit, 1)."""
    if budget_key == "epochs" and snap.iteration > 0 and snap.epoch > 0:
        return "epoch", snap.epoch / snap.iteration
    return snap.unit, 1.0


def loss_series(snap: Snapshot, smoothing: float, focus: int = 0, x_scale: float = 1.0
                ) -> list[Series]:
    """Raw loss (faint) under the smoothed curve (legend, marker) of every plotted series;
    x is the iteration times ``x_scale`` (epochs per iteration for an epoch axis)."""
    raw: list[Series] = []
    smooth: list[Series] = []
    n = len(snap.series)
    for i in plotted_range(n, focus):
        s = snap.series[i]
        if not len(s.loss):
            continue
        color, marker = style_of(snap, i)
        if smoothing > 0 and len(s.loss) > 2:
            if n <= MAX_RAW_CURVES or i == focus % n:
                raw.append(Series(s.name + " raw", s.loss_it * x_scale, s.loss, color, marker,
                                  faint=True, diverged=s.diverged))
            y = ema_smooth(s.loss, smoothing)
        else:
            y = s.loss
        # A diverged loss (1e30 before NaN) must not set the axis for the healthy ones.
        smooth.append(Series(label_of(s), s.loss_it * x_scale, y, color, marker,
                             diverged=s.diverged))
    return raw + smooth


def val_loss_series(snap: Snapshot, smoothing: float, focus: int = 0, x_scale: float = 1.0
                    ) -> list[Series]:
    """Validation loss (solid, legend, at each evaluation) over the training loss (faint,
    smoothed) of every plotted series: the curve whose minimum early stopping looks for."""
    faint: list[Series] = []
    solid: list[Series] = []
    for i in plotted_range(len(snap.series), focus):
        s = snap.series[i]
        color, marker = style_of(snap, i)
        if len(s.loss):
            y = ema_smooth(s.loss, smoothing) if smoothing > 0 and len(s.loss) > 2 else s.loss
            faint.append(Series(s.name + " train", s.loss_it * x_scale, y, color, marker,
                                faint=True, diverged=s.diverged))
        if len(s.val_loss) == len(s.eval_it) and np.isfinite(s.val_loss).any():
            ok = np.isfinite(s.val_loss)
            solid.append(Series(label_of(s), s.eval_it[ok] * x_scale, s.val_loss[ok], color,
                                marker, diverged=s.diverged))
    return faint + solid


def accuracy_kind(snap: Snapshot) -> str:
    """Which held-out split the accuracy panel shows: "val" when there is one, else "test"."""
    for s in snap.series:
        if len(s.val_acc) and np.isfinite(s.val_acc).any():
            return "val"
    return "test"


def accuracy_title(snap: Snapshot, group: str = "") -> str:
    """The accuracy panel's title: which held-out split, and the subset its live points
    use, e.g. "test acc on 2,000 of 10,000 (full set at the end) (dim: train)"."""
    if accuracy_kind(snap) == "val":
        held = _("val acc")
    elif snap.test_subset is None:
        held = _("test acc")
    else:
        used, total = snap.test_subset
        held = (_("test acc on {used} of {total} (last point: full set)") if snap.done else
                _("test acc on {used} of {total} (full set at the end)")
                ).format(used=f"{used:,}", total=f"{total:,}")
    if snap.train_subset is None:
        dim = _("(dim: train)")
    else:
        used, total = snap.train_subset
        dim = _("(dim: train on {used} of {total})").format(used=f"{used:,}", total=f"{total:,}")
    # A template, not a blank: Japanese sets the parenthesis without one.
    return _("{accuracy} {dim_note}").format(accuracy=held, dim_note=dim) + group


def measured(s: SeriesSnapshot) -> bool:
    """Whether a series has an accuracy worth showing: an evaluation after iteration 0.
    The one at iteration 0 (the untrained start, where every curve begins) is the same
    chance-level number for every series sharing an initialisation: shown alone it reads
    as a result."""
    return bool(len(s.eval_it)) and s.eval_it[-1] > 0


def accuracy_series(snap: Snapshot, focus: int = 0, epochs: bool | None = None
                    ) -> list[Series]:
    """Train accuracy (faint) and validation-or-test accuracy (solid) of every plotted
    series (`plotted_range`).

    x is the epoch with ``epochs``, the iteration without; None: the epoch when epochs
    advance, else the iteration (e.g. before the first epoch).
    """
    kind = accuracy_kind(snap)
    faint: list[Series] = []
    solid: list[Series] = []
    for i in plotted_range(len(snap.series), focus):
        s = snap.series[i]
        if not measured(s):
            continue
        by_epoch = len(s.eval_epoch) and s.eval_epoch[-1] > 0 if epochs is None else epochs
        x = s.eval_epoch if by_epoch else s.eval_it
        held = s.val_acc if kind == "val" else s.test_acc
        color, marker = style_of(snap, i)
        faint.append(Series(s.name + " train", x, s.train_acc, color, marker, faint=True))
        solid.append(Series(label_of(s), x, held, color, marker))
    return faint + solid


def gap_series(snap: Snapshot, focus: int = 0, epochs: bool = False) -> list[Series]:
    """Train − held-out accuracy (validation where there is a split, else test) of every
    plotted series over its evaluations: the regularization lessons' number, drawn where
    two accuracy curves per series would lie on top of each other. From the first
    evaluation in training on (`measured`)."""
    kind = accuracy_kind(snap)
    out = []
    for i in plotted_range(len(snap.series), focus):
        s = snap.series[i]
        if not measured(s):
            continue
        held = s.val_acc if kind == "val" else s.test_acc
        out.append(Series(label_of(s), s.eval_epoch if epochs else s.eval_it,
                          s.train_acc - held, *style_of(snap, i)))
    return out


def gap_title(snap: Snapshot, group: str = "") -> str:
    """The gap panel's title: which accuracies it subtracts."""
    return (_("train − val accuracy (gap)") if accuracy_kind(snap) == "val"
            else _("train − test accuracy (gap)")) + group


def accuracy_x_label(snap: Snapshot, budget_key: str = "") -> str:
    """The accuracy panel's x axis: the dashboard's one axis where the preset counts
    epochs or iterations (as the loss panel), else epochs once they advance."""
    if budget_key == "iterations":
        return snap.unit
    if budget_key == "epochs" and snap.iteration > 0 and snap.epoch > 0:
        return "epoch"
    for s in snap.series:
        if len(s.eval_epoch) and s.eval_epoch[-1] > 0:
            return "epoch"
    return snap.unit


def path_series(snap: Snapshot) -> list[Series]:
    """Optimizer paths (k, 2) of every series that has one."""
    out = []
    for i, s in enumerate(snap.series):
        if s.path is not None and len(s.path):
            out.append(Series(label_of(s), s.path[:, 0], s.path[:, 1], color_of(i), marker_of(i)))
    return out


def change_key(snap: Snapshot) -> tuple[object, ...]:
    """Cheap fingerprint: when it is unchanged, the widgets need no update."""
    trials = tuple((t.index, t.done, len(t.val_curve)) for t in snap.trials)
    flags = tuple((s.diverged, s.stopped_early, len(s.loss), len(s.eval_it)) for s in snap.series)
    return (snap.iteration, snap.done, snap.message, trials, flags)


#: The `extra` values' keys (results-file columns) as the table panel heads its columns:
#: through `_()`, so English shows the key itself and Japanese words. Keys a user types
#: (`lr`, `weight_decay`: settings) are not listed and show as they are.
EXTRA_NAMES = (
    N_("sparsity_W1"), N_("sparsity"), N_("weight_norm"),  # regularizers
    N_("last_mean"), N_("last_std"), N_("last_saturated"),  # activation-histograms
    N_("y_sign_changes"), N_("path_ratio"), N_("distance"),  # optimizer-paths
    N_("max_rel_error"), N_("kink_weights"), N_("kink_samples"),  # gradient-check
    N_("trial"),  # hparam-search
)


def extra_table_rows(snap: Snapshot, keys: tuple[str, ...] | None = None, *,
                     gap: bool = False, rows: range | None = None,
                     ) -> tuple[list[str], list[tuple[str, str]], list[list[str]]]:
    """The per-series table: column names, per row its (label with marker, colour) and its
    cells (column names in the active language: `EXTRA_NAMES`). Each series' last train
    and held-out accuracy (when it has them) and, with
    ``gap``, train − held-out; then the named scalars it reports: ``keys`` (the preset's
    `summary_columns`) when given, else every one (gradient error, sparsity, ...).
    ``rows``: only these series (the group the plots draw), else all.

    A scalar that is the same for every series (the lr of a preset that does not vary it)
    is left out: it says nothing about the comparison and takes a narrow table's room.
    """
    columns: dict[str, list[float]] = {}
    if any(len(s.eval_it) for s in snap.series):
        accs = accuracy_columns(snap.series, kind=accuracy_kind(snap), gap=gap)
        # "—" until a series is measured after training began (not its untrained start).
        columns.update({name: [v if measured(s) else math.nan
                               for v, s in zip(values, snap.series)]
                        for name, values in accs.items()})

    if keys is None:
        keys = ()
        for s in snap.series:
            keys += tuple(k for k in s.extra if k not in keys)
    for k in keys:
        values = [s.extra.get(k, math.nan) for s in snap.series]
        if len(values) > 1 and len({_fmt_extra(v) for v in values}) == 1:
            continue  # the same for all: nothing to compare
        columns[_(k)] = values
    # Text, not floats: the table compares what it shows (NaN != NaN would differ on
    # every tick).
    shown = rows if rows is not None else range(len(snap.series))
    styles = {i: style_of(snap, i) for i in shown}
    labels = [(f"{styles[i][1]} {label_of(snap.series[i])}", styles[i][0]) for i in shown]
    cells = [[_fmt_extra(v[i]) for v in columns.values()] for i in shown]
    heads = list(columns)
    epochs = own_epochs(snap)
    if epochs is not None:  # batch sizes differ: so do the epochs in one iteration count
        heads.append(pgettext("column", "epochs"))
        for row, i in zip(cells, shown):
            row.append(f"{epochs[i]:.1f}" if math.isfinite(epochs[i]) else "—")
    stops = stop_epochs(snap.series)
    if any(math.isfinite(v) for v in stops):  # early stopping: where each series halted
        heads.append(stop_column())
        for row, i in zip(cells, shown):
            row.append(f"{stops[i]:.1f}" if math.isfinite(stops[i]) else "—")
    return heads, labels, cells


def _fmt_extra(x: float) -> str:
    if not math.isfinite(x):
        return "—"
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.3e}"
    return f"{x:.4f}"


def head_text(preset: Preset, config: RunConfig) -> str:
    """The dashboard's head line: title · dataset · the seed, or the K seeds' range, and,
    under --book, that this is the book's setting (headless says so too)."""
    parts = [_(preset.title)]
    if preset.datasets:
        parts.append(config.dataset)
    k = int(config.get("seeds", 1) or 1)  # type: ignore[arg-type]
    parts.append(_("seeds {first}–{last}").format(first=config.seed, last=config.seed + k - 1)
                 if k > 1 else _("seed {seed}").format(seed=config.seed))
    if config.book:
        parts.append(_("the book's setting (--book)"))
    return " · ".join(parts)
