"""How the user looks at a run in the dashboard, apart from the run itself: the focused
series, the loss smoothing, the hidden panels, the histograms' x range and whether the
histogram row shows now or over time.

Pure state with the rules of the view keys (f/tab, g, [ ], 1…8, h, w), so they are testable
without a screen; the dashboard turns it into a `panels.PanelView` for every redraw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.presets.view import PresetView
from nntui.tui import views
from nntui.tui.ghost_view import GhostRun
from nntui.tui.gradient_flow import GRADIENT_VIEW_NOTES, GRADIENT_VIEWS
from nntui.tui.histogram_views import HISTOGRAM_VIEW_NOTES, histogram_views
from nntui.tui.panel_view import PanelView

if TYPE_CHECKING:
    from nntui.core.snapshot import SeriesSnapshot, Snapshot


def grouped(view: PresetView, series: int) -> bool:
    """The series are drawn a group at a time (more than a line plot names)."""
    return series > views.MAX_PLOTTED and view.grouped_plots


@dataclass
class ViewState:
    """The view keys' state for one dashboard (mutable: the UI thread's only)."""

    spec: PresetView
    focus: int = 0
    smoothing_index: int = 0
    hidden: set[str] = field(default_factory=set)
    #: histograms on one x range for all layers; None: the preset's default
    shared_range: bool | None = None
    #: the histogram row: "now" or a kind over time (`panels.HISTORY_KINDS`)
    histogram_view: str = "now"
    #: another run overlaid dotted on the line panels (`c`), or None
    ghost: GhostRun | None = None
    #: the gradient-flow panel's curves: "norm" or "ratio" (`gradient_flow.GRADIENT_VIEWS`)
    gradient_view: str = "norm"

    def panel_view(self) -> PanelView:
        return PanelView(self.focus, views.SMOOTHING[self.smoothing_index],
                         frozenset(self.hidden), self.shared_range, self.histogram_view,
                         self.ghost, self.gradient_view)

    def key(self) -> tuple[object, ...]:
        """What, besides the snapshot, the panels' content depends on."""
        return (self.focus, self.smoothing_index, id(self.ghost), self.gradient_view,
                self.histogram_view)

    def next_series(self, series: int, step: int = 1) -> None:
        self.focus = (self.focus + step) % max(1, series)

    def next_group(self, series: int) -> bool:
        """Jump the focus to the first series of the next group (batchnorm's 32 are drawn
        eight at a time); False when every series is drawn already."""
        if not grouped(self.spec, series):
            return False
        self.focus = views.plotted_range(series, self.focus).stop % series
        return True

    def smoothing(self, delta: int) -> None:
        self.smoothing_index = max(0, min(len(views.SMOOTHING) - 1,
                                          self.smoothing_index + delta))

    def toggle_hist_range(self) -> bool:
        """Flip between one x range for every layer (a collapse toward 0 shows) and each
        layer its own (the shape of a narrow layer shows); returns the new one (shared)."""
        shared = self.shared_range
        if shared is None:
            shared = self.spec.histogram_range == "shared"
        self.shared_range = not shared
        return self.shared_range

    def hist_range_note(self) -> str:
        """`h`: `toggle_hist_range`, and the note that says which range the row now uses."""
        return (_("histograms: one x range for all layers") if self.toggle_hist_range()
                else _("histograms: each layer its own x range"))

    def histogram_view_note(self, snapshot: Snapshot | None) -> str:
        """`w`: step the histogram row to its next view for the focused series of
        ``snapshot`` (`next_histogram_view`); the note that says which (or that nothing
        is recorded over time yet)."""
        shown = snapshot is not None and "histograms" in self.spec.panels
        view = self.next_histogram_view(snapshot.series if shown else ())  # type: ignore[union-attr]
        return _(HISTOGRAM_VIEW_NOTES[view or ""])

    def next_histogram_view(self, series: Sequence[SeriesSnapshot]) -> str | None:
        """Step the histogram row to its next view for the focused one of ``series``: "now"
        first, then each kind over time that series records (`panels.histogram_views`);
        the new one, or None (nothing changed) while nothing is recorded over time."""
        offered = histogram_views(series[self.focus % len(series)] if series else None)
        if len(offered) == 1:
            return None
        i = offered.index(self.histogram_view) if self.histogram_view in offered else -1
        self.histogram_view = offered[(i + 1) % len(offered)]
        return self.histogram_view

    def gradient_view_note(self) -> str:
        """`u`: the gradient-flow panel's next view (`GRADIENT_VIEWS`), and the note that
        says which (or that this run has no such panel)."""
        if "gradients" not in self.spec.panels:
            return _("gradient flow: not shown in this run")
        i = GRADIENT_VIEWS.index(self.gradient_view)
        self.gradient_view = GRADIENT_VIEWS[(i + 1) % len(GRADIENT_VIEWS)]
        return _(GRADIENT_VIEW_NOTES[self.gradient_view])

    def toggle_panel(self, number: int) -> str | None:
        """Hide or show the ``number``-th panel (1-based, in the preset's order); its name,
        or None when there is no such panel."""
        names = self.spec.panels
        if not 1 <= number <= len(names):
            return None
        name = names[number - 1]
        self.hidden ^= {name}
        return name
