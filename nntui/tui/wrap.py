"""Line wrapping that suits Japanese as well as English.

Rich breaks lines only at spaces and crops (or folds) a longer run, so Japanese prose —
long runs with a rare space between a Latin word and the next phrase — wraps early at that
space or loses its end. `Wrapped` may break between any two CJK characters too (never
before 、。）etc. nor after （「), at spaces as usual, and folds a run wider than the line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

#: Characters that must not start a line (Japanese kinsoku, plus closing ASCII marks).
NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー）」』】〕〉》〙〗’”…‥々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    ",.:;!?)]}%"
)
#: Characters that must not end a line.
NO_BREAK_AFTER = frozenset("（「『【〔〈《〘〖‘“([{")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def tokens(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece that must stay on one line, trailing spaces included.

    A piece is a run of narrow non-space characters (an English word) or one wide (CJK)
    character, with the kinsoku marks glued to the piece before or after them.
    """
    spans: list[list[int]] = []
    i, n = 0, len(line)
    while i < n:
        start = i
        if line[i].isspace():  # leading spaces: a piece of their own
            pass
        elif _wide(line[i]):
            i += 1
        else:
            while i < n and not line[i].isspace() and not _wide(line[i]):
                i += 1
        while i < n and line[i].isspace():
            i += 1
        glue = spans and (
            line[start] in NO_BREAK_BEFORE
            or (spans[-1][1] == start and line[start - 1] in NO_BREAK_AFTER)
        )
        if glue:
            spans[-1][1] = i
        else:
            spans.append([start, i])
    for start, end in spans:
        yield start, end


def break_offsets(line: str, width: int) -> list[int]:
    """Character offsets at which to break `line` so no piece is wider than `width` cells
    (trailing blanks aside). No piece is blank, except leading blanks as wide as the line."""
    width = max(2, width)
    offsets: list[int] = []
    line_start = 0  # where the current output line begins
    used = 0  # cells on it so far
    for start, end in tokens(line):
        body = line[start:end].rstrip()
        need = cell_len(body)
        if used + need > width and (line[line_start:start].strip() or used >= width):
            # Break before the piece; after leading blanks only when they fill the line.
            offsets.append(start)
            line_start, used = start, 0
        if used + need <= width:
            used += cell_len(line[start:end])
            continue
        # Wider than the rest of a line: fold it, the first part filling that rest.
        at, room, stop = start, width - used, start + len(body)
        while cell_len(line[at:stop]) > room:
            if offsets and offsets[-1] == at:  # a fresh line never starts with blanks:
                blanks = len(line[at:stop]) - len(line[at:stop].lstrip())
                at += blanks  # they end the line before (and are stripped there)
                offsets[-1] = at
                if cell_len(line[at:stop]) <= room:
                    break
            part = chop_cells(line[at:stop], room)[0]
            if not part:  # a wide character after leading blanks: it starts the next line
                offsets.append(at)
                line_start, room = at, width
                continue
            at += len(part)
            offsets.append(at)
            line_start, room = at, width
        used = cell_len(line[at:end])
    return offsets


class Wrapped:
    """A Rich renderable: `text` wrapped to the width it is given, CJK-aware (see module)."""

    def __init__(self, text: Text | str) -> None:
        self.text = text if isinstance(text, Text) else Text(text)

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            for piece in line.divide(break_offsets(line.plain, width)):
                piece.rstrip()
                out.append(piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for piece in self.lines(options.max_width):
            piece.no_wrap = True
            piece.overflow = "fold"
            piece.end = "\n"
            yield piece

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        lines = plain.split("\n")
        widest = max(cell_len(line) for line in lines)
        piece = max((cell_len(line[s:e].rstrip()) for line in lines
                     for s, e in tokens(line)), default=0)
        limit = options.max_width
        return Measurement(min(piece, limit), min(widest, limit))

    def __str__(self) -> str:
        return self.text.plain
