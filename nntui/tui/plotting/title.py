"""Panel titles laid out whole: wrapped to the panel's width with the dashboard's line
breaking (Japanese between phrases, `nntui.i18n.linebreak`), never cut with "…". Where
rows are short, a title's hints (the keys that change the view) go first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from nntui.i18n.linebreak import break_offsets, wrap
from nntui.tui.plotting.style import Line

#: Between the parts of a title: "activations of ● SGD · x per layer (h)".
SEP = " · "


def wrap_runs(runs: Line, width: int) -> list[Line]:
    """Styled ``runs`` (one title line) as rows of at most ``width`` cells, broken where
    `break_offsets` breaks their text; a row's leading and trailing blanks dropped."""
    text = "".join(t for t, _style in runs)
    if cell_len(text) <= width:
        return [list(runs)] if text else []
    bounds = [0, *break_offsets(text, width), len(text)]
    rows: list[Line] = []
    for a, b in zip(bounds, bounds[1:]):
        row: Line = []
        pos = 0
        for t, st in runs:
            lo, hi = max(a, pos), min(b, pos + len(t))
            if lo < hi:
                row.append((t[lo - pos:hi - pos], st))
            pos += len(t)
        if row:
            row[0] = (row[0][0].lstrip(), row[0][1])
            row[-1] = (row[-1][0].rstrip(), row[-1][1])
        if any(t for t, _st in row):
            rows.append(row)
    return rows


def title_lines(parts: Sequence[str], hints: Sequence[str], width: int,
                max_rows: int) -> list[str]:
    """``parts`` then ``hints`` on rows of ``width`` cells: parts side by side (`SEP`
    between) while they fit, a part that does not starting a row, one wider than a row
    wrapped; hints left out from the last while that needs more than ``max_rows`` rows.
    The parts themselves always show whole, on as many rows as they need."""
    hints = list(hints)
    while True:
        rows: list[str] = []
        for part in (p for p in (*parts, *hints) if p):
            joined = f"{rows[-1]}{SEP}{part}" if rows else part
            if rows and cell_len(joined) <= width:
                rows[-1] = joined
            else:
                rows += wrap(part, width)
        if len(rows) <= max_rows or not hints:
            return rows
        hints.pop()
