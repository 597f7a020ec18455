"""What the dashboard's histogram row can show for a series: "now" (its latest histograms)
or one of the kinds a run records over time, each drawn as one heatmap per layer (`w`
steps through them; `panels.HistogramPanel` draws them)."""

from __future__ import annotations

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot
from nntui.i18n import N_

#: What the histogram row can draw over time, in the order `w` steps through them (the
#: SeriesSnapshot history each one reads: `history_of`).
HISTORY_KINDS = ("activations", "gradients", "weights")


#: The note `w` shows for each histogram view ("": nothing recorded over time yet).
HISTOGRAM_VIEW_NOTES = {
    "now": N_("histograms: now"),
    "activations": N_("histograms: activations over time"),
    "gradients": N_("histograms: gradients ∂L/∂W over time"),
    "weights": N_("histograms: weights W over time"),
    "": N_("histograms: nothing recorded over time yet"),
}


def history_of(s: SeriesSnapshot, kind: str) -> tuple[tuple[int, tuple[LayerHistogram, ...]], ...]:
    """The recorded (iteration, histograms) of series ``s`` for a `HISTORY_KINDS` kind."""
    if kind == "gradients":
        return s.grad_histogram_history
    if kind == "weights":
        return s.weight_histogram_history
    return s.histogram_history


def histogram_views(s: SeriesSnapshot | None) -> tuple[str, ...]:
    """The views the histogram row offers for series ``s``: "now", then each kind over
    time that the run records for it (a forward-only probe's activations too)."""
    if s is None:
        return ("now",)
    return ("now", *(k for k in HISTORY_KINDS if history_of(s, k)))
