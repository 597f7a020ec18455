"""Frame cost of the live plots (DESIGN.md, "Drawing").

Prints the median time to build all strips of
  - a LinePlot of 5 series x 2000 points at 118x18 cells (a data change: full rebuild),
  - a repaint of the same, unchanged LinePlot (render_lines: served from the cache),
  - a histogram row of 4 layers (40 bins each) at 119x9 cells,
and, for comparison, plotext's build time for the same line plot. The last line is
``frame_ms ours=<x> plotext=<y> ratio=<y/x>`` (line plot build, ours vs plotext).

Run: /work/venv/bin/python bench/frame_time.py [--repeats N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable

import numpy as np
from textual.app import App, ComposeResult
from textual.geometry import Region

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.tui.panels import HistogramPanel, PanelView
from nntui.tui.plotting.canvas import Series
from nntui.tui.widgets.line_plot import LinePlot

WIDTH, HEIGHT = 118, 18
N_SERIES, N_POINTS = 5, 2000
NAMES = ("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop")
COLORS = ("red", "green", "blue", "bright_cyan", "magenta")
MARKERS = "●▲■◆x"


def loss_curves(seed: int = 0) -> list[Series]:
    """Five noisy decaying loss curves, (2000,) each, like an optimizer race."""
    rng = np.random.default_rng(seed)
    x = np.arange(N_POINTS, dtype=np.float64)
    out = []
    for i in range(N_SERIES):
        y = 2.3 * np.exp(-x / (150.0 + 120.0 * i)) + 0.05
        y *= np.exp(0.15 * rng.standard_normal(N_POINTS))  # minibatch noise
        out.append(Series(NAMES[i], x, y, COLORS[i], MARKERS[i]))
    return out


def median_ms(fn: Callable[[], object], repeats: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def bench_line(series: list[Series], repeats: int) -> float:
    plot = LinePlot("loss", x_label="iteration")
    plot.set_series(series)
    return median_ms(lambda: plot.build_strips(WIDTH, HEIGHT), repeats)


def bench_histograms(repeats: int) -> float:
    """Median ms to build the dashboard's histogram row: 4 hidden layers side by side."""
    rng = np.random.default_rng(1)
    hists = []
    for layer in range(4):
        acts = np.tanh(rng.normal(0.0, 0.5 + 0.3 * layer, 5000))
        counts, edges = np.histogram(acts, bins=40, range=(-1.0, 1.0))
        hists.append(LayerHistogram(layer + 1, counts, edges, float(acts.mean()),
                                    float(acts.std())))
    snap = Snapshot(iteration=1, total=1, epoch=0.0, elapsed_s=0.0, samples_per_s=0.0,
                    done=False, series=(SeriesSnapshot("net", histograms=tuple(hists)),))
    row = HistogramPanel()
    row.update(snap, PanelView())
    return median_ms(lambda: row.build_strips(119, 9), repeats)


def bench_cached(series: list[Series], repeats: int) -> tuple[float, int]:
    """Median ms to repaint a mounted, unchanged LinePlot, i.e. Textual's
    ``render_lines`` over the whole widget (one cache check, then cached rows)."""

    class Bench(App):
        CSS = "LinePlot { width: 1fr; height: 1fr; }"

        def compose(self) -> ComposeResult:
            yield LinePlot("loss", x_label="iteration")

    result: list[float] = []
    builds: list[int] = []

    async def run() -> None:
        app = Bench()
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            plot = app.query_one(LinePlot)
            plot.set_series(series)
            await pilot.pause()
            crop = Region(0, 0, *plot.size)
            before = plot.builds
            result.append(median_ms(lambda: plot.render_lines(crop), repeats))
            builds.append(plot.builds - before)

    asyncio.run(run())
    return result[0], builds[0]


def bench_plotext(series: list[Series], repeats: int) -> float:
    import plotext as plt

    def build() -> str:
        plt.clf()
        plt.plotsize(WIDTH, HEIGHT)
        for s in series:
            plt.plot(s.x.tolist(), s.y.tolist(), label=s.name)
        return plt.build()

    return median_ms(build, repeats, warmup=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200, help="runs of our renderer")
    parser.add_argument("--plotext-repeats", type=int, default=11, help="runs of plotext")
    args = parser.parse_args()

    series = loss_curves()
    ours = bench_line(series, args.repeats)
    print(f"LinePlot build   {N_SERIES}x{N_POINTS} pts @ {WIDTH}x{HEIGHT}: {ours:8.3f} ms")
    cached, rebuilds = bench_cached(series, args.repeats)
    print(f"LinePlot cached  repaint (render_lines):    {cached:8.3f} ms (rebuilds: {rebuilds})")
    hist = bench_histograms(args.repeats)
    print(f"histogram row 4x40 bins @ 119x9:            {hist:8.3f} ms")
    theirs = bench_plotext(series, args.plotext_repeats)
    print(f"plotext build    {N_SERIES}x{N_POINTS} pts @ {WIDTH}x{HEIGHT}: {theirs:8.3f} ms")
    print(f"frame_ms ours={ours:.2f} plotext={theirs:.1f} ratio={theirs / ours:.0f}")


if __name__ == "__main__":
    main()
