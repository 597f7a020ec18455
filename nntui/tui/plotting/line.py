"""Curves over a shared x axis as Strips: the drawing behind the `LinePlot` widget.

The legend lists each non-faint series as ``marker name last-value``; faint series (e.g. raw
loss under its smoothed curve) are drawn dim and left out of the legend so it stays one line
at 80 columns. The marker is also drawn at each series' last point, and at every point of a
sparse series (e.g. accuracy per epoch).

Layers drawn with the curves (a series' seed band, `plotting.band`; another run's ghost
curves, `plotting.ghost`) are `Overlay`s handed to `line_strips`: their values join the
axes' ranges, they take colour indices after the curves', they paint the canvas before the
curves (``under``) or after them, and a layer's note follows the title.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.core.metrics import decimate
from nntui.tui.plotting.axis import data_axis, format_tick
from nntui.tui.plotting.canvas import BrailleCanvas, Series
from nntui.tui.plotting.cursor import cursor_legend
from nntui.tui.plotting.frame import framed, last_finite
from nntui.tui.plotting.legend import fit_legend, series_legend
from nntui.tui.plotting.style import NOTE, TITLE, Line, glyph, style, waiting


class Overlay(Protocol):
    """A layer of a line plot besides its curves (see the module docstring)."""

    #: Painted before the curves (a band under them) rather than after.
    under: bool
    #: Said after the title (dim), or "".
    note: str

    def xs(self) -> Sequence[np.ndarray]:
        """x values the x axis must hold, besides the curves'."""
        ...

    def y_values(self) -> Sequence[np.ndarray]:
        """Values the y axis must span (data units), besides the curves'."""
        ...

    def styles(self) -> Sequence[Style]:
        """The styles of its colour indices (the first is `draw`'s ``first``)."""
        ...

    def draw(self, canvas: BrailleCanvas, fx: Callable[[np.ndarray], np.ndarray],
             fy: Callable[[np.ndarray], np.ndarray], first: int) -> None:
        """Paint into ``canvas``; its colour indices start at ``first``."""
        ...

    def same(self, other: object) -> bool:
        """Whether ``other`` draws exactly what this layer draws (no rebuild then)."""
        ...


@dataclass(frozen=True)
class LineOptions:
    """How the curves are framed. ``y_range``: fixed (lo, hi) in data units, else the
    data's; ``x_integer``: x values are counts (iterations, checks), ticks only at whole
    numbers."""

    title: str = ""
    log_y: bool = False
    y_range: tuple[float, float] | None = None
    x_label: str = ""
    x_integer: bool = False
    #: The legend gives each curve's last value (off where the names carry the summary).
    legend_values: bool = True
    #: While a value cursor is shown (`plotting.cursor`): the legend's value of each
    #: non-faint series, in order (what the cursor reads), kept before the names.
    readout: tuple[str, ...] | None = None


@dataclass(frozen=True)
class LineGeometry:
    """Where a built plot's canvas lies in its cells and which x its columns show: the
    canvas starts ``left`` cells from the widget's left edge and ``top`` rows from its
    top, ``cols`` × ``rows`` cells, its x axis from ``x_lo`` to ``x_hi`` (data units)."""

    left: int
    top: int
    cols: int
    rows: int
    x_lo: float
    x_hi: float

    def x_at(self, column: int) -> float | None:
        """The x at the centre of the widget's cell ``column`` (None: off the canvas)."""
        c = column - self.left
        if not 0 <= c < self.cols or self.cols < 1:
            return None
        return self.x_lo + (2 * c + 0.5) / max(1, 2 * self.cols - 1) * (self.x_hi - self.x_lo)

    @property
    def cell_x(self) -> float:
        """The x one cell column spans."""
        return 2 * (self.x_hi - self.x_lo) / max(1, 2 * self.cols - 1)


def line_strips(series: Sequence[Series], opts: LineOptions, width: int, height: int,
                base: Style, overlays: Sequence[Overlay] = ()) -> list[Strip]:
    """``series`` (and ``overlays``) drawn into ``height`` Strips of ``width`` cells on
    ``base``."""
    return line_plot(series, opts, width, height, base, overlays)[0]


