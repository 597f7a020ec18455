"""`FittingFooter`: Textual's key footer, compact (one blank less around each key) when
its keys would not fit the width in full, so the last ones (q, ?) are not cut off: the
replay's nine keys are 85 cells in Japanese at 80 columns. When even compact keys reach
under the command palette's key (docked on the right: batchnorm's finished dashboard in
Japanese at 80 columns read 「? ヘル」), that key goes; ctrl+p still opens the palette."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer

from nntui.tui.textual_seam import footer_key_widgets, footer_keys


class FittingFooter(Footer):
    def compose(self) -> ComposeResult:
        yield from super().compose()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width
        if width <= 0:
            return
        keys, palette = footer_key_widgets(self)
        shown = [(k.key_display, k.description) for k in keys]
        # Full style: " key description " (a blank each side of the key, one after the
        # description); compact: "key description" and a blank between keys.
        full = sum(cell_len(key) + cell_len(description) + 2 + (1 if description else 0)
                   for key, description in footer_keys(self))
        self.compact = full > width
        if palette is None:
            return
        # The palette's key: "▏key description " docked on the right, one cell from the edge.
        room = cell_len(palette.key_display) + cell_len(palette.description) + 3
        compact = sum(cell_len(key) + (cell_len(description) + 1 if description else 0)
                      for key, description in shown) + max(0, len(shown) - 1)
        palette.display = not self.compact or compact <= width - room
