"""Live plot widgets drawn with Textual's line API.

Each widget turns plain NumPy data into a list of :class:`Strip` (one per row) with the
pure-NumPy renderer in :mod:`nntui.tui.canvas`, keeps that list until its data version or
its size changes, and hands rows out from :meth:`render_line`, so an unchanged plot costs
almost nothing per frame (DESIGN.md, "Drawing"). Setting identical data is a no-op.
Styles are built once per (colour, dim, bold) and shared. Every series has a marker glyph
as well as a colour (legend, last point, sparse points) so plots stay readable under
``NO_COLOR`` and on 16-colour terminals.

These widgets never import ``nntui.core``: callers pass arrays and :class:`Series`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rich.cells import cell_len
from rich.color import ColorParseError
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from nntui.core.metrics import decimate
from nntui.tui.canvas import (
    BrailleCanvas,
    Series,
    format_tick,
    format_ticks,
    histogram_bars,
    nice_ticks,
    series_equal,
)

__all__ = ["LinePlot", "PathPlot", "ScatterPlot", "Series", "histogram_strips"]

TOO_SMALL = "too small"
#: A run of text with its style (None = the widget's own style).
Run = tuple[str, "Style | None"]
Line = list[Run]


@lru_cache(maxsize=256)
def _style(color: str | None = None, *, dim: bool = False, bold: bool = False) -> Style:
    """A shared rich Style; an unknown colour name falls back to no colour, not an error."""
    try:
        return Style(color=color, dim=dim or None, bold=bold or None)
    except ColorParseError:
        return Style(dim=dim or None, bold=bold or None)


_AXIS = _style(dim=True)
_TITLE = _style(bold=True)


@lru_cache(maxsize=1024)
def _on(base: Style, style: Style | None) -> Style:
    """``style`` layered on the widget's base style (its CSS colour and background).

    Every segment gets a real Style: Textual's NO_COLOR (Monochrome) filter cannot handle
    ``None`` styles, and the base keeps the plot's background equal to the widget's.
    """
    return base if style is None else base + style


@dataclass(frozen=True)
class _Axis:
    """A linear or log10 axis over ``[lo, hi]`` given in *transformed* units (log10 if log)."""

    lo: float
    hi: float
    log: bool = False
    integer: bool = False  # counts (iterations, checks): no fractional ticks

    def transform(self, v: np.ndarray) -> np.ndarray:
        """Data values (n,) -> axis units; non-positive values on a log axis become gaps."""
        v = np.asarray(v, dtype=np.float64)
        if not self.log:
            return v
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)

    def to_px(self, v: np.ndarray, n_px: int, *, flip: bool = False) -> np.ndarray:
        """Data values (n,) -> pixel coordinates in ``[0, n_px - 1]`` (y flipped if asked)."""
        t = (self.transform(v) - self.lo) / (self.hi - self.lo) * (n_px - 1)
        return (n_px - 1) - t if flip else t

    def ticks(self, n: int) -> tuple[np.ndarray, list[str]]:
        """Tick positions (axis units) and their labels."""
        if not self.log:
            t = nice_ticks(self.lo, self.hi, n)
            if self.integer and t.size > 1 and t[1] - t[0] < 1:
                # A few counts (3 gradient checks): every whole number, thinned to ~n.
                whole = np.arange(math.ceil(self.lo - 1e-9), math.floor(self.hi + 1e-9) + 1,
                                  dtype=np.float64)
                if whole.size:
                    t = whole[:: max(1, -(-whole.size // max(n, 1)))]
            return t, format_ticks(t)
        decades = np.arange(math.ceil(self.lo - 1e-9), math.floor(self.hi + 1e-9) + 1)
        if decades.size >= 2:
            step = max(1, -(-decades.size // max(n, 2)))
            t = decades[::step].astype(np.float64)
        else:
            # Less than two decades: 1-2-5 steps read better than a single power of ten.
            k = np.arange(math.floor(self.lo) - 1, math.ceil(self.hi) + 1)
            cand = np.log10(np.outer(10.0**k, [1.0, 2.0, 5.0]).reshape(-1))
            t = cand[(cand >= self.lo - 1e-9) & (cand <= self.hi + 1e-9)]
            if t.size < 2:
                t = np.log10(nice_ticks(10**self.lo, 10**self.hi, n))
        return t, format_ticks(10.0**t)


def _data_axis(
    values: list[np.ndarray], log: bool, fixed: tuple[float, float] | None, pad: float,
    *, integer: bool = False,
) -> _Axis:
    """An axis spanning the finite values (or ``fixed``, in data units), padded by ``pad``."""
    probe = _Axis(0.0, 1.0, log)
    if fixed is not None:
        lo, hi = (float(v) for v in probe.transform(np.asarray(fixed, dtype=np.float64)))
    else:
        lo, hi = math.inf, -math.inf
        for v in values:
            t = probe.transform(v)
            t = t[np.isfinite(t)]
            if t.size:
                lo, hi = min(lo, float(t.min())), max(hi, float(t.max()))
        span = hi - lo
        lo, hi = lo - pad * span, hi + pad * span
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = (-1.0, 1.0) if log else (0.0, 1.0)
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        half = 0.5 if log else max(abs(lo) * 0.1, 0.5)
        if not log and lo >= 0 and lo - half < 0:
            # One value of a non-negative quantity (epoch 0, iteration 3): pad upward, so the
            # axis shows no negative epochs; the point sits on the left/bottom edge instead.
            lo, hi = 0.0, max(2 * half, lo + half)
        else:
            lo, hi = lo - half, hi + half
    return _Axis(lo, hi, log, integer)


def _too_small(width: int, height: int, base: Style) -> list[Strip]:
    """A one-line notice instead of a plot that cannot fit; never raises."""
    text = TOO_SMALL if width >= len(TOO_SMALL) else "…"[:width]
    rows = [Strip.blank(width, base) for _ in range(height)]
    if height and width:
        rows[height // 2] = Strip([Segment(text.center(width)[:width], _on(base, _AXIS))], width)
    return rows


#: What an empty plot says instead of drawing axes around nothing.
WAITING = "waiting for the first data…"


def _waiting(width: int, height: int, base: Style, title: str) -> list[Strip]:
    """The title, then WAITING centred: an empty plot (a run's first moments, a search's
    first trial) should not look like a finished plot of nothing."""
    rows = [_line_strip([(title, _TITLE)], width, base)] if title else []
    rows += [Strip.blank(width, base) for _ in range(height - len(rows))]
    if len(rows) > 1:
        mid = len(rows) // 2
        rows[mid] = _line_strip([(WAITING.center(width), _AXIS)], width, base)
    return rows[:height]


def _line_strip(runs: Line, width: int, base: Style) -> Strip:
    """Runs -> a Strip exactly ``width`` cells wide (cropped or padded) on ``base``."""
    segments = [Segment(t, _on(base, s)) for t, s in runs if t]
    return Strip(segments).adjust_cell_length(width, base)


@lru_cache(maxsize=256)
def _glyph(marker: str) -> str:
    """A marker safe to put in one canvas cell: canvas rows skip cell-width measuring, so a
    wide or multi-char marker (emoji, "ab") is replaced by its first narrow char or "*"."""
    return marker[:1] if marker and cell_len(marker[:1]) == 1 else "*"


def _wrap(first: Line, items: list[Line], width: int, gap: int = 2) -> list[Line]:
    """Greedy flow of legend ``items`` after ``first`` into as many lines as they need,
    ``gap`` blanks between two items on a line."""
    rows: list[Line] = []
    cur: Line = list(first)
    cur_w = sum(len(t) for t, _ in cur)
    for item in items:
        w = sum(len(t) for t, _ in item)
        sep = gap if cur_w else 0
        if cur_w and cur_w + sep + w > width:
            rows.append(cur)
            cur, cur_w, sep = [], 0, 0
        cur += ([(" " * sep, None)] if sep else []) + item
        cur_w += sep + w
    if cur_w:
        rows.append(cur)
    return rows


#: A legend variant: its items and the blanks between two items.
Variant = tuple[list[Line], int]


def _fit_legend(first: Line, variants: Iterable[Variant], width: int, max_rows: int) -> list[Line]:
    """The most detailed legend variant that fits ``max_rows`` rows.

    ``variants`` go from most to least detailed (e.g. with values, without, short names)
    and may be a lazy iterable: later ones are only built if the earlier ones do not fit.
    When none fits, the last one lists as many items as fit and ends with ``+N``, the
    number of items left out, so no series silently vanishes.
    """
    rows: list[Line] = []
    items: list[Line] = []
    gap = 2
    for items, gap in variants:
        rows = _wrap(first, items, width, gap)
        if len(rows) <= max_rows:
            return rows
    if max_rows <= 0:
        return []

    def cut(k: int) -> list[Line]:
        return _wrap(first, items[:k] + [[(f"+{len(items) - k}", _AXIS)]], width, gap)

    if len(cut(0)) > max_rows:
        # Not even "+N" fits after the title: shorten the title instead of losing the
        # legend (a long title, one legend row).
        first = _clip_runs(first, width - gap - len(f"+{len(items)}"))
    # The most items that still fit with the "+N" (monotonic in k: binary search).
    lo, hi = 0, len(items) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(cut(mid)) <= max_rows:
            lo = mid
        else:
            hi = mid - 1
    return cut(lo)[:max_rows]


def _clip_runs(runs: Line, width: int) -> Line:
    """``runs`` cut to ``width`` characters, the last one "…" when anything was cut."""
    if sum(len(t) for t, _ in runs) <= width:
        return runs
    out: Line = []
    left = max(0, width - 1)
    for text, style in runs:
        if left <= 0:
            break
        out.append((text[:left], style))
        left -= len(text[:left])
    return out + [("…", _TITLE if runs else None)] if width > 0 else []


# Name tokens: words, numbers (0.54, 1e-05), any other single character.
_TOKEN = re.compile(r"[^\W\d_]+|\d[\d.]*(?:e[+-]?\d+)?|\S", re.IGNORECASE)


def _name_tokens(name: str) -> list[tuple[str, str, bool]]:
    """``name`` as (kind, text, space before) tokens; kind is word, num, flag or sym.

    A blank-separated chunk that starts with a symbol (``✗diverged``, ``⏹stopped``) is
    one ``flag`` token whose short form is that symbol.
    """
    out: list[tuple[str, str, bool]] = []
    for m in re.finditer(r"\S+", name):
        chunk, space = m.group(), m.start() > 0
        if not chunk[0].isalnum():
            out.append(("flag", chunk, space))
            continue
        for i, t in enumerate(_TOKEN.findall(chunk)):
            kind = "word" if t[0].isalpha() else "num" if t[0].isdigit() else "sym"
            out.append((kind, t, space and i == 0))
    return out


def _drop_common(tokens: list[list[tuple[str, str, bool]]]) -> list[list[tuple[str, str, bool]]]:
    """Drop the tokens every name shares (``w``/``=`` of ``BN w=0.54`` vs ``plain w=1``):
    at the same position when all names have as many tokens, else as a common prefix or
    suffix. A dropped token's blank moves to the next kept one; flags are always kept."""
    if len(tokens) < 2:
        return tokens
    texts = [[t[1] for t in ts] for ts in tokens]
    n = len(texts[0])
    if all(len(t) == n for t in texts):
        same = [all(t[i] == texts[0][i] for t in texts) for i in range(n)]
    else:
        m = min(len(t) for t in texts)
        pre = next((i for i in range(m) if any(t[i] != texts[0][i] for t in texts)), m)
        suf = next((i for i in range(m - pre) if any(t[-1 - i] != texts[0][-1 - i]
                                                     for t in texts)), m - pre)
        same = None
    out = []
    for ts in tokens:
        if same is None:
            k = len(ts)
            drop = [i < pre or i >= k - suf for i in range(k)]
        else:
            drop = same
        kept: list[tuple[str, str, bool]] = []
        space = False
        for (kind, text, sp), d in zip(ts, drop):
            space = space or sp
            if d and kind != "flag":
                continue
            kept.append((kind, text, space and bool(kept)))
            space = False
        if not any(kind != "flag" for kind, _, _ in kept):
            return tokens  # some name would be left with nothing: keep everything
        out.append(kept)
    return out


