"""`ConfirmLeave`: a small modal asking before a run is thrown away (Esc on the dashboard).

y / enter leaves, n / esc stays: a second Esc pressed out of habit keeps the run.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.wrap import Wrapped


class ConfirmLeave(TranslatedBindings, ModalScreen[bool]):
    """Dismisses with True (leave) or False (stay)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Leave")),
        Binding("n,escape", "answer(False)", N_("Stay")),
        Binding("q", "app.quit", N_("Quit")),
    ]
    DEFAULT_CSS = """
    ConfirmLeave { align: center middle; }
    ConfirmLeave > Vertical {
        width: 64; max-width: 95%; height: auto; border: round $warning;
        background: $surface; padding: 0 2;
    }
    """

    def __init__(self, question: str, *, training: bool = False) -> None:
        """``training``: the run has not finished (leaving stops it), which the title
        says."""
        super().__init__()
        self.question = question
        self.training = training

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = (_("Stop training and leave?") if self.training
                                else _("Leave this run?"))
            yield Static(Wrapped(Text(self.question)), id="confirm-text")
            yield Static(_("[b]y[/b] / enter: leave   [b]n[/b] / esc: stay"),
                         id="confirm-keys")

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)
