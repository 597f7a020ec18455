"""`ExtraTable`: one row per series with the per-series numbers a preset reports."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text as RichText
from textual.widgets import DataTable

from nntui.i18n import _
from nntui.tui.plotting.columns import fit_columns


class ExtraTable(DataTable):
    """Rows of text cells under named columns; the first cell of each row is the series
    label in its plot colour, so the table doubles as a legend. Rebuilt only when the
    text it shows or its width changes.

    Every column shows: the layout is the most spacious that fits the panel
    (`plotting.columns.fit_columns`: headers on two lines, then one blank between
    columns); when even the narrowest does not, the table asks its row for that much
    room (min-width) rather than leaving columns off the edge."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, zebra_stripes=True, cursor_type="none")
        self._key: tuple[object, ...] | None = None
        self._laid_out_for = -1  # the width the columns were last fitted to

    def set_rows(self, columns: Sequence[str], labels: Sequence[tuple[str, str]],
                 cells: Sequence[Sequence[str]], first: str | None = None) -> None:
        """``columns`` after the label column ``first`` (default: "series", translated);
        per row its (label, colour) and its cells."""
        first = _("series") if first is None else first
        key = (first, tuple(columns), tuple(labels), tuple(map(tuple, cells)))
        if key == self._key:
            return
        self._key = key
        self._lay_out()

    def _room(self) -> int:
        """Cells the columns may take: the width less a vertical scrollbar, if rows
        overflow."""
        rows = len(self._key[2]) if self._key else 0
        scroll = self.scrollbar_size_vertical if rows + 2 > self.size.height else 0
        return self.size.width - scroll

    def _lay_out(self) -> None:
        assert self._key is not None
        first, columns, labels, cells = self._key
        room = self._room()
        heads = [first, *columns]
        rows = [[label, *row] for (label, _c), row in zip(labels, cells)]
        plan = fit_columns(heads, rows, room)
        self._laid_out_for = room
        self.clear(columns=True)
        self.cell_padding = plan.padding
        self.header_height = plan.header_lines
        for header, width in zip(plan.headers, plan.widths):
            self.add_column(RichText(header), width=width)
        for (label, color), row in zip(labels, cells):
            self.add_row(RichText(label, style=color), *row)
        # Never narrower than the narrowest layout: where the row's equal share is less,
        # the table takes what it needs and the panel beside it the rest.
        self.styles.min_width = fit_columns(heads, rows, 0).width + (self.size.width - room)

    def on_resize(self) -> None:
        if self._key is not None and self._room() != self._laid_out_for:
            self._lay_out()

    def show_row(self, row: int) -> None:
        """Scroll so that row ``row`` is visible (a table taller than its panel follows
        the focused series instead of staying on its first rows)."""
        visible = max(1, self.scrollable_content_region.height - self.header_height)
        top = int(self.scroll_y)
        if not top <= row < top + visible:
            self.scroll_to(y=max(0, row - visible + 1) if row >= top else row,
                           animate=False)
