"""`PathPlot`: 2-D optimizer paths over contour lines; drawn by `plotting.paths`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.canvas import Series, series_equal
from nntui.tui.plotting.paths import CONTOUR_COLOR, Contours, path_strips
from nntui.tui.widgets.cached import CachedPlot


class PathPlot(CachedPlot):
    """2-D optimizer paths over iso-lines of f(x, y) on the grid's fixed range."""

    DEFAULT_CSS = """
    PathPlot { width: 1fr; height: 1fr; }
    """
    CONTOUR_COLOR = CONTOUR_COLOR

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, name=name, id=id, classes=classes)
        self.contours = Contours.empty()
        self._paths: tuple[Series, ...] = ()
        self.highlight: int | None = None

    def set_contours(
        self, xs_grid: np.ndarray, ys_grid: np.ndarray, z: np.ndarray, levels: np.ndarray
    ) -> None:
        """``xs_grid`` (nx,) and ``ys_grid`` (ny,) axes (or (ny, nx) meshgrids), ``z``
        (ny, nx) values, ``levels`` (L,). The grid's extent fixes the plot range."""
        self.contours = Contours.of(xs_grid, ys_grid, z, levels)
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

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        return path_strips(self._paths, self.contours, self.highlight, self.title, width,
                           height, base)