def _abbrev(tokens: list[tuple[str, str, bool]], k: int, compact: bool) -> str:
    """Words cut to ``k`` letters (kept whole if one letter longer, from k = 4), numbers
    without a leading ``0`` (``.54``), flags as their symbol; ``compact`` drops blanks."""
    parts = []
    for kind, text, space in tokens:
        if kind == "word":
            text = text if len(text) <= k + (k >= 4) else text[:k]
        elif kind == "num" and text.startswith("0."):
            text = text[1:]
        elif kind == "flag":
            text = text[0]
        parts.append((" " if space and not compact else "") + text)
    return "".join(parts)


@lru_cache(maxsize=64)
def short_names(names: tuple[str, ...], k: int, compact: bool = False) -> tuple[str, ...]:
    """Short legend names that stay distinguishable: shared words dropped, words cut to
    ``k`` letters, and any names that would then collide keep more letters until unique.

    E.g. ``SGD Momentum AdaGrad Adam RMSprop`` with k=3 -> ``SGD Mom AdaG Adam RMS``;
    ``BN w=1, plain w=1, BN w=0.54`` with k=1, compact -> ``B1 p1 B.54``. Falls back to the
    full names if shortening cannot keep them apart.
    """
    tokens = _drop_common([_name_tokens(n) for n in names])
    ks = [k] * len(names)
    longest = max((len(t[1]) for ts in tokens for t in ts), default=0)
    while True:
        out = [_abbrev(ts, kk, compact) for ts, kk in zip(tokens, ks)]
        seen: dict[str, list[int]] = {}
        for i, o in enumerate(out):
            seen.setdefault(o, []).append(i)
        clash = [i for group in seen.values() if len(group) > 1 for i in group]
        if not clash:
            return tuple(out)
        if all(ks[i] > longest for i in clash):
            return names
        for i in clash:
            ks[i] += 1


