"""Plot widgets: what they draw (as text), caching, tiny sizes and NO_COLOR.

Most checks call ``build_strips`` directly (no App, fast); a few mount the widgets in a
tiny App to cover ``render_line``, the cache and Textual's colour filters.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.histogram import histogram_strips
from nntui.tui.plotting.style import TOO_SMALL
from nntui.tui.widgets.line_plot import LinePlot
from nntui.tui.widgets.path_plot import PathPlot
from nntui.tui.widgets.scatter_plot import ScatterPlot

X = np.arange(200, dtype=float)


def race() -> list[Series]:
    return [
        Series("SGD", X, 1.0 - X / 400, "red", "●"),
        Series("Adam", X, np.exp(-X / 40), "bright_cyan", "▲"),
    ]


def text_of(strips) -> list[str]:
    return [s.text for s in strips]


class PlotApp(App):
    CSS = "#small { width: 10; height: 3; }"

    def compose(self) -> ComposeResult:
        yield LinePlot("Loss", id="loss", x_label="iteration")
        yield LinePlot("tiny", id="small")


def test_line_plot_in_app_renders_and_caches() -> None:
    # No async pytest plugin is installed: drive Textual's run_test with asyncio.run.
    asyncio.run(_line_plot_in_app())


async def _line_plot_in_app() -> None:
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one("#loss", LinePlot)
        plot.set_series(race())
        await pilot.pause()
        width, height = plot.size
        lines = [plot.render_line(y).text for y in range(height)]
        assert all(len(line) == width for line in lines)
        screen = "\n".join(lines)
        assert lines[0].startswith("Loss")
        assert "● SGD 0.502" in lines[0] and "▲ Adam 0.00691" in lines[0]
        assert any(line.lstrip().startswith("1┤") for line in lines)
        assert any(line.lstrip().startswith("0┤") for line in lines)
        assert "iteration" in lines[-1] and "100" in lines[-1]
        assert "└" in screen and "┬" in screen
        assert any("⠀" < ch <= "⣿" for ch in screen)  # braille dots were drawn

        # The same data again (new arrays): no new version, no rebuild.
        builds, version = plot.builds, plot.version
        plot.set_series(race())
        await pilot.pause()
        for y in range(height):
            plot.render_line(y)
        assert (plot.builds, plot.version) == (builds, version)
        assert plot.cache_hits > 0

        # log_y is reactive and part of the cache key: new ticks after a repaint.
        plot.log_y = True
        await pilot.pause()
        log_lines = [plot.render_line(y).text for y in range(height)]
        assert plot.builds == builds + 1
        assert any(line.lstrip().startswith("0.01┤") for line in log_lines)

        # Too small to draw: a notice instead of an exception.
        small = app.query_one("#small", LinePlot)
        small.set_series(race())
        await pilot.pause()
        assert TOO_SMALL in "".join(small.render_line(y).text for y in range(3))

        # The screen itself shows the plot (not just the widget's strips).
        assert "Adam" in app.export_screenshot()


def test_no_color_keeps_markers_and_drops_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    asyncio.run(_no_color())


async def _no_color() -> None:
    app = PlotApp(ansi_color=False)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one("#loss", LinePlot)
        plot.set_series(race())
        await pilot.pause()
        # render_lines goes through Textual's styles cache, i.e. through the NO_COLOR filter.
        strips = plot.render_lines(Region(0, 0, *plot.size))
        text = "\n".join(text_of(strips))
        assert "● SGD" in text and "▲ Adam" in text
        assert text.count("●") >= 2 and text.count("▲") >= 2  # legend + last point
        for strip in strips:
            for segment in strip:
                color = segment.style.color if segment.style else None
                if color is not None and color.triplet is not None:
                    r, g, b = color.triplet
                    assert r == g == b, f"colour {color} survived NO_COLOR"


def test_line_plot_nan_inf_empty_series_do_not_crash() -> None:
    y = np.exp(-X / 40)
    y[50:60] = np.nan
    y[120] = np.inf
    plot = LinePlot("gaps", log_y=True)
    plot.set_series(
        [
            Series("gappy", X, y, "green", "■"),
            Series("diverged (NaN)", X, np.full(X.size, np.nan), "red", "x"),
            Series("empty", np.zeros(0), np.zeros(0), "blue", "+"),
            Series("neg", X, -y, "magenta", "◆"),  # non-positive on a log axis: all gaps
        ]
    )
    lines = text_of(plot.build_strips(80, 16))
    assert len(lines) == 16
    assert "■ gappy" in lines[0] and "diverged (NaN)" in "".join(lines[:3])
    plot.log_y = False
    assert len(plot.build_strips(80, 16)) == 16


def test_y_range_is_respected_and_clips() -> None:
    plot = LinePlot(y_range=(0.0, 2.0))
    plot.set_series([Series("spike", X, np.where(X == 100, 1e9, 1.0), "red", "●")])
    lines = text_of(plot.build_strips(60, 12))
    assert lines[0].startswith("● spike")
    assert any(line.lstrip().startswith("2┤") for line in lines)
    assert any(line.lstrip().startswith("0┤") for line in lines)


def test_sparse_series_show_a_marker_per_point_and_faint_series_no_legend() -> None:
    epochs = np.arange(1.0, 6.0)
    plot = LinePlot("accuracy")
    plot.set_series(
        [
            Series("raw", X, np.linspace(0, 1, X.size), "red", "·", faint=True),
            Series("test", epochs, epochs / 5, "green", "◆"),
        ]
    )
    text = "\n".join(text_of(plot.build_strips(80, 14)))
    assert "raw" not in text
    assert text.count("◆") == 1 + 5  # legend + one per epoch


@pytest.mark.parametrize(("w", "h"), [(0, 0), (1, 1), (11, 20), (80, 3)])
def test_too_small_sizes(w: int, h: int) -> None:
    plot = LinePlot("x")
    plot.set_series(race())
    strips = plot.build_strips(w, h)
    assert len(strips) == h
    if w >= len(TOO_SMALL) and h:
        assert TOO_SMALL in "".join(text_of(strips))


def test_histogram_strips_title_bars_and_range() -> None:
    from rich.style import Style

    counts = np.array([0, 2, 8, 16, 8, 2, 0])
    strips = histogram_strips(counts, np.linspace(-1.5, 2.0, 8), "L1 μ=0.12 σ=0.30",
                              "bright_cyan", 21, 7, Style())
    lines = text_of(strips)
    assert lines[0].startswith("L1 μ=0.12 σ=0.30")
    assert lines[-1].startswith("-1.5") and lines[-1].endswith("2")
    bars = lines[1:-1]
    assert len(bars) == 5 and all(len(b) == 21 for b in bars)
    assert all("█" in b for b in bars)  # the tallest bin spans every bar row
    narrow = text_of(histogram_strips(counts, np.linspace(-1.5, 2.0, 8), "L1", "red", 7, 7,
                                      Style()))
    assert len(narrow) == 7 and "█" not in "".join(narrow) and "…" in narrow[3]  # too narrow


def test_path_plot_contours_paths_and_heads() -> None:
    gx, gy = np.linspace(-10, 10, 41), np.linspace(-5, 5, 21)
    xx, yy = np.meshgrid(gx, gy)
    plot = PathPlot("f(x,y)")
    plot.set_contours(gx, gy, xx**2 / 20 + yy**2, np.array([1.0, 4.0, 9.0]))
    t = np.linspace(0, 1, 30)
    plot.set_paths(
        [
            Series("SGD", -7 + 7 * t, 2 * (1 - t), "red", "●"),
            Series("Adam", -7 + 3 * t, -2 + t, "bright_cyan", "▲"),
        ]
    )
    lines = text_of(plot.build_strips(60, 16))
    text = "\n".join(lines)
    assert lines[0].startswith("f(x,y)  ● SGD  ▲ Adam")
    assert text.count("●") == 2 and text.count("▲") == 2  # legend + head
    assert sum("⠀" < ch <= "⣿" for ch in text) > 50  # contour and path dots
    assert "-10" in lines[-1] and "10" in lines[-1]


def test_scatter_plot_glyphs_follow_value_and_log_axes() -> None:
    plot = ScatterPlot("random search")
    lr = np.array([1e-5, 1e-4, 1e-3, 1e-2])
    wd = np.array([1e-8, 1e-7, 1e-6, 1e-5])
    plot.set_points(
        lr,
        wd,
        np.array([0.1, 0.4, 0.6, 0.9]),
        log_x=True,
        log_y=True,
        x_label="lr",
        y_label="weight decay",
    )
    lines = text_of(plot.build_strips(70, 16))
    body = "\n".join(line for line in lines if "┤" in line or "│" in line)  # plot rows only
    assert "x: lr  y: weight decay" in lines[0]
    for glyph in "·∘◉●":  # value bins 0, 1, 3, 4; each point shows its bin's glyph once
        assert body.count(glyph) == 1
    assert "1e-5" in lines[-1] and "0.001" in lines[-1]
    assert any("1e-7┤" in line for line in lines)


def test_line_plot_legend_never_drops_a_series() -> None:
    """At 40 columns five long legend entries cannot all keep their values: the legend
    falls back to names only, then to short names, but every series stays listed."""
    names = ["SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"]
    x = np.arange(50.0)
    plot = LinePlot("loss")
    plot.set_series(
        [Series(n, x, np.exp(-x / (i + 5)) + 0.01 * i, marker=m)
         for i, (n, m) in enumerate(zip(names, "●■▲◆✚"))]
    )
    wide = text_of(plot.build_strips(120, 14))
    assert "◆ Adam 0." in wide[0]  # room enough: values shown
    narrow = text_of(plot.build_strips(40, 10))
    header = "\n".join(narrow[:2])
    for marker in "●■▲◆✚":
        assert marker + " " in header
    assert "0.0" not in header  # values were the first thing to go


# -- QA fixes: legends, diverged series, histogram titles, end markers, axes, colours ----
OPTIMIZERS = ["SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"]
OPT_MARKERS = "●■▲◆★"
#: The batch-norm preset's 32 names: "BN w=1", "plain w=1", "BN w=0.74", ...
BN_NAMES = [f"{'BN' if bn else 'plain'} w={10.0 ** (-4.0 * i / 15):.2g}"
            for i in range(16) for bn in (True, False)]


def curves(names: list[str], markers: str = "●■▲◆★✚○□△◇☆×") -> list[Series]:
    x = np.arange(50.0)
    return [Series(n, x, np.exp(-x / (i + 5)) + 0.01 * i, marker=markers[i % len(markers)])
            for i, n in enumerate(names)]


def header_of(lines: list[str]) -> list[str]:
    """The title/legend rows: everything above the first plot row."""
    return lines[: next(i for i, line in enumerate(lines) if "┤" in line or "│" in line)]


def legend_entries(header: list[str], markers: str) -> list[str]:
    """``marker name`` entries of a legend, in order (the title is dropped)."""
    import re

    text = " ".join(header)
    found = re.finditer(f"([{markers}])( ?[^\\s{markers}]+)?", text)
    return [m.group(1) + (m.group(2) or "").strip() for m in found]


@pytest.mark.parametrize("width", range(30, 61, 5))
@pytest.mark.parametrize("height", [8, 10, 12])
def test_legend_never_drops_series_at_narrow_widths(width: int, height: int) -> None:
    """At 80×24 a loss panel is ~40 columns with room for one legend row: every series
    still has its marker and a short name in the legend (before: the last ones vanished)."""
    plot = LinePlot("loss (smooth 0.9)")
    plot.set_series(curves(OPTIMIZERS, OPT_MARKERS))
    header = header_of(text_of(plot.build_strips(width, height)))
    entries = legend_entries(header, OPT_MARKERS)
    assert [e[0] for e in entries] == list(OPT_MARKERS), header
    names = [e[1:] for e in entries]
    if any(names):  # else the last resort: markers only (the other panels name them)
        assert all(names) and len(set(names)) == 5, header  # each named, all different
        for name, full in zip(names, OPTIMIZERS):
            assert full.startswith(name), header  # a prefix of the real name, not garbled
    if width >= 40:
        assert all(names), header  # no title squeeze: names always fit from 40 columns


@pytest.mark.parametrize("width", range(30, 61, 5))
def test_legend_with_32_series_lists_or_counts_every_one(width: int) -> None:
    plot = LinePlot("loss")
    plot.set_series(curves(BN_NAMES))
    header = header_of(text_of(plot.build_strips(width, 16)))
    entries = legend_entries(header, "●■▲◆★✚○□△◇☆×")
    text = " ".join(header)
    more = int(text.rsplit("+", 1)[1].split()[0]) if " +" in text else 0
    assert len(entries) + more == 32, header  # the listed ones plus the "+N" left out
    assert len(set(entries)) == len(entries), header  # no two entries read the same
    assert len(entries) >= 16, header


def test_short_legend_names_stay_distinguishable() -> None:
    plot = LinePlot("loss")
    plot.set_series(curves(BN_NAMES))
    header = header_of(text_of(plot.build_strips(80, 20)))
    entries = legend_entries(header, "●■▲◆★✚○□△◇☆×")
    assert len(entries) == 32 and "+" not in " ".join(header)
    names = [e[1:] for e in entries]
    assert len(set(names)) == 32, names  # before: "BN w" / "plai" sixteen times each
    # BN/plain and the weight scale both survive; the shared "w=" is what goes.
    assert names[0].startswith("BN") and names[1].startswith("pl")
    assert names[2].endswith(".54") and names[3].endswith(".54")


def test_short_names_rules() -> None:
    from nntui.tui.plotting.legend import short_names

    assert short_names(tuple(OPTIMIZERS), 3, compact=True) == (
        "SGD", "Mom", "AdaG", "Adam", "RMS")  # Ada/Ada would clash: one letter more
    assert short_names(tuple(BN_NAMES[:4]), 1, compact=True) == ("B1", "p1", "B.54", "p.54")
    assert short_names(("SGD", "SGD ✗diverged"), 4) == ("SGD", "SGD ✗")
    assert short_names(("lr=0.1", "lr=0.01"), 4) == (".1", ".01")
    for k in (1, 2, 3, 4):
        for compact in (False, True):
            assert len(set(short_names(tuple(BN_NAMES), k, compact))) == 32


def test_diverged_series_does_not_set_the_log_axis() -> None:
    """A loss that grows to 1e30 before turning NaN must not stretch the axis to 1e32."""
    x = np.arange(300.0)
    healthy = [Series(n, x, 2.3 * np.exp(-x / (60 + 40 * i)) + 0.05, marker=m)
               for i, (n, m) in enumerate(zip(["SGD", "Adam"], "●▲"))]
    boom = np.where(x < 40, 2.3 * 10.0 ** (x * 0.75), np.nan)  # 2.3 ... 1e30, then NaN
    diverged = Series("RMSprop ✗diverged", x, boom, marker="★", diverged=True)
    plot = LinePlot("loss", log_y=True)
    plot.set_series([*healthy, diverged])
    lines = text_of(plot.build_strips(60, 16))
    labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    top = max(float(lab) for lab in labels)
    assert top <= 10, labels  # before: 1e32
    body = [line for line in lines if "┤" in line or "│" in line]
    rows_with_dots = sum(any("⠀" < ch <= "⣿" for ch in line) for line in body)
    assert rows_with_dots >= len(body) // 2  # the healthy curves use the height
    assert "★" in body[0]  # the diverged series' marker, pinned to the top edge
    # Every series diverged: they set the range after all (nothing else could).
    plot.set_series([diverged])
    lines = text_of(plot.build_strips(60, 16))
    labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert any(lab.startswith(("1e2", "1e3")) for lab in labels), labels


def test_linear_loss_end_markers_all_visible_at_their_value() -> None:
    """Five losses ending at the same value: each end marker shows, on the value's row
    (side by side), instead of stacking upward or vanishing."""
    x = np.arange(200.0)
    series = [Series(n, x, 2.3 * np.exp(-x / (20 + 3 * i)) + 0.05, marker=m)
              for i, (n, m) in enumerate(zip(OPTIMIZERS, OPT_MARKERS))]
    plot = LinePlot("loss")
    plot.set_series(series)
    lines = text_of(plot.build_strips(60, 14))
    body = [line for line in lines if "┤" in line or "│" in line]
    for m in OPT_MARKERS:
        assert sum(line.count(m) for line in body) == 1, (m, body)
    (row,) = {i for i, line in enumerate(body) for m in OPT_MARKERS if m in line}
    assert row == len(body) - 1  # all on the bottom row: where 0.05 is


def test_single_point_of_nonnegative_data_has_no_negative_ticks() -> None:
    plot = LinePlot("accuracy", y_range=(0.0, 1.0), x_label="epoch")
    plot.set_series([Series("SGD", [0.0], [0.3], marker="●")])
    lines = text_of(plot.build_strips(60, 12))
    assert "-" not in lines[-1], lines[-1]  # before: "-0.5   0   0.5"
    assert lines[-1].split()[0] == "0"
    body = [line for line in lines if "┤" in line or "│" in line]
    assert any("●" in line for line in body)  # the point is on the canvas
    # A single negative value still gets a symmetric range.
    plot.set_series([Series("x", [-2.0], [0.3])])
    assert "-" in text_of(plot.build_strips(60, 12))[-1]


def test_histogram_row_titles_fit_six_panels_at_80_columns() -> None:
    from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
    from nntui.tui.panels import HistogramPanel, PanelView
    from nntui.tui.plotting.histogram import histogram_title

    stats = [(0.21, 0.45), (-0.04, 0.3), (0.5, 0.25), (0.99, 1.0), (0.0, 0.0003), (1.5, 12.5)]
    hists = tuple(LayerHistogram(i + 1, np.array([1, 5, 2]), np.array([-1.0, 0, 1, 2]), m, s)
                  for i, (m, s) in enumerate(stats))
    snap = Snapshot(1, 10, 0.0, 1.0, 1.0, False, (SeriesSnapshot("SGD", histograms=hists),))
    row = HistogramPanel()
    row.update(snap, PanelView(focus=0))
    titles = text_of(row.build_strips(80, 8))[1]
    # 6 panels of 12-13 columns, one blank between: each title is whole, σ never cut, and
    # all are made for the narrowest panel (12), so the row reads alike.
    panels = [titles[a:a + w] for a, w in zip((0, 14, 28, 42, 55, 68), (13, 13, 13, 12, 12, 12))]
    assert [p.strip() for p in panels] == [
        "L1 μ.21 σ.45", "L2 μ-.04 σ.3", "L3 μ.5 σ.25", "L4 μ0.99 σ1", "L5 μ0 σ3e-4", "L6 σ12.5"]
    assert histogram_title(4, 0.99, 1.0) == "L4 μ0.99 σ1.00"  # wide: unchanged
    assert histogram_title(4, 0.99, 1.0, 6) == "L4 σ1"
    assert histogram_title(4, 0.99, 1.0, 3) == "L4"


def test_first_five_series_colours_differ_in_both_themes() -> None:
    """An optimizer race has five series: their colours must be told apart in the dark and
    the light theme (Textual maps the named ANSI colours through these palettes)."""
    from textual.app import App as TextualApp

    from nntui.tui.views import COLORS

    names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    names += ["bright_" + n for n in names]
    app = TextualApp()
    for theme, background in ((app.ansi_theme_dark, (18, 18, 18)),
                              (app.ansi_theme_light, (224, 224, 224))):
        rgb = [np.array(theme.ansi_colors[names.index(c)][:3], dtype=float) for c in COLORS[:5]]
        for i in range(5):
            assert np.abs(rgb[i] - background).sum() > 150, (COLORS[i], rgb[i])  # not faint
            for j in range(i):
                assert np.abs(rgb[i] - rgb[j]).sum() > 120, (COLORS[i], COLORS[j])


def test_a_long_title_wraps_whole_and_the_legend_follows() -> None:
    x = np.arange(10.0)
    series = [Series(f"BN w={0.5**i:.3g}", x, x + i, "red", "●■▲◆★✚○□"[i]) for i in range(8)]
    plot = LinePlot("loss (smooth 0.9) · 9–16 of 32")
    plot.set_series(series)
    rows = [s.text.rstrip() for s in plot.build_strips(29, 9)[:2]]  # one header row only
    # Never cut (issue 26): the title on its two rows, then the legend on one more row
    # than the panel would give it, saying 8 series are drawn.
    assert rows == ["loss (smooth 0.9) · 9–16 of", "32 ● ■ ▲ ◆ ★ ✚ ○ □"], rows
    wide = plot.build_strips(60, 9)[0].text
    assert "9–16 of 32" in wide and "…" not in wide


def test_count_axis_has_whole_number_ticks_only() -> None:
    x = np.array([1.0, 2.0, 3.0])
    plot = LinePlot("worst relative error per check", x_label="check")
    plot.set_series([Series("ReLU", x, np.array([1e-10, 2e-10, 1.5e-10]), "red", "●")])
    fractional = plot.build_strips(80, 12)[-1].text.split()
    assert "1.5" in fractional  # a plain axis divides the range
    plot.x_integer = True
    ticks = plot.build_strips(80, 12)[-1].text.split()
    assert ticks[:3] == ["1", "2", "3"] and not any("." in t for t in ticks)


def test_path_plot_highlights_one_path_and_dims_the_rest() -> None:
    a = Series("SGD", np.array([-7.0, 0.0]), np.array([2.0, 2.0]), "red", "●")
    b = Series("Adam", np.array([-7.0, 0.0]), np.array([-2.0, -2.0]), "blue", "■")
    plot = PathPlot("paths")
    plot.set_paths([a, b], highlight=1)
    strips = plot.build_strips(40, 14)

    def dims(color: str) -> set[bool]:
        return {bool(seg.style.dim) for st in strips for seg in st
                if seg.style is not None and seg.style.color is not None
                and seg.style.color.name == color and seg.text.strip()}

    assert dims("blue") == {False} and dims("red") == {True}  # Adam bright, SGD dim
    before = plot.version
    plot.set_paths([a, b], highlight=1)
    assert plot.version == before  # unchanged: no rebuild
    plot.set_paths([a, b], highlight=0)
    assert plot.version == before + 1
    strips = plot.build_strips(40, 14)
    assert dims("red") == {False} and dims("blue") == {True}


def test_empty_plots_say_they_are_waiting() -> None:
    from nntui.tui.plotting.style import WAITING

    line = LinePlot("loss")
    rows = [s.text for s in line.build_strips(40, 10)]
    assert rows[0].startswith("loss") and any(WAITING in r for r in rows)
    assert not any("┤" in r for r in rows)  # no axes around nothing
    scatter = ScatterPlot("val acc by lr")
    assert any(WAITING in s.text for s in scatter.build_strips(40, 10))
    line.set_series([Series("SGD", np.arange(3.0), np.ones(3), "red", "●")])
    assert not any(WAITING in s.text for s in line.build_strips(40, 10))


def test_setting_a_drawn_attribute_repaints_the_plot() -> None:
    """title, x_label and y_range are reactive: setting one on a shown plot redraws it
    (as plain attributes they changed the cache key but asked for no repaint)."""
    import asyncio

    from textual.app import App

    class PlotApp(App[None]):
        def compose(self) -> ComposeResult:
            yield LinePlot("before")

    def shown(app: App) -> str:
        return "\n".join(s.text for s in app.screen._compositor.render_strips())

    async def scenario() -> None:
        app = PlotApp()
        async with app.run_test(size=(60, 14)) as pilot:
            plot = app.query_one(LinePlot)
            plot.set_series([Series("SGD", np.arange(10.0), np.linspace(0.2, 0.8, 10))])
            await pilot.pause()
            assert "before" in shown(app)
            plot.title = "after"
            await pilot.pause()
            assert "after" in shown(app) and "before" not in shown(app)
            plot.x_label = "epoch"  # shown once y_range makes the margin narrower
            plot.y_range = (0.0, 10.0)
            await pilot.pause()
            assert "\n10┤" in shown(app) and "epoch" in shown(app)

    asyncio.run(scenario())
