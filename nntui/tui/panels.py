"""The dashboard's panels: the `Panel` protocol and the declared registry of every panel a
preset may ask for (`presets.view.PANELS`).

A panel is a widget from `nntui.tui.widgets` that also knows how to read a run's Snapshot:
`update(snapshot, view)` maps it (with `nntui.tui.views`) to the widget's data, and is a
no-op when that data did not change, so the 10 Hz timer costs nothing while paused;
`reset()` forgets the previous run's data (restart). The dashboard's update is one loop
over its panels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import numpy as np
from textual.widget import Widget

from nntui.core.paths import EXTENT, objective
from nntui.core.snapshot import LayerHistogram, Snapshot
from nntui.i18n import _
from nntui.tui import summaries, views
from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.ghost import GhostCurves, ghost_of
from nntui.tui.plotting.histogram import share_range
from nntui.tui.widgets.boundary_plot import BoundaryPlot
from nntui.tui.widgets.extra_table import ExtraTable
from nntui.tui.widgets.histogram_row import HistogramRow
from nntui.tui.widgets.line_plot import LinePlot
from nntui.tui.widgets.path_plot import PathPlot
from nntui.tui.widgets.scatter_plot import ScatterPlot
from nntui.tui.widgets.trials_table import TrialsTable

if TYPE_CHECKING:
    from nntui.presets.base import Preset


@dataclass(frozen=True)
class PanelView:
    """How the user looks at the run: the focused series, the loss smoothing weight
    (0 = raw) and the panels they hid."""

    focus: int = 0
    smoothing: float = 0.0
    hidden: frozenset[str] = frozenset()
    #: Histograms on one x range for every layer (else each layer its own); None: the
    #: preset's default (`PresetView.histogram_range`).
    shared_range: bool | None = None
    #: Another run drawn faint under the line panels' curves (`c`: the last finished
    #: run of the same preset), or None.
    ghost: GhostRun | None = None


@dataclass(frozen=True, eq=False)
class GhostRun:
    """A finished run's final snapshot to overlay, and the short id it is named by."""

    snapshot: Snapshot
    label: str


def _ghost_layers(panel: object, view: PanelView, key: tuple[object, ...],
                  make: Callable[[Snapshot], list[Series]], shown: list[Series]
                  ) -> list[GhostCurves]:
    """The ghost overlay of a line panel: ``make`` applied to the ghost's snapshot, as
    the panel made ``shown`` from the live one; cached on the panel per ghost and ``key``
    (the ghost does not change: only focus, smoothing or the x scale re-make it)."""
    ghost = view.ghost
    if ghost is None:
        return []
    cached = panel.__dict__.get("_ghost_cache")
    full_key = (id(ghost), *key)
    if cached is None or cached[0] != full_key:
        cached = (full_key, make(ghost.snapshot))
        panel.__dict__["_ghost_cache"] = cached
    note = _("dotted: run {run}").format(run=ghost.label)
    return [ghost_of(shown, cached[1], note)]


@runtime_checkable
class Panel(Protocol):
    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        """Show ``snapshot`` as ``view`` asks; a no-op when nothing changed."""
        ...

    def reset(self) -> None:
        """Forget the shown data (a restarted run starts empty)."""
        ...


def _focus(snap: Snapshot, view: PanelView) -> int:
    return view.focus % max(1, len(snap.series))


