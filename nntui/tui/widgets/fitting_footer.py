"""`FittingFooter`: Textual's key footer, compact (one blank less around each key) when
its keys would not fit the width in full, so the last ones (q, ?) are not cut off: the
replay's nine keys are 85 cells in Japanese at 80 columns."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer

from nntui.tui.textual_seam import footer_keys


class FittingFooter(Footer):
    def compose(self) -> ComposeResult:
        yield from super().compose()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # Full style: " key description " (a blank each side of the key, one after the
        # description); compact: "key description" and a blank between keys.
        full = sum(cell_len(key) + cell_len(description) + 2 + (1 if description else 0)
                   for key, description in footer_keys(self))
        self.compact = full > self.size.width > 0
