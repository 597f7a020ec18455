"""Exported SVGs (`nntui export --svg`) laid out cell by cell, whatever font draws them.

Textual's SVG (rich's ``export_svg``) writes each run of same-styled cells as one ``<text>``
whose characters follow one another by the font's advance, named "Fira Code, monospace"
with @font-face rules that fetch Fira Code from a CDN. Without that font (offline, or
rsvg-convert, which ignores ``textLength``) braille, block and marker characters come from
a fallback font whose advance is not one cell: a curve of braille ends short of its marker.

`cell_aligned` names a local monospace stack instead (no request leaves the machine), and
puts every character outside ASCII at its own cell (a ``<tspan x=…>``; a two-cell Japanese
character takes two), so any renderer lays the cells out as the terminal did.
"""

from __future__ import annotations

import html
import re

from nntui.i18n.cells import width

#: Monospace fonts that draw the dashboard's characters, most-installed first (DejaVu on
#: Linux, Menlo on macOS, Consolas on Windows); braille falls back per character.
FONT_STACK = ("'DejaVu Sans Mono', 'Noto Sans Mono', 'Liberation Mono', Menlo, Consolas, "
              "'Fira Code', monospace")

_FONT_FACE = re.compile(r"\s*@font-face\s*\{[^}]*\}")
_FAMILY = re.compile(r"font-family:\s*Fira Code,\s*monospace;")
_TEXT = re.compile(r'<text (?P<head>[^>]*?)x="(?P<x>[-\d.]+)"(?P<tail>[^>]*?'
                   r'textLength="(?P<length>[\d.]+)"[^>]*)>(?P<body>[^<]*)</text>')


def cell_aligned(svg: str) -> str:
    """``svg`` (rich's export) with a local font stack and non-ASCII characters placed
    cell by cell (module doc)."""
    svg = _FONT_FACE.sub("", svg)
    svg = _FAMILY.sub(f"font-family: {FONT_STACK};", svg)
    return _TEXT.sub(_place, svg)


def _place(m: re.Match[str]) -> str:
    text = html.unescape(m.group("body"))
    if text.replace("\xa0", " ").isascii():
        return m.group(0)
    x0 = float(m.group("x"))
    # One cell's width in this SVG: rich writes textLength as a cell's width times the
    # number of characters (not of cells) and x as a cell's width times the column.
    cell = float(m.group("length")) / len(text)
    spans: list[str] = []
    run, run_at, at = "", 0, 0  # an ASCII run, the cell it starts at; the next cell
    for ch in text:
        if ch.isascii() or ch == "\xa0":  # the monospace font's own advance is one cell
            if not run:
                if ch in " \xa0":  # rsvg drops a tspan's leading space: start after it
                    at += 1
                    continue
                run_at = at
            run += ch
            at += 1
            continue
        if run:
            spans.append(_tspan(x0 + run_at * cell, run))
            run = ""
        spans.append(_tspan(x0 + at * cell, ch))
        at += width(ch)
    if run:
        spans.append(_tspan(x0 + run_at * cell, run))
    return f'<text {m.group("head")}x="{m.group("x")}"{m.group("tail")}>{"".join(spans)}</text>'


def _tspan(x: float, text: str) -> str:
    # Spaces stay non-breaking (rich writes them as &#160;), so none is collapsed.
    body = html.escape(text, quote=False).replace(" ", "&#160;")
    return f'<tspan x="{round(x, 3):.10g}">{body}</tspan>'
