"""Distributions over time as text: one shaded heatmap per layer (x = iteration, y = value,
shade = density), the "over time" view of the histogram row (TensorBoard's histogram
dashboard, in cells).

Each recorded histogram is one column of densities: its counts moved onto the panel's
value rows (`bars.rebin`, the histogram panel's own bins, on one range for the layer over
the whole run, or for every layer where the row shares one, as the histogram panel
does) and divided by their sum. A screen column shows the mean of the histograms recorded
inside it and holds the last one until the next (a histogram stands for the run until it
is refreshed). The shade of a cell is its density relative to its column's densest cell,
on a square-root scale so that thin tails still show: blank (none), ░ ▒ ▓ █ (the ASCII
mode's filter, tui.terminal, draws them as : = # #).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.histogram import (
    HISTOGRAM_MIN_HEIGHT,
    HISTOGRAM_MIN_WIDTH,
    PanelLine,
    panel_row,
)
from nntui.tui.plotting.style import AXIS, TITLE, line_strip, on_base, style, too_small

#: Shades from sparse to dense; index = level 0..4.
SHADES = (" ", "░", "▒", "▓", "█")
#: Level digits "0".."4" -> shades: a whole grid becomes text in one `str.translate`.
_TO_SHADE = str.maketrans({str(i): glyph for i, glyph in enumerate(SHADES)})


@dataclass(frozen=True, eq=False)
class LayerHistory:
    """One layer's recorded histograms: its (m,) int64 iterations (ascending), and per
    record counts, (m, k) float64, over edges, (m, k+1) float64 (equal-width bins, as every
    recorded histogram); stacked once per refresh so that drawing is whole-array work."""

    layer: int
    its: np.ndarray
    counts: np.ndarray
    edges: np.ndarray
    #: The stack these are rows of (`HistoryStacks`), which keeps their densities on the
    #: panel's value rows from one refresh to the next; None: computed per draw.
    stack: _Stack | None = None

    def densities(self, new_edges: np.ndarray) -> np.ndarray:
        """Every record's counts moved onto ``new_edges`` (r+1,) and divided by their sum:
        (m, r) float64, a row of zeros where nothing was counted."""
        if self.stack is not None:
            return self.stack.densities(new_edges, len(self.its))
        return _densities(self.counts, self.edges, new_edges)

    @property
    def span(self) -> tuple[float, float] | None:
        """(lowest, highest) edge over every record whose edges are all finite, None
        without one."""
        if self.stack is not None:  # kept per record as they came: no pass over them all
            return self.stack.span(len(self.its))
        return _span(self.edges)


def _span(edges: np.ndarray) -> tuple[float, float] | None:
    """`LayerHistory.span` of records with ``edges`` (m, k+1)."""
    if not edges.size:
        return None
    finite = np.isfinite(edges).all(axis=1)
    if not finite.any():
        return None
    return float(edges[finite, 0].min()), float(edges[finite, -1].max())


def layer_histories(history: Sequence[tuple[int, Sequence[object]]]) -> list[LayerHistory]:
    """Per layer, the records of ``history`` ((iteration, histograms of every layer) at
    each refresh, as a SeriesSnapshot holds them: objects with layer, counts, edges); a
    record whose bin count differs from the layer's first is left out."""
    layers: dict[int, tuple[list[int], list[np.ndarray], list[np.ndarray]]] = {}
    for it, hists in history:
        for h in hists:
            its, counts, edges = layers.setdefault(h.layer, ([], [], []))  # type: ignore[attr-defined]
            c, e = h.counts, h.edges  # type: ignore[attr-defined]
            if counts and (len(c) != len(counts[0]) or len(e) != len(c) + 1):
                continue
            its.append(int(it))
            counts.append(c)
            edges.append(e)
    return [LayerHistory(layer, np.array(its, dtype=np.int64),
                         np.array(c, dtype=np.float64), np.array(e, dtype=np.float64))
            for layer, (its, c, e) in sorted(layers.items())]


