"""The Runs screen (`p` in the picker: past runs): the run history as `nntui runs` lists it, newest
first, filtered by what is typed (a preset, a dataset, a setting: any part of a row);
space marks runs, enter compares the marked ones (two or more) or replays the highlighted
one. The App opens what is chosen (`messages.SavedRunsChosen`)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from nntui.i18n import N_, _
from nntui.runs import listing
from nntui.runs.history import RunRecord, short_ids
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.messages import BackRequested, SavedRunsChosen
from nntui.tui.widgets.fitting_footer import FittingFooter

#: A marked run's first cell (a blank for the others: rows stay aligned).
MARK, NO_MARK = "● ", "○ "


class RunsScreen(TranslatedBindings, Screen[None]):
    BINDINGS = [
        Binding("enter", "open", N_("Open"), priority=True,
                tooltip=N_("compare the marked runs, or replay the highlighted one")),
        Binding("space", "mark", N_("Mark"), priority=True,
                tooltip=N_("mark / unmark the highlighted run (to compare)")),
        Binding("escape", "back", N_("Back"), tooltip=N_("back to the picker")),
    ]
    DEFAULT_CSS = """
    RunsScreen { layout: vertical; }
    #runs-head { height: 1; background: $panel; text-style: bold; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    #runs-filter { height: 3; }
    /* Over the rows' text: the list's border and padding, then the mark. */
    #runs-columns { height: 1; padding: 0 0 0 4; color: $text-muted; text-wrap: nowrap; }
    #runs-list { height: 1fr; }
    #runs-hint { height: 1; color: $text-muted; padding: 0 1; text-wrap: nowrap;
                 text-overflow: ellipsis; }
    """

    def __init__(self, found: Sequence[RunRecord], query: str = "") -> None:
        super().__init__()
        self.typed = query  # the filter it opens with (the palette's "Show run")
        self.found = list(found)
        self.shorts = short_ids(r.id for r in self.found)
        self.marked: list[str] = []  # ids, in the order marked
        self.shown: list[RunRecord] = list(self.found)
        self._haystacks: list[str] | None = None  # each run's row and id, for the filter

    def compose(self) -> ComposeResult:
        yield Static(_("Your runs ({n} in the history)").format(n=len(self.found)),
                     id="runs-head")
        yield Input(self.typed, placeholder=_("filter: preset, dataset, setting…"),
                    id="runs-filter")
        yield Static("", id="runs-columns")
        yield OptionList(id="runs-list")
        # Within 78 cells: an 80-column terminal, in every language.
        yield Static(_("space marks runs · enter compares them, or replays the "
                       "highlighted · esc back"), id="runs-hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.typed:
            self.shown = self.matching(self.typed)
        self._fill()
        self.query_one("#runs-list", OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        """The columns are fitted to the width: fit them again (a narrower terminal cuts
        the accuracies, a wider one shows every series')."""
        if self.is_mounted:
            self._fill()

    def lines(self) -> tuple[str, list[str]]:
        """The header line and one line per shown run, fitted to the screen's width."""
        first = listing.varying(self.shown)  # what tells the shown runs apart, first
        rows = [listing.header(), *(listing.row(r, self.shorts[r.id], first=first)
                                    for r in self.shown)]
        fitted = listing.fit_narrow(rows, max(40, self.app.size.width - 8),
                                    best=[listing.best_text(r) for r in self.shown])
        marks = [MARK if r.id in self.marked else NO_MARK for r in self.shown]
        return fitted[0], [m + line for m, line in zip(marks, fitted[1:])]

    def _fill(self) -> None:
        head, body = self.lines()
        self.query_one("#runs-columns", Static).update(head)
        options = self.query_one("#runs-list", OptionList)
        keep = options.highlighted
        options.clear_options()
        if not body:
            options.add_option(Option(_("No run matches.") if self.found else _(
                "No runs yet: every run you start is kept here."), disabled=True))
            return
        options.add_options([Option(line, id=r.id) for line, r in zip(body, self.shown)])
        options.highlighted = min(keep or 0, len(body) - 1)

    @on(Input.Changed, "#runs-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.shown = self.matching(event.value)
        self._fill()

    def matching(self, text: str) -> list[RunRecord]:
        """The runs whose row (or whole id) holds every word of ``text``."""
        words = text.lower().split()
        if self._haystacks is None:  # once: the history does not change while shown
            self._haystacks = [" ".join((*listing.row(r, self.shorts[r.id]), r.id)).lower()
                               for r in self.found]
        return [r for r, hay in zip(self.found, self._haystacks, strict=True)
                if all(w in hay for w in words)]

    @on(Input.Submitted, "#runs-filter")
    def _filter_done(self) -> None:
        self.query_one("#runs-list", OptionList).focus()

    def highlighted(self) -> RunRecord | None:
        index = self.query_one("#runs-list", OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def action_mark(self) -> None:
        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(" ")
            return
        record = self.highlighted()
        if record is None:
            return
        if record.id in self.marked:
            self.marked.remove(record.id)
        else:
            self.marked.append(record.id)
        self._fill()

    def action_open(self) -> None:
        if isinstance(self.focused, Input):
            self._filter_done()
            return
        if len(self.marked) >= 2:
            self.post_message(SavedRunsChosen(tuple(self.marked)))
        elif (record := self.highlighted()) is not None:
            self.post_message(SavedRunsChosen((record.id,)))

    def action_back(self) -> None:
        self.post_message(BackRequested())
