"""The histogram row over time keeps state between frames (each view's history stacked,
its densities on the panel's value rows, each layer's value range): whatever the order of
frames — the run growing and its range widening, `h`, `w`, `f`, a replay sought back and
played again, another size or base style — a frame draws exactly what a fresh panel draws
from the same snapshot."""

from __future__ import annotations

import numpy as np
from rich.style import Style

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.presets import PRESETS
from nntui.tui.panels import HistogramPanel, PanelView

BINS = 6


def records(seed: int, n: int) -> list[tuple[int, tuple[LayerHistogram, ...]]]:
    """``n`` refreshes of a 3-layer net; the range of layer 1 widens every 5th refresh
    (the panel's value rows move), the others hold."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        hists = []
        for layer in (1, 2, 3):
            hi = 1.0 + (i // 5 if layer == 1 else 0)
            hists.append(LayerHistogram(layer, rng.integers(0, 30, BINS),
                                        np.linspace(-0.5 * layer, hi, BINS + 1), 0.0, 1.0))
        out.append((10 * i, tuple(hists)))
    return out


ACTS = [records(1, 30), records(2, 30)]  # per series; one object per record, as a run's
GRADS = [records(3, 30), records(4, 30)]  # snapshots share them from frame to frame


def snap(n: int) -> Snapshot:
    series = tuple(SeriesSnapshot(name, histograms=ACTS[i][n - 1][1],
                                  histogram_history=tuple(ACTS[i][:n]),
                                  grad_histogram_history=tuple(GRADS[i][:n]))
                   for i, name in enumerate(("a", "b")))
    return Snapshot(iteration=10 * n, total=300, epoch=0.0, elapsed_s=1.0,
                    samples_per_s=1.0, done=False, series=series)


def cells(panel: HistogramPanel, size: tuple[int, int], base: Style) -> list[list[object]]:
    return [list(strip) for strip in panel.build_strips(*size, base)]


def test_every_frame_over_time_draws_what_a_fresh_panel_draws() -> None:
    preset = PRESETS["init-compare"]
    acts, grads = PanelView(histogram_view="activations"), PanelView(histogram_view="gradients")
    plain, no_color = Style(), Style(color="white", bgcolor="black")
    shared = preset.view.histogram_range == "shared"
    frames = [  # (records so far, view, size, base style); one thing changes at a time
        *[(n, acts, (80, 10), plain) for n in (1, 2, 3, 4, 5, 6, 9, 12)],  # grows, widens
        (12, PanelView(histogram_view="activations", shared_range=not shared), (80, 10),
         plain),  # `h`
        (12, acts, (80, 10), plain),  # `h` back
        (12, grads, (80, 10), plain),  # `w`: another kind, as many records
        (13, grads, (80, 10), plain),
        (16, acts, (80, 10), plain),  # back to activations: its stack grew meanwhile
        (16, PanelView(focus=1, histogram_view="activations"), (80, 10), plain),  # `f`
        (21, acts, (80, 10), plain),  # back to series 0, 5 refreshes later
        (8, acts, (80, 10), plain),  # a replay sought back
        (11, acts, (80, 10), plain),  # played forward from there
        (30, acts, (119, 14), plain),  # another size
        (30, acts, (119, 14), no_color),  # another base style (NO_COLOR's)
        (3, grads, (57, 9), no_color),
    ]
    panel = HistogramPanel(preset)
    for i, (n, view, size, base) in enumerate(frames):
        s = snap(n)
        panel.update(s, view)
        fresh = HistogramPanel(preset)
        fresh.update(s, view)
        assert cells(panel, size, base) == cells(fresh, size, base), f"frame {i}"
