"""2-D optimizer paths over iso-lines of f(x, y): the drawing behind `PathPlot`, and the
contour maths (level bands of a resampled grid) it draws under the paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.core.metrics import decimate
from nntui.tui.plotting.axis import Axis, data_axis
from nntui.tui.plotting.canvas import BrailleCanvas, Series
from nntui.tui.plotting.frame import framed, last_finite
from nntui.tui.plotting.legend import fit_legend, series_legend
from nntui.tui.plotting.style import TITLE, Line, glyph, style

CONTOUR_COLOR = "bright_black"


@dataclass(frozen=True, eq=False)
class Contours:
    """f sampled on a grid: ``gx`` (nx,) and ``gy`` (ny,) increasing axes, ``z`` (ny, nx)
    values, ``levels`` (L,) sorted. The grid's extent fixes the plot range."""

    gx: np.ndarray
    gy: np.ndarray
    z: np.ndarray | None
    levels: np.ndarray

    @classmethod
    def empty(cls) -> Contours:
        return cls(np.array([-1.0, 1.0]), np.array([-1.0, 1.0]), None, np.zeros(0))

    @classmethod
    def of(cls, xs_grid: np.ndarray, ys_grid: np.ndarray, z: np.ndarray,
           levels: np.ndarray) -> Contours:
        """From axes (nx,), (ny,) or (ny, nx) meshgrids, ``z`` (ny, nx) and ``levels``."""
        gx = np.asarray(xs_grid, dtype=np.float64)
        gy = np.asarray(ys_grid, dtype=np.float64)
        gx = gx[0, :] if gx.ndim == 2 else gx.reshape(-1)
        gy = gy[:, 0] if gy.ndim == 2 else gy.reshape(-1)
        z = np.asarray(z, dtype=np.float64)
        if z.shape != (gy.size, gx.size):
            raise ValueError(f"z has shape {z.shape}, expected {(gy.size, gx.size)}")
        # Interpolation below wants increasing axes.
        if gx.size > 1 and gx[0] > gx[-1]:
            gx, z = gx[::-1], z[:, ::-1]
        if gy.size > 1 and gy[0] > gy[-1]:
            gy, z = gy[::-1], z[::-1, :]
        return cls(gx, gy, z, np.sort(np.asarray(levels, dtype=np.float64).reshape(-1)))


def contour_dots(c: Contours, px_w: int, px_h: int) -> tuple[np.ndarray, np.ndarray]:
    """Dots (x (k,), y (k,) pixel coordinates) where the level band of bilinearly
    resampled z changes between neighbours, on a ``px_w x px_h`` dot grid."""
    z, gx, gy = c.z, c.gx, c.gy
    if z is None or c.levels.size == 0 or gx.size < 2 or gy.size < 2:
        return np.zeros(0), np.zeros(0)
    xs = np.linspace(gx[0], gx[-1], px_w)
    ys = np.linspace(gy[-1], gy[0], px_h)  # top row = largest y

    def weights(axis: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, ...]:
        i1 = np.clip(np.searchsorted(axis, at), 1, axis.size - 1)
        w = (at - axis[i1 - 1]) / (axis[i1] - axis[i1 - 1])
        return i1 - 1, i1, w

    x0, x1, wx = weights(gx, xs)
    y0, y1, wy = weights(gy, ys)
    zx = z[:, x0] * (1 - wx) + z[:, x1] * wx  # (ny, px_w)
    zp = zx[y0, :] * (1 - wy)[:, None] + zx[y1, :] * wy[:, None]  # (px_h, px_w)
    band = np.digitize(zp, c.levels)
    edge = np.zeros(band.shape, dtype=bool)
    edge[:, :-1] |= band[:, :-1] != band[:, 1:]
    edge[:-1, :] |= band[:-1, :] != band[1:, :]
    rows, cols = np.nonzero(edge)
    return cols.astype(np.float64), rows.astype(np.float64)


def path_strips(paths: Sequence[Series], contours: Contours, highlight: int | None,
                title_text: str, width: int, height: int, base: Style) -> list[Strip]:
    """Each path a line with its marker on its head, over the contours; ``highlight``
    the index drawn bright and on top (the others dim), None draws all alike."""
    lit = highlight
    styles = [style(s.color, dim=s.faint or (lit is not None and i != lit))
              for i, s in enumerate(paths)]
    contour_ci = len(styles)
    styles.append(style(CONTOUR_COLOR, dim=True))
    x_axis = Axis(float(contours.gx[0]), float(contours.gx[-1]))
    y_axis = Axis(float(contours.gy[0]), float(contours.gy[-1]))
    if not x_axis.hi > x_axis.lo or not y_axis.hi > y_axis.lo:
        x_axis = data_axis([s.x for s in paths], False, None, 0.05)
        y_axis = data_axis([s.y for s in paths], False, None, 0.05)
    variants = series_legend([(s, styles[i]) for i, s in enumerate(paths)])
    title: Line = [(title_text, TITLE)] if title_text else []
    header = fit_legend(title, variants, width, max_rows=max(0, (height - 4) // 3))

    def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
        cx, cy = contour_dots(contours, canvas.px_width, canvas.px_height)
        canvas.points(cx, cy, contour_ci)
        # The highlighted path last: on top of the dim ones where they cross.
        order = [i for i in range(len(paths)) if i != lit] + ([lit] if lit is not None else [])
        for i in order:
            s = paths[i]
            x, y = decimate(s.x, s.y, 4 * canvas.px_width)
            px, py = fx(x), fy(y)
            canvas.line(px, py, i)
            head = last_finite(px, py)
            if head is not None:
                canvas.marker(head[0], head[1], glyph(s.marker), i, nudge=True)

    return framed(width, height, header, x_axis, y_axis, draw, styles, base)
