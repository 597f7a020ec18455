"""`?`: the keys of the screen below (built from its bindings and the App's), and what the
current preset shows and what to look for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from nntui.i18n import N_, _, join_list, pgettext
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.screens.modal_keys import MODAL_APP_KEYS
from nntui.tui.wrap import Wrapped

#: Key names shown as people type them.
_SHOWN = {"escape": "esc", "space": "space", "tab": "tab", "enter": "enter", "plus": "+",
          "minus": "-", "underscore": "_"}


def key_display(key: str) -> str:
    """``full_stop`` -> ``.``, ``escape`` -> ``esc``, ``ctrl+s`` stays."""
    if key in _SHOWN or "+" in key[1:]:
        return _SHOWN.get(key, key)
    try:
        return key_to_character(key) or key
    except Exception:  # not a character key
        return key


def key_rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do) rows built from ``bindings`` themselves, so help cannot drift
    from the keys: one row per description (the binding's tooltip, else its footer text),
    the keys of every binding that shares it joined, a run of digits as ``1…8``. The
    texts are translated here (the class BINDINGS hold the English, marked with N_)."""
    rows: dict[str, list[str]] = {}
    for b in bindings:
        what = _(b.tooltip or b.description)
        keys = rows.setdefault(what, [])
        for k in b.key.split(","):
            shown = b.key_display or key_display(k.strip())
            if shown not in keys:
                keys.append(shown)
    out = []
    for what, keys in rows.items():
        if len(keys) > 2 and all(k.isdigit() for k in keys):
            keys = [f"{keys[0]}…{keys[-1]}"]
        out.append(("  ".join(keys), what))
    return out


def panel_name(name: str) -> str:
    """A panel's key (`presets.base.PANELS`) as the help lists it."""
    names = {
        "loss": pgettext("panel", "loss"), "accuracy": pgettext("panel", "accuracy"),
        "gap": pgettext("panel", "gap"),
        "histograms": pgettext("panel", "histograms"), "table": pgettext("panel", "table"),
        "boundary": pgettext("panel", "boundary"), "sweep": pgettext("panel", "sweep"),
        "paths": pgettext("panel", "paths"), "trials": pgettext("panel", "trials"),
        "scatter": pgettext("panel", "scatter"), "gradients": pgettext("panel", "gradient flow"),
    }
    return names.get(name, name)


def help_renderable(keys: Sequence[tuple[str, str]], about: str = "",
                    panels: tuple[str, ...] = ()) -> Table:
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column(style="bold", no_wrap=True)
    # Fold, never crop: Japanese runs have no spaces to wrap at (Wrapped breaks between
    # CJK characters; "fold" is the fallback for anything else too wide).
    table.add_column(overflow="fold")
    for shown, what in keys:
        table.add_row(shown, what)
    if panels:
        table.add_row("", "")
        table.add_row(_("panels"), join_list(
            f"{i}:{panel_name(p)}" for i, p in enumerate(panels, 1)))
    if about:
        table.add_row("", "")
        table.add_row(_("preset"), Wrapped(Text(about)))
    return table


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,enter", "close", N_("Close")),
        *MODAL_APP_KEYS,
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, keys: Sequence[tuple[str, str]], about: str = "",
                 panels: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.keys = keys
        self.about = about
        self.panels = panels

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = _("nntui · keys")
            box.border_subtitle = _("esc: close")
            yield Static(help_renderable(self.keys, self.about, self.panels), id="help-body")
        yield Footer()  # this overlay's own keys, not those of the screen below

    def action_close(self) -> None:
        self.dismiss(None)
