"""`StatusBar`: the dashboard's status line (two or three when a run's message does not fit
beside it); its layout is `views.status_line`."""

from __future__ import annotations

from textual.widgets import Static

from nntui.tui.views import StatusInfo, status_line


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.text = ""

    def show(self, info: StatusInfo) -> str:
        """Lay ``info`` out for the current width; repaint only if the text changed."""
        text = status_line(info, max(20, self.screen.size.width - 2))
        if text != self.text:
            lines = text.count("\n") + 1
            relayout = lines != self.text.count("\n") + 1
            self.text = text
            if relayout:  # the message moved to (or from) its own line
                self.styles.height = lines
            # Otherwise the same height: skip the layout pass a plain update() triggers.
            self.update(text, layout=relayout)
        return text
