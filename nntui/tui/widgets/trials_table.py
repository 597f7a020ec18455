"""`TrialsTable`: the hyperparameter-search trials, sortable by any column.

Updated in place: new trials are added as rows, changed cells are updated, and the rows
re-sorted, so the cursor stays on its trial and the table does not scroll back to the top
each time a trial finishes (as clearing and refilling it would).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.widgets import DataTable

from nntui.i18n import N_, _

if TYPE_CHECKING:
    from nntui.core.snapshot import Trial


#: A finished trial's state cell.
DONE = N_("done")


def _fmt(x: float, spec: str = ".4f") -> str:
    return "—" if x is None or not math.isfinite(x) else format(x, spec)


def trial_cells(t: Trial) -> tuple[str, ...]:
    """One trial as the table's row of texts."""
    return (str(t.index), str(t.round), f"{t.lr:.2e}", f"{t.weight_decay:.2e}",
            _fmt(t.val_acc), _fmt(t.train_acc), _(DONE) if t.done else "…")


class TrialsTable(DataTable):
    """Click a column header (or press `o` on the dashboard) to sort by it."""

    #: Column names (marked; shown translated, `lr` and `λ` as typed).
    COLUMNS = ("#", N_("round"), "lr", "λ", N_("val acc"), N_("train acc"), N_("state"))

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, zebra_stripes=True, cursor_type="row")
        self.sort_column = 4  # best validation accuracy first: the book's ranking
        self._trials: dict[str, Trial] = {}  # row key (the trial's index) -> trial
        self._cells: dict[str, tuple[str, ...]] = {}

    def on_mount(self) -> None:
        self.add_columns(*(_(c) for c in self.COLUMNS))

    def set_trials(self, trials: Sequence[Trial]) -> None:
        """Show ``trials``: add new rows, update changed cells, keep the sort order."""
        changed = False
        columns = list(self.columns)
        for t in trials:
            key = str(t.index)
            cells = trial_cells(t)
            self._trials[key] = t
            old = self._cells.get(key)
            if old == cells:
                continue
            changed = True
            self._cells[key] = cells
            if old is None:
                self.add_row(*cells, key=key)
                continue
            for col, (a, b) in zip(columns, zip(old, cells)):
                if a != b:
                    self.update_cell(key, col, b)
        if changed:
            self._sort()

    def sort_by(self, column: int) -> None:
        self.sort_column = column % len(self.COLUMNS)
        self._sort()

    def _sort_key(self, t: Trial) -> tuple[float, ...]:
        values = (t.index, t.round, t.lr, t.weight_decay, t.val_acc, t.train_acc, t.done)
        v = float(values[self.sort_column])
        # Accuracies sort best first; NaN (not yet evaluated) always last.
        if self.sort_column in (4, 5):
            return (0.0 if math.isfinite(v) else 1.0, -v if math.isfinite(v) else 0.0)
        return (0.0, v)

    def _sort(self) -> None:
        """Re-order the rows; the cursor follows its trial, not its row number."""
        if not self.row_count:
            return
        current = None
        if self.cursor_row is not None and 0 <= self.cursor_row < self.row_count:
            current = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        # The first cell is the trial's index: it finds the trial of a row.
        self.sort(key=lambda row: (*self._sort_key(self._trials[row[0]]),
                                   self._trials[row[0]].index))
        if current is not None:
            self.move_cursor(row=self.get_row_index(current), scroll=False)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(event.column_index)
