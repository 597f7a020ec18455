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

from nntui.tui.canvas import Series
from nntui.tui.plots import TOO_SMALL, HistogramPlot, LinePlot, PathPlot, ScatterPlot

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
        yield HistogramPlot(id="hist")
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


def test_histogram_plot_title_bars_and_range() -> None:
    hist = HistogramPlot()
    counts = np.array([0, 2, 8, 16, 8, 2, 0])
    hist.set_histogram(counts, np.linspace(-1.5, 2.0, 8), "L1 μ=0.12 σ=0.30")
    lines = text_of(hist.build_strips(21, 7))
    assert lines[0].startswith("L1 μ=0.12 σ=0.30")
    assert lines[-1].startswith("-1.5") and lines[-1].endswith("2")
    bars = lines[1:-1]
    assert len(bars) == 5 and all(len(b) == 21 for b in bars)
    assert all("█" in b for b in bars)  # the tallest bin spans every bar row
    version = hist.version
    hist.set_histogram(counts.copy(), np.linspace(-1.5, 2.0, 8), "L1 μ=0.12 σ=0.30")
    assert hist.version == version


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
