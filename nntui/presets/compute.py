"""What a run computes beyond training, chosen by the front end from what it shows and
passed to `Preset.build` (the dashboard: `PresetView.compute`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Compute:
    """live_histograms: every hidden layer's activation histogram at the live cadence (a
    panel draws them; replays and distributions over time read their history); False: only
    once, at the end, for the summary."""

    live_histograms: bool = True