def line_plot(series: Sequence[Series], opts: LineOptions, width: int, height: int,
              base: Style, overlays: Sequence[Overlay] = ()
              ) -> tuple[list[Strip], LineGeometry | None]:
    """`line_strips`, and where the canvas went (None: nothing drawn, too small)."""
    if not any(len(s.x) for s in series):
        return waiting(width, height, base, opts.title), None
    styles: list[Style | None] = [style(s.color, dim=s.faint) for s in series]
    firsts = []  # each overlay's first colour index
    for layer in overlays:
        firsts.append(len(styles))
        styles += layer.styles()
    extra_x = [x for layer in overlays for x in layer.xs()]
    x_axis = data_axis([s.x for s in series] + extra_x, False, None, 0.0,
                       integer=opts.x_integer)
    # Thinned once to the most points a canvas this wide can show (a min/max pair per
    # dot column): bucket extremes are kept, so the y range is exact, and the range and
    # the drawing work on at most 4·width points per series, not the whole history.
    thin = [decimate(s.x, s.y, 4 * width) for s in series]
    # A diverged series (loss -> 1e30 -> NaN) would squash every healthy curve into a
    # row: it does not set the range, it is clipped at the frame instead.
    ranged = ([y for s, (_, y) in zip(series, thin) if not s.diverged]
              or [y for _, y in thin])
    ranged += [v for layer in overlays for v in layer.y_values()]
    y_axis = data_axis(ranged, opts.log_y, opts.y_range, 0.03)
    shown = [(s, styles[i]) for i, s in enumerate(series) if not s.faint]
    variants = (cursor_legend(shown, opts.readout) if opts.readout is not None else
                series_legend(shown, _last_label if opts.legend_values else None))
    title: Line = [(opts.title, TITLE)] if opts.title else []
    for note in (layer.note for layer in overlays if layer.note):
        title += [("  ", None), (note, NOTE)]
    header = fit_legend(title, variants, width, max_rows=max(1, (height - 4) // 3))

    geometry: list[LineGeometry] = []

    def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
        # framed() puts the canvas right of the y labels, above the two x-axis rows.
        geometry.append(LineGeometry(width - canvas.width, height - 2 - canvas.height,
                                     canvas.width, canvas.height, x_axis.lo, x_axis.hi))
        for layer, first in zip(overlays, firsts):
            if layer.under:
                layer.draw(canvas, fx, fy, first)
        curves(canvas, fx, fy)
        for layer, first in zip(overlays, firsts):
            if not layer.under:
                layer.draw(canvas, fx, fy, first)

    def curves(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
        max_points = 2 * canvas.px_width  # one min/max pair per dot column
        pxs, pys = [], []
        for tx, ty in thin:
            x, y = decimate(tx, ty, max_points)
            pxs.append(fx(x))
            pys.append(fy(y))
        canvas.lines(pxs, pys, range(len(series)))  # one pass for all curves
        for i, (s, px, py) in enumerate(zip(series, pxs, pys)):
            if s.faint:
                continue
            finite = np.isfinite(px) & np.isfinite(py)
            if 0 < np.count_nonzero(finite) <= canvas.width // 3:
                for mx, my in zip(px[finite], py[finite]):
                    canvas.marker(mx, my, glyph(s.marker), i)
                continue  # the last point already has its marker
            head = last_finite(px, py)
            if head is not None:
                # Off the top or bottom (a diverged or clipped curve): pin the marker
                # to the frame edge, so the series still shows where it left.
                hy = min(max(head[1], 0.0), canvas.px_height - 1.0)
                canvas.marker(head[0], hy, glyph(s.marker), i, nudge=True)

    strips = framed(width, height, header, x_axis, y_axis, draw, styles, base, opts.x_label)
    return strips, (geometry[0] if geometry else None)


def _last_label(s: Series) -> str | None:
    last = last_finite(s.x, s.y)
    return format_tick(last[1]) if last else None
