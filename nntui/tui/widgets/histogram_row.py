"""`HistogramRow`: one small histogram per hidden layer, side by side under a header line,
drawn by `plotting.histogram.histogram_row_strips`; or, over time, one heatmap per layer
(`plotting.heatmap.heatmap_row_strips`).

Drawn as ONE widget (panels side by side inside its own strips) rather than a container of
one widget per layer: every widget stacked on a screen row costs the compositor a cut and
a strip split per frame, and this row redraws on most frames while training.
"""

from __future__ import annotations

from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip

from nntui.i18n import _
from nntui.tui.plotting.heatmap import LayerHistory, heatmap_row_strips
from nntui.tui.plotting.histogram import (
    HISTOGRAM_MIN_HEIGHT,
    HISTOGRAM_MIN_WIDTH,
    ROW_GAP,
    Layer,
    histogram_row_strips,
)
from nntui.tui.widgets.cached import CachedPlot


class HistogramRow(CachedPlot):
    DEFAULT_CSS = """
    HistogramRow { width: 1fr; height: 1fr; }
    """
    #: Narrower than two layers' panels, the header alone would fill it: "too small".
    MIN_WIDTH = 2 * HISTOGRAM_MIN_WIDTH + ROW_GAP
    MIN_HEIGHT = HISTOGRAM_MIN_HEIGHT + 1  # the header line
    GAP = ROW_GAP
    head_text: reactive[str] = reactive("activations")
    color: reactive[str] = reactive("bright_cyan")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(_("activations"), id=id, classes=classes)
        # The header until the first layers arrive, in the App's language (the reactive's
        # class default is English: it is made at import).
        self.set_reactive(HistogramRow.head_text, _("activations"))
        #: Per hidden layer: (counts (k,), edges (k+1,), layer number, mean, std); the panel
        #: title is made per build, to fit the panel's width.
        self._layers: tuple[Layer, ...] = ()
        self._hints: tuple[str, ...] = ()
        #: Over time (`set_history`): per layer its recorded histograms; None: "now".
        self._history: tuple[LayerHistory, ...] | None = None
        self._shared = False

    @property
    def layer_count(self) -> int:
        """How many layer panels the row draws (one per hidden layer)."""
        return len(self._layers) if self._history is None else len(self._history)

    def set_layers(self, layers: tuple[Layer, ...], head: str, color: str,
                   hints: tuple[str, ...] = ()) -> None:
        """Show ``layers`` under the header ``head`` in ``color``, with ``hints`` (keys
        that change the view) after it where there is room (callers skip the call when
        nothing changed: comparing arrays here would cost more than it saves)."""
        self._layers = layers
        self._history = None
        self._hints = hints
        self.set_reactive(HistogramRow.head_text, head)
        self.set_reactive(HistogramRow.color, color)
        self._changed()

    def set_history(self, history: tuple[LayerHistory, ...], head: str, color: str,
                    hints: tuple[str, ...] = (), shared: bool = False) -> None:
        """Show each layer's distribution over time (one heatmap per layer), on one value
        range for every layer when ``shared``; as `set_layers` otherwise."""
        self._history, self._shared = history, shared
        self._hints = hints
        self.set_reactive(HistogramRow.head_text, head)
        self.set_reactive(HistogramRow.color, color)
        self._changed()

    def _cache_extra(self) -> tuple[object, ...]:
        return (self.head_text, self._hints, self.color)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        if self._history is not None:
            return heatmap_row_strips(self._history, self.head_text, self.color, width,
                                      height, base, self._hints, self._shared)
        return histogram_row_strips(self._layers, self.head_text, self.color, width, height,
                                    base, self._hints)
