"""Gradient flow: the focused series' per-layer gradient norm ‖∂L/∂W‖ over training, one
curve per weight layer on a log axis (the "gradients" panel); `u` switches it to the
update/weight ratio ‖ΔW‖/‖W‖ of each layer, how far one step moves the weights relative to
their size (~1e-3 is the usual healthy scale; a layer far below it barely learns).

Chapter 6's init lesson read backwards: with sigmoid each layer's gradient is a fraction
of the one above it (its slope is at most 0.25), so the curves of the lower layers sit
decades under the output layer's (the vanishing gradient): with Xavier or He hundreds of
times, with std 0.01 tens of millions; std 1's large weights carry it back (3-6 times),
though its saturated units barely learn. tanh/ReLU with Xavier/He, or batch norm, keep the
layers together. The numbers come from core (`SeriesSnapshot.grad_norm`, taken at the
histogram cadence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from nntui.i18n import N_, _
from nntui.tui import views
from nntui.tui.plotting.canvas import Series
from nntui.tui.widgets.line_plot import LinePlot

if TYPE_CHECKING:
    from nntui.core.snapshot import SeriesSnapshot, Snapshot
    from nntui.presets.base import Preset


class Focused(Protocol):
    """What this panel reads of the dashboard's `panels.PanelView`."""

    focus: int
    gradient_view: str


#: What the panel draws (`u` steps through them): "norm" ‖∂L/∂W‖, "ratio" ‖ΔW‖/‖W‖.
GRADIENT_VIEWS = ("norm", "ratio")
GRADIENT_VIEW_NOTES = {
    "norm": N_("gradient flow: ‖∂L/∂W‖ per layer"),
    "ratio": N_("gradient flow: update ratio ‖ΔW‖/‖W‖ per layer"),
}


def layer_names(layers: int) -> list[str]:
    """Curve names of ``layers`` weight layers, W1 .. WL (WL: the output layer's; short, so
    that an 80-column legend keeps every name whole)."""
    return [f"W{i}" for i in range(1, layers + 1)]


def gradient_series(s: SeriesSnapshot, view: str = "norm", x_scale: float = 1.0
                    ) -> list[Series]:
    """One curve per weight layer of series ``s``: x = the recorded training steps (m,),
    y = ‖∂L/∂W‖ of that layer (column of ``s.grad_norm`` (m, L)), or with ``view`` "ratio"
    its ‖ΔW‖/‖W‖ (``s.update_ratio``; a ratio of 0, no update, is a gap on the log axis);
    the lowest layer first, each in its own colour and marker; x times ``x_scale`` (epochs
    per iteration on an epoch axis)."""
    values = s.update_ratio if view == "ratio" else s.grad_norm
    if values.ndim != 2 or not values.size:
        return []
    if view == "ratio":
        values = np.where(values > 0, values, np.nan)
    x = s.grad_it.astype(np.float64) * x_scale
    return [Series(name, x, values[:, i], views.color_of(i), views.marker_of(i),
                   diverged=s.diverged)
            for i, name in enumerate(layer_names(values.shape[1]))]


class GradientPanel(LinePlot):
    """‖∂L/∂W‖ per layer of the focused series (f: next series), log y."""

    def __init__(self, preset: Preset | None = None, *, id: str | None = None) -> None:
        self.budget_key = preset.budget_key if preset is not None else "iterations"
        unit = "step" if self.budget_key == "steps" else "iteration"
        super().__init__(_("gradient flow"), log_y=True, x_label=views.axis_label(unit), id=id)

    def update(self, snapshot: Snapshot, view: Focused) -> None:
        if not snapshot.series:
            return
        focus = view.focus % len(snapshot.series)
        s = snapshot.series[focus]
        series = f"{views.marker_of(focus)} {views.label_of(s)}"
        # The loss panel's x axis (epochs where the preset counts epochs): one per dashboard.
        unit, self.x_scale = views.loss_x(self.budget_key, snapshot)
        self.x_label = views.axis_label(unit)
        if view.gradient_view == "ratio":
            curves = gradient_series(s, "ratio", self.x_scale)
            # lr 0 (a forward pass only) moves nothing: say so rather than draw no curve.
            still = bool(curves) and not any(np.isfinite(c.y).any() for c in curves)
            self.title = (_("‖ΔW‖/‖W‖ per layer: {series} · no update (lr 0)") if still else
                          _("‖ΔW‖/‖W‖ per layer (u: ‖∂L/∂W‖): {series}")).format(series=series)
        else:
            curves = gradient_series(s, x_scale=self.x_scale)
            self.title = _("‖∂L/∂W‖ per layer: {series}").format(series=series)
        self.set_series(curves)

    def reset(self) -> None:
        self.set_series([])
