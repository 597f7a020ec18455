"""`LinePlot`: curves over a shared x axis (loss, accuracy); drawn by `plotting.line`."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip

from nntui.tui.plotting.canvas import Series, series_equal
from nntui.tui.plotting.line import LineOptions, Overlay, line_strips
from nntui.tui.widgets.cached import CachedPlot


class LinePlot(CachedPlot):
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

    def options(self) -> LineOptions:
        return LineOptions(self.title, bool(self.log_y), self.y_range, self.x_label,
                           bool(self.x_integer), self.legend_values)

    def _cache_extra(self) -> tuple[object, ...]:
        return (self.options(),)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        return line_strips(self._series, self.options(), width, height, base,
                           tuple(self._overlays.values()))
