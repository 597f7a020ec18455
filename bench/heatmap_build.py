"""The histogram row over time (`w`): time to draw it, the cost a dashboard frame pays
whenever a new histogram refresh arrives (unchanged data is cached: `CachedPlot`).

A worst case at 120×40: a series' full history (MAX_HIST_HISTORY records, thinned past
it) of 5 layers × 30 bins, each record on its own range, drawn as the row's 5 heatmaps of
~23 × 12 cells; against the histogram row "now" of the same layers, for reference.
``rebuild``: the whole history stacked again and drawn (a new series, a thinned history);
``refresh``: what a live refresh costs the panel (`HistoryStacks`: one record stacked onto
the 399 it holds, then drawn; the densities of the 399 on unchanged value rows are kept).

Last line: ``heatmap_ms=<refresh median> heatmap_cpu_ms=… rebuild_ms=… rebuild_cpu_ms=…
now_ms=… now_cpu_ms=…``.

    python bench/heatmap_build.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from rich.style import Style

from nntui.core.snapshot import LayerHistogram
from nntui.tui.plotting.heatmap import HistoryStacks, heatmap_row_strips, layer_histories
from nntui.tui.plotting.histogram import histogram_row_strips

RECORDS, LAYERS, BINS = 400, 5, 30
WIDTH, HEIGHT = 120, 14  # the histogram row's share of a 120×40 dashboard


def history() -> tuple[tuple[int, tuple[LayerHistogram, ...]], ...]:
    rng = np.random.default_rng(0)
    out = []
    for r in range(RECORDS):
        hists = []
        for layer in range(1, LAYERS + 1):
            lo = -1.0 - rng.random()
            hists.append(LayerHistogram(layer, rng.integers(0, 1000, BINS),
                                        np.linspace(lo, lo + 2 + rng.random(), BINS + 1),
                                        0.0, 1.0))
        out.append((r * 30, tuple(hists)))
    return tuple(out)


def median_ms(fn, repeat: int, setup=None) -> tuple[float, float]:
    """Median (wall, this thread's CPU) milliseconds of ``fn()`` (after an untimed
    ``setup()``): on a shared machine the CPU time is the figure that does not count other
    processes' turns."""
    wall, cpu = [], []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0, c0 = time.perf_counter(), time.thread_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    hist = history()
    last = tuple((h.counts, h.edges, h.layer, h.mean, h.std) for h in hist[-1][1])
    base = Style()
    # As the panel does on each new refresh: split the snapshot's history, then draw.
    rebuild = median_ms(lambda: heatmap_row_strips(layer_histories(hist), "h", "red", WIDTH,
                                                   HEIGHT, base), args.repeat)
    stacks: list[HistoryStacks] = []

    def held() -> None:  # the panel's stacks before the refresh: every record but the last,
        stacks[:] = [HistoryStacks()]  # drawn once (the densities it keeps)
        heatmap_row_strips(stacks[0].update(hist[:-1]), "h", "red", WIDTH, HEIGHT, base)

    over = median_ms(lambda: heatmap_row_strips(stacks[0].update(hist), "h", "red", WIDTH,
                                                HEIGHT, base), args.repeat, held)
    now = median_ms(lambda: histogram_row_strips(last, "h", "red", WIDTH, HEIGHT, base),
                    args.repeat)
    print(f"heatmap_ms={over[0]:.2f} heatmap_cpu_ms={over[1]:.2f} "
          f"rebuild_ms={rebuild[0]:.2f} rebuild_cpu_ms={rebuild[1]:.2f} now_ms={now[0]:.2f} "
          f"now_cpu_ms={now[1]:.2f}")


if __name__ == "__main__":
    main()
