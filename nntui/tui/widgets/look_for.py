"""`LookFor`: a preset's "what to look for" line, wrapped to the screen and cut to fit."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.widgets import Static

from nntui.tui.wrap import Wrapped

#: Lines the look-for line may take: below 30 rows, else from 30 rows up. Every preset's
#: line fits 4 lines at 80 columns (tests/tui/test_small_screen.py), in both languages: it
#: is the lesson, so it is shown whole rather than cut at "ReLU…".
BUDGET_SMALL, BUDGET_LARGE = 4, 5


class LookFor(Static):
    """Wrapped to the width; cut, with "…", only past its line budget (`BUDGET_SMALL` lines
    below 30 rows, else `BUDGET_LARGE`). The help screen (`?`) shows it whole."""

    DEFAULT_CSS = """
    LookFor { height: auto; max-height: 5; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, label: str, text: str, *, short: str | None = None,
                 id: str | None = None) -> None:
        """``short``: the line without its trailing note (the seeds note,
        `presets.look_for`), shown instead where the whole would not fit: the lesson
        itself is never cut for the note."""
        self.full = RichText(label, style="bold") + RichText(text)
        self.short = None if short is None else RichText(label, style="bold") + RichText(short)
        self.cut = False  # the last fit() had to cut the text
        super().__init__(self.full, id=id)

    def fit(self, width: int, height: int) -> None:
        """Re-wrap for a screen of ``width`` x ``height`` cells."""
        width = max(10, width - 2)  # the widget's padding: 1 cell each side
        budget = BUDGET_SMALL if height < 30 else BUDGET_LARGE
        lines = Wrapped(self.full).lines(width)  # breaks Japanese between characters
        if len(lines) > budget and self.short is not None:
            lines = Wrapped(self.short).lines(width)
        self.cut = len(lines) > budget
        if self.cut:
            lines = lines[:budget]
            last = lines[-1]
            last.truncate(width - 1)
            last.append("…")
        self.update(RichText("\n").join(lines))
