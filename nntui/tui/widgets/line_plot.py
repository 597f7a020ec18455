"""`LinePlot`: curves over a shared x axis (loss, accuracy); drawn by `plotting.line`.

It has a value cursor (`plotting.cursor` draws it): the mouse over the plot, or ←/→ once
the plot has focus (a click, or the dashboard's `i`), put it on a recorded x; the legend
then gives each series' recorded value there and the title the x. Every move is posted
(`CursorMoved`) so the dashboard can put the cursor at the same x in every line panel;
Esc hides it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from nntui.i18n import N_, _
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.plotting import cursor
from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.canvas import Series, series_equal
from nntui.tui.plotting.line import LineGeometry, LineOptions, Overlay, line_plot
from nntui.tui.widgets.cached import CachedPlot

#: What the legend shows for a series the cursor reads nothing of (it ended before).
NO_VALUE = "—"


def x_text(x: float) -> str:
    """The cursor's x as the title says it: a count whole (1370, not 1.37k), else 4
    significant digits (an epoch, 12.35)."""
    return str(int(x)) if x == math.floor(x) and abs(x) < 1e15 else f"{x:.4g}"


class LinePlot(TranslatedBindings, CachedPlot):
    """Curves with y ticks, x ticks, a title and a legend. Setting identical series is a
    no-op; every reactive below repaints when set to a new value."""

    DEFAULT_CSS = """
    LinePlot { width: 1fr; height: 1fr; }
    """
    log_y: reactive[bool] = reactive(False)
    #: Fixed (lo, hi) in data units, else the data's range.
    y_range: reactive[tuple[float, float] | None] = reactive(None)
    x_label: reactive[str] = reactive("")
    #: x values are counts (iterations, checks): ticks only at whole numbers.
    x_integer: reactive[bool] = reactive(False)
    #: The legend gives each curve's last value; a subclass whose curve names carry their
    #: summary (the sweep's "BN: learns at 14 of 16 scales") turns it off.
    legend_values: bool = True
    #: This plot's x per unit of the x every line panel shares (the run's iterations):
    #: epochs per iteration on an epoch axis; None: its x is something else (batchnorm's
    #: sweep over weight scales), its cursor is its own.
    x_scale: float | None = 1.0
    can_focus = True
    BINDINGS = [
        Binding("left", "cursor_step(-1)", N_("Cursor"), key_display="←",
                tooltip=N_("value cursor: the previous point")),
        Binding("right", "cursor_step(1)", N_("Cursor"), key_display="→",
                tooltip=N_("value cursor: the next point")),
        Binding("home", "cursor_edge(0)", N_("First"), show=False,
                tooltip=N_("value cursor: the first point")),
        Binding("end", "cursor_edge(1)", N_("Last"), show=False,
                tooltip=N_("value cursor: the last point")),
        Binding("escape", "hide_cursor", N_("Hide cursor"),
                tooltip=N_("hide the value cursor")),
    ]

    class CursorMoved(Message):
        """The user put the cursor of ``plot`` at ``x`` (its own x units; None: hid it)."""

        def __init__(self, plot: LinePlot, x: float | None) -> None:
            super().__init__()
            self.plot = plot
            self.x = x

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
        self._series: tuple[Series, ...] = ()
        #: Layers drawn with the curves, by name ("bands": the seed bands), in order.
        self._overlays: dict[str, Overlay] = {}
        #: Where the value cursor was put (x units; snapped when drawn), None: hidden.
        self._cursor: float | None = None
        self._geometry: LineGeometry | None = None  # of the last build (mouse -> x)
        self.set_reactive(LinePlot.log_y, log_y)
        self.set_reactive(LinePlot.y_range, y_range)
        self.set_reactive(LinePlot.x_label, x_label)

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

    @property
    def overlays(self) -> dict[str, Overlay]:
        return dict(self._overlays)

    def set_overlay(self, name: str, overlay: Overlay | None) -> None:
        """Draw ``overlay`` with the curves under ``name`` (None: no such layer); a no-op
        when it draws what the current one does."""
        old = self._overlays.get(name)
        if overlay is None:
            if old is None:
                return
            del self._overlays[name]
        elif old is not None and old.same(overlay):
            return
        else:
            self._overlays[name] = overlay
        self._changed()

    # -- the value cursor ------------------------------------------------------------------
    @property
    def cursor(self) -> float | None:
        return self._cursor

    def set_cursor(self, x: float | None) -> None:
        """Put the value cursor at ``x`` (read at the recorded x nearest it), or hide it."""
        if x != self._cursor:
            self._cursor = x
            self._changed()

    def reading(self) -> cursor.Reading | None:
        """What the cursor reads now (None: hidden, or nothing drawn yet)."""
        return None if self._cursor is None else cursor.read(self._series, self._cursor)

    def readout(self, reading: cursor.Reading) -> tuple[str, ...]:
        """The legend's text of each non-faint series at the cursor: its recorded value
        (3 significant digits, as the legend's last values), or NO_VALUE."""
        out = []
        for i, s in enumerate(self._series):
            if not s.faint:
                v = reading.value(self._series, i)
                out.append(NO_VALUE if v is None or not math.isfinite(v) else format_tick(v))
        return tuple(out)

    def move_cursor(self, x: float | None) -> None:
        """The user moved the cursor here (None: hid it): set it and tell the screen."""
        self.set_cursor(x)
        self.post_message(self.CursorMoved(self, x))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        at = None if offset is None or self._geometry is None else self._geometry.x_at(offset.x)
        if at is not None:
            x = cursor.snap(self._series, at)
            if x is not None and x != self._cursor:
                self.move_cursor(x)

    def action_cursor_step(self, direction: int) -> None:
        """←/→: the cursor to the next recorded x that way, at least a cell away (shown at
        the last point first)."""
        reading = self.reading()
        if reading is None:
            self.action_cursor_edge(1)
            return
        gap = self._geometry.cell_x if self._geometry is not None else 0.0
        self.move_cursor(cursor.step(self._series, reading.x, direction, gap))

    def action_cursor_edge(self, end: int) -> None:
        """home/end: the cursor to the first / last recorded x."""
        xs = [s.x for s in self._series if not s.faint and len(s.x)]
        if xs:
            self.move_cursor(max(x[-1] for x in xs) if end else min(x[0] for x in xs))

    def action_hide_cursor(self) -> None:
        """Esc on a focused plot: the cursor goes, and the focus back to the screen."""
        self.move_cursor(None)
        self.screen.set_focus(None)

    # -- drawing -----------------------------------------------------------------------------
    def options(self) -> LineOptions:
        return LineOptions(self.title, bool(self.log_y), self.y_range, self.x_label,
                           bool(self.x_integer), self.legend_values)

    def _cache_extra(self) -> tuple[object, ...]:
        return (self.options(),)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        opts, overlays = self.options(), tuple(self._overlays.values())
        reading = self.reading()
        if reading is not None:
            note = _("{rule} {unit} {x}").format(rule=cursor.RULE, unit=self.x_label or "x",
                                                 x=x_text(reading.x))
            overlays += (cursor.cursor_of(self._series, reading, note),)
            opts = replace(opts, readout=self.readout(reading))
        strips, self._geometry = line_plot(self._series, opts, width, height, base, overlays)
        return strips
