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
from typing import TYPE_CHECKING, Literal

import numpy as np
from textual.widget import Widget

from nntui.core.paths import EXTENT, objective
from nntui.core.snapshot import LayerHistogram, Snapshot
from nntui.i18n import _
from nntui.tui import seed_views, views
from nntui.tui.gradient_flow import GradientPanel
from nntui.tui.histogram_views import histogram_views, history_of
from nntui.tui.line_panels import AccuracyPanel, GapPanel, LossPanel, SweepPanel
from nntui.tui.lr_panel import LrPanel
from nntui.tui.panel_view import Panel, PanelView, focus_of
from nntui.tui.plotting.heatmap import HistoryStacks
from nntui.tui.plotting.histogram import share_range
from nntui.tui.widgets.boundary_plot import BoundaryPlot
from nntui.tui.widgets.extra_table import ExtraTable
from nntui.tui.widgets.histogram_row import HistogramRow
from nntui.tui.widgets.path_plot import PathPlot
from nntui.tui.widgets.scatter_plot import ScatterPlot
from nntui.tui.widgets.trials_table import TrialsTable

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.claims import Claim

__all__ = ["REGISTRY", "Panel", "PanelView", "layout_panels", "make_panel"]


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
        self.set_paths(views.path_series(snapshot), highlight=focus_of(snapshot, view))

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
            focus = focus_of(snapshot, view)
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
    """Activation histograms of the focused series, one per hidden layer; or, over time, a
    heatmap per layer of its activations, gradients ∂L/∂W or weights (`w`)."""

    def __init__(self, preset: Preset | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: tuple[object, ...] | None = None
        self._hists: tuple[LayerHistogram, ...] | None = None  # shown; kept so its id lives
        #: Per (series, kind) its history over time stacked so far: a refresh adds a row.
        self._stacks: dict[tuple[int, str], HistoryStacks] = {}
        self.shared_default = preset is not None and preset.view.histogram_range == "shared"
        #: The x of the heatmaps over time: the run's steps (the probe) or iterations.
        self.time_unit = views.axis_label(
            "step" if preset is not None and preset.budget_key == "steps" else "iteration")

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        if not snapshot.series:
            return
        focus = focus_of(snapshot, view)
        s = snapshot.series[focus]
        hists = s.histograms
        shared = self.shared_default if view.shared_range is None else view.shared_range
        if view.histogram_view != "now" and history_of(s, view.histogram_view):
            self._over_time(snapshot, focus, view.histogram_view, shared)
            return
        # A snapshot shares the histogram tuple until the next probe: identity suffices.
        if self._key == (focus, s.diverged, shared) and hists is self._hists:
            return
        self._key, self._hists = (focus, s.diverged, shared), hists
        x = _("x shared by layers (h)") if shared else _("x per layer (h)")
        more = (_("f: next series"),) if len(snapshot.series) > 1 else ()
        if len(histogram_views(s)) > 1:
            more = (_("w: over time"), *more)
        layers = tuple((h.counts, h.edges, h.layer, h.mean, h.std) for h in hists)
        series = f"{views.marker_of(focus)} {views.label_of(s)}"
        self.set_layers(share_range(layers) if shared else layers,
                        _("activations of {series}").format(series=series),
                        views.color_of(focus), hints=(x, *more))

    def _over_time(self, snapshot: Snapshot, focus: int, kind: str, shared: bool) -> None:
        """Draw series ``focus``'s recorded ``kind`` histograms as heatmaps over time."""
        s = snapshot.series[focus]
        history = history_of(s, kind)
        key = (focus, s.diverged, shared, kind, len(history), history[-1][0], history[0][0])
        if self._key == key:
            return
        self._key, self._hists = key, None
        series = f"{views.marker_of(focus)} {views.label_of(s)}"
        head = {
            "activations": _("activations over time: {series}"),
            "gradients": _("gradients ∂L/∂W over time: {series}"),
            "weights": _("weights W over time: {series}"),
        }[kind].format(series=series)
        hints = (_("y: value, x: {unit}").format(unit=self.time_unit),
                 _("y shared by layers (h)") if shared else _("y per layer (h)"),
                 _("w: next view"))
        if len(snapshot.series) > 1:
            hints = (*hints, _("f: next series"))
        if len(self._stacks) > 32:  # bounded: a run with many series, every view seen
            self._stacks.clear()
        stacks = self._stacks.setdefault((focus, kind), HistoryStacks())
        self.set_history(stacks.update(history), head, views.color_of(focus),
                         hints, shared)

    def reset(self) -> None:
        self._key = self._hists = None
        self._stacks.clear()
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
        #: The run's claims (`set_claims`): a K-seed run's table counts each technique's wins.
        self.claims: tuple[Claim, ...] = ()

    def set_claims(self, claims: tuple[Claim, ...]) -> None:
        self.claims = claims

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        focus = focus_of(snapshot, view)
        n = len(snapshot.series)
        rows = views.plotted_range(n, focus) if self.groups else range(n)
        group = views.group_note(n, focus) if self.groups else ""
        columns, labels, cells = views.extra_table_rows(snapshot, self.keys, gap=self.gap,
                                                        rows=rows)
        wins = seed_views.wins_column(snapshot, self.claims)
        if wins is not None:  # a K-seed run: on how many seeds each technique wins so far
            columns = [*columns, wins[0]]
            cells = [[*row, wins[1][i]] for row, i in zip(cells, rows)]
        self.set_rows(columns, labels, cells, first=_("series") + group)
        if rows:
            self.show_row(focus - rows.start)

    def reset(self) -> None:
        self.set_rows([], [], [])


@dataclass(frozen=True)
class PanelSpec:
    """A panel kind: the row it sits in and how to make it for a preset."""

    row: Literal["top", "bottom"]
    make: Callable[..., Widget]


#: Every panel a preset may name, in `presets.view.PANELS` order.
REGISTRY: dict[str, PanelSpec] = {
    "loss": PanelSpec("top", LossPanel),
    "accuracy": PanelSpec("top", AccuracyPanel),
    "gap": PanelSpec("top", GapPanel),
    "histograms": PanelSpec("bottom", HistogramPanel),
    "paths": PanelSpec("top", PathsPanel),
    "boundary": PanelSpec("top", BoundaryPanel),
    "trials": PanelSpec("bottom", TrialsPanel),
    "scatter": PanelSpec("top", ScatterPanel),
    "table": PanelSpec("bottom", TablePanel),
    "sweep": PanelSpec("bottom", SweepPanel),
    "gradients": PanelSpec("bottom", GradientPanel),
    "lr": PanelSpec("top", LrPanel),
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
