"""`BoundaryPlot`: predicted class over the 2-D input grid; drawn by `plotting.boundary`."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.i18n import _
from nntui.tui.plotting.boundary import boundary_strips
from nntui.tui.widgets.cached import CachedPlot


class BoundaryPlot(CachedPlot):
    """Predicted class over the 2-D input grid, shaded, with the training points on top."""

    DEFAULT_CSS = """
    BoundaryPlot { width: 1fr; height: 1fr; }
    """
    MIN_WIDTH = 4
    MIN_HEIGHT = 3

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(_("decision boundary"), id=id, classes=classes)
        self._grid: np.ndarray | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._points: np.ndarray | None = None
        self._labels: np.ndarray | None = None

    def set_boundary(self, grid: np.ndarray | None, extent: tuple[float, float, float, float]
                     | None, points: np.ndarray | None, labels: np.ndarray | None,
                     title: str) -> None:
        """``grid`` (rows, cols) of predicted classes over ``extent`` (x0, x1, y0, y1);
        ``points`` (n, 2) with true ``labels`` (n,). A no-op if nothing changed."""
        same = (
            title == self.title
            and (grid is None) == (self._grid is None)
            and (grid is None or (self._grid is not None and grid.shape == self._grid.shape
                                  and np.array_equal(grid, self._grid)))
        )
        if same and self._points is not None:
            return
        self._grid, self._extent = grid, extent
        self.set_reactive(BoundaryPlot.title, title)
        self._points, self._labels = points, labels
        self._changed()

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        return boundary_strips(self._grid, self._extent, self._points, self._labels,
                               self.title, width, height, base)
