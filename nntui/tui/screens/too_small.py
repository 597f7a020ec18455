"""Shown instead of any screen when the terminal is below the minimum size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from nntui.i18n import _

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small_text(width: int, height: int) -> str:
    """Short lines (22 cells at most, in either language) that need no wrapping, even at
    30×10."""
    return _("terminal too small\nneed {need}, have {have}\n\n"
             "enlarge the window\nor press q to quit").format(
        need=f"{MIN_WIDTH}×{MIN_HEIGHT}", have=f"{width}×{height}")


class TooSmallScreen(Screen[None]):
    """Popped again by the app as soon as the terminal is large enough."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen > Static { width: 100%; text-align: center; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(too_small_text(*self.app.size), id="too-small")

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(too_small_text(width, height))
