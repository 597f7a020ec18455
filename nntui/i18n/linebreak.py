"""Where a line of English, Japanese or both may break, measured in terminal cells.

English breaks at spaces. Japanese has no spaces, and may in principle break between any
two characters; in a narrow terminal that cuts words in two (「書」/「籍」, 「エポッ」/「ク」,
「戻りま」/「すか」). So Japanese breaks where a phrase ends instead: after a hiragana
that a kanji, katakana or other word follows (「書籍の|設定を|変える」), after a closing mark
(、。）」), before an opening one (（「). A number or Latin word and the Japanese beside it
stay together, with or without a blank (「1 以上」, 「100個」, 「Dropout なし」), and so does
a `code span`. Kinsoku holds throughout: no line starts with 、。）ー or a small kana, none
ends with （「. A piece wider than the whole line is folded at the cell, the one place a
word is cut.

Pure text: no Rich renderables here, so every layer (the CLI's help, plotting, widgets)
may use it. `nntui.tui.wrap.Wrapped` renders Rich text with it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells

#: Characters that must not start a line (Japanese kinsoku, plus closing ASCII marks).
NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー）」』】〕〉》〙〗’”…‥々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    ",.:;!?)]}%"
)
#: Characters that must not end a line.
NO_BREAK_AFTER = frozenset("（「『【〔〈《〘〖‘“([{")
#: Wide marks a line may end after: the end of a clause or a bracket.
_CLOSING = frozenset("、。，．：；？！）」』】〕〉》〙〗…‥")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _script(ch: str) -> str:
    """H(iragana), K(atakana, with ー), C (kanji, with 々) or O(ther)."""
    if "\u3041" <= ch <= "\u309f":
        return "H"
    if "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f":
        return "K"
    if ch == "々" or unicodedata.category(ch) == "Lo":
        return "C"
    return "O"


def _phrase_break(a: str, b: str) -> bool:
    """May a line break between the wide characters ``a`` and ``b`` (no blank between)?"""
    if a in _CLOSING or b in NO_BREAK_AFTER:
        return True
    sa, sb = _script(a), _script(b)
    if "O" in (sa, sb):
        return True  # a symbol such as × → 〜 is no part of a word
    # Particles and inflections are hiragana: a phrase ends where one gives way to a new
    # word (kanji, katakana). Inside a kanji compound or a katakana word: never.
    return sa == "H" and sb != "H"


def _word_break(a: str, b: str) -> bool:
    """Within a phrase too wide for a line: may it break between ``a`` and ``b``? Where
    the script changes (「設定|そのまま」), never inside a kanji, katakana or kana run."""
    return _phrase_break(a, b) or _script(a) != _script(b)


def _atoms(line: str, start: int = 0, stop: int | None = None
           ) -> list[tuple[int, int, int]]:
    """The smallest pieces of ``line[start:stop]``: a run of narrow non-space characters (an
    English word, a number) or one wide character, as (start, end of text, end with the
    blanks after it); leading blanks are an atom of their own."""
    atoms: list[tuple[int, int, int]] = []
    i, n = start, len(line) if stop is None else stop
    while i < n:
        first = i
        if line[i].isspace():
            pass
        elif _wide(line[i]):
            i += 1
        else:
            while i < n and not line[i].isspace() and not _wide(line[i]):
                i += 1
        text_end = i
        while i < n and line[i].isspace():
            i += 1
        atoms.append((first, text_end, i))
    return atoms


def _join(line: str, atoms: list[tuple[int, int, int]], level: str) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for k, atom in enumerate(atoms):
        # Inside a `code span` (an odd number of backquotes before it): one piece, so a
        # command to type is never split over two lines while it fits one.
        in_code = level != "char" and line.count("`", 0, atom[0]) % 2 == 1
        if spans and (in_code or _glued(line, atoms[k - 1], atom, level)):
            spans[-1][1] = atom[2]
        else:
            spans.append([atom[0], atom[2]])
    return [(a, b) for a, b in spans]


def tokens(line: str, width: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece that must stay on one line, trailing spaces included:
    phrases (see the module doc); a phrase wider than ``width`` cells comes as its words
    (script runs), a word wider than that as its characters, kinsoku always holding (only
    a piece wider than that is folded)."""

    def split(start: int, end: int, levels: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        for a, b in _join(line, _atoms(line, start, end), levels[0]):
            if len(levels) == 1 or width is None or cell_len(line[a:b].rstrip()) <= width:
                yield a, b
            else:
                yield from split(a, b, levels[1:])

    yield from split(0, len(line), ("phrase", "word", "char"))


def _glued(line: str, a: tuple[int, int, int], b: tuple[int, int, int],
           level: str = "phrase") -> bool:
    """Must the atoms ``a`` and ``b`` (in this order) stay on one line, as parts of one
    ``level`` (phrase, word or char: at "char" only kinsoku glues)?"""
    a_start, a_text_end, a_end = a
    b_start = b[0]
    if a_start == a_text_end:  # leading blanks
        return False
    first, last = line[b_start], line[a_text_end - 1]
    if first in NO_BREAK_BEFORE or (a_text_end == a_end and last in NO_BREAK_AFTER):
        return True
    if a_text_end - a_start == 1 and unicodedata.category(last) == "So":
        return True  # a series' marker (● ■ ▲) stays with the name it marks
    a_wide, b_wide = _wide(last), _wide(first)
    if level == "char" or (not a_wide and not b_wide):
        return False  # two English words: break at the blank between them
    if a_wide and b_wide:
        breaks = _phrase_break if level == "phrase" else _word_break
        return a_text_end == a_end and not breaks(last, first)
    if last in _CLOSING or first in NO_BREAK_AFTER:
        return False  # a clause ends between them
    narrow = line[b_start:b[1]] if a_wide else line[a_start:a_text_end]
    if not any(ch.isalnum() for ch in narrow):
        return False  # a mark such as · — = between words: the line may break there
    # A number or Latin word next to Japanese: glued (「1 以上」「Dropout なし」); inside a
    # phrase too wide for the line, only to the Japanese after it (「は」|「1 以上」).
    return level == "phrase" or b_wide


def break_offsets(line: str, width: int) -> list[int]:
    """Character offsets at which to break `line` so no piece is wider than `width` cells
    (trailing blanks aside). No piece is blank, except leading blanks as wide as the line."""
    width = max(2, width)
    offsets: list[int] = []
    line_start = 0  # where the current output line begins
    used = 0  # cells on it so far
    for start, end in tokens(line, width):
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


def wrap(text: str, width: int) -> list[str]:
    """`text` (one paragraph: its blanks and newlines are one space each) as lines of at
    most `width` cells, broken as the module doc says."""
    line = " ".join(text.split())
    starts = [0, *break_offsets(line, width), len(line)]
    return [out for out in (line[a:b].strip() for a, b in zip(starts, starts[1:])) if out]
