"""Text measured in terminal cells: a Japanese (full-width) character takes two.

Python's `len`, `str.ljust` and `[:n]` count characters, so a Japanese title padded with them
overflows its column by one cell per character, and a cut may fall between the two halves of
a character. Tables, legends and status lines are padded and cut with these instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def width(text: str) -> int:
    """Cells `text` takes on a terminal."""
    return cell_len(text)


def clip(text: str, cells: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` cut to at most `cells` cells, ending in `ellipsis` when cut; never half a
    wide character (a wide character that does not fit whole is dropped)."""
    if cell_len(text) <= cells:
        return text
    if cells <= cell_len(ellipsis):
        return ellipsis[:cells] if cells > 0 else ""
    room = cells - cell_len(ellipsis)
    cut = set_cell_size(text, room)
    # set_cell_size pads with a space where it had to drop half of a wide character
    return cut.rstrip(" ") + ellipsis if len(cut) > 0 else ellipsis


def pad(text: str, cells: int, align: str = "<") -> str:
    """`text` padded with spaces to `cells` cells (`align` "<", ">" or "^"); clipped first
    when it is wider."""
    text = clip(text, cells)
    gap = cells - cell_len(text)
    if align == ">":
        return " " * gap + text
    if align == "^":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def table(rows: Sequence[Sequence[str]], aligns: str = "", gap: str = "  ") -> list[str]:
    """Rows of cells as aligned lines: each column as wide as its widest cell (in terminal
    cells). `aligns` gives one of "<>^" per column (default "<"); trailing spaces dropped."""
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    widths = [max((cell_len(r[i]) for r in rows if i < len(r)), default=0)
              for i in range(columns)]
    aligns = aligns.ljust(columns, "<")
    return [gap.join(pad(c, widths[i], aligns[i]) for i, c in enumerate(r)).rstrip()
            for r in rows]
