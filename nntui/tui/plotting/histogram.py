"""Histograms as text: block-eighth bars of bin counts, one titled panel with its value
range, and the dashboard's row of one panel per hidden layer side by side."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.i18n import _
from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.bars import bin_columns, histogram_bars, rebin, shared_edges
from nntui.tui.plotting.style import AXIS, TITLE, line_strip, style, too_small
from nntui.tui.plotting.title import title_lines

__all__ = ["bin_columns", "histogram_bars", "rebin", "shared_edges", "histogram_strips",
           "histogram_row_strips", "histogram_title", "panel_row", "share_range"]

#: The smallest panel `histogram_strips` draws (else a "too small" notice).
HISTOGRAM_MIN_WIDTH, HISTOGRAM_MIN_HEIGHT = 8, 3

def histogram_strips(counts: np.ndarray, edges: np.ndarray, title: str, color: str,
                     width: int, height: int, base: Style) -> list[Strip]:
    """One histogram panel as ``height`` strips of ``width`` cells: title row, block-eighth
    bars of ``counts`` (k,), then the range of ``edges`` (k+1,) with 0 marked if inside.

    The dashboard's histogram row draws one per hidden layer, side by side, in one widget.
    """
    if width < HISTOGRAM_MIN_WIDTH or height < HISTOGRAM_MIN_HEIGHT:
        return too_small(width, height, base)
    bar_style = style(color)
    drawn = len(bin_columns(len(counts), width)) or width  # the bars' columns, from the left
    rows = [line_strip([(title, TITLE)], width, base)]
    rows += [
        line_strip([(b, bar_style)], width, base)
        for b in histogram_bars(counts, width, height - 2)
    ]
    rows.append(line_strip([(_range_labels(edges, drawn), AXIS)], width, base))
    return rows

def _range_labels(edges: np.ndarray, width: int) -> str:
    """``lo ... 0 ... hi`` under the bars: the edge values, and 0 if it is inside."""
    edges = edges[np.isfinite(edges)]
    if edges.size < 2 or edges[-1] <= edges[0]:
        return ""
    lo_v, hi_v = float(edges[0]), float(edges[-1])
    lo, hi = format_tick(lo_v), format_tick(hi_v)
    row = list(lo.ljust(width)[:width])
    if len(lo) + 1 + len(hi) <= width:
        row[width - len(hi) :] = list(hi)
    if lo_v < 0 < hi_v:
        # Column of 0 in the bar grid (``width``: the drawn columns): where its bin is drawn.
        col = int((0 - lo_v) / (hi_v - lo_v) * width)
        if len(lo) + 1 < col < width - len(hi) - 1:
            row[col] = "0"
    return "".join(row)[:width]


def histogram_title(layer: int, mean: float, std: float, width: int | None = None) -> str:
    """``L2 μ0.21 σ0.45``, or the most detailed shorter form that fits ``width`` columns.

    Numbers are never cut: trailing zeros go first (``σ1``), then leading ones (``μ.21``),
    then μ (σ says more about saturating or vanishing activations), then both values.
    """
    forms = [
        f"L{layer} μ{_short(mean)} σ{_short(std)}",
        f"L{layer} μ{_short(mean, 1)} σ{_short(std, 1)}",
        f"L{layer} μ{_short(mean, 2)} σ{_short(std, 2)}",
        f"L{layer} σ{_short(std, 1)}",
        f"L{layer} σ{_short(std, 2)}",
    ]
    if width is None:
        return forms[0]
    return next((f for f in forms if cell_len(f) <= width), f"L{layer}")


def _short(x: float, level: int = 0) -> str:
    """``x`` with 2 decimals (``1.00``), e-notation when tiny or huge (``3e-04``); level 1
    drops trailing zeros and exponent padding (``1``, ``3e-4``), level 2 a leading 0 (``.5``)."""
    if not math.isfinite(x):
        return "nan"
    if x != 0 and (abs(x) < 0.01 or abs(x) >= 1000):
        text = f"{x:.0e}"
        if level:
            mant, exp = text.split("e")
            text = f"{mant}e{int(exp)}"
        return text
    text = f"{x:.2f}"
    if level:
        text = text.rstrip("0").rstrip(".")
        text = "0" if text in ("", "-0") else text
    if level >= 2 and text != "0":
        text = text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text
    return text


T = TypeVar("T")

#: Blank columns between two layers' panels in a histogram row.
ROW_GAP = 1
#: Per hidden layer: counts (k,), edges (k+1,), layer number, mean, std.
Layer = tuple[np.ndarray, np.ndarray, int, float, float]
_MUTED = Style(dim=True)


def share_range(layers: tuple[Layer, ...]) -> tuple[Layer, ...]:
    """``layers`` redrawn on one x range spanning all of them (`shared_edges`, `rebin`), so
    a layer that collapses toward 0 looks narrow next to a wide one, as in the book's
    figures; unchanged when they share their edges already."""
    edges = shared_edges(tuple((c, e) for c, e, *_ in layers))
    if edges is None:
        return layers
    return tuple((rebin(c, e, edges), edges, layer, mean, std)
                 for c, e, layer, mean, std in layers)


def histogram_row_strips(layers: tuple[Layer, ...], head: str, color: str, width: int,
                         height: int, base: Style, hints: tuple[str, ...] = ()) -> list[Strip]:
    """The header, then one histogram panel per layer side by side (`panel_row`)."""

    def draw(layer: Layer, w: int, h: int, title_w: int) -> list[Strip]:
        counts, edges, number, mean, std = layer
        return histogram_strips(counts, edges, histogram_title(number, mean, std, title_w),
                                color, w, h, base)

    return panel_row(list(layers), head, width, height, base, hints, draw)


#: One row of a panel: a Strip, or its segments; either way exactly the panel's width.
PanelLine = Strip | Sequence[Segment]
#: draw(item, width, height, title width) -> one panel's ``height`` rows.
DrawPanel = Callable[[T, int, int, int], Sequence[PanelLine]]


def panel_row(items: Sequence[T], head: str, width: int, height: int, base: Style,
              hints: tuple[str, ...], draw: DrawPanel) -> list[Strip]:
    """The header (``head``, then ``hints`` while they fit two rows: `title_lines`; never
    cut), then one panel per item side by side, drawn by ``draw`` (as many as fit at
    HISTOGRAM_MIN_WIDTH; the header says when not all do). The histogram row draws its
    layers' histograms this way, and their heatmaps over time (`heatmap`)."""
    n = min(len(items), max(1, (width + ROW_GAP) // (HISTOGRAM_MIN_WIDTH + ROW_GAP)))
    parts = [head]
    if n < len(items):
        parts.insert(0, _("layers 1–{n} of {total} (widen for all)").format(
            n=n, total=len(items)))
    # Two header rows where the bars keep at least HISTOGRAM_MIN_HEIGHT + 2 rows.
    max_rows = 2 if height >= HISTOGRAM_MIN_HEIGHT + 4 else 1
    lines = title_lines(parts, hints, width, max_rows)[:max(1, height - HISTOGRAM_MIN_HEIGHT)]
    rows = [line_strip([(line, _MUTED)], width, base) for line in lines]
    height -= len(rows) - 1  # the panels' rows below the header
    if n == 0:
        return rows + [Strip.blank(width, base) for _ in range(height - 1)]
    # Split the width minus the gaps as evenly as possible; the first panels get the
    # remainder, one column each.
    avail = width - ROW_GAP * (n - 1)
    widths = [avail // n + (1 if i < avail % n else 0) for i in range(n)]
    # One title format for the whole row (panels differ by a column at most).
    title_w = min(widths)
    panels = [draw(item, w, height - 1, title_w) for item, w in zip(items[:n], widths)]
    gap = Segment(" " * ROW_GAP, base)
    for r in range(height - 1):
        segments: list[Segment] = []
        for i, panel in enumerate(panels):
            if i:
                segments.append(gap)
            segments.extend(panel[r])
        # The panels' widths and gaps add up to ``width``: a known length, one Strip per
        # row (a Strip is costly to make: the heatmaps redraw every row at each refresh).
        rows.append(Strip(segments, width))
    return rows
