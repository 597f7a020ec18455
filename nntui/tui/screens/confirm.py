"""`ConfirmLeave`: a small modal asking before a run is thrown away (Esc on the dashboard).

y / enter leaves, n / esc stays: a second Esc pressed out of habit keeps the run.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmLeave(ModalScreen[bool]):
    """Dismisses with True (leave) or False (stay)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Leave"),
        Binding("n,escape", "answer(False)", "Stay"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    ConfirmLeave { align: center middle; }
    ConfirmLeave > Vertical {
        width: 64; max-width: 95%; height: auto; border: round $warning;
        background: $surface; padding: 0 2;
    }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Leave this run?"
            yield Static(self.question, id="confirm-text")
            yield Static("[b]y[/b] / enter: leave   [b]n[/b] / esc: stay", id="confirm-keys")

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)