class _Stack:
    """One layer's records in growing buffers (capacity doubles): appending a record costs
    one row copy, and `view` hands out the first m rows without copying (rows below m are
    never written again, so a view stays valid)."""

    def __init__(self, layer: int, bins: int) -> None:
        self.layer, self.bins, self.m = layer, bins, 0
        self.its = np.zeros(8, np.int64)
        self.counts = np.zeros((8, bins))
        self.edges = np.zeros((8, bins + 1))
        # The first _dens_m records' densities on the value rows _dens_key (their edges):
        # a refresh whose rows did not move (the layer's range held) adds only its own.
        self._dens_key: bytes | None = None
        self._dens = np.zeros((0, 0))
        self._dens_m = 0
        # Per record i, the span of records 0..i (`LayerHistory.span`; NaN while none has
        # all-finite edges): a refresh's span is one lookup, not a pass over the history.
        self._lo = np.zeros(8)
        self._hi = np.zeros(8)

    def span(self, m: int) -> tuple[float, float] | None:
        """`LayerHistory.span` of the first ``m`` records (m <= self.m)."""
        if m <= 0 or np.isnan(self._lo[m - 1]):
            return None
        return float(self._lo[m - 1]), float(self._hi[m - 1])

    def densities(self, new_edges: np.ndarray, m: int) -> np.ndarray:
        """`LayerHistory.densities` of the first ``m`` records (m <= self.m)."""
        key = np.asarray(new_edges, dtype=np.float64).tobytes()
        if key != self._dens_key:
            self._dens_key, self._dens_m = key, 0
            self._dens = np.zeros((len(self.its), len(new_edges) - 1))
        if m > self._dens_m:
            if len(self._dens) < m:  # the stack grew: a bigger buffer, the rows kept
                grown = np.zeros((len(self.its), self._dens.shape[1]))
                grown[:self._dens_m] = self._dens[:self._dens_m]
                self._dens = grown
            lo = self._dens_m
            self._dens[lo:m] = _densities(self.counts[lo:m], self.edges[lo:m], new_edges)
            self._dens_m = m
        return self._dens[:m]

    def append(self, it: int, counts: np.ndarray, edges: np.ndarray) -> None:
        if len(counts) != self.bins or len(edges) != self.bins + 1:
            return  # as layer_histories: a record of another bin count is left out
        if self.m == len(self.its):
            grow = 2 * self.m
            self.its = np.resize(self.its, grow)
            self.counts = np.concatenate([self.counts, np.zeros_like(self.counts)])
            self.edges = np.concatenate([self.edges, np.zeros_like(self.edges)])
            self._lo = np.resize(self._lo, grow)
            self._hi = np.resize(self._hi, grow)
        m = self.m
        self.its[m], self.counts[m], self.edges[m] = it, counts, edges
        lo, hi = (self._lo[m - 1], self._hi[m - 1]) if m else (np.nan, np.nan)
        row = self.edges[m]
        if np.isfinite(row).all():  # fmin/fmax: a NaN (no span yet) gives way to a number
            lo, hi = np.fmin(lo, row[0]), np.fmax(hi, row[-1])
        self._lo[m], self._hi[m] = lo, hi
        self.m = m + 1

    def view(self) -> LayerHistory:
        m = self.m
        return LayerHistory(self.layer, self.its[:m], self.counts[:m], self.edges[:m], self)


class HistoryStacks:
    """`layer_histories` of a history that grows record by record (a live run's, a replay
    played forward), kept and appended to: each call stacks only the records added since
    the last, instead of every record of the run at each refresh. A history that is not
    the last one plus new records (thinned past its bound, another series, a replay sought
    back) is stacked again from its start."""

    def __init__(self) -> None:
        self._stacks: dict[int, _Stack] = {}
        self._seen = 0
        self._ends: tuple[object, object] | None = None  # the first and last record seen

    def update(self, history: Sequence[tuple[int, Sequence[object]]]) -> tuple[LayerHistory, ...]:
        n = len(history)
        grown = (self._ends is not None and n >= self._seen
                 and history[0] is self._ends[0] and history[self._seen - 1] is self._ends[1])
        if not grown:
            self._stacks, self._seen = {}, 0
        for it, hists in history[self._seen:]:
            for h in hists:
                c, e = h.counts, h.edges  # type: ignore[attr-defined]
                stack = self._stacks.get(h.layer)  # type: ignore[attr-defined]
                if stack is None:
                    stack = self._stacks[h.layer] = _Stack(h.layer, len(c))  # type: ignore[attr-defined]
                stack.append(int(it), c, e)
        self._seen = n
        self._ends = (history[0], history[-1]) if n else None
        return tuple(self._stacks[k].view() for k in sorted(self._stacks))


