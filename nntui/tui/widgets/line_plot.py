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
        self._overlays: tuple[Overlay, ...] = ()
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
    def overlays(self) -> tuple[Overlay, ...]:
        return self._overlays

    def set_overlays(self, overlays: Sequence[Overlay]) -> None:
        """Replace the layers drawn under the series (`plotting.line.Overlay`: ghost
        curves); a no-op if they are equal to the shown ones."""
        new = tuple(overlays)
        if new == self._overlays:
            return
        self._overlays = new
        self._changed()

    def options(self) -> LineOptions:
        return LineOptions(self.title, bool(self.log_y), self.y_range, self.x_label,
                           bool(self.x_integer))

    def _cache_extra(self) -> tuple[object, ...]:
        return (self.options(),)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        return line_strips(self._series, self.options(), width, height, base,
                           self._overlays)
