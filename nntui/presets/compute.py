"""What a run computes beyond training, chosen by the front end from what it shows and
passed to `Preset.build` (the dashboard: `PresetView.compute`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Compute:
    """live_histograms: every hidden layer's activation histogram at the live cadence (a
    panel draws them; replays and distributions over time read their history); False: only
    once, at the end, for the summary.

    gradient_stats: per-layer gradient norm and update/weight ratio at the histogram
    cadence (the gradient-flow panel); gradient_histograms: there also the distributions
    of ∂L/∂W and of W per layer (the histogram row's "over time" views of them). Off by
    default: they cost a little at every record, and only some presets show them.
    """

    live_histograms: bool = True
    gradient_stats: bool = False
    gradient_histograms: bool = False
