"""How the user looks at a run in the dashboard, apart from the run itself: the focused
series, the loss smoothing, the hidden panels and the histograms' x range.

Pure state with the rules of the view keys (f/tab, g, [ ], 1…8, h), so they are testable
without a screen; the dashboard turns it into a `panels.PanelView` for every redraw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nntui.presets.view import PresetView
from nntui.tui import views
from nntui.tui.panels import GhostRun, PanelView


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
    #: another run overlaid faint on the line panels (`c`), or None
    ghost: GhostRun | None = None

    def panel_view(self) -> PanelView:
        return PanelView(self.focus, views.SMOOTHING[self.smoothing_index],
                         frozenset(self.hidden), self.shared_range, self.ghost)

    def key(self) -> tuple[object, ...]:
        """What, besides the snapshot, the panels' content depends on."""
        return (self.focus, self.smoothing_index, id(self.ghost))

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

    def toggle_panel(self, number: int) -> str | None:
        """Hide or show the ``number``-th panel (1-based, in the preset's order); its name,
        or None when there is no such panel."""
        names = self.spec.panels
        if not 1 <= number <= len(names):
            return None
        name = names[number - 1]
        self.hidden ^= {name}
        return name
