"""Pure-NumPy drawing primitives for the live plots: data -> dot grid -> braille / block text.

Nothing here imports Textual or Rich: `frame.framed` turns the ``(text, colour index)`` runs
produced here into Strips. Keeping this layer free of UI types lets it be tested
alone and keeps a frame cheap (DESIGN.md, "Drawing": everything per point is vectorised; the
only Python loops are per cell *row* or per colour *run*).

Coordinates: a canvas of ``width x height`` cells holds ``(2*width) x (4*height)`` dots.
Pixel ``(px, py)`` has ``px`` growing to the right and ``py`` growing *down* (row 0 is the
top), the way a terminal is laid out; the widgets flip the data's y axis themselves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["BrailleCanvas", "Series", "series_equal"]

# Unicode braille: dot (column c, row r) of a cell sets bit BITS[r, c] of U+2800 + bits.
_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.int32)
# An empty cell is a plain space, not U+2800: some fonts draw the blank braille glyph visibly.
_BRAILLE = np.array([" "] + [chr(0x2800 + i) for i in range(1, 256)], dtype=object)
# Where a nudged marker may go, nearest first, as (row, column) offsets: up to 4 columns
# sideways before a row up or down (a row is a coarse step in y, so moving along x keeps the
# value readable), left before right (a series' last point is usually at the right edge).
_NUDGES = sorted(
    ((dy, dx) for dy in range(-2, 3) for dx in range(-8, 9)),
    key=lambda d: (abs(d[1]) + 4 * abs(d[0]), abs(d[0]), d[1] > 0, d[0] > 0),
)


@dataclass(frozen=True, eq=False)
class Series:
    """One named curve.

    ``x`` and ``y`` are coerced to float64 arrays of shape ``(n,)``; non-finite ``y`` (NaN,
    inf) are gaps. ``eq=False`` because element-wise array equality has no single truth
    value; use :func:`series_equal` to compare.

    ``diverged``: the series blew up (e.g. loss rising to 1e30 before turning NaN). Its
    values do not set the plot's y range (unless every series is diverged), so healthy
    curves keep their resolution; the diverged curve is clipped at the frame and its last
    point marker is pinned to the frame edge.
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str = "white"
    marker: str = "●"
    faint: bool = False
    diverged: bool = False

    def __post_init__(self) -> None:
        x = np.asarray(self.x, dtype=np.float64).reshape(-1)
        y = np.asarray(self.y, dtype=np.float64).reshape(-1)
        if x.shape != y.shape:
            raise ValueError(f"Series {self.name!r}: x has {x.size} points, y has {y.size}")
        # Frozen: __post_init__ is the one place allowed to normalise fields.
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)


def series_equal(a: Series, b: Series) -> bool:
    """True when two series would draw identically (NaNs compare equal)."""
    if a is b:
        return True
    return (
        a.name == b.name
        and a.color == b.color
        and a.marker == b.marker
        and a.faint == b.faint
        and a.diverged == b.diverged
        and a.x.shape == b.x.shape
        and np.array_equal(a.x, b.x, equal_nan=True)
        and np.array_equal(a.y, b.y, equal_nan=True)
    )