def shared_span(layers: Sequence[LayerHistory]) -> tuple[float, float] | None:
    """One value range spanning every layer's records (the row's shared x range)."""
    spans = [s for s in (layer.span for layer in layers) if s is not None]
    if not spans:
        return None
    return min(lo for lo, _ in spans), max(hi for _, hi in spans)


def rebin_rows(counts: np.ndarray, edges: np.ndarray, new_edges: np.ndarray) -> np.ndarray:
    """`bars.rebin` for many records at once: ``counts`` (m, k) over equal-width ``edges``
    (m, k+1) moved onto ``new_edges`` (r+1,); (m, r) float64. Vectorised: a heatmap redraws
    hundreds of records per layer."""
    m, k = counts.shape
    lo, hi = edges[:, :1], edges[:, -1:]
    width = np.where(hi > lo, hi - lo, np.inf)
    # Where each new edge falls in each record's bins, in bin units (0 .. k).
    u = np.clip((new_edges[None, :] - lo) / width * k, 0.0, float(k))
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(counts, axis=1)], axis=1)
    i = np.minimum(u.astype(np.int64), k - 1)
    frac = u - i
    at = np.take_along_axis(cum, i, axis=1) + frac * np.take_along_axis(counts, i, axis=1)
    return np.maximum(np.diff(at, axis=1), 0.0)


def _densities(counts: np.ndarray, edges: np.ndarray, new_edges: np.ndarray) -> np.ndarray:
    """`LayerHistory.densities` of records ``counts`` (m, k) over ``edges`` (m, k+1)."""
    dens = rebin_rows(np.nan_to_num(counts), edges, new_edges)
    total = dens.sum(axis=1, keepdims=True)
    return np.divide(dens, total, out=np.zeros_like(dens), where=total > 0)


def density_grid(layer: LayerHistory, new_edges: np.ndarray, x_lo: float, x_hi: float,
                 cols: int) -> np.ndarray:
    """The heatmap of ``layer`` on the value bins ``new_edges`` (r+1,) and ``cols`` columns
    spanning iterations ``x_lo`` .. ``x_hi``: (r, cols) float64, row i = bin i (lowest
    values first), each column a density (sums to 1) or NaN before the first record.

    A column holds the mean density of the records whose iteration falls in it (record at
    ``it`` -> column floor((it - x_lo) / (x_hi - x_lo) * cols), the last iteration in the
    last column); a column without one repeats the column before it.
    """
    r = len(new_edges) - 1
    grid = np.full((r, cols), np.nan)
    if not len(layer.its) or cols <= 0 or r <= 0:
        return grid
    dens = layer.densities(new_edges)
    its = layer.its.astype(np.float64)
    span = x_hi - x_lo
    col = (np.zeros(len(its), np.int64) if span <= 0 else
           np.clip(((its - x_lo) / span * cols).astype(np.int64), 0, cols - 1))
    # Records come in iteration order, so each column's records are one run of rows:
    # summed with reduceat (np.add.at's unbuffered adds cost ~10x more).
    starts = np.flatnonzero(np.r_[True, col[1:] != col[:-1]])
    filled_cols = col[starts]
    n = np.diff(np.r_[starts, len(col)])
    grid[:, filled_cols] = (np.add.reduceat(dens, starts, axis=0) / n[:, None]).T
    filled = np.zeros(cols, dtype=bool)
    filled[filled_cols] = True
    # Hold the last record until the next: forward-fill the empty columns after the first.
    idx = np.where(filled, np.arange(cols), -1)
    np.maximum.accumulate(idx, out=idx)
    later = idx >= 0
    grid[:, later] = grid[:, idx[later]]
    return grid


