"""Seed bands: the spread of a series over its seeds, shaded under its mean curve.

A series trained on K seeds (`nntui.core.seeds`) is drawn as the mean of the seeds (an
ordinary curve) over a faint band from the lowest to the highest seed at each x. The band
is a layer of the line plot (`plotting.line.Overlay`): it shades the empty cells between
the two edges with `SHADE` in the series' colour, dimmed, and leaves every cell a curve
passes through to the curve, so the mean stays sharp on top of its band. Where two
bands cover one cell neither hides the other: the cell takes `OVERLAP`, a denser shade,
in the mix of the two colours (of the two drawn last where more overlap), so each band
keeps its own cells and the overlap is its own region. Under NO_COLOR the shades are the
text colour, dimmed, told apart by their glyphs; the ASCII filter draws them as ":" and
"=" (`tui.terminal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rich.color import Color, ColorParseError
from rich.style import Style

from nntui.tui.plotting.canvas import BrailleCanvas
from nntui.tui.plotting.style import style

#: The glyph of a band's cells: a light shade (ASCII ":").
SHADE = "░"
#: The glyph of cells two or more bands cover: a medium shade (ASCII "=").
OVERLAP = "▒"

Mapper = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, eq=False)  # eq=False: arrays; compare with `band_equal`
class Band:
    """One series' spread: at x (n,) the lowest (lo) and highest (hi) of its seeds'
    curves (n,) each; NaN where no seed has a value."""

    x: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    color: str = "white"

    def __post_init__(self) -> None:
        for name in ("x", "lo", "hi"):
            object.__setattr__(self, name,
                               np.asarray(getattr(self, name), dtype=np.float64).reshape(-1))
        if not self.x.shape == self.lo.shape == self.hi.shape:
            raise ValueError(f"a band needs x, lo and hi of one length: {self.x.shape}, "
                             f"{self.lo.shape}, {self.hi.shape}")


def band_equal(a: Band, b: Band) -> bool:
    """True when two bands shade the same cells in the same colour."""
    return a is b or (a.color == b.color and a.x.shape == b.x.shape
                      and np.array_equal(a.x, b.x, equal_nan=True)
                      and np.array_equal(a.lo, b.lo, equal_nan=True)
                      and np.array_equal(a.hi, b.hi, equal_nan=True))


def band_cells(band: Band, fx: Mapper, fy: Mapper, width: int, height: int) -> np.ndarray:
    """The cells (height, width) bool a band covers on a canvas of that many cells, whose
    pixel mappers are ``fx`` and ``fy`` (y grows down). In each cell column: every row
    from the highest to the lowest edge of the points that fall in it, and of both edges
    interpolated at its centre (so sparse points, an accuracy per epoch, still make one
    band)."""
    mask = np.zeros((height, width), dtype=bool)
    ok = np.isfinite(band.x) & np.isfinite(band.lo) & np.isfinite(band.hi)
    if not ok.any() or width == 0 or height == 0:
        return mask
    x, lo, hi = thinned(band.x[ok], band.lo[ok], band.hi[ok], 4 * width)
    px = fx(x)
    top_px, bottom_px = fy(hi), fy(lo)  # hi is drawn higher: smaller y
    # Clipped to the canvas: a band edge far off the frame fills to the frame's edge.
    limit = 4.0 * height - 1.0
    top_px = np.clip(top_px, -1.0, limit + 1.0)
    bottom_px = np.clip(bottom_px, -1.0, limit + 1.0)
    cols = np.rint(px) // 2
    inside = (cols >= 0) & (cols < width)
    first_col, last_col = int(max(0, cols.min())), int(min(width - 1, cols.max()))
    if first_col > last_col:
        return mask
    top = np.full(width, np.inf)
    bottom = np.full(width, -np.inf)
    if inside.any():
        # x is sorted (iterations, epochs): each column's points are one run of them.
        c = cols[inside].astype(np.int64)
        starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
        top[c[starts]] = np.minimum.reduceat(top_px[inside], starts)
        bottom[c[starts]] = np.maximum.reduceat(bottom_px[inside], starts)
    centres = np.arange(first_col, last_col + 1) * 2.0 + 0.5
    span = slice(first_col, last_col + 1)
    top[span] = np.minimum(top[span], np.interp(centres, px, top_px))
    bottom[span] = np.maximum(bottom[span], np.interp(centres, px, bottom_px))
    drawn = np.isfinite(top) & np.isfinite(bottom)
    top_row = np.where(drawn, np.rint(np.clip(top, 0, limit)) // 4, height)
    bottom_row = np.where(drawn, np.rint(np.clip(bottom, 0, limit)) // 4, -1)
    rows = np.arange(height)[:, None]
    return (rows >= top_row[None, :]) & (rows <= bottom_row[None, :])


def thinned(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, max_points: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At most ``max_points`` points of a band (n,) each, finite and x sorted: each bucket
    of consecutive points becomes one, at the bucket's first x, with its lowest lo and
    highest hi (a long history maps only as many points as a canvas can show; a bucket
    is half a dot column, so the shaded cells stay the same but where a bucket straddles a
    cell border)."""
    n = len(x)
    if n <= max_points or max_points < 1:
        return x, lo, hi
    starts = (np.arange(max_points) * n) // max_points
    return x[starts], np.minimum.reduceat(lo, starts), np.maximum.reduceat(hi, starts)


