"""The lr panel: each series' learning rate over the run, i.e. its schedule (lr-schedules).

The rates are the preset's plan (`PresetView.lr_plan`: the same schedules the series train
with, evaluated at the run's iterations), so the whole schedule is known before the run:
the part still to come is drawn faint, the part done solid up to the current iteration,
where the marker sits and the legend gives the rate now. On a narrow screen the panel
makes room for the loss and accuracy beside it (the table's lr column gives the rates
then). Registered in `panels.REGISTRY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nntui.core.snapshot import Snapshot
from nntui.i18n import _
from nntui.tui import views
from nntui.tui.panel_view import PanelView, focus_of
from nntui.tui.plotting.canvas import Series
from nntui.tui.widgets.line_plot import LinePlot

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig

#: Narrower screens show two plots in the upper row, not three: the lr panel gives way.
MIN_SCREEN_WIDTH = 100
#: Points per schedule: enough for a step decay's jumps on any panel width.
POINTS = 400


def lr_series(plan: list[list[float]], its: np.ndarray, names: list[str], now: int,
              shown: range) -> list[Series]:
    """The schedules as curves: per shown series, the rates still to come (faint), then
    the rates up to iteration ``now`` (solid, legend). ``plan``: per series, the rate at
    each of ``its`` (n,)."""
    faint: list[Series] = []
    solid: list[Series] = []
    done = its <= now
    for i in shown:
        y = np.asarray(plan[i], dtype=np.float64)
        color, marker = views.color_of(i), views.marker_of(i)
        faint.append(Series(names[i] + " plan", its, y, color, marker, faint=True))
        if done.any():
            solid.append(Series(names[i], its[done], y[done], color, marker))
    return faint + solid


class LrPanel(LinePlot):
    """Each plotted series' learning rate over the run (see the module docstring)."""

    def __init__(self, preset: Preset, *, id: str | None = None) -> None:
        super().__init__(_("learning rate (dim: still to come)"),
                         x_label=views.axis_label("iteration"), id=id)
        self.x_integer = True
        self.preset = preset
        self._config: RunConfig | None = None
        self._plan: tuple[np.ndarray, list[list[float]]] | None = None

    def set_config(self, config: RunConfig) -> None:
        """The run's settings: the schedules and the budget the plan is evaluated on."""
        self._config, self._plan = config, None

    def plan(self) -> tuple[np.ndarray, list[list[float]]] | None:
        """(iterations (n,), per series its rates there), computed once per config."""
        plan_of, config = self.preset.view.lr_plan, self._config
        if plan_of is None or config is None:
            return None
        if self._plan is None:
            total = int(config.get(self.preset.budget_key) or 0)  # type: ignore[arg-type]
            its = np.unique(np.linspace(0, max(total - 1, 0), POINTS).round()).astype(int)
            rates = plan_of(config, its.tolist())
            self._plan = (its.astype(np.float64), rates)
        return self._plan

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        wide = self.screen.size.width >= MIN_SCREEN_WIDTH
        shown = wide and "lr" not in view.hidden
        if self.display != shown:
            self.display = shown
        plan = self.plan()
        if not shown or plan is None or not snapshot.series:
            return
        its, rates = plan
        focus = focus_of(snapshot, view)
        n = len(snapshot.series)
        names = [views.label_of(s) for s in snapshot.series]
        peak = max((max(r) for r in rates if r), default=1.0)
        self.y_range = (0.0, peak * 1.05)
        self.title = _("learning rate (dim: still to come)") + views.group_note(n, focus)
        self.set_series(lr_series(rates, its, names, snapshot.iteration - 1,
                                  views.plotted_range(n, focus)))

    def reset(self) -> None:
        self.set_series([])