def shade_levels(grid: np.ndarray) -> np.ndarray:
    """Shade level 0..4 of every cell of ``grid`` (r, c): 0 where nothing was counted (or
    before the first record), else ceil(4 * sqrt(density / the column's densest))."""
    top = np.nanmax(np.where(np.isfinite(grid), grid, 0.0), axis=0, initial=0.0)
    rel = np.divide(np.nan_to_num(grid), top, out=np.zeros_like(grid), where=top > 0)
    levels = np.ceil(4.0 * np.sqrt(rel)).astype(np.int64)
    return np.clip(levels, 0, 4)


def shade_text(levels: np.ndarray) -> str:
    """The shades of ``levels`` (r, c) ints 0..4, row after row: one string of r * c
    characters (row i is ``[i * c:(i + 1) * c]``)."""
    digits = (levels.astype(np.uint8) + ord("0")).tobytes()
    return digits.decode("ascii").translate(_TO_SHADE)


def heatmap_strips(layer: LayerHistory, span: tuple[float, float] | None,
                   x_range: tuple[float, float], color: str, width: int, height: int,
                   base: Style) -> list[Strip]:
    """One layer's panel as ``height`` strips of ``width`` cells: a title with its value
    range (``L2 0…4.5``), the heatmap (top row = highest values), then the first and last
    iteration under it."""
    return [line if isinstance(line, Strip) else Strip(line, width)
            for line in _heatmap_lines(layer, span, x_range, color, width, height, base)]


def _heatmap_lines(layer: LayerHistory, span: tuple[float, float] | None,
                   x_range: tuple[float, float], color: str, width: int, height: int,
                   base: Style) -> list[PanelLine]:
    """`heatmap_strips`, the heatmap's rows as bare segments (`panel_row` joins them)."""
    if width < HISTOGRAM_MIN_WIDTH or height < HISTOGRAM_MIN_HEIGHT:
        return list(too_small(width, height, base))
    rows = height - 2
    title = f"L{layer.layer}"
    if span is not None:
        ranged = f"{title} {format_tick(span[0])}…{format_tick(span[1])}"
        title = ranged if len(ranged) <= width else title
    out: list[PanelLine] = [line_strip([(title, TITLE)], width, base)]
    if span is None or not len(layer.its):
        out += [Strip.blank(width, base) for _ in range(rows)]
    else:
        grid = density_grid(layer, np.linspace(span[0], span[1], rows + 1), *x_range, width)
        text = shade_text(shade_levels(grid)[::-1])  # top row: highest values
        shade = on_base(base, style(color))
        # Every shade is one cell, so a row is one segment of exactly ``width`` cells: no
        # Strip per panel row (the row's Strip is made once, across the panels).
        out += [[Segment(text[i:i + width], shade)] for i in range(0, rows * width, width)]
    lo, hi = format_tick(x_range[0]), format_tick(x_range[1])
    axis = lo + hi.rjust(width - len(lo)) if len(lo) + 1 + len(hi) <= width else lo
    out.append(line_strip([(axis, AXIS)], width, base))
    return out


def heatmap_row_strips(layers: Sequence[LayerHistory], head: str, color: str, width: int,
                       height: int, base: Style, hints: tuple[str, ...] = (),
                       shared: bool = False) -> list[Strip]:
    """The histogram row over time: the header, then one heatmap per layer side by side
    (as `histogram.histogram_row_strips` lays out its panels), on one value range for
    every layer when ``shared``, else each layer's own range over the run; every panel's x
    spans the run's recorded iterations."""
    its = [layer.its for layer in layers if len(layer.its)]
    x_range = ((float(min(i[0] for i in its)), float(max(i[-1] for i in its)))
               if its else (0.0, 0.0))
    common = shared_span(layers) if shared else None

    def draw(layer: LayerHistory, w: int, h: int, title_w: int) -> list[PanelLine]:
        return _heatmap_lines(layer, common if shared else layer.span, x_range, color, w, h,
                              base)

    return panel_row(list(layers), head, width, height, base, hints, draw)