def _label_row(
    width: int, offset: int, cols: Sequence[int], labels: Sequence[str], x_label: str
) -> str:
    """Tick labels centred under their columns, skipping any that would overlap; then the
    axis name at the right end if it still fits (tick values matter more than the name)."""
    row = [" "] * width
    taken = np.zeros(width + 1, dtype=bool)
    for col, lab in zip(cols, labels):
        start = min(max(offset + col - len(lab) // 2, 0), width - len(lab))
        end = start + len(lab)
        if start < 0 or taken[max(start - 1, 0) : end + 1].any():
            continue
        row[start:end] = list(lab)
        taken[start:end] = True
    if x_label and len(x_label) + 1 <= width - offset:
        start = width - len(x_label)
        if not taken[max(start - 1, 0) :].any():
            row[start:] = list(x_label)
    return "".join(row)


# A draw callback gets the canvas and the pixel mappers for x and y.
Draw = Callable[
    [BrailleCanvas, Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]], None
]


def _framed(
    width: int,
    height: int,
    header: list[Line],
    x_axis: _Axis,
    y_axis: _Axis,
    draw: Draw,
    styles: Sequence[Style | None],
    base: Style,
    x_label: str = "",
) -> list[Strip]:
    """Header lines, then y tick labels | braille canvas, then the x axis and its labels.

    ``draw(canvas, fx, fy)`` paints into a canvas whose colour index ``i`` is shown with
    ``styles[i]``; ``fx``/``fy`` map data arrays (n,) to pixel coordinates.
    """
    plot_h = height - len(header) - 2
    if plot_h < 2:
        header = header[: max(0, height - 4)]
        plot_h = height - len(header) - 2
    y_ticks, y_labels = y_axis.ticks(max(2, plot_h // 3 + 1))
    margin = max((len(s) for s in y_labels), default=1)
    plot_w = width - margin - 1
    if plot_h < 2 or plot_w < 4:
        return _too_small(width, height, base)
    canvas = BrailleCanvas(plot_w, plot_h)
    px_w, px_h = canvas.px_width, canvas.px_height
    draw(canvas, lambda v: x_axis.to_px(v, px_w), lambda v: y_axis.to_px(v, px_h, flip=True))

    # Tick rows: tick value -> dot row -> cell row; first label wins a shared row.
    tick_rows: dict[int, str] = {}
    ty = (y_axis.hi - y_ticks) / (y_axis.hi - y_axis.lo) * (px_h - 1)
    for row, lab in zip(np.rint(ty).astype(int) // 4, y_labels):
        if 0 <= row < plot_h:
            tick_rows.setdefault(int(row), lab)

    strips = [_line_strip(line, width, base) for line in header]
    cell_styles = [_on(base, st) for st in styles]
    label_style = _on(base, None)
    axis_style = _on(base, _AXIS)
    for r, runs in enumerate(canvas.rows()):
        lab = tick_rows.get(r)
        segments = [
            Segment((lab or "").rjust(margin), label_style),
            Segment("┤" if lab else "│", axis_style),
        ]
        segments += [Segment(t, cell_styles[ci] if ci >= 0 else base) for t, ci in runs]
        # margin + axis + plot_w == width and every canvas glyph is one cell wide: the
        # length is known, so Textual need not measure each segment.
        strips.append(Strip(segments, width))

    x_ticks, x_labels = x_axis.ticks(max(3, plot_w // 14))
    cols = np.rint((x_ticks - x_axis.lo) / (x_axis.hi - x_axis.lo) * (px_w - 1)).astype(int) // 2
    axis = ["─"] * plot_w
    for c in cols:
        if 0 <= c < plot_w:
            axis[c] = "┬"
    strips.append(_line_strip([(" " * margin + "└" + "".join(axis), _AXIS)], width, base))
    shown = [(int(c), lab) for c, lab in zip(cols, x_labels) if 0 <= c < plot_w]
    labels = _label_row(width, margin + 1, [c for c, _ in shown], [s for _, s in shown], x_label)
    strips.append(_line_strip([(labels, None)], width, base))
    return strips[:height]


class CachedPlot(Widget):
    """Base: strips are rebuilt only when ``version``, the size, the base style or
    :meth:`_cache_extra` change; a paint (``render_lines``) checks that once, not per row.

    ``builds`` counts rebuilds and ``cache_hits`` counts checks that found the cache valid;
    tests and benchmarks use them to prove that unchanged data costs no drawing.
    """

    MIN_WIDTH = 12
    MIN_HEIGHT = 4

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.version = 0
        self.builds = 0
        self.cache_hits = 0
        self._cache_key: tuple[object, ...] | None = None
        self._strips: list[Strip] = []
        self._in_paint = False

    def _changed(self) -> None:
        """Data changed: new version; repaint the rows whose strips changed.

        The strips are rebuilt now (not at the next paint) so they can be compared with
        the old ones: live data mostly moves a curve's head and the legend's values, and
        every row Textual need not re-render is time given back to training.
        """
        self.version += 1
        old = self._strips
        if not self.is_mounted or self._cache_key is None or not old:
            self.refresh()
            return
        self._validate()
        new = self._strips
        if len(new) != len(old):
            self.refresh()
            return
        width = self.size.width
        changed = [Region(0, y, width, 1) for y, (a, b) in enumerate(zip(old, new)) if a != b]
        if changed:
            self.refresh(*changed)

    def _cache_extra(self) -> tuple[object, ...]:
        """Extra state (besides version, size and base style) that the strips depend on;
        plain attributes a caller may assign directly (``plot.title = ...``) belong here."""
        return (self.title,)

    def build_strips(self, width: int, height: int, base: Style | None = None) -> list[Strip]:
        """All rows for a ``width x height`` content area on the ``base`` style, uncached
        (``render_line`` caches it; tests and benchmarks call it directly)."""
        base = base or Style()
        if width < self.MIN_WIDTH or height < self.MIN_HEIGHT:
            return _too_small(width, height, base)
        return self._build(width, height, base)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        raise NotImplementedError

    def _validate(self) -> None:
        """Rebuild the strips if the data version, size, base style or extras changed."""
        width, height = self.size
        # The widget's CSS colour/background (cached by Textual until a style update); part
        # of the key so a theme switch redraws. (``rich_style`` walks all ancestors per call.)
        base = self.visual_style.rich_style
        key = (self.version, width, height, base, *self._cache_extra())
        if key != self._cache_key:
            self._strips = self.build_strips(width, height, base)
            self._cache_key = key
            self.builds += 1
        else:
            self.cache_hits += 1

    def render_lines(self, crop: Region) -> list[Strip]:
        # One cache check per paint, not per row: ``self.size`` alone costs several µs.
        self._validate()
        self._in_paint = True
        try:
            return super().render_lines(crop)
        finally:
            self._in_paint = False

    def render_line(self, y: int) -> Strip:
        if not self._in_paint:  # called directly (tests, other callers): check the cache
            self._validate()
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self._strips[0].cell_length if self._strips else 0)


def _last_finite(x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    return (float(x[ok[-1]]), float(y[ok[-1]])) if ok.size else None


def _legend_item(s: Series, style: Style, value: str | None) -> Line:
    text = f" {s.name}" + (f" {value}" if value else "")
    return [(s.marker, style), (text, None)]


def _series_legend(
    shown: Sequence[tuple[Series, Style]], values: Callable[[Series], str | None] | None = None
) -> Iterable[Variant]:
    """Legend variants of ``shown`` series, most to least detailed, built lazily: names
    with ``values``, full names, short names (4 letters), then ``●name`` items one blank
    apart with 3-, 2- and 1-letter names (see :func:`short_names`), then markers only if
    no two series share one. :func:`_fit_legend` cuts the last with ``+N`` if need be."""
    if values is not None:
        yield [_legend_item(s, st, values(s)) for s, st in shown], 2
    yield [_legend_item(s, st, None) for s, st in shown], 2
    names = tuple(s.name for s, _ in shown)
    short = short_names(names, 4)
    if short != names:
        yield [[(s.marker, st), (f" {n}", None)] for (s, st), n in zip(shown, short)], 2
    for k in (3, 2, 1):
        tiny = short_names(names, k, compact=True)
        yield [[(s.marker, st), (n, None)] for (s, st), n in zip(shown, tiny)], 1
    if len({s.marker for s, _ in shown}) == len(shown):
        # Markers alone still tell the series apart (other panels name them); with more
        # series than markers they would not: then short names and "+N" are better.
        yield [[(s.marker, st)] for s, st in shown], 1


class LinePlot(CachedPlot):
    """Curves over a shared x axis with y ticks, x ticks, a title and a legend.

    The legend lists each non-faint series as ``marker name last-value``; faint series
    (e.g. raw loss under its smoothed curve) are drawn dim and left out of the legend so it
    stays one line at 80 columns. The marker is also drawn at each series' last point, and
    at every point of a sparse series (e.g. accuracy per epoch).
    """

    DEFAULT_CSS = """
    LinePlot { width: 1fr; height: 1fr; }
    """
    log_y: reactive[bool] = reactive(False)

    def __init__(
        self,
        title: str = "",
        *,
        log_y: bool = False,
        y_range: tuple[float, float] | None = None,
        x_label: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, name=name, id=id, classes=classes)
        self.y_range = y_range
        self.x_label = x_label
        #: x values are counts (iterations, checks): ticks only at whole numbers.
        self.x_integer = False
        self._series: tuple[Series, ...] = ()
        self.set_reactive(LinePlot.log_y, log_y)

    @property
    def series(self) -> tuple[Series, ...]:
        return self._series

    def set_series(self, series: Sequence[Series]) -> None:
        """Replace the curves; a no-op (no rebuild, no refresh) if nothing changed."""
        new = tuple(series)
        if len(new) == len(self._series) and all(map(series_equal, new, self._series)):
            return
        self._series = new
        self._changed()

    def _cache_extra(self) -> tuple[object, ...]:
        # Plain attributes the caller may assign directly also invalidate the cache.
        return (self.log_y, self.title, self.y_range, self.x_label, self.x_integer)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        series = self._series
        if not any(len(s.x) for s in series):
            return _waiting(width, height, base, self.title)
        styles = [_style(s.color, dim=s.faint) for s in series]
        log = bool(self.log_y)
        x_axis = _data_axis([s.x for s in series], False, None, 0.0, integer=self.x_integer)
        # Thinned once to the most points a canvas this wide can show (a min/max pair per
        # dot column): bucket extremes are kept, so the y range is exact, and the range and
        # the drawing work on at most 4·width points per series, not the whole history.
        thin = [decimate(s.x, s.y, 4 * width) for s in series]
        # A diverged series (loss -> 1e30 -> NaN) would squash every healthy curve into a
        # row: it does not set the range, it is clipped at the frame instead.
        ranged = ([y for s, (_, y) in zip(series, thin) if not s.diverged]
                  or [y for _, y in thin])
        y_axis = _data_axis(ranged, log, self.y_range, 0.03)
        shown = [(s, styles[i]) for i, s in enumerate(series) if not s.faint]
        variants = _series_legend(shown, self._last_label)
        title: Line = [(self.title, _TITLE)] if self.title else []
        header = _fit_legend(title, variants, width, max_rows=max(1, (height - 4) // 3))

        def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
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
                        canvas.marker(mx, my, _glyph(s.marker), i)
                    continue  # the last point already has its marker
                head = _last_finite(px, py)
                if head is not None:
                    # Off the top or bottom (a diverged or clipped curve): pin the marker
                    # to the frame edge, so the series still shows where it left.
                    hy = min(max(head[1], 0.0), canvas.px_height - 1.0)
                    canvas.marker(head[0], hy, _glyph(s.marker), i, nudge=True)

        return _framed(width, height, header, x_axis, y_axis, draw, styles, base, self.x_label)

    @staticmethod
    def _last_label(s: Series) -> str | None:
        last = _last_finite(s.x, s.y)
        return format_tick(last[1]) if last else None


#: The smallest panel `histogram_strips` draws (else a "too small" notice).
HISTOGRAM_MIN_WIDTH, HISTOGRAM_MIN_HEIGHT = 8, 3


def histogram_strips(counts: np.ndarray, edges: np.ndarray, title: str, color: str,
                     width: int, height: int, base: Style) -> list[Strip]:
    """One histogram panel as ``height`` strips of ``width`` cells: title row, block-eighth
    bars of ``counts`` (k,), then the range of ``edges`` (k+1,) with 0 marked if inside.

    The dashboard's histogram row draws one per hidden layer, side by side, in one widget.
    """
    if width < HISTOGRAM_MIN_WIDTH or height < HISTOGRAM_MIN_HEIGHT:
        return _too_small(width, height, base)
    bar_style = _style(color)
    rows = [_line_strip([(title, _TITLE)], width, base)]
    rows += [
        _line_strip([(b, bar_style)], width, base)
        for b in histogram_bars(counts, width, height - 2)
    ]
    rows.append(_line_strip([(_range_labels(edges, width), _AXIS)], width, base))
    return rows


def _range_labels(edges: np.ndarray, width: int) -> str:
    """``lo ... 0 ... hi`` under the bars: the edge values, and 0 if it is inside."""
    edges = edges[np.isfinite(edges)]
    if edges.size < 2 or edges[-1] <= edges[0]:
        return ""
    lo_v, hi_v = float(edges[0]), float(edges[-1])
    lo, hi = format_tick(lo_v), format_tick(hi_v)
    row = list(lo.ljust(width)[:width])
    if len(lo) + 1 + len(hi) <= width:
        row[width - len(hi) :] = list(hi)
    if lo_v < 0 < hi_v:
        # Column of 0 in the bar grid: where the bin containing 0 is drawn.
        col = int((0 - lo_v) / (hi_v - lo_v) * width)
        if len(lo) + 1 < col < width - len(hi) - 1:
            row[col] = "0"
    return "".join(row)[:width]


class PathPlot(CachedPlot):
    """2-D optimizer paths over iso-lines of f(x, y) on the grid's fixed range."""

    DEFAULT_CSS = """
    PathPlot { width: 1fr; height: 1fr; }
    """
    CONTOUR_COLOR = "bright_black"

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, name=name, id=id, classes=classes)
        self._gx = np.array([-1.0, 1.0])
        self._gy = np.array([-1.0, 1.0])
        self._z: np.ndarray | None = None
        self._levels = np.zeros(0)
        self._paths: tuple[Series, ...] = ()
        self.highlight: int | None = None

    def set_contours(
        self, xs_grid: np.ndarray, ys_grid: np.ndarray, z: np.ndarray, levels: np.ndarray
    ) -> None:
        """``xs_grid`` (nx,) and ``ys_grid`` (ny,) axes (or (ny, nx) meshgrids), ``z``
        (ny, nx) values, ``levels`` (L,). The grid's extent fixes the plot range."""
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
        self._gx, self._gy, self._z = gx, gy, z
        self._levels = np.sort(np.asarray(levels, dtype=np.float64).reshape(-1))
        self._changed()

    def set_paths(self, series: Sequence[Series], highlight: int | None = None) -> None:
        """Each path is a line with its marker on the current head; no-op if unchanged.

        ``highlight``: the index of the path drawn bright and on top, the others dim under
        it (six paths overlap near the minimum); None draws all alike.
        """
        new = tuple(series)
        if highlight is not None and not 0 <= highlight < len(new):
            highlight = None
        if (highlight == self.highlight and len(new) == len(self._paths)
                and all(map(series_equal, new, self._paths))):
            return
        self._paths = new
        self.highlight = highlight
        self._changed()

    def _contour_px(self, px_w: int, px_h: int) -> tuple[np.ndarray, np.ndarray]:
        """Dots where the level band of bilinearly resampled z changes between neighbours."""
        z, gx, gy = self._z, self._gx, self._gy
        if z is None or self._levels.size == 0 or gx.size < 2 or gy.size < 2:
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
        band = np.digitize(zp, self._levels)
        edge = np.zeros(band.shape, dtype=bool)
        edge[:, :-1] |= band[:, :-1] != band[:, 1:]
        edge[:-1, :] |= band[:-1, :] != band[1:, :]
        rows, cols = np.nonzero(edge)
        return cols.astype(np.float64), rows.astype(np.float64)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        paths = self._paths
        lit = self.highlight
        styles = [_style(s.color, dim=s.faint or (lit is not None and i != lit))
                  for i, s in enumerate(paths)]
        contour_ci = len(styles)
        styles.append(_style(self.CONTOUR_COLOR, dim=True))
        x_axis = _Axis(float(self._gx[0]), float(self._gx[-1]))
        y_axis = _Axis(float(self._gy[0]), float(self._gy[-1]))
        if not x_axis.hi > x_axis.lo or not y_axis.hi > y_axis.lo:
            x_axis = _data_axis([s.x for s in paths], False, None, 0.05)
            y_axis = _data_axis([s.y for s in paths], False, None, 0.05)
        variants = _series_legend([(s, styles[i]) for i, s in enumerate(paths)])
        title: Line = [(self.title, _TITLE)] if self.title else []
        header = _fit_legend(title, variants, width, max_rows=max(0, (height - 4) // 3))

        def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
            cx, cy = self._contour_px(canvas.px_width, canvas.px_height)
            canvas.points(cx, cy, contour_ci)
            # The highlighted path last: on top of the dim ones where they cross.
            order = [i for i in range(len(paths)) if i != lit] + ([lit] if lit is not None else [])
            for i in order:
                s = paths[i]
                x, y = decimate(s.x, s.y, 4 * canvas.px_width)
                px, py = fx(x), fy(y)
                canvas.line(px, py, i)
                head = _last_finite(px, py)
                if head is not None:
                    canvas.marker(head[0], head[1], _glyph(s.marker), i, nudge=True)

        return _framed(width, height, header, x_axis, y_axis, draw, styles, base)


class ScatterPlot(CachedPlot):
    """Points whose glyph and colour encode a value (e.g. validation accuracy).

    Values are split into five equal bins, each with its own colour *and* glyph
    (``· ∘ ○ ◉ ●``), so the encoding survives ``NO_COLOR``; a legend row gives each bin's
    lower bound. Higher values are drawn last, so the best point in a cell shows.
    """

    DEFAULT_CSS = """
    ScatterPlot { width: 1fr; height: 1fr; }
    """
    GLYPHS = ("·", "∘", "○", "◉", "●")
    COLORS = ("red", "yellow", "bright_yellow", "green", "bright_green")

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, name=name, id=id, classes=classes)
        self._x = self._y = self._v = np.zeros(0)
        self._opts: tuple[bool, bool, str, str] = (False, False, "", "")

    def set_points(
        self,
        x: np.ndarray,
        y: np.ndarray,
        value: np.ndarray,
        *,
        log_x: bool = False,
        log_y: bool = False,
        x_label: str = "",
        y_label: str = "",
    ) -> None:
        """``x``, ``y``, ``value``: (n,) arrays; a no-op if nothing changed."""
        x, y, v = (np.asarray(a, dtype=np.float64).reshape(-1) for a in (x, y, value))
        if not (x.shape == y.shape == v.shape):
            raise ValueError("x, y and value must have the same length")
        opts = (log_x, log_y, x_label, y_label)
        if (
            opts == self._opts
            and x.shape == self._x.shape
            and all(
                np.array_equal(a, b, equal_nan=True)
                for a, b in ((x, self._x), (y, self._y), (v, self._v))
            )
        ):
            return
        self._x, self._y, self._v, self._opts = x, y, v, opts
        self._changed()

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        log_x, log_y, x_label, y_label = self._opts
        if self._x.size == 0:
            return _waiting(width, height, base, self.title)
        styles = [_style(c) for c in self.COLORS]
        x_axis = _data_axis([self._x], log_x, None, 0.05)
        y_axis = _data_axis([self._y], log_y, None, 0.08)
        v = self._v
        fin_v = v[np.isfinite(v)]
        v_lo, v_hi = (float(fin_v.min()), float(fin_v.max())) if fin_v.size else (0.0, 1.0)
        span = v_hi - v_lo if v_hi > v_lo else 1.0
        n_bins = len(self.GLYPHS)
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
        items = [[(g, styles[i]), (f" {bounds[i]}", None)] for i, g in enumerate(self.GLYPHS)]
        first: Line = [(self.title, _TITLE)] if self.title else []
        # Axis names go in the header: the tick row under the plot is kept for values.
        axes = "  ".join(f"{k}: {lab}" for k, lab in (("x", x_label), ("y", y_label)) if lab)
        if axes:
            first += [(("  " if first else "") + axes, None)]
        header = _fit_legend(first, [(items, 2)], width, max_rows=max(0, (height - 4) // 3))

        def draw(canvas: BrailleCanvas, fx: Callable, fy: Callable) -> None:
            px, py = fx(self._x), fy(self._y)
            ok = np.isfinite(px) & np.isfinite(py) & np.isfinite(v)
            for k in np.argsort(np.where(ok, v, -np.inf), kind="stable"):
                if ok[k]:
                    canvas.marker(px[k], py[k], self.GLYPHS[bins[k]], int(bins[k]))

        return _framed(width, height, header, x_axis, y_axis, draw, styles, base)
