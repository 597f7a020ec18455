"""The dashboard's keys that change how a panel draws the run (`DashboardScreen` takes
them from `ViewKeys`): the loss axis (`l`), the histograms' x range (`h`), the histogram
row now / over time (`w`) and the gradient-flow panel's norms / update ratios (`u`). Their
rules live in `ViewState`; these only say what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.tui.widgets.line_plot import LinePlot

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.tui.panel_rows import PanelRows
    from nntui.tui.view_state import ViewState


class ViewKeys:
    """The view keys' actions for a screen with ``view``, ``rows``, ``preset``,
    ``snapshot``, `notify` and `redraw` (the dashboard)."""

    view: ViewState
    rows: PanelRows
    preset: Preset
    snapshot: Snapshot | None

    def action_toggle_log(self) -> None:
        plot = self.rows.panels.get("loss")
        if isinstance(plot, LinePlot):
            plot.log_y = not plot.log_y
            self.notify(_("loss axis: log") if plot.log_y  # type: ignore[attr-defined]
                        else _("loss axis: linear"), timeout=2)

    def action_toggle_hist_range(self) -> None:
        if "histograms" in self.preset.view.panels:
            self.notify(self.view.hist_range_note(), timeout=2)  # type: ignore[attr-defined]
            self.redraw()  # type: ignore[attr-defined]

    def action_histogram_view(self) -> None:  # the next tick draws it (ViewState.key)
        self.notify(self.view.histogram_view_note(self.snapshot),  # type: ignore[attr-defined]
                    timeout=2)

    def action_gradient_view(self) -> None:  # the next tick draws it (ViewState.key)
        self.notify(self.view.gradient_view_note(), timeout=2)  # type: ignore[attr-defined]
