"""Legend layout as pure text: series items flowed into as few rows as fit, from the most
detailed variant (names and values) down to short names and markers, ending in ``+N``
when even those do not fit; plus the short-name rules that keep names distinguishable.

Widths are terminal cells (`cell_len`), not characters: a Japanese title or series name
takes two cells per character, and a cut never falls inside one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from rich.cells import cell_len
from rich.style import Style

from nntui.i18n import language
from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.style import AXIS, Line
from nntui.tui.plotting.title import wrap_runs


def wrap_items(first: Line, items: list[Line], width: int, gap: int = 2) -> list[Line]:
    """Greedy flow of legend ``items`` after ``first`` into as many lines as they need,
    ``gap`` blanks between two items on a line."""
    rows: list[Line] = []
    cur: Line = list(first)
    cur_w = line_width(cur)
    for item in items:
        w = line_width(item)
        sep = gap if cur_w else 0
        if cur_w and cur_w + sep + w > width:
            rows.append(cur)
            cur, cur_w, sep = [], 0, 0
        cur += ([(" " * sep, None)] if sep else []) + item
        cur_w += sep + w
    if cur_w:
        rows.append(cur)
    return rows

def line_width(line: Line) -> int:
    """Terminal cells ``line`` takes."""
    return sum(cell_len(t) for t, _style in line)

#: A legend variant: its items and the blanks between two items.
Variant = tuple[list[Line], int]

def fit_legend(first: Line, variants: Iterable[Variant], width: int, max_rows: int) -> list[Line]:
    """The title ``first``, whole, then the most detailed legend variant that fits
    ``max_rows`` rows in all.

    The title wraps onto as many rows as it needs (`title.wrap_runs`), never cut; the
    legend flows after its last row. ``variants`` go from most to least detailed (e.g.
    with values, without, short names) and may be a lazy iterable: later ones are only
    built if the earlier ones do not fit. When none fits, the last one lists as many items
    as fit and ends with ``+N``, the number of items left out, so no series silently
    vanishes. A title that fills ``max_rows`` and leaves no variant room gives the legend
    one row more. No row is wider than ``width`` cells: a variant with an item wider than
    the panel does not fit.
    """
    head = wrap_runs(first, width)
    lead, last = head[:-1], (head[-1] if head else [])
    budget = max(max_rows, len(head))
    rows: list[Line] = []
    items: list[Line] = []
    gap = 2
    tried: list[Variant] = []

    def flow(items: list[Line], gap: int) -> list[Line]:
        return lead + wrap_items(last, items, width, gap)

    def fits(rows: list[Line]) -> bool:
        return len(rows) <= budget and all(line_width(r) <= width for r in rows)

    for items, gap in variants:
        tried.append((items, gap))
        rows = flow(items, gap)
        if fits(rows):
            return rows
    if max_rows <= 0:
        return []
    if head and len(head) >= max_rows:
        # The title took every row: the legend gets one more (which series is which
        # matters more than a row of plot), before it is cut to "+N".
        budget += 1
        for items, gap in tried:
            rows = flow(items, gap)
            if fits(rows):
                return rows

    def cut(k: int) -> list[Line]:
        return flow(items[:k] + [[(f"+{len(items) - k}", AXIS)]], gap)

    # The most items that still fit with the "+N" (monotonic in k: binary search).
    lo, hi = 0, len(items) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(cut(mid)):
            lo = mid
        else:
            hi = mid - 1
    return cut(lo)

# Name tokens: words, numbers (0.54, 1e-05), any other single character. A Latin word and
# a Japanese one are two words even without a blank between them ("Dropoutなし"), so a
# shared technique name is dropped and the Japanese part tells the series apart.
_TOKEN = re.compile(r"[A-Za-z]+|[^\W\d_A-Za-z]+|\d[\d.]*(?:e[+-]?\d+)?|\S", re.IGNORECASE)

def _name_tokens(name: str) -> list[tuple[str, str, bool]]:
    """``name`` as (kind, text, space before) tokens; kind is word, num, flag or sym.

    A blank-separated chunk that starts with a symbol (``✗diverged``, ``⏹stopped``) is
    one ``flag`` token whose short form is that symbol.
    """
    out: list[tuple[str, str, bool]] = []
    for m in re.finditer(r"\S+", name):
        chunk, space = m.group(), m.start() > 0
        if not chunk[0].isalnum():
            out.append(("flag", chunk, space))
            continue
        for i, t in enumerate(_TOKEN.findall(chunk)):
            kind = "word" if t[0].isalpha() else "num" if t[0].isdigit() else "sym"
            out.append((kind, t, space and i == 0))
    return out

def _drop_common(tokens: list[list[tuple[str, str, bool]]]) -> list[list[tuple[str, str, bool]]]:
    """Drop the tokens every name shares (``w``/``=`` of ``BN w=0.54`` vs ``plain w=1``):
    at the same position when all names have as many tokens, else as a common prefix or
    suffix. A dropped token's blank moves to the next kept one; flags are always kept."""
    if len(tokens) < 2:
        return tokens
    texts = [[t[1] for t in ts] for ts in tokens]
    n = len(texts[0])
    if all(len(t) == n for t in texts):
        same = [all(t[i] == texts[0][i] for t in texts) for i in range(n)]
    else:
        m = min(len(t) for t in texts)
        pre = next((i for i in range(m) if any(t[i] != texts[0][i] for t in texts)), m)
        suf = next((i for i in range(m - pre) if any(t[-1 - i] != texts[0][-1 - i]
                                                     for t in texts)), m - pre)
        same = None
    out = []
    for ts in tokens:
        if same is None:
            k = len(ts)
            drop = [i < pre or i >= k - suf for i in range(k)]
        else:
            drop = same
        kept: list[tuple[str, str, bool]] = []
        space = False
        for (kind, text, sp), d in zip(ts, drop):
            space = space or sp
            if d and kind != "flag":
                continue
            kept.append((kind, text, space and bool(kept)))
            space = False
        if not any(kind != "flag" for kind, _, _ in kept):
            return tokens  # some name would be left with nothing: keep everything
        out.append(kept)
    return out