class BrailleCanvas:
    """A ``width x height`` cell grid of ``(2*width) x (4*height)`` braille dots.

    Every dot remembers which draw call set it last; a cell takes the colour of its most
    recent dot, so later series are drawn on top. Whole-cell glyphs (series markers) can be
    laid over the dots with :meth:`marker`.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width = max(0, int(width))
        self.height = max(0, int(height))
        self.px_width = 2 * self.width
        self.px_height = 4 * self.height
        # Draw-call sequence number per dot, -1 = unset; shape (4*height, 2*width).
        self._order = np.full((self.px_height, self.px_width), -1, dtype=np.int32)
        self._colors: list[int] = []  # colour index per draw-call sequence number
        self._overlay: dict[tuple[int, int], tuple[str, int]] = {}
        # Under the dots: a colour index per cell (-1 none) and its glyph, shown only in
        # cells no dot is set in (a seed band around its mean curve; where bands overlap,
        # another glyph).
        self._shade: np.ndarray | None = None
        self._shade_glyph: np.ndarray | None = None
        # Vertical rules (a value cursor): (cell column, glyph, colour index), shown in the
        # cells of the column no dot is set in.
        self._rules: list[tuple[int, str, int]] = []

    def _next_seq(self, color_index: int) -> int:
        self._colors.append(int(color_index))
        return len(self._colors) - 1

    def _set(self, px: np.ndarray, py: np.ndarray, seq: int | np.ndarray) -> None:
        """Set dots at float pixel coords (rounded); out-of-range dots are dropped.

        ``seq`` is one draw-call number or one per dot; with several, the highest (latest
        draw call) wins a dot hit twice, whatever order NumPy writes in.
        """
        ix = np.rint(px)
        iy = np.rint(py)
        # Filter as floats: casting a huge float (1e30) to int64 is undefined.
        keep = (ix >= 0) & (ix < self.px_width) & (iy >= 0) & (iy < self.px_height)
        where = (iy[keep].astype(np.int64), ix[keep].astype(np.int64))
        if np.ndim(seq) == 0:
            self._order[where] = seq  # the newest sequence number: plain overwrite is right
        else:
            np.maximum.at(self._order, where, np.asarray(seq)[keep])

    def points(self, xs: np.ndarray, ys: np.ndarray, color_index: int) -> None:
        """Set one dot per finite point. ``xs``, ``ys``: (n,) pixel coordinates."""
        xs = np.asarray(xs, dtype=np.float64).reshape(-1)
        ys = np.asarray(ys, dtype=np.float64).reshape(-1)
        ok = np.isfinite(xs) & np.isfinite(ys)
        self._set(xs[ok], ys[ok], self._next_seq(color_index))

    def line(self, xs: np.ndarray, ys: np.ndarray, color_index: int) -> None:
        """Join consecutive points with straight dot lines; a non-finite point is a gap.

        ``xs``, ``ys``: (n,) pixel coordinates. Segments are clipped to the canvas first
        (Liang-Barsky) so a far-away spike costs no more dots than the canvas can show and
        its visible part keeps the right slope. All segments are interpolated at once.
        """
        xs = np.asarray(xs, dtype=np.float64).reshape(-1)
        ys = np.asarray(ys, dtype=np.float64).reshape(-1)
        self._polyline(xs, ys, self._next_seq(color_index))

    def lines(
        self,
        xs: Sequence[np.ndarray],
        ys: Sequence[np.ndarray],
        color_indices: Sequence[int],
    ) -> None:
        """Several :meth:`line` calls in one vectorised pass (same result, less overhead).

        ``xs[i]``, ``ys[i]``: (n_i,) pixel coordinates of polyline ``i``; later polylines
        win shared dots, as with consecutive :meth:`line` calls.
        """
        seqs = [self._next_seq(c) for c in color_indices]
        gap = np.array([np.nan])
        parts_x: list[np.ndarray] = []
        parts_y: list[np.ndarray] = []
        for x, y in zip(xs, ys):
            # A NaN between polylines is a gap, so they never join.
            parts_x += [np.asarray(x, dtype=np.float64).reshape(-1), gap]
            parts_y += [np.asarray(y, dtype=np.float64).reshape(-1), gap]
        if not parts_x:
            return
        sizes = [p.size for p in parts_x[::2]]
        seq = np.repeat(np.array(seqs, dtype=np.int32), np.array(sizes) + 1)
        self._polyline(np.concatenate(parts_x), np.concatenate(parts_y), seq)

    def _polyline(self, xs: np.ndarray, ys: np.ndarray, seq: int | np.ndarray) -> None:
        """Dots of a polyline (n,) in pixel coords; ``seq`` per draw call or per point."""
        per_point = np.ndim(seq) != 0
        finite = np.isfinite(xs) & np.isfinite(ys)
        if xs.size < 2 or self.px_width == 0 or self.px_height == 0:
            self._set(xs[finite], ys[finite], seq[finite] if per_point else seq)
            return
        if finite.all():  # the usual case: no gaps, skip all masking
            x0, y0 = xs[:-1], ys[:-1]
            dx, dy = np.diff(xs), np.diff(ys)
            seg_seq = seq[:-1] if per_point else seq
            lone = None
            fx, fy = xs, ys
        else:
            ok = finite[:-1] & finite[1:]
            # Isolated finite points (gaps on both sides) still show as one dot.
            lone = finite.copy()
            lone[:-1] &= ~ok
            lone[1:] &= ~ok
            x0, y0 = xs[:-1][ok], ys[:-1][ok]
            dx, dy = xs[1:][ok] - x0, ys[1:][ok] - y0
            seg_seq = seq[:-1][ok] if per_point else seq
            fx, fy = xs[finite], ys[finite]
        # Liang-Barsky against the box of dot centres widened by half a dot.
        lo_x, hi_x = -0.5, self.px_width - 0.5
        lo_y, hi_y = -0.5, self.px_height - 0.5
        if not (
            fx.size
            and fx.min() >= lo_x
            and fx.max() <= hi_x
            and fy.min() >= lo_y
            and fy.max() <= hi_y
        ):  # the common case, everything on canvas, needs no clipping work at all
            visible, x0, y0, dx, dy = _clip(x0, y0, dx, dy, lo_x, hi_x, lo_y, hi_y)
            seg_seq = seg_seq[visible] if per_point else seq
        # One dot per pixel step along the longer axis, both ends included.
        steps = np.ceil(np.maximum(np.abs(dx), np.abs(dy))).astype(np.int64) + 1
        seg = np.repeat(np.arange(steps.size), steps)
        start = np.cumsum(steps) - steps
        t = (np.arange(seg.size) - start[seg]) / np.maximum(steps - 1, 1)[seg]
        px, py = x0[seg] + t * dx[seg], y0[seg] + t * dy[seg]
        dot_seq = seg_seq[seg] if per_point else seq
        if lone is not None and lone.any():
            px = np.concatenate([px, xs[lone]])
            py = np.concatenate([py, ys[lone]])
            if per_point:
                dot_seq = np.concatenate([dot_seq, seq[lone]])
        self._set(px, py, dot_seq)

    def marker(
        self, px: float, py: float, char: str, color_index: int, *, nudge: bool = False
    ) -> None:
        """Lay a whole-cell glyph over the cell holding pixel ``(px, py)`` (if on canvas).

        With ``nudge``, a cell already holding a glyph is not overwritten: the nearest free
        cell is used, preferring the same row (up to 8 columns left or right) over rows
        above or below (up to 2), so series that end at the same value each show their
        marker at that value.
        """
        if not (math.isfinite(px) and math.isfinite(py)):
            return
        ix, iy = int(round(px)), int(round(py))
        if not (0 <= ix < self.px_width and 0 <= iy < self.px_height):
            return
        cy, cx = iy // 4, ix // 2
        if nudge:
            for dy, dx in _NUDGES:
                y, x = cy + dy, cx + dx
                if 0 <= y < self.height and 0 <= x < self.width and (y, x) not in self._overlay:
                    cy, cx = y, x
                    break
        self._overlay[(cy, cx)] = (char, int(color_index))

    def shade(self, mask: np.ndarray, color_index: int, glyph: str) -> None:
        """Put ``glyph`` under the cells of ``mask`` (height, width) bool in colour
        ``color_index``: it shows where no dot is set; a later call wins a cell shaded
        twice (to show two shades overlapping, shade the overlap apart: `plotting.band`)."""
        if self._shade is None or self._shade_glyph is None:
            self._shade = np.full((self.height, self.width), -1, dtype=np.int64)
            self._shade_glyph = np.full((self.height, self.width), " ", dtype=object)
        self._shade[mask] = int(color_index)
        self._shade_glyph[mask] = glyph

    def rule(self, px: float, color_index: int, glyph: str) -> None:
        """A vertical rule of ``glyph`` down the cell column holding pixel column ``px``
        (if on canvas): it shows in the cells where no dot is set (the curves crossing it
        stay whole), over any shade."""
        if not math.isfinite(px):
            return
        col = int(round(px)) // 2
        if 0 <= col < self.width:
            self._rules.append((col, glyph, int(color_index)))

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-cell glyphs and colours: ``chars`` (height, width) object array of 1-char
        strings and ``colors`` (height, width) int array, -1 where the cell is empty."""
        order = self._order
        # Eight strided (height, width) views, one per dot position: cheaper than reducing
        # a (h, 4, w, 2) reshape over two axes.
        views = [order[r::4, c::2] for r in range(4) for c in range(2)]
        weights = [int(_BITS[r, c]) for r in range(4) for c in range(2)]
        bits = np.zeros((self.height, self.width), dtype=np.int64)
        for view, weight in zip(views, weights):
            bits += (view >= 0) * weight
        latest = np.maximum.reduce(views)
        # Index -1 (no dot) falls on the appended -1, i.e. "empty".
        lut = np.array(self._colors + [-1], dtype=np.int64)
        colors = lut[latest]
        chars = _BRAILLE[bits]
        if self._shade is not None and self._shade_glyph is not None:
            under = (bits == 0) & (self._shade >= 0)
            chars[under] = self._shade_glyph[under]
            colors[under] = self._shade[under]
        for col, char, ci in self._rules:
            free = bits[:, col] == 0
            chars[free, col] = char
            colors[free, col] = ci
        for (cy, cx), (char, ci) in self._overlay.items():
            chars[cy, cx] = char
            colors[cy, cx] = ci
        return chars, colors

    def rows(self) -> list[list[tuple[str, int]]]:
        """Per cell row, runs of ``(text, color_index)`` covering the full width; -1 = empty."""
        chars, colors = self.cells()
        h, w = colors.shape
        text = "".join(chars.ravel().tolist())
        if h and w and len(text) == h * w:  # one char a cell (always, but for a stray glyph)
            # Every run at once: a run starts at each row's first cell and wherever the
            # colour changes; a row's last run ends where the next row's first starts.
            start = np.ones((h, w), dtype=bool)
            start[:, 1:] = colors[:, 1:] != colors[:, :-1]
            at = np.flatnonzero(start)
            bounds = at.tolist() + [h * w]
            runs = [(text[a:b], c) for a, b, c in
                    zip(bounds[:-1], bounds[1:], colors.ravel()[at].tolist())]
            per_row = np.cumsum(start.sum(axis=1)).tolist()
            return [runs[a:b] for a, b in zip([0, *per_row[:-1]], per_row)]
        out: list[list[tuple[str, int]]] = []
        for r in range(self.height):
            text = "".join(chars[r].tolist())
            row_colors = colors[r]
            cuts = np.flatnonzero(row_colors[1:] != row_colors[:-1]) + 1
            bounds = [0, *cuts.tolist(), self.width]
            out.append([(text[a:b], int(row_colors[a])) for a, b in zip(bounds[:-1], bounds[1:])])
        return out


def _clip(
    x0: np.ndarray,
    y0: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    lo_x: float,
    hi_x: float,
    lo_y: float,
    hi_y: float,
) -> tuple[np.ndarray, ...]:
    """Liang-Barsky clipping of segments (m,) to a box.

    Returns ``visible`` (m,) bool and the start and delta of the visible parts of the
    segments that are at least partly inside (k = visible.sum() of them).
    """
    t0 = np.zeros_like(x0)
    t1 = np.ones_like(x0)
    visible = np.ones(x0.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x0 - lo_x), (dx, hi_x - x0), (-dy, y0 - lo_y), (dy, hi_y - y0)):
            parallel = p == 0
            visible &= ~(parallel & (q < 0))
            r = q / p
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    visible &= t0 <= t1
    t0, t1 = t0[visible], t1[visible]
    x0, y0, dx, dy = x0[visible], y0[visible], dx[visible], dy[visible]
    return visible, x0 + t0 * dx, y0 + t0 * dy, (t1 - t0) * dx, (t1 - t0) * dy


