"""`?`: every key, and what the current preset shows and what to look for."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from nntui.tui.wrap import Wrapped

#: (keys, what they do): the one list the help screen shows.
KEYS: tuple[tuple[str, str], ...] = (
    ("enter", "picker: start the highlighted preset"),
    ("s / e", "picker: settings of the highlighted preset"),
    ("space", "pause / resume training"),
    ("n  .", "one iteration (pauses first)"),
    ("s", "stop the run (dashboard)"),
    ("r", "restart with the next seed"),
    ("f  tab", "focus the next series (its histograms, boundary)"),
    ("g", "next group of series (runs with more than 8, e.g. batchnorm)"),
    ("1…8", "show / hide a panel (in the order listed below)"),
    ("l", "loss axis: log / linear"),
    ("[  ]", "less / more loss smoothing"),
    ("+  -", "faster / slower (throttle for demos)"),
    ("v", "final report (test metrics, confusion matrix)"),
    ("o", "sort the trial table by the next column (or click a header)"),
    ("e", "export config/metrics/summary (--out or ./runs/…)"),
    ("ctrl+s  S", "save a screenshot (SVG)"),
    ("t", "dark / light theme"),
    ("esc  b", "back to the picker"),
    ("?", "this help"),
    ("q", "quit"),
)


def help_renderable(about: str = "", panels: tuple[str, ...] = ()) -> Table:
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column(style="bold", no_wrap=True)
    # Fold, never crop: Japanese runs have no spaces to wrap at (Wrapped breaks between
    # CJK characters; "fold" is the fallback for anything else too wide).
    table.add_column(overflow="fold")
    for keys, what in KEYS:
        table.add_row(keys, what)
    if panels:
        table.add_row("", "")
        table.add_row("panels", ", ".join(f"{i}:{p}" for i, p in enumerate(panels, 1)))
    if about:
        table.add_row("", "")
        table.add_row("preset", Wrapped(Text(about)))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,enter", "close", "Close"),
        Binding("q", "app.quit", "Quit"),  # q quits from every screen
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, about: str = "", panels: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.about = about
        self.panels = panels

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "nntui · keys"
            box.border_subtitle = "esc: close"
            yield Static(help_renderable(self.about, self.panels), id="help-body")
        yield Footer()  # this overlay's own keys, not those of the screen below

    def action_close(self) -> None:
        self.dismiss(None)
