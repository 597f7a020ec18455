"""Dashboard panels that are not plain plots: histogram rows, the decision boundary, tables.

The curve widgets themselves live in `nntui.tui.plots` (helper-owned); these panels arrange
them per preset and hold the few widgets plots.py does not offer. Every `update_from` is a
no-op when its data did not change, so the 10 Hz timer costs nothing while paused.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from rich.segment import Segment
from rich.style import Style
from rich.text import Text as RichText
from textual.strip import Strip
from textual.widgets import DataTable

from nntui.core.snapshot import LayerHistogram, Snapshot, Trial
from nntui.tui.plots import (
    HISTOGRAM_MIN_HEIGHT,
    HISTOGRAM_MIN_WIDTH,
    CachedPlot,
    histogram_strips,
)
from nntui.tui.views import color_of, histogram_title, label_of, marker_of

#: The header line of a histogram row: secondary text.
_MUTED = Style(dim=True)
_BOLD = Style(bold=True)


class HistogramRow(CachedPlot):
    """One small histogram per hidden layer of the focused series, under a header line.

    Drawn as ONE widget (panels side by side inside its own strips) rather than a container
    of one widget per layer: every widget stacked on a screen row costs the compositor a
    cut and a strip split per frame, and this row redraws on most frames while training.
    """

    DEFAULT_CSS = """
    HistogramRow { width: 1fr; height: 1fr; }
    """
    MIN_WIDTH = HISTOGRAM_MIN_WIDTH
    MIN_HEIGHT = HISTOGRAM_MIN_HEIGHT + 1  # the header line
    #: Blank columns between two layers' panels.
    GAP = 1

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("activations", id=id, classes=classes)
        self._key: tuple[object, ...] | None = None
        self._hists: tuple[LayerHistogram, ...] | None = None  # shown; kept so its id lives
        self.head_text = "activations"
        self.color = color_of(0)
        #: Per hidden layer: (counts (k,), edges (k+1,), layer number, mean, std); the panel
        #: title is made per build, to fit the panel's width.
        self._layers: tuple[tuple[np.ndarray, np.ndarray, int, float, float], ...] = ()

    @property
    def layer_count(self) -> int:
        """How many layer panels the row draws (one per hidden layer)."""
        return len(self._layers)

    def update_from(self, snap: Snapshot, focus: int) -> None:
        """Show the histograms of series ``focus``; a no-op if they are the ones shown."""
        if not snap.series:
            return
        focus = focus % len(snap.series)
        s = snap.series[focus]
        hists: tuple[LayerHistogram, ...] = s.histograms
        # A snapshot shares the histogram tuple until the next probe: identity suffices.
        if self._key == (focus, s.diverged) and hists is self._hists:
            return
        self._key, self._hists = (focus, s.diverged), hists
        more = "  (f: next series)" if len(snap.series) > 1 else ""
        self.head_text = f"activations of {marker_of(focus)} {label_of(s)}{more}"
        self.color = color_of(focus)
        self._layers = tuple((h.counts, h.edges, h.layer, h.mean, h.std) for h in hists)
        self._changed()

    def _cache_extra(self) -> tuple[object, ...]:
        return (self.head_text, self.color)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        layers = self._layers
        # As many layers as fit at their minimum width; the header says when not all do.
        n = min(len(layers), max(1, (width + self.GAP) // (self.MIN_WIDTH + self.GAP)))
        head = self.head_text
        if n < len(layers):
            head = f"layers 1–{n} of {len(layers)} (wider terminal for all) · {head}"
        rows = [Strip([Segment(head, base + _MUTED)]).adjust_cell_length(width, base)]
        if n == 0:
            return rows + [Strip.blank(width, base) for _ in range(height - 1)]
        # Split the width minus the gaps as evenly as possible; the first panels get the
        # remainder, one column each.
        avail = width - self.GAP * (n - 1)
        widths = [avail // n + (1 if i < avail % n else 0) for i in range(n)]
        # One title format for the whole row (panels differ by a column at most).
        title_w = min(widths)
        panels = [
            histogram_strips(counts, edges, histogram_title(layer, mean, std, title_w),
                             self.color, w, height - 1, base)
            for (counts, edges, layer, mean, std), w in zip(layers[:n], widths)
        ]
        gap = Strip.blank(self.GAP, base)
        for r in range(height - 1):
            parts: list[Strip] = []
            for i, panel in enumerate(panels):
                if i:
                    parts.append(gap)
                parts.append(panel[r])
            rows.append(Strip.join(parts))
        return rows


# -- decision boundary ----------------------------------------------------------------------
_CLASS_COLORS = ("blue", "red", "green", "yellow", "magenta", "cyan", "white", "bright_black")
#: Background glyphs per predicted class, so regions differ without colour too.
_REGION_GLYPHS = (" ", "·", ":", "'", "-", "~", "=", "+")
#: Training points: one glyph per true class.
_POINT_GLYPHS = ("o", "x", "+", "#", "@", "%", "&", "$")


@lru_cache(maxsize=64)
def _cell_style(cls: int, point: bool) -> Style:
    color = _CLASS_COLORS[cls % len(_CLASS_COLORS)]
    if point:
        return Style(color="bright_white", bgcolor=color, bold=True)
    return Style(color="bright_black", bgcolor=color, dim=True)


class BoundaryPlot(CachedPlot):
    """Predicted class over the 2-D input grid, shaded, with the training points on top."""

    DEFAULT_CSS = """
    BoundaryPlot { width: 1fr; height: 1fr; }
    """
    MIN_WIDTH = 4
    MIN_HEIGHT = 3

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("decision boundary", id=id, classes=classes)
        self._grid: np.ndarray | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._points: np.ndarray | None = None
        self._labels: np.ndarray | None = None

    def set_boundary(self, grid: np.ndarray | None, extent: tuple[float, float, float, float]
                     | None, points: np.ndarray | None, labels: np.ndarray | None,
                     title: str) -> None:
        """``grid`` (rows, cols) of predicted classes over ``extent`` (x0, x1, y0, y1);
        ``points`` (n, 2) with true ``labels`` (n,). A no-op if nothing changed."""
        same = (
            title == self.title
            and (grid is None) == (self._grid is None)
            and (grid is None or (self._grid is not None and grid.shape == self._grid.shape
                                  and np.array_equal(grid, self._grid)))
        )
        if same and self._points is not None:
            return
        self._grid, self._extent, self.title = grid, extent, title
        self._points, self._labels = points, labels
        self._changed()

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        rows = [Strip([Segment(self.title, base + _BOLD)]).adjust_cell_length(width, base)]
        h = height - 1
        grid = self._grid
        if grid is None or self._extent is None:
            return rows + [Strip.blank(width, base) for _ in range(h)]
        g_rows, g_cols = grid.shape
        ri = np.minimum((np.arange(h) * g_rows) // h, g_rows - 1)
        ci = np.minimum((np.arange(width) * g_cols) // width, g_cols - 1)
        cls = grid[np.ix_(ri, ci)].astype(np.int64)  # (h, width) predicted class per cell
        glyph = np.array(_REGION_GLYPHS, dtype=object)[cls % len(_REGION_GLYPHS)]
        point_cls = np.full((h, width), -1, dtype=np.int64)
        if self._points is not None and self._labels is not None and len(self._points):
            x0, x1, y0, y1 = self._extent
            px = ((self._points[:, 0] - x0) / (x1 - x0) * width).astype(np.int64)
            py = ((y1 - self._points[:, 1]) / (y1 - y0) * h).astype(np.int64)
            ok = (px >= 0) & (px < width) & (py >= 0) & (py < h)
            point_cls[py[ok], px[ok]] = self._labels[ok]
        for r in range(h):
            segs = []
            for c in range(width):
                p = int(point_cls[r, c])
                if p >= 0:
                    segs.append(Segment(_POINT_GLYPHS[p % len(_POINT_GLYPHS)],
                                        _cell_style(int(cls[r, c]), True)))
                else:
                    segs.append(Segment(glyph[r, c], _cell_style(int(cls[r, c]), False)))
            rows.append(Strip(Segment.simplify(segs), width))
        return rows


# -- tables ---------------------------------------------------------------------------------
def _fmt(x: float, spec: str = ".4f") -> str:
    return "—" if x is None or not math.isfinite(x) else format(x, spec)


class TrialsTable(DataTable):
    """Hyperparameter-search trials; click a column header (or press `o`) to sort by it."""

    COLUMNS = ("#", "round", "lr", "λ", "val acc", "train acc", "state")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, zebra_stripes=True, cursor_type="row")
        self.sort_column = 4  # best validation accuracy first: the book's ranking
        self._key: tuple[object, ...] | None = None
        self._trials: tuple[Trial, ...] = ()

    def on_mount(self) -> None:
        self.add_columns(*self.COLUMNS)

    def update_from(self, snap: Snapshot) -> None:
        key = tuple((t.index, t.done, t.val_acc) for t in snap.trials)
        if key == self._key:
            return
        self._key = key
        self._trials = snap.trials
        self._fill()

    def sort_by(self, column: int) -> None:
        self.sort_column = column % len(self.COLUMNS)
        self._fill()

    def _sort_key(self, t: Trial) -> tuple[float, ...]:
        values = (t.index, t.round, t.lr, t.weight_decay, t.val_acc, t.train_acc, t.done)
        v = float(values[self.sort_column])
        # Accuracies sort best first; NaN (not yet evaluated) always last.
        if self.sort_column in (4, 5):
            return (0.0 if math.isfinite(v) else 1.0, -v if math.isfinite(v) else 0.0)
        return (0.0, v)

    def _fill(self) -> None:
        self.clear()
        for t in sorted(self._trials, key=self._sort_key):
            self.add_row(
                str(t.index), str(t.round), f"{t.lr:.2e}", f"{t.weight_decay:.2e}",
                _fmt(t.val_acc), _fmt(t.train_acc), "done" if t.done else "…",
            )

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(event.column_index)


class ExtraTable(DataTable):
    """One row per series: its last train and held-out accuracy (when it has them), then
    the named scalars it reports (gradient error, sparsity, weight norm, lr...).

    A scalar that is the same for every series (the lr of a preset that does not vary it)
    is left out: it says nothing about the comparison and takes a narrow table's room.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, zebra_stripes=True, cursor_type="none")
        self._key: tuple[object, ...] | None = None

    def update_from(self, snap: Snapshot) -> None:
        from nntui.tui.views import accuracy_kind

        columns: dict[str, list[float]] = {}
        if any(len(s.eval_it) for s in snap.series):
            kind = accuracy_kind(snap)
            columns["train acc"] = [_last_finite(s.train_acc) for s in snap.series]
            columns[f"{kind} acc"] = [
                _last_finite(s.val_acc if kind == "val" else s.test_acc) for s in snap.series]
        keys: list[str] = []
        for s in snap.series:
            for k in s.extra:
                if k not in keys:
                    keys.append(k)
        for k in keys:
            values = [s.extra.get(k, math.nan) for s in snap.series]
            if len(values) > 1 and len({_fmt_extra(v) for v in values}) == 1:
                continue  # the same for all: nothing to compare
            columns[k] = values
        # What the table shows, as text: rebuilt only when that changes (NaN != NaN would
        # make a key of raw floats differ on every tick).
        labels = [label_of(s) for s in snap.series]
        cells = [[_fmt_extra(v[i]) for v in columns.values()] for i in range(len(labels))]
        key = (tuple(columns), tuple(labels), tuple(map(tuple, cells)))
        if key == self._key:
            return
        self._key = key
        self.clear(columns=True)
        self.add_columns("series", *columns)
        for i, (label, row) in enumerate(zip(labels, cells)):
            # In the series' plot colour: the table doubles as a legend.
            self.add_row(RichText(f"{marker_of(i)} {label}", style=color_of(i)), *row)


def _last_finite(values: np.ndarray) -> float:
    ok = values[np.isfinite(values)]
    return float(ok[-1]) if ok.size else math.nan


def _fmt_extra(x: float) -> str:
    if not math.isfinite(x):
        return "—"
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.3e}"
    return f"{x:.4f}"