def mixed_color(a: str, b: str) -> str:
    """The even mix of two colours as "#rrggbb" (the standard terminal palette's RGB for
    named colours); "" (the text's own colour) when either is "" (NO_COLOR) or unknown."""
    try:
        ca, cb = Color.parse(a).get_truecolor(), Color.parse(b).get_truecolor()
    except ColorParseError:
        return ""
    return "#" + "".join(f"{(x + y) // 2:02x}" for x, y in zip(ca, cb))


def overlap_owner(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For bands' cell masks (n, height, width) bool: how many bands cover each cell, and
    the last and second-to-last band covering it (height, width) each, -1 where none."""
    n = masks.shape[0]
    index = np.arange(n)[:, None, None]
    last = np.max(np.where(masks, index, -1), axis=0, initial=-1)
    second = np.max(np.where(masks & (index < last), index, -1), axis=0, initial=-1)
    return masks.sum(axis=0), last, second


@dataclass(frozen=True, eq=False)
class SeedBands:
    """The line plot's layer of seed bands (`plotting.line.Overlay`): drawn under the
    curves, one colour index per band; its edges join the plot's y range."""

    bands: tuple[Band, ...] = ()
    glyph: str = SHADE
    under: bool = True
    note: str = ""

    def xs(self) -> list[np.ndarray]:
        return []  # a band lies on its series' own x values

    def y_values(self) -> list[np.ndarray]:
        return [v for b in self.bands for v in (b.lo, b.hi)]

    def _pairs(self) -> list[tuple[int, int]]:
        return list(combinations(range(len(self.bands)), 2))

    def styles(self) -> list[Style]:
        """One per band, then one per pair of bands (their overlap: the colours mixed)."""
        own = [style(b.color or None, dim=True) for b in self.bands]
        mixes = [style(mixed_color(self.bands[i].color, self.bands[j].color) or None,
                       dim=True) for i, j in self._pairs()]
        return own + mixes

    def draw(self, canvas: BrailleCanvas, fx: Mapper, fy: Mapper, first: int) -> None:
        if not self.bands:
            return
        masks = np.array([band_cells(b, fx, fy, canvas.width, canvas.height)
                          for b in self.bands])
        count, last, second = overlap_owner(masks)
        for i, mask in enumerate(masks):
            canvas.shade(mask & (count == 1), first + i, self.glyph)
        n = len(self.bands)
        for p, (i, j) in enumerate(self._pairs()):
            canvas.shade((count >= 2) & (second == i) & (last == j), first + n + p, OVERLAP)

    def same(self, other: object) -> bool:
        return (isinstance(other, SeedBands) and other.glyph == self.glyph
                and len(other.bands) == len(self.bands)
                and all(map(band_equal, self.bands, other.bands)))
