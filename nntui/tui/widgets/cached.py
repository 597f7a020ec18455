"""The base of every plot widget: strips cached until the data or the size change.

DESIGN.md "Drawing": a frame is drawn on the UI thread while holding the GIL, so a plot
keeps its list of Strips (one per row) until its data version, its size, its base style or
a reactive attribute changes, and hands rows out from `render_line`; an unchanged plot
costs almost nothing per frame. Subclasses implement `_build` with `nntui.tui.plotting`.
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from nntui.tui.plotting.style import too_small


class CachedPlot(Widget):
    """Base: strips are rebuilt only when ``version``, the size, the base style or
    :meth:`_cache_extra` change; a paint (``render_lines``) checks that once, not per row.

    ``builds`` counts rebuilds and ``cache_hits`` counts checks that found the cache valid;
    tests and benchmarks use them to prove that unchanged data costs no drawing.
    """

    MIN_WIDTH = 12
    MIN_HEIGHT = 4
    #: Reactive, as everything a plot draws: setting it repaints (and is in the cache key).
    title: reactive[str] = reactive("")

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(CachedPlot.title, title)
        self.version = 0
        self.builds = 0
        self.cache_hits = 0
        self._cache_key: tuple[object, ...] | None = None
        self._strips: list[Strip] = []
        self._in_paint = False

    def _changed(self) -> None:
        """Data changed: new version; repaint the rows whose strips changed.

        The strips are rebuilt now (not at the next paint) so they can be compared with
        the old ones: live data mostly moves a curve's head and the legend's values, and
        every row Textual need not re-render is time given back to training.
        """
        self.version += 1
        old = self._strips
        if not self.is_mounted or self._cache_key is None or not old:
            self.refresh()
            return
        self._validate()
        new = self._strips
        if len(new) != len(old):
            self.refresh()
            return
        width = self.size.width
        changed = [Region(0, y, width, 1) for y, (a, b) in enumerate(zip(old, new)) if a != b]
        if changed:
            self.refresh(*changed)

    def _cache_extra(self) -> tuple[object, ...]:
        """Extra state (besides version, size and base style) that the strips depend on:
        the widget's reactive attributes (setting one repaints; this makes the repaint
        rebuild the strips)."""
        return (self.title,)

    def build_strips(self, width: int, height: int, base: Style | None = None) -> list[Strip]:
        """All rows for a ``width x height`` content area on the ``base`` style, uncached
        (``render_line`` caches it; tests and benchmarks call it directly)."""
        base = base or Style()
        if width < self.MIN_WIDTH or height < self.MIN_HEIGHT:
            return too_small(width, height, base)
        return self._build(width, height, base)

    def _build(self, width: int, height: int, base: Style) -> list[Strip]:
        raise NotImplementedError

    def _validate(self) -> None:
        """Rebuild the strips if the data version, size, base style or extras changed."""
        width, height = self.size
        # The widget's CSS colour/background (cached by Textual until a style update); part
        # of the key so a theme switch redraws. (``rich_style`` walks all ancestors per call.)
        base = self.visual_style.rich_style
        key = (self.version, width, height, base, *self._cache_extra())
        if key != self._cache_key:
            self._strips = self.build_strips(width, height, base)
            self._cache_key = key
            self.builds += 1
        else:
            self.cache_hits += 1

    def render_lines(self, crop: Region) -> list[Strip]:
        # One cache check per paint, not per row: ``self.size`` alone costs several µs.
        self._validate()
        self._in_paint = True
        try:
            return super().render_lines(crop)
        finally:
            self._in_paint = False

    def render_line(self, y: int) -> Strip:
        if not self._in_paint:  # called directly (tests, other callers): check the cache
            self._validate()
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self._strips[0].cell_length if self._strips else 0)
