"""The decision boundary as text: predicted class over the 2-D input grid, shaded with a
glyph per class (so regions differ without colour too), training points on top."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.title import title_lines

_CLASS_COLORS = ("blue", "red", "green", "yellow", "magenta", "cyan", "white", "bright_black")
#: Background glyphs per predicted class, so regions differ without colour too.
_REGION_GLYPHS = (" ", "·", ":", "'", "-", "~", "=", "+")
#: Training points: one glyph per true class.
_POINT_GLYPHS = ("o", "x", "+", "#", "@", "%", "&", "$")
_BOLD = Style(bold=True)


@lru_cache(maxsize=64)
def _cell_style(cls: int, point: bool) -> Style:
    color = _CLASS_COLORS[cls % len(_CLASS_COLORS)]
    if point:
        return Style(color="bright_white", bgcolor=color, bold=True)
    return Style(color="bright_black", bgcolor=color, dim=True)


def boundary_strips(grid: np.ndarray | None, extent: tuple[float, float, float, float] | None,
                    points: np.ndarray | None, labels: np.ndarray | None, title: str,
                    width: int, height: int, base: Style) -> list[Strip]:
    """A title row, then ``grid`` (rows, cols) of predicted classes over ``extent``
    (x0, x1, y0, y1) resampled to the cells, with ``points`` (n, 2) of true ``labels``
    (n,) on top. The title wraps (`title_lines`), whole, onto a second row if it must."""
    rows = [Strip([Segment(line, base + _BOLD)]).adjust_cell_length(width, base)
            for line in title_lines([title], (), width, 1)[:max(1, height - 2)]]
    h = height - len(rows)
    if grid is None or extent is None:
        return rows + [Strip.blank(width, base) for _ in range(h)]
    g_rows, g_cols = grid.shape
    ri = np.minimum((np.arange(h) * g_rows) // h, g_rows - 1)
    ci = np.minimum((np.arange(width) * g_cols) // width, g_cols - 1)
    cls = grid[np.ix_(ri, ci)].astype(np.int64)  # (h, width) predicted class per cell
    glyph = np.array(_REGION_GLYPHS, dtype=object)[cls % len(_REGION_GLYPHS)]
    point_cls = np.full((h, width), -1, dtype=np.int64)
    if points is not None and labels is not None and len(points):
        x0, x1, y0, y1 = extent
        px = ((points[:, 0] - x0) / (x1 - x0) * width).astype(np.int64)
        py = ((y1 - points[:, 1]) / (y1 - y0) * h).astype(np.int64)
        ok = (px >= 0) & (px < width) & (py >= 0) & (py < h)
        point_cls[py[ok], px[ok]] = labels[ok]
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
