"""Histogram bars as plain text, NumPy only (no Rich, no Textual): how bins map to columns,
the block-eighth bars, and moving counts onto a shared x range. The dashboard's histogram
panels (`histogram`) and the headless charts (`nntui.headless.charts`) both draw with these.
"""

from __future__ import annotations

import numpy as np

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
