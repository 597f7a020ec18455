"""`ExtraTable`: one row per series with the per-series numbers a preset reports."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text as RichText
from textual.widgets import DataTable

from nntui.i18n import _


class ExtraTable(DataTable):
    """Rows of text cells under named columns; the first cell of each row is the series
    label in its plot colour, so the table doubles as a legend. Rebuilt only when the
    text it shows changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, zebra_stripes=True, cursor_type="none")
        self._key: tuple[object, ...] | None = None

    def set_rows(self, columns: Sequence[str], labels: Sequence[tuple[str, str]],
                 cells: Sequence[Sequence[str]], first: str | None = None) -> None:
        """``columns`` after the label column ``first`` (default: "series", translated);
        per row its (label, colour) and its cells."""
        first = _("series") if first is None else first
        key = (first, tuple(columns), tuple(labels), tuple(map(tuple, cells)))
        if key == self._key:
            return
        self._key = key
        self.clear(columns=True)
        self.add_columns(first, *columns)
        for (label, color), row in zip(labels, cells):
            self.add_row(RichText(label, style=color), *row)

    def show_row(self, row: int) -> None:
        """Scroll so that row ``row`` is visible (a table taller than its panel follows
        the focused series instead of staying on its first rows)."""
        visible = max(1, self.scrollable_content_region.height - 1)  # minus the header
        top = int(self.scroll_y)
        if not top <= row < top + visible:
            self.scroll_to(y=max(0, row - visible + 1) if row >= top else row,
                           animate=False)