def _abbrev(tokens: list[tuple[str, str, bool]], k: int, compact: bool,
            whole_latin: bool = False) -> str:
    """Words cut to ``k`` letters (kept whole if one letter longer, from k = 4), numbers
    without a leading ``0`` (``.54``), flags as their symbol; ``compact`` drops blanks.
    ``whole_latin``: Latin words stay whole and every blank stays (only others are cut)."""
    blanks = not compact or whole_latin
    parts = []
    for kind, text, space in tokens:
        if kind == "word" and not (whole_latin and text.isascii()):
            text = text if len(text) <= k + (k >= 4) else text[:k]
        elif kind == "num" and text.startswith("0."):
            text = text[1:]
        elif kind == "flag":
            text = text[0]
        parts.append((" " if space and blanks else "") + text)
    return "".join(parts)

@lru_cache(maxsize=64)
def short_names(names: tuple[str, ...], k: int, compact: bool = False,
                whole_latin: bool = False) -> tuple[str, ...]:
    """Short legend names that stay distinguishable: shared words dropped, words cut to
    ``k`` letters, and any names that would then collide keep more letters until unique.

    E.g. ``SGD Momentum AdaGrad Adam RMSprop`` with k=3 -> ``SGD Mom AdaG Adam RMS``;
    ``BN w=1, plain w=1, BN w=0.54`` with k=1, compact -> ``B1 p1 B.54``. Falls back to the
    full names if shortening cannot keep them apart. ``whole_latin`` (Japanese): a Latin
    word is a name there (a technique, a setting), never cut into a non-word like "Mom";
    only Japanese words are shortened.
    """
    tokens = _drop_common([_name_tokens(n) for n in names])
    ks = [k] * len(names)
    longest = max((len(t[1]) for ts in tokens for t in ts), default=0)
    while True:
        out = [_abbrev(ts, kk, compact, whole_latin) for ts, kk in zip(tokens, ks)]
        seen: dict[str, list[int]] = {}
        for i, o in enumerate(out):
            seen.setdefault(o, []).append(i)
        clash = [i for group in seen.values() if len(group) > 1 for i in group]
        if not clash:
            return tuple(out)
        if all(ks[i] > longest for i in clash):
            return names
        for i in clash:
            ks[i] += 1

def _legend_item(s: Series, style: Style, value: str | None) -> Line:
    text = f" {s.name}" + (f" {value}" if value else "")
    return [(s.marker, style), (text, None)]

def series_legend(
    shown: Sequence[tuple[Series, Style]], values: Callable[[Series], str | None] | None = None
) -> Iterable[Variant]:
    """Legend variants of ``shown`` series, most to least detailed, built lazily: names
    with ``values``, full names, short names (4 letters), then ``●name`` items one blank
    apart with (in Japanese 4-,) 3-, 2- and 1-letter names (see :func:`short_names`), then
    markers only if no two series share one. :func:`fit_legend` cuts the last with ``+N``
    if need be.

    In Japanese, Latin words (technique names as the book writes them) are not cut: a
    reader of Japanese meets "Mom" or "AdaG" nowhere else."""
    whole_latin = language() == "ja"
    if values is not None:
        yield [_legend_item(s, st, values(s)) for s, st in shown], 2
    yield [_legend_item(s, st, None) for s, st in shown], 2
    names = tuple(s.name for s, _ in shown)
    short = short_names(names, 4, whole_latin=whole_latin)
    if short != names:
        yield [[(s.marker, st), (f" {n}", None)] for (s, st), n in zip(shown, short)], 2
    if whole_latin:
        # A Japanese word is two cells a character: 4 of them ("ステップ", "コサイン")
        # compact take the room 3 would spaced, and 3 cut most words ("ステッ", "コサイ").
        four = short_names(names, 4, compact=True, whole_latin=True)
        yield [[(s.marker, st), (n, None)] for (s, st), n in zip(shown, four)], 1
    for k in (3, 2, 1):
        tiny = short_names(names, k, compact=True, whole_latin=whole_latin)
        yield [[(s.marker, st), (n, None)] for (s, st), n in zip(shown, tiny)], 1
    if len({s.marker for s, _ in shown}) == len(shown):
        # Markers alone still tell the series apart (other panels name them); with more
        # series than markers they would not: then short names and "+N" are better.
        yield [[(s.marker, st)] for s, st in shown], 1
