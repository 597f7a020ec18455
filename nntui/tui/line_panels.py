"""The dashboard's line panels: loss, accuracy and the train–test gap over time (each
series over its seed band, another run's ghost dotted under them), and batchnorm's sweep
of final accuracy against the weight scale. Registered in `panels.REGISTRY`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nntui.core.snapshot import Snapshot
from nntui.i18n import _
from nntui.tui import seed_views, summaries, views
from nntui.tui.ghost_view import ghost_layer
from nntui.tui.panel_view import PanelView, focus_of
from nntui.tui.plotting.band import Band, SeedBands
from nntui.tui.plotting.canvas import Series
from nntui.tui.widgets.line_plot import LinePlot

if TYPE_CHECKING:
    from nntui.presets.base import Preset


def epochs_per_iteration(snap: Snapshot, unit: str) -> float:
    """The x scale (`LinePlot.x_scale`) of a panel whose x axis is ``unit``: epochs per
    iteration on an epoch axis, else 1 (iterations, steps, checks)."""
    if unit == "epoch" and snap.iteration > 0 and snap.epoch > 0:
        return snap.epoch / snap.iteration
    return 1.0


class _BandedPanel(LinePlot):
    """A line panel whose series are each drawn over their seed band (K-seed runs)."""

    def show(self, series: Sequence[Series], bands: Sequence[Band]) -> None:
        self.set_series(series)
        self.set_overlay("bands", SeedBands(tuple(bands)) if bands else None)

    def reset(self) -> None:
        self.set_series([])
        self.set_overlay("bands", None)
        self.set_overlay("ghost", None)


class LossPanel(_BandedPanel):
    """Loss of every plotted series (raw faint under smoothed), or validation loss."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        # Log loss by default: the races differ by decades (0.003 vs 0.3) at the end.
        unit = "trial" if preset.budget_key == "trials" else "iteration"
        super().__init__(_("loss"), log_y=True, x_label=views.axis_label(unit), id=id)
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = focus_of(snapshot, view)
        group = views.group_note(len(snapshot.series), focus)
        weight = view.smoothing if self.preset.view.smooth_loss else 0
        name = _(self.preset.view.loss_label)
        # One x axis per dashboard: epochs where the preset counts epochs (as the
        # accuracy panel beside it), else the run's own unit.
        unit, scale = views.loss_x(self.preset.budget_key, snapshot)
        self.x_scale = scale  # the value cursor's x in iterations, times this
        self.x_label = views.axis_label(unit)
        self.x_integer = unit != "epoch"  # iterations, steps, checks: counts
        if self.preset.view.loss_on_validation:
            self.title = _("validation {loss} (dim: train)").format(loss=name) + group

            def make(snap: Snapshot) -> list[Series]:
                return views.val_loss_series(snap, weight, focus, scale)
            bands = seed_views.val_loss_bands(snapshot, focus, scale)
        else:
            self.title = (_("{loss} (smooth {weight})").format(loss=name, weight=f"{weight:g}")
                          if weight else name) + group

            def make(snap: Snapshot) -> list[Series]:
                return views.loss_series(snap, weight, focus, scale)
            bands = seed_views.loss_bands(snapshot, weight, focus, scale)
        shown = make(snapshot)
        self.set_overlay("ghost", ghost_layer(self, view.ghost, (weight, focus, scale), make,
                                              shown))
        self.show(shown, bands)


class AccuracyPanel(_BandedPanel):
    """Train (dim) and validation-or-test accuracy of every plotted series."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("accuracy"), y_range=(0.0, 1.0), id=id)
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = focus_of(snapshot, view)
        group = views.group_note(len(snapshot.series), focus)
        self.title = views.accuracy_title(snapshot, group)
        budget = self.preset.budget_key
        unit = views.accuracy_x_label(snapshot, budget)
        self.x_label = views.axis_label(unit)
        self.x_integer = unit != "epoch"
        self.x_scale = epochs_per_iteration(snapshot, unit)

        def make(snap: Snapshot) -> list[Series]:
            return views.accuracy_series(snap, focus, unit == "epoch")
        shown = make(snapshot)
        self.set_overlay("ghost", ghost_layer(self, view.ghost, (focus, unit), make, shown))
        self.show(shown, seed_views.accuracy_bands(snapshot, focus, unit == "epoch"))


class GapPanel(_BandedPanel):
    """Train − held-out accuracy of every plotted series over time, each over its seed
    band: where the gap is the lesson (weight decay, dropout, penalties)."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("gap"), id=id)
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = focus_of(snapshot, view)
        self.title = views.gap_title(snapshot, views.group_note(len(snapshot.series), focus))
        unit = views.accuracy_x_label(snapshot, self.preset.budget_key)
        self.x_label = views.axis_label(unit)
        self.x_integer = unit != "epoch"
        self.x_scale = epochs_per_iteration(snapshot, unit)
        self.show(views.gap_series(snapshot, focus, unit == "epoch"),
                  seed_views.gap_bands(snapshot, focus, unit == "epoch"))


class SweepPanel(LinePlot):
    """Final (so far) train accuracy against the swept setting, one curve per variant:
    batchnorm's BN vs plain over 16 weight scales, the book's figure in one view."""

    legend_values = False  # the curve names say at how many scales each learns
    x_scale = None  # its x is the weight scale: its value cursor is its own

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__("", y_range=(0.0, 1.0), id=id,
                         x_label=_("log10 {setting}").format(setting=_(preset.view.sweep_label)))
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        sweep = self.preset.view.sweep
        if sweep is None:
            return
        # Short enough for an 80-column half panel with its legend ("● BN ■ plain").
        setting = _(self.preset.view.sweep_label)
        self.title = (_("train acc by log10 {setting} (final)") if snapshot.done else
                      _("train acc by log10 {setting} (so far)")).format(setting=setting)
        self.set_series(summaries.sweep_series(snapshot, sweep))

    def reset(self) -> None:
        self.set_series([])
