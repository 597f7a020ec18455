"""The dashboard's keys that change how the run is looked at (focus, groups, smoothing,
log axis, histogram range, hidden panels, trial sort), apart from `dashboard.py`, which
runs the run. A mixin of `DashboardScreen`: it reads the screen's state and calls its
`redraw`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from nntui.i18n import _
from nntui.tui import views
from nntui.tui.widgets.line_plot import LinePlot
from nntui.tui.widgets.trials_table import TrialsTable

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset


def grouped(preset: Preset) -> bool:
    """The preset's series are drawn a group at a time (more than a line plot names)."""
    return (len(preset.series) > views.MAX_PLOTTED
            and any(p in preset.view.panels for p in ("loss", "accuracy")))


class ViewKeys:
    """Actions of the view keys; `DashboardScreen` provides the attributes below."""

    preset: Preset
    state: str
    snapshot: Snapshot | None
    focus_index: int
    smoothing_index: int
    hidden: set[str]
    panels: dict[str, Widget]
    #: histograms on one x range for all layers; None: the preset's default
    shared_range: bool | None

    if TYPE_CHECKING:
        def has_report(self) -> bool: ...
        def redraw(self) -> None: ...
        def notify(self, message: str, **kw: object) -> None: ...
        def query_one(self, selector: str, expect_type: type[Widget] = ...) -> Widget: ...
        def query(self, selector: object) -> object: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing now from the footer (`g` shows only when the series
        come in groups, `h` only with histograms, `x` while the run runs, `v` once it
        ended); hidden keys still answer (with a note where they cannot act)."""
        if action == "stop":
            return self.state in ("running", "preparing")
        if action == "report":
            return self.has_report()
        if action == "next_group":
            return grouped(self.preset)
        if action == "toggle_hist_range":
            return "histograms" in self.preset.view.panels
        return True

    def _series_count(self) -> int:
        return len(self.snapshot.series) if self.snapshot else len(self.preset.series)

    def action_next_series(self, step: int = 1) -> None:
        self.focus_index = (self.focus_index + step) % max(1, self._series_count())
        self.redraw()

    def action_prev_series(self) -> None:
        self.action_next_series(-1)

    def action_next_group(self) -> None:
        """Runs with more series than a plot names (batchnorm's 32) are drawn a group at a
        time: jump the focus to the first series of the next group."""
        n = self._series_count()
        if n <= views.MAX_PLOTTED or not grouped(self.preset):
            self.notify(_("All series are drawn already: f focuses the next one."), timeout=3)
            return
        self.focus_index = views.plotted_range(n, self.focus_index).stop % n
        self.redraw()

    def action_toggle_log(self) -> None:
        plot = self.panels.get("loss")
        if isinstance(plot, LinePlot):
            plot.log_y = not plot.log_y
            self.notify(_("loss axis: log") if plot.log_y else _("loss axis: linear"),
                        timeout=2)

    def action_toggle_hist_range(self) -> None:
        """Histograms: one x range for every layer (a collapse toward 0 shows) or each
        layer its own (the shape of a narrow layer shows)."""
        if "histograms" not in self.preset.view.panels:
            return
        shared = self.shared_range
        if shared is None:
            shared = self.preset.view.histogram_range == "shared"
        self.shared_range = not shared
        self.notify(_("histograms: one x range for all layers") if self.shared_range
                    else _("histograms: each layer its own x range"), timeout=2)
        self.redraw()

    def action_smoothing(self, delta: int) -> None:
        self.smoothing_index = max(0, min(len(views.SMOOTHING) - 1,
                                          self.smoothing_index + delta))
        self.redraw()

    def action_toggle_panel(self, number: int) -> None:
        names = self.preset.view.panels
        if not 1 <= number <= len(names):
            return
        name = names[number - 1]
        self.hidden ^= {name}
        widget = self.query_one(f"#panel-{name}", Widget)
        widget.display = name not in self.hidden
        shown = False
        for row_id in ("#dash-top", "#dash-bottom"):
            for row in self.query(row_id):  # type: ignore[attr-defined]
                row.display = any(child.display for child in row.children)
                shown = shown or bool(row.display)
        self.query_one("#dash-none").display = not shown
        self.redraw()  # a panel hidden while data arrived catches up now

    def action_sort_trials(self) -> None:
        """Sort the trial table by its next column (a header click sorts by that one)."""
        for table in self.query(TrialsTable):  # type: ignore[attr-defined]
            table.sort_by(table.sort_column + 1)
            self.notify(_("trials sorted by {column}").format(
                column=_(TrialsTable.COLUMNS[table.sort_column])), timeout=2)
