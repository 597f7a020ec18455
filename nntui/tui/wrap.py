"""Rich text wrapped with `nntui.i18n.linebreak`: Japanese breaks where a phrase ends (never
inside a word, before 、。） nor after （「), English at spaces, and a run wider than the
line is folded. Rich alone breaks only at spaces and crops (or folds) a longer run, so
Japanese prose — long runs with a rare space between a Latin word and the next phrase —
would wrap early at that space or lose its end.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from nntui.i18n.linebreak import NO_BREAK_AFTER, NO_BREAK_BEFORE, break_offsets, tokens, wrap

__all__ = ["NO_BREAK_AFTER", "NO_BREAK_BEFORE", "Wrapped", "break_offsets", "toast_text",
           "tokens"]

#: Cells of text in a toast: Textual's Toast is 60 cells wide, less its padding (1 + 1) and
#: its left border (1).
TOAST_CELLS = 57


def toast_text(message: str, screen_width: int) -> str:
    """``message`` with its lines broken to fit a toast on a screen ``screen_width`` wide
    (a toast narrower than 60 cells when the screen is), where it has Japanese: Textual's
    own wrapping breaks English at spaces well, but Japanese wherever a line is full."""
    if cell_len(message) == len(message):
        return message  # no wide character
    width = max(10, min(TOAST_CELLS, screen_width - 3))
    return "\n".join("\n".join(wrap(part, width) or [""]) for part in message.split("\n"))


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
                     for s, e in tokens(line, 0)), default=0)
        limit = options.max_width
        return Measurement(min(piece, limit), min(widest, limit))

    def __str__(self) -> str:
        return self.text.plain
