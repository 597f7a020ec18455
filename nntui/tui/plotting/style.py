"""Shared styles and strip helpers of every plot: Rich styles built once, a run of styled
text as a Strip of an exact width, and the "too small" / "waiting" notices.

Runs are ``(text, Style | None)`` pairs; None means the widget's own base style."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.color import ColorParseError
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.i18n import N_, _
from nntui.i18n.cells import clip
from nntui.i18n.linebreak import wrap

#: Shown through `_()`, as every notice here.
TOO_SMALL = N_("too small")

#: A run of text with its style (None = the widget's own style).
Run = tuple[str, "Style | None"]

Line = list[Run]

@lru_cache(maxsize=256)
def style(color: str | None = None, *, dim: bool = False, bold: bool = False) -> Style:
    """A shared rich Style; an unknown colour name falls back to no colour, not an error."""
    try:
        return Style(color=color, dim=dim or None, bold=bold or None)
    except ColorParseError:
        return Style(dim=dim or None, bold=bold or None)

AXIS = style(dim=True)

TITLE = style(bold=True)
#: A dim remark after a title (what an overlay shows).
NOTE = style(dim=True)

@lru_cache(maxsize=1024)
def on_base(base: Style, style: Style | None) -> Style:
    """``style`` layered on the widget's base style (its CSS colour and background).

    Every segment gets a real Style: Textual's NO_COLOR (Monochrome) filter cannot handle
    ``None`` styles, and the base keeps the plot's background equal to the widget's.
    """
    return base if style is None else base + style

def too_small(width: int, height: int, base: Style) -> list[Strip]:
    """A one-line notice instead of a plot that cannot fit; never raises."""
    text = _(TOO_SMALL)
    text = text if cell_len(text) <= width else "…"[:width]
    rows = [Strip.blank(width, base) for _unused in range(height)]
    if height and width:
        rows[height // 2] = Strip([Segment(center(text, width), on_base(base, AXIS))], width)
    return rows


def center(text: str, width: int) -> str:
    """``text`` centred in ``width`` terminal cells (as `str.center` puts an odd blank:
    English stays as it was), cut with "…" when wider."""
    text = clip(text, width)
    marg = width - cell_len(text)
    left = marg // 2 + (marg & width & 1)
    return " " * left + text + " " * (marg - left)

#: What an empty plot says instead of drawing axes around nothing.
WAITING = N_("waiting for the first data…")

def waiting(width: int, height: int, base: Style, title: str) -> list[Strip]:
    """The title, then WAITING centred: an empty plot (a run's first moments, a search's
    first trial) should not look like a finished plot of nothing."""
    rows = [line_strip([(line, TITLE)], width, base) for line in wrap(title, width)]
    rows += [Strip.blank(width, base) for _unused in range(height - len(rows))]
    if len(rows) > 1:
        mid = len(rows) // 2
        rows[mid] = line_strip([(center(_(WAITING), width), AXIS)], width, base)
    return rows[:height]

def line_strip(runs: Line, width: int, base: Style) -> Strip:
    """Runs -> a Strip exactly ``width`` cells wide (cropped or padded) on ``base``."""
    segments = [Segment(t, on_base(base, s)) for t, s in runs if t]
    return Strip(segments).adjust_cell_length(width, base)

@lru_cache(maxsize=256)
def glyph(marker: str) -> str:
    """A marker safe to put in one canvas cell: canvas rows skip cell-width measuring, so a
    wide or multi-char marker (emoji, "ab") is replaced by its first narrow char or "*"."""
    return marker[:1] if marker and cell_len(marker[:1]) == 1 else "*"
