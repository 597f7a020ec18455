"""Ghost curves: another run's curves drawn faint under a line plot's own series (the last
finished run of the same preset, overlaid on a live dashboard), so a learner sees at once
whether a change helped. A line-plot overlay (`plotting.line.Overlay`): it widens the axes
to hold its curves, is drawn before the series (theirs win a shared dot) and adds a dim
note to the title; it is never in the legend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rich.style import Style

from nntui.core.metrics import decimate
from nntui.tui.plotting.canvas import BrailleCanvas, Series, series_equal
from nntui.tui.plotting.style import style

#: A ghost curve has a dot every this many dot columns (2 dots a character cell).
DOT_STEP = 3


@dataclass(frozen=True, eq=False)
class GhostCurves:
    """``curves``: the other run's curves, each in the colour of the series it matches (a
    live series of the same name); ``note``: what the title says of them."""

    curves: tuple[Series, ...]
    note: str = ""
    under: bool = True  # the plot's own series win a shared dot

    def same(self, other: object) -> bool:
        return (isinstance(other, GhostCurves) and self.note == other.note
                and len(self.curves) == len(other.curves)
                and all(map(series_equal, self.curves, other.curves)))

    def xs(self) -> list[np.ndarray]:
        """x values the x axis must hold."""
        return [c.x for c in self.curves]

    def y_values(self) -> list[np.ndarray]:
        """y values the y axis must hold (a diverged curve is clipped instead)."""
        return [c.y for c in self.curves if not c.diverged]

    def styles(self) -> list[Style]:
        """One colour index per curve: the series' colour, dim."""
        return [style(c.color, dim=True) for c in self.curves]

    def draw(self, canvas: BrailleCanvas, fx: Callable, fy: Callable, first: int) -> None:
        """The curves dotted (a dot every DOT_STEP dot columns: apart from a series' own
        faint raw curve, which is solid), colour indices ``first``, ``first + 1``, …"""
        for i, c in enumerate(self.curves):
            x, y = decimate(c.x, c.y, 2 * canvas.px_width)
            px, py = fx(x), fy(y)
            ok = np.isfinite(px) & np.isfinite(py)
            if np.count_nonzero(ok) < 2:
                canvas.points(px, py, first + i)
                continue
            px, py = px[ok], py[ok]
            start = np.ceil(px[0] / DOT_STEP) * DOT_STEP
            grid = np.arange(start, px[-1] + 0.5, DOT_STEP)
            canvas.points(grid, np.interp(grid, px, py), first + i)


def ghost_of(shown: Sequence[Series], past: Sequence[Series], note: str) -> GhostCurves:
    """The ghost of ``past`` (the other run's series, as the same view made them) beside
    the ``shown`` series: only the curves a shown series has (same name), in its colour."""
    colours = {s.name: s.color for s in shown if not s.faint}
    curves = tuple(Series(p.name, p.x, p.y, colours[p.name], p.marker, faint=True,
                          diverged=p.diverged)
                   for p in past if not p.faint and p.name in colours)
    return GhostCurves(curves, note)