class LossPanel(LinePlot):
    """Loss of every plotted series (raw faint under smoothed), or validation loss."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        # Log loss by default: the races differ by decades (0.003 vs 0.3) at the end.
        unit = "trial" if preset.budget_key == "trials" else "iteration"
        super().__init__(_("loss"), log_y=True, x_label=views.axis_label(unit), id=id)
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = _focus(snapshot, view)
        group = views.group_note(len(snapshot.series), focus)
        weight = view.smoothing if self.preset.view.smooth_loss else 0
        name = _(self.preset.view.loss_label)
        # One x axis per dashboard: epochs where the preset counts epochs (as the
        # accuracy panel beside it), else the run's own unit.
        unit, scale = views.loss_x(self.preset.budget_key, snapshot)
        self.x_label = views.axis_label(unit)
        self.x_integer = unit != "epoch"  # iterations, steps, checks: counts
        if self.preset.view.loss_on_validation:
            self.title = _("validation {loss} (dim: train)").format(loss=name) + group

            def make(snap: Snapshot) -> list[Series]:
                return views.val_loss_series(snap, weight, focus, scale)
        else:
            self.title = (_("{loss} (smooth {weight})").format(loss=name, weight=f"{weight:g}")
                          if weight else name) + group

            def make(snap: Snapshot) -> list[Series]:
                return views.loss_series(snap, weight, focus, scale)
        shown = make(snapshot)
        self.set_overlays(_ghost_layers(self, view, (weight, focus, scale), make, shown))
        self.set_series(shown)

    def reset(self) -> None:
        self.set_series([])


class AccuracyPanel(LinePlot):
    """Train (dim) and validation-or-test accuracy of every plotted series."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("accuracy"), y_range=(0.0, 1.0), id=id)
        self.preset = preset

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = _focus(snapshot, view)
        group = views.group_note(len(snapshot.series), focus)
        self.title = views.accuracy_title(snapshot, group)
        budget = self.preset.budget_key
        unit = views.accuracy_x_label(snapshot, budget)
        self.x_label = views.axis_label(unit)
        self.x_integer = unit != "epoch"

        def make(snap: Snapshot) -> list[Series]:
            return views.accuracy_series(snap, focus, unit == "epoch")
        shown = make(snapshot)
        self.set_overlays(_ghost_layers(self, view, (focus, unit), make, shown))
        self.set_series(shown)

    def reset(self) -> None:
        self.set_series([])


class PathsPanel(PathPlot):
    """Optimizer paths over the contours of the book's x²/20 + y²."""

    LEVELS = (0.25, 1.0, 2.5, 5.0, 8.0, 12.0, 17.0)

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("paths"), id=id)
        x0, x1, y0, y1 = EXTENT
        xs, ys = np.linspace(x0, x1, 81), np.linspace(y0, y1, 41)
        z = objective(np.stack(np.meshgrid(xs, ys), axis=-1))
        self.set_contours(xs, ys, z, np.array(self.LEVELS))

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        # Six paths overlap near the minimum: the focused one bright on top (f: next).
        self.title = _("paths (f: highlight next)") if len(snapshot.series) > 1 else _("paths")
        self.set_paths(views.path_series(snapshot), highlight=_focus(snapshot, view))

    def reset(self) -> None:
        self.set_paths([])


class BoundaryPanel(BoundaryPlot):
    """The focused series' decision boundary; only 2-D inputs have one (on images the
    panel hides itself and makes room)."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        if not snapshot.series:
            return
        shown = snapshot.boundary_extent is not None and "boundary" not in view.hidden
        if self.display != shown:
            self.display = shown
        if shown:  # a hidden panel need not copy the grid every frame
            focus = _focus(snapshot, view)
            s = snapshot.series[focus]
            self.set_boundary(s.boundary, snapshot.boundary_extent, snapshot.points,
                              snapshot.point_labels,
                              _("boundary: {series}").format(
                                  series=f"{views.marker_of(focus)} {views.label_of(s)}"))

    def reset(self) -> None:
        self.set_boundary(None, None, None, None, _("decision boundary"))


class ScatterPanel(ScatterPlot):
    """Search trials: validation accuracy by lr (x) and λ (y)."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("val acc by lr (x), λ (y)"), id=id)

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        # Only evaluated trials: a NaN accuracy has no colour bin.
        trials = [t for t in snapshot.trials if t.val_acc == t.val_acc]
        if not snapshot.trials:
            return
        self.set_points(np.array([t.lr for t in trials]),
                        np.array([t.weight_decay for t in trials]),
                        np.array([t.val_acc for t in trials]), log_x=True, log_y=True,
                        x_label=_("lr"))

    def reset(self) -> None:
        self.set_points(np.zeros(0), np.zeros(0), np.zeros(0), log_x=True, log_y=True,
                        x_label=_("lr"))


