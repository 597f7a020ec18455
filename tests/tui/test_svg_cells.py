"""Exported SVGs: a local monospace stack and every non-ASCII character at its own cell."""

from __future__ import annotations

import io
import re

from rich.console import Console

from nntui.tui.svg_cells import FONT_STACK, cell_aligned


def _svg(text: str) -> str:
    """rich's SVG of one line (what Textual's export_screenshot writes, cell for cell)."""
    console = Console(width=30, record=True, file=io.StringIO(), force_terminal=True)
    console.print(text, style="bold red", highlight=False)
    return console.export_svg(title="t")


def test_braille_and_wide_characters_sit_on_their_cells() -> None:
    raw = _svg("ab⣀⣤ c 日本x  ")
    m = re.search(r'<text [^>]*x="([\d.]+)"[^>]*textLength="([\d.]+)"[^>]*>ab', raw)
    assert m is not None
    # rich: x = column × cell width, textLength = cell width × characters (12 here).
    x0, cell = float(m.group(1)), float(m.group(2)) / 12
    fixed = cell_aligned(raw)
    spans = re.findall(r'<tspan x="([\d.]+)">([^<]*)</tspan>', fixed)
    at = {text.rstrip("\xa0"): round((float(x) - x0) / cell, 3) for x, text in spans}
    # "ab" at cell 0, the braille at 2 and 3, "c" after the space (5), 日 at 7, 本 at 9
    # (日 is two cells wide), "x" at 11.
    assert at == {"ab": 0, "⣀": 2, "⣤": 3, "c": 5, "日": 7, "本": 9, "x": 11}, at


def test_no_font_is_fetched_and_the_local_stack_is_named() -> None:
    raw = _svg("⣿ loss")
    assert "cdnjs.cloudflare.com" in raw  # what rich writes: fonts from a CDN
    fixed = cell_aligned(raw)
    assert "@font-face" not in fixed and "url(" not in fixed.replace("url(#", "")
    assert f"font-family: {FONT_STACK};" in fixed
    assert FONT_STACK.startswith("'DejaVu Sans Mono'")


def test_an_ascii_line_is_left_as_rich_wrote_it() -> None:
    raw = _svg("loss 0.25 it 100")
    fixed = cell_aligned(raw)
    assert "<tspan" not in fixed
    assert re.findall(r"<text [^>]*>[^<]*</text>", raw)[1:] == \
        re.findall(r"<text [^>]*>[^<]*</text>", fixed)[1:]
