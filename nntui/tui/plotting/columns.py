"""How a narrow table fits its panel without losing a column: the most spacious of a few
layouts whose width fits, from one-line headers with a blank on each side of a cell, to
headers on two lines (「テスト」/「精度」), to one blank between columns. Widths are
terminal cells (a Japanese header is two per character)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from nntui.i18n.linebreak import tokens


@dataclass(frozen=True)
class ColumnPlan:
    """``headers``: each column's header, lines joined by "\\n"; ``widths``: each
    column's text width; ``padding``: blanks each side of a cell (0: one blank after each
    column's text, counted in its width); ``width``: the table's whole width."""

    headers: tuple[str, ...]
    widths: tuple[int, ...]
    padding: int
    header_lines: int
    width: int


def _two_lines(header: str, least: int) -> str:
    """``header`` on two lines split where the two come out most even, at the best kind
    of break it has (between phrases, else where the script changes: 「テスト」/「精度」,
    else between two kanji: 「訓練」/「精度」); itself when that is no narrower than one
    line or than ``least`` cells (its values' width) already is."""
    one = cell_len(header)
    if one <= least:
        return header
    for width in (None, one - 1, 0):  # phrases, words, characters (`tokens`)
        starts = [a for a, _b in tokens(header, width)][1:]
        if starts:
            break
    best = min(starts, default=None,
               key=lambda k: max(cell_len(header[:k].rstrip()), cell_len(header[k:].strip())))
    if best is None:
        return header
    top, bottom = header[:best].rstrip(), header[best:].strip()
    return f"{top}\n{bottom}" if max(cell_len(top), cell_len(bottom)) < one else header


def fit_columns(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int
                ) -> ColumnPlan:
    """The first layout of ``headers`` over ``rows`` that fits ``width`` cells, else the
    narrowest (its ``width`` says how much room it needs)."""
    values = [max((cell_len(r[i]) for r in rows if i < len(r)), default=0)
              for i in range(len(headers))]
    plan: ColumnPlan | None = None
    for lines, padding in ((1, 1), (2, 1), (2, 0)):
        heads = [h if lines == 1 else _two_lines(h, v) for h, v in zip(headers, values)]
        widths = [max(v, *(cell_len(part) for part in h.split("\n")))
                  for h, v in zip(heads, values)]
        if padding == 0:
            widths = [w + 1 for w in widths]  # the blank after each column's text
        used = max((h.count("\n") + 1 for h in heads), default=1)
        total = sum(widths) + 2 * padding * len(widths)
        plan = ColumnPlan(tuple(heads), tuple(widths), padding, used, total)
        if total <= width:
            break
    assert plan is not None
    return plan
