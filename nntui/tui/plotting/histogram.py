"""Histograms as text: block-eighth bars of bin counts, one titled panel with its value
range, and the dashboard's row of one panel per hidden layer side by side."""

from __future__ import annotations

import math

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.style import AXIS, TITLE, line_strip, style, too_small

# Eighth blocks, index = filled eighths (0..8).
_EIGHTHS = np.array(list(" ▁▂▃▄▅▆▇█"), dtype=object)

#: A column this many times taller than every other one is clipped (see histogram_bars).
CLIP_RATIO = 4.0

def bin_columns(k: int, width: int) -> list[range]:
    """Which of ``k`` bins each drawn column holds, for a panel ``width`` columns wide.

    Bins map to columns exactly, so no column stands out for holding more bins than its
    neighbours (30 bins in 23 columns made every third column a spike): with room, every
    bin gets the same whole number of columns (the drawn width is then ``k * span`` and
    the rest of the panel stays blank); without it, every column sums the same number of
    neighbouring bins, a divisor of ``k`` where one is close (only a prime-ish ``k`` with
    no close divisor leaves a last column with fewer bins). Returns one range of bin
    indices per drawn column, left to right.
    """
    if k <= 0 or width <= 0:
        return []
    if k <= width:
        span = width // k
        return [range(b, b + 1) for b in range(k) for _ in range(span)]
    least = -(-k // width)  # ceil(k / width): the fewest bins per column that fit
    group = next((g for g in range(least, 2 * least + 1) if k % g == 0), least)
    return [range(a, min(a + group, k)) for a in range(0, k, group)]


def histogram_bars(counts: np.ndarray, width: int, height: int) -> list[str]:
    """Vertical bars of ``counts`` (k,) scaled to ``height`` rows x ``width`` columns.

    Returns ``height`` strings of ``width`` characters, top row first. Bins map to columns
    as `bin_columns` says (the unused right part is blank); the tallest column is a full
    ``█`` column and every non-zero bin shows at least a ``▁``.

    One column far above all others (ReLU's exact zeros: most of a layer) would flatten
    the rest into one row, so, as the book's figures clip their y axis, the scale then
    follows the other columns and a clipped column is topped with ``▲``.
    """
    width, height = max(0, int(width)), max(0, int(height))
    counts = np.nan_to_num(np.asarray(counts, dtype=np.float64).reshape(-1), nan=0.0)
    counts = np.clip(counts, 0.0, None)
    if width == 0 or height == 0:
        return [""] * height
    if counts.size == 0:
        return [" " * width] * height
    columns = bin_columns(counts.size, width)
    csum = np.concatenate([[0.0], np.cumsum(counts)])
    cols = np.array([csum[r.stop] - csum[r.start] for r in columns])
    pad = " " * (width - len(columns))
    top = cols.max()
    if top <= 0:
        return [" " * width] * height
    rest = cols[cols < top]
    second = rest.max() if rest.size else 0.0
    clipped = np.zeros(len(cols), dtype=bool)
    if second > 0 and top > CLIP_RATIO * second and height >= 3:
        top = second * 1.5  # the others use two thirds of the height
        clipped = cols > top
    eighths = np.rint(np.minimum(cols, top) / top * height * 8).astype(np.int64)
    eighths = np.where((cols > 0) & (eighths == 0), 1, eighths)
    levels = np.arange(height - 1, -1, -1)[:, None] * 8  # (height, 1), top row first
    fill = np.clip(eighths[None, :] - levels, 0, 8)
    glyphs = _EIGHTHS[fill]
    glyphs[0, clipped] = "▲"
    return ["".join(row) + pad for row in glyphs.tolist()]


def rebin(counts: np.ndarray, edges: np.ndarray, new_edges: np.ndarray) -> np.ndarray:
    """``counts`` (k,) over ``edges`` (k+1,) moved onto ``new_edges`` (m+1,): each old bin's
    count is split over the new bins in proportion to their overlap (values spread evenly
    inside a bin). Returns (m,) float64; counts outside ``new_edges`` are dropped."""
    counts = np.nan_to_num(np.asarray(counts, dtype=np.float64).reshape(-1), nan=0.0)
    edges = np.asarray(edges, dtype=np.float64)
    new_edges = np.asarray(new_edges, dtype=np.float64)
    width = np.diff(edges)
    # Cumulative count at every new edge, interpolated linearly inside the old bins.
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    at = np.interp(new_edges, edges, cum, left=0.0, right=cum[-1])
    if not (width > 0).all():
        return np.zeros(len(new_edges) - 1)
    return np.maximum(np.diff(at), 0.0)


def shared_edges(layers: tuple[tuple[np.ndarray, np.ndarray], ...]) -> np.ndarray | None:
    """One set of edges spanning every layer's (counts, edges) range, with as many bins as
    the first layer; None when every layer already has the same edges (nothing to do)."""
    finite = [e for _, e in layers if len(e) > 1 and np.isfinite(e).all()]
    if not finite:
        return None
    first = finite[0]
    if all(len(e) == len(first) and np.array_equal(e, first) for e in finite):
        return None
    lo = min(float(e[0]) for e in finite)
    hi = max(float(e[-1]) for e in finite)
    return np.linspace(lo, hi, len(first))


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
    return next((f for f in forms if len(f) <= width), f"L{layer}")


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
                         height: int, base: Style) -> list[Strip]:
    """A header line, then one histogram panel per layer side by side (as many as fit at
    HISTOGRAM_MIN_WIDTH; the header says when not all do)."""
    n = min(len(layers), max(1, (width + ROW_GAP) // (HISTOGRAM_MIN_WIDTH + ROW_GAP)))
    if n < len(layers):
        head = f"layers 1–{n} of {len(layers)} (wider terminal for all) · {head}"
    rows = [Strip([Segment(head, base + _MUTED)]).adjust_cell_length(width, base)]
    if n == 0:
        return rows + [Strip.blank(width, base) for _ in range(height - 1)]
    # Split the width minus the gaps as evenly as possible; the first panels get the
    # remainder, one column each.
    avail = width - ROW_GAP * (n - 1)
    widths = [avail // n + (1 if i < avail % n else 0) for i in range(n)]
    # One title format for the whole row (panels differ by a column at most).
    title_w = min(widths)
    panels = [
        histogram_strips(counts, edges, histogram_title(layer, mean, std, title_w),
                         color, w, height - 1, base)
        for (counts, edges, layer, mean, std), w in zip(layers[:n], widths)
    ]
    gap = Strip.blank(ROW_GAP, base)
    for r in range(height - 1):
        parts: list[Strip] = []
        for i, panel in enumerate(panels):
            if i:
                parts.append(gap)
            parts.append(panel[r])
        rows.append(Strip.join(parts))
    return rows
