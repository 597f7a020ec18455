"""The settings form of one preset: every Param as an input, validated as you type.

Validation is `Param.parse`, the very function behind `--set`, so the form shows the same
message the command line would. The screen returns the typed values (or None if cancelled)
and whether to start the run right away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Footer, Input, Label, Static

from nntui.experiments.catalog import user_dir
from nntui.i18n import N_, _
from nntui.presets.params import ConfigError
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.wrap import Wrapped

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import Param, Value


class ParamValidator(Validator):
    """Wraps Param.parse: the failure text is the ConfigError message `--set` prints."""

    def __init__(self, param: Param) -> None:
        super().__init__()
        self.param = param

    def validate(self, value: str) -> ValidationResult:
        try:
            self.param.parse(value)
        except ConfigError as exc:
            return self.failure(str(exc), value)
        return self.success()


@dataclass(frozen=True)
class SettingsResult:
    """Every setting's value as the form holds it; `book`: the form was switched to the
    book's exact setting (ctrl+b), which the run records and whose look-for it shows."""

    values: dict[str, Value]
    start: bool
    book: bool = False


class SettingsScreen(TranslatedBindings, Screen["SettingsResult | None"]):
    BINDINGS = [
        Binding("escape", "done", N_("Back")),
        Binding("ctrl+r", "reset", N_("Defaults")),
        Binding("ctrl+b", "book", N_("Book setting")),
        Binding("f5", "start", N_("Start")),
        Binding("ctrl+o", "save_file", N_("Save as file"), show=False),
    ]
    DEFAULT_CSS = """
    SettingsScreen { layout: vertical; }
    #set-head { height: 1; background: $panel; text-style: bold; padding: 0 1;
                text-wrap: nowrap; text-overflow: ellipsis; }
    #set-form { height: 1fr; padding: 0 1; }
    .set-row { height: auto; margin-bottom: 1; }
    .set-row > Label { width: 22; padding: 0 1 0 0; text-style: bold; }
    .set-row > Vertical { width: 1fr; height: auto; }
    /* One line per input (compact: no border) so a preset's dozen settings fit at 80×24.
       Input's own `:focus` / `.-invalid:focus` rules set a tall border, which on a
       one-line input leaves an empty box with the typed value hidden: hence !important. */
    .set-row Input { width: 1fr; height: 1 !important; border: none !important;
                     padding: 0 1; }
    .set-row Input:focus { background: $boost; text-style: bold; }
    .set-row Input.-invalid { background: $error 25%; }
    .set-row Input.-invalid:focus { background: $error 40%; }
    .set-help { color: $text-muted; height: auto; }
    .set-error { color: $error; height: auto; display: none; }
    #set-buttons { height: 3; padding: 0 1; }
    #set-buttons Button { margin-right: 2; }
    """

    def __init__(self, preset: Preset, values: dict[str, Value] | None = None,
                 *, dataset: str | None = None, book: bool = False) -> None:
        super().__init__()
        self.preset = preset
        self.dataset = dataset or preset.default_dataset
        self.book = book
        self.values = preset.defaults(self.dataset, book=book)
        self.values.update(values or {})

    def _head_text(self) -> str:
        title = _(self.preset.title)
        if self.book:
            return _("Settings · {title} · the book's exact setting").format(title=title)
        if not self.preset.datasets:  # no dataset to name (its key would read "none")
            return _("Settings · {title} · defaults").format(title=title)
        return _("Settings · {title} · defaults for {dataset}").format(
            title=title, dataset=self.dataset)

    def compose(self) -> ComposeResult:
        yield Static(self._head_text(), id="set-head")
        with VerticalScroll(id="set-form"):
            for p in self.preset.params:
                with Horizontal(classes="set-row"):
                    yield Label(p.key)
                    with Vertical():
                        yield Input(p.format(self.values[p.key]), id=f"in-{p.key}",
                                    validators=[ParamValidator(p)],
                                    validate_on=["changed", "submitted"], compact=True)
                        yield Static("", classes="set-error", id=f"err-{p.key}")
                        # Wrapped: Japanese help breaks between characters, not only
                        # at its rare spaces.
                        yield Static(Wrapped(Text(self._help(p))), classes="set-help")
        with Horizontal(id="set-buttons"):
            yield Button(_("Start"), id="set-start", variant="primary")
            yield Button(_("Back"), id="set-back")
            yield Button(_("Defaults"), id="set-reset")
            yield Button(_("Book setting"), id="set-book")
        yield Footer()

    def on_mount(self) -> None:
        # Typing works at once: the first setting has focus (its text selected, so typed
        # characters replace the value, as after tab).
        if self.preset.params:
            first = self.query_one(f"#in-{self.preset.params[0].key}", Input)
            first.focus()
            first.select_all()

    def _help(self, p: Param) -> str:
        default = p.default_for(self.dataset)
        book = p.default_for(self.dataset, book=True)
        if book == default:
            text = _("{allowed}; default {default}").format(
                allowed=p.allowed(), default=p.format(default))
        else:
            text = _("{allowed}; default {default}; book {book}").format(
                allowed=p.allowed(), default=p.format(default), book=p.format(book))
        return f"{_(p.help)} — {text}" if p.help else text

    def inputs(self) -> dict[str, Input]:
        return {p.key: self.query_one(f"#in-{p.key}", Input) for p in self.preset.params}

    def errors(self) -> dict[str, str]:
        """Current error message per invalid field (empty when the form is valid)."""
        out = {}
        for p in self.preset.params:
            try:
                p.parse(self.query_one(f"#in-{p.key}", Input).value)
            except ConfigError as exc:
                out[p.key] = str(exc)
        return out

    def on_input_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "")[3:]
        res = event.validation_result
        msg = "" if res is None or res.is_valid else "\n".join(res.failure_descriptions)
        error = self.query_one(f"#err-{key}", Static)
        # Wrapped: Textual would break 「1」/「以上」 and inside words (「エポッ」/「ク」).
        error.update(Wrapped(Text(msg)))
        error.display = bool(msg)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"set-start": self.action_start, "set-back": self.action_done,
         "set-reset": self.action_reset, "set-book": self.action_book,
         }[event.button.id or "set-back"]()

    def _collect(self) -> dict[str, Value] | None:
        errors = self.errors()
        if errors:
            first = next(iter(errors))
            self.notify(errors[first], title=_("Fix this setting first"), severity="error")
            self.query_one(f"#in-{first}", Input).focus()
            return None
        return {p.key: p.parse(self.query_one(f"#in-{p.key}", Input).value)
                for p in self.preset.params}

    def _fill(self, book: bool) -> None:
        self.book = book
        for key, value in self.preset.defaults(self.dataset, book=book).items():
            self.query_one(f"#in-{key}", Input).value = self.preset.param(key).format(value)
        self.query_one("#set-head", Static).update(self._head_text())

    def action_reset(self) -> None:
        """Back to the defaults that show the finding on this dataset."""
        self._fill(book=False)
        self.notify(_("Defaults for {dataset} restored").format(dataset=self.dataset),
                    timeout=2)

    def action_book(self) -> None:
        """The book's exact setting (REFERENCE.md), as `--book` gives it."""
        self._fill(book=True)
        self.notify(_("The book's exact setting"), timeout=2)

    def action_save_file(self) -> None:
        """These settings as an experiment file in the user's experiments folder, which the
        picker lists next time (`nntui new` does the same from the command line)."""
        from nntui.experiments.write import free_path, save_preset  # NumPy: on ctrl+o only

        values = self._collect()
        if values is None:
            return
        try:
            config = self.preset.resolve(dataset=self.dataset, typed=values, book=self.book)
            path = save_preset(self.preset, config, free_path(user_dir(), self.preset.name))
        except ConfigError as exc:
            self.notify(str(exc), title=_("Not saved"), severity="error")
            return
        self.notify(_("Saved {path}; run it with nntui run {path}").format(path=path),
                    title=_("Experiment file"), timeout=6)

    def action_start(self) -> None:
        values = self._collect()
        if values is not None:
            self.dismiss(SettingsResult(values, start=True, book=self.book))

    def action_done(self) -> None:
        values = self._collect()
        if values is not None:
            self.dismiss(SettingsResult(values, start=False, book=self.book))
