"""The first screen: every preset with its title and explanation, a dataset and a seed.

Kept light: it needs the preset declarations only (no NumPy drawing, no data), so the picker
paints fast (DESIGN.md: first paint <= 600 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from nntui.i18n import N_, _, join_list, pgettext
from nntui.presets.look_for import look_for_line
from nntui.tui import views
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.messages import RunsRequested, StartRequested
from nntui.tui.wrap import Wrapped

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.tui.session import Session


class PresetList(TranslatedBindings, OptionList):
    """The preset list; its enter binding is shown in the footer as "Start"."""

    BINDINGS = [Binding("enter", "select", N_("Start"), key_display="enter",
                        tooltip=N_("start the highlighted preset"))]


class SeedInput(TranslatedBindings, Input):
    """The seed field; enter starts the run here too, and the footer says so."""

    BINDINGS = [Binding("enter", "submit", N_("Start"), key_display="enter",
                        tooltip=N_("start the highlighted preset"))]


class PickerScreen(TranslatedBindings, Screen[None]):
    BINDINGS = [
        Binding("enter", "start", N_("Start"), priority=False,
                tooltip=N_("start the highlighted preset")),
        # Only `s`: `e` exports on the dashboard (one key, one meaning across screens).
        Binding("s", "settings", N_("Settings"),
                tooltip=N_("settings of the highlighted preset")),
        Binding("d", "next_dataset", N_("Dataset"), show=False,
                tooltip=N_("next dataset of the highlighted preset")),
        Binding("p", "runs", N_("Runs"),
                tooltip=N_("your past runs: replay one, compare several")),
    ]
    DEFAULT_CSS = """
    PickerScreen { layout: vertical; }
    #pick-head { height: 1; background: $panel; text-style: bold; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    #pick-body { height: 1fr; }
    /* A stable gutter: the width options are wrapped at must not change when the
       scrollbar appears, or OptionList keeps a stale one-line height for a wrapped title
       (seen after going back from a dashboard: "Optimizer paths on a 2-D" without "bowl"). */
    #pick-list { width: 34; height: 1fr; scrollbar-gutter: stable; }
    #pick-side { width: 1fr; height: 1fr; padding: 0 1; }
    #pick-info { height: 1fr; }
    #pick-controls { height: 3; }
    #pick-controls Label { padding: 1 1 0 0; }
    /* Narrower chrome than Textual's default, so "fashion-mnist" fits at 80×24. */
    #pick-dataset { width: 1fr; }
    #pick-dataset > SelectCurrent { padding: 0 1; }
    #pick-seed { width: 11; padding: 0 1; }
    #pick-changed { height: auto; color: $warning; }
    #pick-hint { height: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._names: list[str] = []

    def help_topic(self) -> Preset | None:
        """What `?` explains besides the keys: the highlighted preset."""
        return self.current

    def compose(self) -> ComposeResult:
        session = self.session
        self._names = list(session.presets)
        yield Static(_("nntui · pick an experiment (chapter 6, Deep Learning from Scratch)"),
                     id="pick-head")
        with Horizontal(id="pick-body"):
            options = [Option(Wrapped(_(session.presets[n].title)), id=n)
                       for n in self._names]
            yield PresetList(*options, id="pick-list")
            with Vertical(id="pick-side"):
                with VerticalScroll(id="pick-info"):
                    yield Static("", id="pick-about")
                yield Static("", id="pick-changed")
                # Within the 44 cells beside the list at 80 columns (as the footer spaces it).
                yield Static(_("enter start  s settings  d dataset  p runs"),
                             id="pick-hint")
                with Horizontal(id="pick-controls"):
                    # Short: "fashion-mnist" must fit the select beside it at 80×24.
                    yield Label(pgettext("short label", "dataset"))
                    yield Select([("digits", "digits")], allow_blank=False, id="pick-dataset")
                    yield Label(_("seed"))
                    yield SeedInput(str(session.seed), id="pick-seed", type="integer",
                                    restrict=r"[0-9]*", max_length=9)
        yield Footer()

    def on_mount(self) -> None:
        option_list = self.query_one("#pick-list", OptionList)
        start = self.session.last_preset
        index = self._names.index(start) if start in self._names else 0
        option_list.highlighted = index
        option_list.focus()
        self._show(self._names[index] if self._names else None)

    # -- state ------------------------------------------------------------------------------
    @property
    def current(self) -> Preset | None:
        idx = self.query_one("#pick-list", OptionList).highlighted
        if idx is None or not self._names:
            return None
        return self.session.presets[self._names[idx]]

    def _show(self, name: str | None) -> None:
        if name is None:
            return
        session = self.session
        preset = session.presets[name]
        about = RichText()
        about.append(_(preset.title) + "\n", style="bold")
        series = join_list(_(s) for s in preset.series)
        about.append(_("{name} · compares {series}").format(name=name, series=series) + "\n\n",
                     style="dim")
        about.append(_(preset.explanation) + "\n\n")
        about.append(views.look_for_label(), style="bold")
        book = name in session.book
        dataset = self._dataset_of(preset)
        values = preset.defaults(dataset, book=book)
        values.update(session.settings.get(name, {}))
        about.append(look_for_line(preset, book=book, dataset=dataset,
                                   seeds=values.get("seeds")) + "\n\n")
        about.append(_("Book setting (s to edit): ") if book else _("Settings (s to edit): "),
                     style="bold")
        about.append(join_list(f"{p.key}={p.format(values[p.key])}" for p in preset.params),
                     style="dim")
        self.query_one("#pick-about", Static).update(Wrapped(about))
        select = self.query_one("#pick-dataset", Select)
        if preset.datasets:
            options = [(d, d) for d in preset.datasets]
            chosen = self._dataset_of(preset)
            select.set_options(options)
            select.value = chosen if chosen in preset.datasets else preset.default_dataset
            select.disabled = False
        else:
            select.set_options([("—", "")])
            select.value = ""
            select.disabled = True
        changed = session.settings.get(name, {})
        base = preset.defaults(self._dataset_of(preset), book=book)
        diff = {k: v for k, v in changed.items() if base[k] != v}
        text = _("custom settings: {values}").format(values=join_list(
            f"{k}={preset.param(k).format(v)}" for k, v in diff.items())) if diff else ""
        self.query_one("#pick-changed", Static).update(text)

    @on(OptionList.OptionHighlighted, "#pick-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    @on(Select.Changed, "#pick-dataset")
    def _dataset(self, event: Select.Changed) -> None:
        preset = self.current
        if preset is not None and preset.datasets and isinstance(event.value, str):
            self.session.datasets[preset.name] = event.value

    @on(Input.Submitted, "#pick-seed")
    def _seed_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def _dataset_of(self, preset: Preset) -> str:
        """The dataset chosen for `preset` (its defaults depend on it)."""
        return self.session.datasets.get(preset.name, preset.default_dataset)

    def seed(self) -> int:
        text = self.query_one("#pick-seed", Input).value.strip()
        return int(text) if text.isdigit() else 0

    # -- actions ----------------------------------------------------------------------------
    def action_start(self) -> None:
        preset = self.current
        if preset is not None:
            self.post_message(StartRequested(self.session.choices_for(preset, self.seed())))

    def action_runs(self) -> None:
        self.post_message(RunsRequested())

    def action_next_dataset(self) -> None:
        preset = self.current
        if preset is None or not preset.datasets:
            return
        chosen = self._dataset_of(preset)
        i = preset.datasets.index(chosen) if chosen in preset.datasets else -1
        self.session.datasets[preset.name] = preset.datasets[(i + 1) % len(preset.datasets)]
        self._show(preset.name)

    def action_settings(self) -> None:
        # The form's module loads on `s`, not before the picker's first paint.
        from nntui.tui.screens.settings import SettingsResult, SettingsScreen

        preset = self.current
        if preset is None:
            return
        session = self.session

        dataset = self._dataset_of(preset)

        def done(result: SettingsResult | None) -> None:
            if result is None:
                return
            # Keep only what differs from the defaults the form started from, so choosing
            # another dataset later still brings that dataset's defaults.
            base = preset.defaults(dataset, book=result.book)
            session.settings[preset.name] = {
                k: v for k, v in result.values.items() if base[k] != v}
            (session.book.add if result.book else session.book.discard)(preset.name)
            self._show(preset.name)
            if result.start:
                self.action_start()

        self.app.push_screen(
            SettingsScreen(preset, session.settings.get(preset.name),
                           dataset=dataset, book=preset.name in session.book), done)
