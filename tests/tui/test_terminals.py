"""Terminals that are not modern: NO_COLOR contrast, 16-colour footers, ASCII drawing."""

from __future__ import annotations

from rich._palettes import STANDARD_PALETTE
from rich.color import ColorSystem, ColorType
from rich.color_triplet import ColorTriplet

from nntui.tui.terminal import AsciiFilter, TerminalMode, detect, to_ascii
from nntui.tui.views import MARKERS
from tests.tui.helpers import open_dashboard, sync, wait_for


def luminance(c: ColorTriplet) -> float:
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)


def contrast(a: ColorTriplet, b: ColorTriplet) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


async def dashboard_strips(presets, size=(100, 30), mode: TerminalMode | None = None):
    async with open_dashboard("tiny-race", presets=presets, size=size, iterations=40, seed=1,
                              frozen_clock=False, terminal_mode=mode) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await pilot.pause()
        return app, list(app.screen._compositor.render_strips())


@sync
async def test_no_color_keeps_every_series_at_3_to_1(presets, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app, strips = await dashboard_strips(presets)
    assert app.no_color
    seen = {}
    for strip in strips:
        for seg in strip:
            marks = [m for m in MARKERS[:2] if m in seg.text]  # SGD ●, Adam ■
            curve = any(0x2801 <= ord(ch) <= 0x28FF for ch in seg.text)
            if not (marks or curve) or seg.style is None:
                continue
            fg, bg = seg.style.color, seg.style.bgcolor
            assert fg is not None and bg is not None
            ratio = contrast(fg.get_truecolor(), bg.get_truecolor())
            for m in marks:
                seen[m] = min(seen.get(m, 99.0), ratio)
            seen["curve"] = min(seen.get("curve", 99.0), ratio)
            assert ratio >= 3.0, (seg.text, fg, bg, ratio)
    assert set(seen) == {*MARKERS[:2], "curve"}, seen


def _standard(color, default: ColorTriplet) -> ColorTriplet:
    """The RGB a 16-colour xterm shows for a Rich colour (what the console reduces it to)."""
    if color is None:
        return default
    c = color.downgrade(ColorSystem.STANDARD)
    if c.type == ColorType.DEFAULT:
        return default
    return STANDARD_PALETTE[c.number]


@sync
async def test_16_colour_footer_keys_are_readable(presets, monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    mode = detect()
    assert mode.ansi16
    app, strips = await dashboard_strips(presets, mode=mode)
    assert app.console.color_system == "standard" and app.has_class("-ansi16")
    footer = strips[-1]
    keys = [seg for seg in footer if seg.text.strip() in ("space", "q", "esc")]
    assert len(keys) == 3
    for seg in [*keys, *(s for s in footer if "Quit" in s.text)]:
        fg = _standard(seg.style.color, STANDARD_PALETTE[7])
        bg = _standard(seg.style.bgcolor, STANDARD_PALETTE[0])
        assert contrast(fg, bg) >= 4.5, (seg.text, seg.style, contrast(fg, bg))


def test_detect_picks_ascii_for_a_non_utf8_locale_and_the_linux_console() -> None:
    assert detect({"LANG": "en_US.UTF-8", "TERM": "xterm-256color"}) == TerminalMode()
    assert detect({"LANG": "en_US.ISO-8859-1", "TERM": "xterm"}) == TerminalMode(
        True, "iso8859-1", ansi16=True)
    assert not detect({"TERM": "xterm", "COLORTERM": "truecolor"}).ansi16
    # Python sets LC_CTYPE=C.UTF-8 itself when LANG's locale is not installed (PEP 538).
    assert detect({"LANG": "en_US.ISO-8859-1", "LC_CTYPE": "C.UTF-8"}).encoding == "iso8859-1"
    assert detect({"LC_ALL": "de_DE.utf8", "LANG": "de_DE.ISO-8859-15"}).encoding is None
    assert detect({"LANG": "C.UTF-8", "TERM": "linux"}).ascii
    assert detect({"LANG": "C"}, stream_encoding="ascii").encoding == "ascii"


def test_to_ascii_maps_cell_for_cell() -> None:
    text = "▶ running  ━━╌╌ 40%  ⣿⡀⠉⠤ ● SGD ■ Momentum │┤─ μ0.4 σ1 …"
    out = to_ascii(text, "iso8859-1")
    assert out.isascii() and len(out) == len(text)
    assert out.startswith("> running  ==--") or out.startswith("> running  --")
    assert "o SGD # Momentum" in out and "u0.4 s1" in out
    assert to_ascii("日本", "iso8859-1") == "????"  # wide: one "?" per cell, rows fit
    assert to_ascii("é ●", None) == "é o" and to_ascii("é", "iso8859-1") == "é"


@sync
async def test_ascii_mode_draws_every_row_in_latin1_and_fits(presets) -> None:
    app, strips = await dashboard_strips(presets, size=(80, 24),
                                         mode=TerminalMode(True, "iso8859-1"))
    assert any(isinstance(f, AsciiFilter) for f in app.get_line_filters())
    rows = ["".join(seg.text for seg in strip) for strip in strips]
    assert len(rows) == 24
    for row in rows:
        row.encode("iso8859-1")  # nothing the charset cannot show
        assert len(row) == 80 and "\\u" not in row
    text = "\n".join(rows)
    assert "it 40/40" in text and "o SGD" in text
    assert any(ch in text for ch in "|.'-:")  # the curves, in ASCII
