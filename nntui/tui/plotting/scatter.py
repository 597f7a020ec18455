"""Points whose glyph and colour encode a value (validation accuracy by lr and λ): the
drawing behind `ScatterPlot`.

Values are split into five equal bins, each with its own colour *and* glyph (``· ∘ ○ ◉ ●``),
so the encoding survives ``NO_COLOR``; a legend row gives each bin's lower bound. Higher
values are drawn last, so the best point in a cell shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.axis import data_axis, format_tick
from nntui.tui.plotting.canvas import BrailleCanvas
from nntui.tui.plotting.frame import framed
from nntui.tui.plotting.legend import fit_legend
from nntui.tui.plotting.style import TITLE, Line, style, waiting

GLYPHS = ("·", "∘", "○", "◉", "●")
COLORS = ("red", "yellow", "bright_yellow", "green", "bright_green")


@dataclass(frozen=True)
class ScatterOptions:
    title: str = ""
    log_x: bool = False
    log_y: bool = False
    x_label: str = ""
    y_label: str = ""


def scatter_strips(x: np.ndarray, y: np.ndarray, v: np.ndarray, opts: ScatterOptions,
                   width: int, height: int, base: Style) -> list[Strip]:
    """Points ``x``, ``y`` (n,) marked by the bin of ``v`` (n,); NaN values are not drawn."""
    if x.size == 0:
        return waiting(width, height, base, opts.title)
    styles = [style(c) for c in COLORS]
    x_axis = data_axis([x], opts.log_x, None, 0.05)
    y_axis = data_axis([y], opts.log_y, None, 0.08)
    fin_v = v[np.isfinite(v)]
    v_lo, v_hi = (float(fin_v.min()), float(fin_v.max())) if fin_v.size else (0.0, 1.0)
    span = v_hi - v_lo if v_hi > v_lo else 1.0
    n_bins = len(GLYPHS)
    bins = np.clip(
        # NaN (a trial still running) would warn in the int cast: bin it as 0, it is
        # not drawn anyway (draw() skips non-finite values).
        np.nan_to_num((v - v_lo) / span * n_bins, nan=0.0).astype(np.int64, copy=False)
        if fin_v.size
        else np.zeros(v.shape, np.int64),
        0,
        n_bins - 1,
    )
    bounds = [format_tick(b, 2) for b in v_lo + span * np.arange(n_bins) / n_bins]
    items = [[(g, styles[i]), (f" {bounds[i]}", None)] for i, g in enumerate(GLYPHS)]
    first: Line = [(opts.title, TITLE)] if opts.title else []
    # Axis names go in the header: the tick row under the plot is kept for values.
    axes = "  ".join(f"{k}: {lab}" for k, lab in (("x", opts.x_label), ("y", opts.y_label))
                     if lab)
    if axes:
        first += [(("  " if first else "") + axes, None)]
    header = fit_legend(first, [(items, 2)], width, max_rows=max(0, (height - 4) // 3))

    def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
        px, py = fx(x), fy(y)
        ok = np.isfinite(px) & np.isfinite(py) & np.isfinite(v)
        for k in np.argsort(np.where(ok, v, -np.inf), kind="stable"):
            if ok[k]:
                canvas.marker(px[k], py[k], GLYPHS[bins[k]], int(bins[k]))

    return framed(width, height, header, x_axis, y_axis, draw, styles, base)
