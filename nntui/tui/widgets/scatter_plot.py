"""`ScatterPlot`: points whose glyph and colour encode a value; drawn by `plotting.scatter`."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.scatter import COLORS, GLYPHS, ScatterOptions, scatter_strips
from nntui.tui.widgets.cached import CachedPlot


class ScatterPlot(CachedPlot):
    """Points binned by value into five glyph-and-colour classes (see `plotting.scatter`)."""

    DEFAULT_CSS = """
    ScatterPlot { width: 1fr; height: 1fr; }
    """
    GLYPHS = GLYPHS
    COLORS = COLORS

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
        opts = ScatterOptions(self.title, log_x, log_y, x_label, y_label)
        return scatter_strips(self._x, self._y, self._v, opts, width, height, base)
