"""`LookFor`: a preset's "what to look for" line, wrapped to the screen and cut to fit."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.widgets import Static

from nntui.tui.wrap import Wrapped


class LookFor(Static):
    """Wrapped to the width and cut, with "…", past its line budget: 2 lines below 30
    rows (the plots need them), else 3. The help screen (`?`) shows it whole."""

    DEFAULT_CSS = """
    LookFor { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, label: str, text: str, *, id: str | None = None) -> None:
        self.full = RichText(label, style="bold") + RichText(text)
        super().__init__(self.full, id=id)

    def fit(self, width: int, height: int) -> None:
        """Re-wrap for a screen of ``width`` x ``height`` cells."""
        width = max(10, width - 2)  # the widget's padding: 1 cell each side
        budget = 2 if height < 30 else 3
        lines = Wrapped(self.full).lines(width)  # breaks Japanese between characters
        if len(lines) > budget:
            lines = lines[:budget]
            last = lines[-1]
            last.truncate(width - 1)
            last.append("…")
        self.update(RichText("\n").join(lines))
