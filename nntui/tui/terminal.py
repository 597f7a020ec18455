"""Terminals that are not modern: a non-UTF-8 locale, the Linux console, 16 colours.

- A locale whose charset is not UTF-8 (``LANG=en_US.ISO-8859-1``) cannot show braille,
  box drawing or the status icons: Python would write them as ``\\u28c6`` escape text (its
  stderr uses ``backslashreplace``), and as UTF-8 they would be several cells each. The
  Linux console (``TERM=linux``) is UTF-8 but its font has no braille. Both get the
  `AsciiFilter`: every line the app draws has its glyphs mapped to ASCII, one cell for one
  cell, so rows still fit; under a non-UTF-8 charset what is left that the charset cannot
  encode becomes "?" (one per cell) and stderr is set to that charset with ``replace``.
- 16 colours (``TERM=xterm``): the App adds the ``-ansi16`` class, and app.tcss gives the
  footer keys colours that stay apart when Rich reduces them to the 16 ANSI ones.
- NO_COLOR: the series are drawn in the foreground colour (`views.color_of`), so every
  series keeps the text's contrast; markers carry their identity.
"""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter


@dataclass(frozen=True)
class TerminalMode:
    """ascii: draw with ASCII glyphs. encoding: the charset output must fit (None: any).
    ansi16: the terminal has 16 colours only."""

    ascii: bool = False
    encoding: str | None = None
    ansi16: bool = False


def locale_charset(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """The charset the user's locale names (LC_ALL > LC_CTYPE > LANG), lower case, or
    None when none names one (``C``, ``POSIX``, unset: Python then uses UTF-8)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(var)
        if var == "LC_CTYPE" and value in ("C.UTF-8", "C.utf8") and env.get("LANG"):
            continue  # set by Python itself (PEP 538) when LANG's locale is not installed
        if value:
            name = value.split("@", 1)[0]
            return name.partition(".")[2].lower() or None
    return None


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def detect(environ: dict[str, str] | None = None, stream_encoding: str | None = None
           ) -> TerminalMode:
    """The mode for this environment: ASCII under TERM=linux or a non-UTF-8 charset."""
    env = dict(os.environ) if environ is None else environ
    charset = locale_charset(env)
    encoding = None
    if charset is not None and not _is_utf8(charset):
        encoding = charset
    elif stream_encoding is not None and not _is_utf8(stream_encoding):
        encoding = stream_encoding
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            encoding = "ascii"
    forced = env.get("NNTUI_ASCII", "") not in ("", "0")
    return TerminalMode(ascii=forced or encoding is not None or env.get("TERM") == "linux",
                        encoding=encoding, ansi16=colour_system(env) in ("standard", "windows"))


def colour_system(env: dict[str, str]) -> str | None:
    """The colour system Textual's console will use in ``env`` (as Rich detects it)."""
    # rich's detection, only while the terminal is prepared
    import io

    from rich.console import Console

    chosen = env.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if chosen != "auto":
        return chosen
    console = Console(file=io.StringIO(), force_terminal=True, _environ=env)
    return console.color_system


def prepare(environ: dict[str, str] | None = None) -> TerminalMode:
    """Detect the terminal at startup (before the App exists; pass the result to it as
    ``terminal_mode``) and make stderr, where Textual draws, write the locale's charset
    with "?" for the rest instead of escape text."""
    err = sys.__stderr__
    env = dict(os.environ) if environ is None else environ
    if "web_driver" in env.get("TEXTUAL_DRIVER", ""):  # nntui serve: a browser draws it
        return TerminalMode()
    mode = detect(env, getattr(err, "encoding", None))
    if mode.encoding is not None and err is not None and hasattr(err, "reconfigure"):
        err.reconfigure(encoding=mode.encoding, errors="replace")
    return mode


# -- the ASCII drawing ----------------------------------------------------------------------
def _braille_char(bits: int) -> str:
    """An ASCII stand-in for a braille cell: which of its 4 dot rows are set decides."""
    rows = {r for r, mask in enumerate((0x09, 0x12, 0x24, 0xC0)) if bits & mask}
    if not rows:
        return " "
    if len(rows) >= 3:
        return "|"
    if rows <= {0, 1}:
        return "-" if rows == {1} else "'"
    if rows <= {2, 3}:
        return "." if 3 in rows else "-"
    if rows == {1, 2}:
        return "-"
    return ":"


ASCII_MAP: dict[int, str] = {0x2800 + b: _braille_char(b) for b in range(256)}
ASCII_MAP[0x2800] = " "
for _chars, _to in (
    ("─━╌╍┄┅┈┉╴╶╸╺▔▁", "-"), ("│┃╎╏┆┇┊┋▏▕▎▍▌▐▊▋▉", "|"),
    ("┌┐└┘├┤┬┴┼╭╮╰╯┏┓┗┛┣┫┳┻╋", "+"), ("▂▃", "_"), ("▄▅", "="), ("▆▇█▀", "#"),
    ("●", "o"), ("■", "#"), ("▲", "^"), ("◆", "$"), ("★", "*"), ("✚", "+"), ("○", "O"),
    ("□", "="), ("△", "A"), ("◇", "%"), ("☆", "&"), ("×✗✖", "x"), ("▶▸►", ">"),
    ("◉", "@"), ("▣", "H"), ("▼", "V"), ("◈", "X"), ("✦", "Y"), ("✱", "K"),
    ("◀◂◄", "<"), ("⏸", "="), ("✔✓", "v"), ("⏹", "#"), ("…", "~"), ("·•", "."),
    ("←", "<"), ("→", ">"), ("↑", "^"), ("↓", "v"), ("“”", '"'), ("‘’", "'"), ("–—", "-"),
    # shades light to dark (a seed band, bands overlapping, a heatmap's densest cells)
    ("░", ":"), ("▒", "="), ("▓", "#"), ("μ", "u"), ("σ", "s"),
):
    for _c in _chars:
        ASCII_MAP[ord(_c)] = _to


def to_ascii(text: str, encoding: str | None = None) -> str:
    """``text`` with its glyphs mapped to ASCII, cell for cell. Under ``encoding`` what it
    cannot encode becomes "?" per cell; with no encoding other characters stay."""
    if text.isascii():
        return text
    text = text.translate(ASCII_MAP)
    if encoding is None or text.isascii():
        return text
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append("?" * max(1, cell_len(ch)))
    return "".join(out)


class AsciiFilter(LineFilter):
    """Maps every drawn segment's text with `to_ascii` (a Textual line filter)."""

    def __init__(self, encoding: str | None = None, enabled: bool = True) -> None:
        super().__init__(enabled)
        self.encoding = encoding

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        enc = self.encoding
        return [Segment(to_ascii(text, enc), style, control)
                if not text.isascii() else Segment(text, style, control)
                for text, style, control in segments]


def line_filters(mode: TerminalMode) -> list[LineFilter]:
    """The line filters ``mode`` needs on top of Textual's own (the App returns them from
    its public `get_line_filters`): the ASCII drawing, or none."""
    return [AsciiFilter(mode.encoding)] if mode.ascii else []


def install(app: object, mode: TerminalMode) -> None:
    """Give ``app`` (a Textual App) the 16-colour class ``mode`` needs (its line filters:
    `line_filters`)."""
    if mode.ansi16:
        app.add_class("-ansi16")  # type: ignore[attr-defined]
