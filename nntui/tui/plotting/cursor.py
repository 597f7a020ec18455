"""The value cursor of a line plot: a vertical rule at one recorded x, each series' point
there marked, and what the legend says instead of the last values.

Reading a value must give the number that was recorded, never an interpolation: the
cursor snaps to an x some series recorded (`snap`), and each series is read at its own
recorded point nearest that x (`read`); a series whose points do not reach that x (it
diverged earlier, it starts later) reads nothing. The rule is a line-plot overlay
(`plotting.line.Overlay`, drawn after the curves): ``┆`` in the cells of its column that no
curve dot is in (the ASCII filter, `tui.terminal`, draws ``|``), and each series' marker on
its point, in its colour, so the values read under NO_COLOR too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rich.style import Style

from nntui.i18n import language
from nntui.tui.plotting.canvas import BrailleCanvas, Series
from nntui.tui.plotting.legend import Variant, short_names
from nntui.tui.plotting.style import glyph, style

#: The rule's glyph (a light dashed vertical: the y axis is the solid one).
RULE = "┆"


def nearest_index(x: np.ndarray, at: float) -> int | None:
    """The index of the point of ``x`` (n,) ascending nearest ``at`` (a tie: the earlier
    one); None when ``x`` is empty."""
    n = len(x)
    if not n:
        return None
    i = int(np.searchsorted(x, at))  # the first point at or after ``at``
    if i == 0:
        return 0
    if i == n:
        return n - 1
    return i if x[i] - at < at - x[i - 1] else i - 1


def read_index(s: Series, at: float) -> int | None:
    """Where series ``s`` is read at the cursor's x ``at``: its recorded point nearest
    ``at``, or None when ``at`` lies outside its first and last x (or it has none)."""
    if not len(s.x) or not s.x[0] <= at <= s.x[-1]:
        return None
    return nearest_index(s.x, at)


def snap(series: Sequence[Series], at: float) -> float | None:
    """The recorded x nearest ``at`` among the non-faint ``series`` (a tie: the smaller);
    None without any point."""
    best: float | None = None
    for s in series:
        if s.faint:
            continue
        i = nearest_index(s.x, at)
        if i is None:
            continue
        x = float(s.x[i])
        if best is None or abs(x - at) < abs(best - at) or (
                abs(x - at) == abs(best - at) and x < best):
            best = x
    return best


def step(series: Sequence[Series], at: float, direction: int, min_gap: float = 0.0
         ) -> float:
    """The recorded x (of the non-faint ``series``) after ``at`` (``direction`` 1) or
    before it (-1) that is at least ``min_gap`` away (one cell of the plot: a key press
    always moves the rule), else the last one that way; ``at`` when there is none."""
    xs = [s.x for s in series if not s.faint and len(s.x)]
    if not xs:
        return at
    grid = np.unique(np.concatenate(xs))
    ahead = grid[grid > at] if direction > 0 else grid[grid < at][::-1]
    if not ahead.size:
        return at
    far = ahead[np.abs(ahead - at) >= min_gap]
    return float(far[0] if far.size else ahead[-1])


@dataclass(frozen=True)
class Reading:
    """What the cursor reads: ``x``, the snapped recorded x, and per series of the plot (in
    its order) the index of the point read, or None (`read_index`)."""

    x: float
    index: tuple[int | None, ...]

    def value(self, series: Sequence[Series], i: int) -> float | None:
        """Series ``i``'s recorded value at the cursor, or None."""
        k = self.index[i]
        return None if k is None else float(series[i].y[k])


def read(series: Sequence[Series], at: float) -> Reading | None:
    """The cursor at ``at``: snapped to a recorded x, every series read there."""
    x = snap(series, at)
    if x is None:
        return None
    return Reading(x, tuple(read_index(s, x) for s in series))


@dataclass(frozen=True, eq=False)
class ValueCursor:
    """The rule at ``x`` and a marker at each point read: ``points`` (x, y, marker,
    colour) per series read (a line-plot overlay, drawn over the curves)."""

    x: float
    points: tuple[tuple[float, float, str, str], ...] = ()
    glyph: str = RULE
    under: bool = False
    note: str = ""

    def xs(self) -> list[np.ndarray]:
        return []  # the rule lies on a recorded x: it never widens the axes

    def y_values(self) -> list[np.ndarray]:
        return []

    def styles(self) -> list[Style]:
        """The rule in the text colour, then each point's series colour."""
        return [style(None), *(style(c or None, bold=True) for *_, c in self.points)]

    def draw(self, canvas: BrailleCanvas, fx: Callable[[np.ndarray], np.ndarray],
             fy: Callable[[np.ndarray], np.ndarray], first: int) -> None:
        canvas.rule(float(fx(np.array([self.x]))[0]), first, self.glyph)
        for i, (x, y, marker, _colour) in enumerate(self.points):
            px, py = fx(np.array([x])), fy(np.array([y]))
            canvas.marker(float(px[0]), float(py[0]), glyph(marker), first + 1 + i)

    def same(self, other: object) -> bool:
        return (isinstance(other, ValueCursor) and other.x == self.x
                and other.points == self.points and other.glyph == self.glyph
                and other.note == self.note)


def cursor_of(series: Sequence[Series], reading: Reading, note: str = "") -> ValueCursor:
    """The overlay drawing ``reading`` of the non-faint ``series``."""
    points = tuple((float(s.x[k]), float(s.y[k]), s.marker, s.color)
                   for s, k in zip(series, reading.index)
                   if k is not None and not s.faint and np.isfinite(s.y[k]))
    return ValueCursor(reading.x, points, note=note)


def cursor_legend(shown: Sequence[tuple[Series, Style]], values: Sequence[str]
                  ) -> Iterable[Variant]:
    """Legend variants while the cursor is shown, most to least detailed, each keeping the
    values (what the cursor is for): full names, 4-letter names, 2-letter names, markers
    alone (a marker is the series' in every panel). ``values``: one text per shown series."""
    def items(names: Sequence[str], sep: str) -> list[list[tuple[str, Style | None]]]:
        return [[(s.marker, st), (f"{sep}{n} {v}" if n else f"{v}", None)]
                for (s, st), n, v in zip(shown, names, values)]

    names = tuple(s.name for s, _ in shown)
    whole_latin = language() == "ja"
    yield items(names, " "), 2
    yield items(short_names(names, 4, whole_latin=whole_latin), " "), 2
    yield items(short_names(names, 2, compact=True, whole_latin=whole_latin), ""), 1
    yield items([""] * len(names), ""), 1
