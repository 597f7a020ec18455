"""Curves over a shared x axis as Strips: the drawing behind the `LinePlot` widget.

The legend lists each non-faint series as ``marker name last-value``; faint series (e.g. raw
loss under its smoothed curve) are drawn dim and left out of the legend so it stays one line
at 80 columns. The marker is also drawn at each series' last point, and at every point of a
sparse series (e.g. accuracy per epoch).
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
from nntui.tui.plotting.frame import framed, last_finite
from nntui.tui.plotting.legend import fit_legend, series_legend
from nntui.tui.plotting.style import NOTE, TITLE, Line, glyph, style, waiting


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


class Overlay(Protocol):
    """A layer drawn on a line plot besides its series (ghost curves of another run:
    `plotting.ghost`). Drawn first, so the plot's own series win a shared dot."""

    note: str

    def xs(self) -> list[np.ndarray]:
        """x values the x axis must hold."""
        ...

    def ranged(self) -> list[np.ndarray]:
        """y values the y axis must hold."""
        ...

    def styles(self) -> list[Style]:
        """The styles of the colour indices it draws with."""
        ...

    def draw(self, canvas: BrailleCanvas, fx: Callable, fy: Callable, first: int) -> None:
        """Paint into ``canvas``; its colour indices start at ``first``."""
        ...


def line_strips(series: Sequence[Series], opts: LineOptions, width: int, height: int,
                base: Style, overlays: Sequence[Overlay] = ()) -> list[Strip]:
    """``series`` drawn into ``height`` Strips of ``width`` cells on ``base``, over the
    ``overlays``."""
    if not any(len(s.x) for s in series):
        return waiting(width, height, base, opts.title)
    styles = [style(s.color, dim=s.faint) for s in series]
    firsts = []  # each overlay's first colour index, after the series'
    for overlay in overlays:
        firsts.append(len(styles))
        styles += overlay.styles()
    extra_x = [x for o in overlays for x in o.xs()]
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
    ranged += [y for o in overlays for y in o.ranged()]
    y_axis = data_axis(ranged, opts.log_y, opts.y_range, 0.03)
    shown = [(s, styles[i]) for i, s in enumerate(series) if not s.faint]
    variants = series_legend(shown, _last_label)
    title: Line = [(opts.title, TITLE)] if opts.title else []
    for note in (o.note for o in overlays if o.note):
        title += [("  ", None), (note, NOTE)]
    header = fit_legend(title, variants, width, max_rows=max(1, (height - 4) // 3))

    def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
        for overlay, first in zip(overlays, firsts):
            overlay.draw(canvas, fx, fy, first)
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

    return framed(width, height, header, x_axis, y_axis, draw, styles, base, opts.x_label)


def _last_label(s: Series) -> str | None:
    last = last_finite(s.x, s.y)
    return format_tick(last[1]) if last else None