class HistogramPanel(HistogramRow):
    """Activation histograms of the focused series, one per hidden layer."""

    def __init__(self, preset: Preset | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: tuple[object, ...] | None = None
        self._hists: tuple[LayerHistogram, ...] | None = None  # shown; kept so its id lives
        self.shared_default = preset is not None and preset.view.histogram_range == "shared"

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        if not snapshot.series:
            return
        focus = _focus(snapshot, view)
        s = snapshot.series[focus]
        hists = s.histograms
        shared = self.shared_default if view.shared_range is None else view.shared_range
        # A snapshot shares the histogram tuple until the next probe: identity suffices.
        if self._key == (focus, s.diverged, shared) and hists is self._hists:
            return
        self._key, self._hists = (focus, s.diverged, shared), hists
        x = _("x shared by layers (h)") if shared else _("x per layer (h)")
        more = (_("f: next series"),) if len(snapshot.series) > 1 else ()
        layers = tuple((h.counts, h.edges, h.layer, h.mean, h.std) for h in hists)
        series = f"{views.marker_of(focus)} {views.label_of(s)}"
        self.set_layers(share_range(layers) if shared else layers,
                        _("activations of {series}").format(series=series),
                        views.color_of(focus), hints=(x, *more))

    def reset(self) -> None:
        self._key = self._hists = None
        self.set_layers((), _("activations"), views.color_of(0))


class TrialsPanel(TrialsTable):
    def __init__(self, preset: Preset | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        self.set_trials(snapshot.trials)

    def reset(self) -> None:
        self.clear()
        self._trials.clear()
        self._cells.clear()


class TablePanel(ExtraTable):
    """Per-series numbers: accuracies (and the train–test gap where it is the lesson), then
    the preset's `summary_columns`; only the group the plots draw (`g`), scrolled to the
    focused series."""

    def __init__(self, preset: Preset | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Without a preset (tests): every `extra` value, no gap.
        self.keys = preset.view.summary_columns if preset is not None else None
        self.gap = preset is not None and preset.view.show_gap
        # Rows follow `g` where line plots draw the series a group at a time (batchnorm).
        self.groups = preset is not None and preset.view.grouped_plots

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = _focus(snapshot, view)
        n = len(snapshot.series)
        rows = views.plotted_range(n, focus) if self.groups else range(n)
        group = views.group_note(n, focus) if self.groups else ""
        self.set_rows(*views.extra_table_rows(snapshot, self.keys, gap=self.gap, rows=rows),
                      first=_("series") + group)
        if rows:
            self.show_row(focus - rows.start)

    def reset(self) -> None:
        self.set_rows([], [], [])


class SweepPanel(LinePlot):
    """Final (so far) train accuracy against the swept setting, one curve per variant:
    batchnorm's BN vs plain over 16 weight scales, the book's figure in one view."""

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


@dataclass(frozen=True)
class PanelSpec:
    """A panel kind: the row it sits in and how to make it for a preset."""

    row: Literal["top", "bottom"]
    make: Callable[..., Widget]


#: Every panel a preset may name, in `presets.view.PANELS` order.
REGISTRY: dict[str, PanelSpec] = {
    "loss": PanelSpec("top", LossPanel),
    "accuracy": PanelSpec("top", AccuracyPanel),
    "histograms": PanelSpec("bottom", HistogramPanel),
    "paths": PanelSpec("top", PathsPanel),
    "boundary": PanelSpec("top", BoundaryPanel),
    "trials": PanelSpec("bottom", TrialsPanel),
    "scatter": PanelSpec("top", ScatterPanel),
    "table": PanelSpec("bottom", TablePanel),
    "sweep": PanelSpec("bottom", SweepPanel),
}


def make_panel(name: str, preset: Preset) -> Widget:
    """The panel ``name`` for ``preset``, with the id `#panel-<name>`."""
    return REGISTRY[name].make(preset, id=f"panel-{name}")


Row = list[tuple[str, Panel]]


def layout_panels(preset: Preset) -> tuple[Row, Row]:
    """The preset's panels as (name, widget) pairs in the upper and the lower row."""
    made = [(name, make_panel(name, preset)) for name in preset.view.panels]
    top: Row = [(n, w) for n, w in made if REGISTRY[n].row == "top"]  # type: ignore[misc]
    bottom: Row = [(n, w) for n, w in made if REGISTRY[n].row == "bottom"]  # type: ignore[misc]
    if not top and len(bottom) > 1:
        # e.g. activation histograms + table: the histograms get the full width.
        top = [bottom.pop(0)]
    return top, bottom
