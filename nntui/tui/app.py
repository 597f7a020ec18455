"""The nntui Textual app: a preset picker, a settings form and a live dashboard per run.

The App holds the session (`session.Session`: what outlives a screen) and the global keys,
and it alone navigates: screens post `messages.StartRequested` / `BackRequested` and never
import the App. Heavy modules (NumPy, the plot widgets, data loading) are imported by the
dashboard only, so the picker paints fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from nntui.core.errors import UserError
from nntui.i18n import N_, _, pick_language, use_language
from nntui.pipeline.exit_codes import EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_OK
from nntui.pipeline.request import RunRequest, resolve_run
from nntui.presets.look_for import look_for_line
from nntui.presets.params import RunConfig
from nntui.tui.bindings import translate_bindings
from nntui.tui.lifeline import Lifeline
from nntui.tui.messages import BackRequested, RunsRequested, SavedRunsChosen, StartRequested
from nntui.tui.palette import PROVIDERS
from nntui.tui.quitting import Departure, install_quit_signals, stop_screens
from nntui.tui.screens.picker import PickerScreen
from nntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from nntui.tui.session import Session
from nntui.tui.terminal import TerminalMode, install, line_filters
from nntui.tui.textual_seam import install_wide_chars, loop_caller, terminal_driver_class
from nntui.tui.views import look_for_label
from nntui.tui.wrap import toast_text

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.filter import LineFilter
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from nntui.core.run import Run
    from nntui.presets.base import Preset

#: Seconds the terminal size must hold before the too-small notice is pushed or popped.
RESIZE_SETTLE_S = 0.05


class NNTuiApp(App[int]):
    """Picker -> (settings) -> dashboard; `q` quits from anywhere.

    presets: the presets to offer (default: nntui.presets.PRESETS). start: a resolved run
    to open straight in its dashboard (`nntui run PRESET`, `nntui replay`). run: an
    already-built (finished, or saved: a ReplayRun) Run of it. The other arguments seed the
    `Session`.
    """

    TITLE = "nntui"
    CSS_PATH = "app.tcss"
    # ctrl+p: start a preset or an experiment file, run this screen's keys (tui.palette).
    COMMANDS = set(PROVIDERS)
    BINDINGS = [
        Binding("ctrl+p", "command_palette", N_("Commands"), show=False, priority=True,
                tooltip=N_("command palette: start a preset or an experiment file, or find "
                           "this screen's keys by name")),
        Binding("q", "quit", N_("Quit"), tooltip=N_("quit")),
        Binding("ctrl+c", "interrupt", N_("Interrupt"), show=False,
                tooltip=N_("quit now, exit code 130 (as Ctrl-C in a shell)")),
        Binding("question_mark", "help", N_("Help"), tooltip=N_("this help")),
        Binding("t", "toggle_theme", N_("Theme"), show=False,
                tooltip=N_("dark / light theme")),
        # ctrl+s works over modal screens too (priority); S is a letter an Input may
        # want, so not priority: modal screens bind it themselves (modal_keys.py).
        Binding("ctrl+s", "screenshot", N_("Screenshot"), show=False, priority=True,
                tooltip=N_("save a screenshot (SVG)")),
        Binding("S", "screenshot", N_("Screenshot"), show=False,
                tooltip=N_("save a screenshot (SVG)")),
    ]

    def __init__(
        self,
        *,
        presets: Mapping[str, Preset] | None = None,
        start: RunRequest | None = None,
        run: Run | None = None,
        lang: str | None = None,
        out: Path | None = None,
        data_dir: Path | None = None,
        frozen_clock: bool = False,
        auto_report: bool = False,
        speed: int | None = None,
        demo_clock: bool = False,
        fps: float | None = None,
        history: bool = True,
        terminal_mode: TerminalMode | None = None,
    ) -> None:
        super().__init__()
        install_wide_chars()  # Japanese text under a toast or modal keeps every character

        # One language per process (nntui.i18n), chosen where the process starts (the
        # command line, from --lang or the locale); `lang` changes it (tests, scripts).
        if lang is not None:
            use_language(pick_language(lang))
        translate_bindings(self)  # the footer's App keys, now that the language is known
        self.session = Session(out, data_dir, frozen_clock, auto_report, speed,
                               _presets=presets)
        self.session.demo_clock = demo_clock
        self.session.fps = fps
        self.session.history = history and (start is None or start.history)
        self._start = start
        self._start_run = run
        if start is not None:
            config = start.config
            self.session.seed = config.seed
            self.session.last_preset = config.preset
            self.session.datasets[config.preset] = config.dataset
            self.session.settings[config.preset] = config.as_dict()
        self.theme = "textual-dark"
        mode = terminal_mode or TerminalMode()
        install(self, mode)  # 16 colours (tui.terminal)
        self._line_filters = line_filters(mode)  # ASCII
        self._remove_signals: Callable[[], None] = lambda: None
        self._size_check: Timer | None = None  # the pending too-small check (on_resize)
        # Leaving on time whatever happens to the terminal (tui.lifeline, tui.quitting).
        self.lifeline = Lifeline(self._request_quit)
        self.departure = Departure(lambda: list(self.screen_stack))
        self.lifeline.exit_tasks.append(self.departure)
        self._call_soon: Callable[..., object] | None = None
        self.quitting_with: int | None = None

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice, with its Linux driver made safe for a terminal that goes away."""
        return terminal_driver_class(super().get_driver_class())

    def get_line_filters(self) -> list[LineFilter]:
        return [*super().get_line_filters(), *self._line_filters]

    def on_mount(self) -> None:
        self._call_soon = loop_caller()
        self._remove_signals = install_quit_signals(self.quit_with, self._call_soon,
                                                    self._on_quit_signal)
        self.push_screen(PickerScreen(self.session))
        if self._start is not None:
            self._open_dashboard(self._start, self._start_run)
            self._start_run = None
        self.check_size()

    # -- navigation -------------------------------------------------------------------------
    def on_start_requested(self, message: StartRequested) -> None:
        """Resolve the user's choices as the command line does; a bad value is a notice."""
        session = self.session
        choices = message.choices
        chosen = choices.preset
        session.last_preset = chosen if isinstance(chosen, str) else chosen.name
        session.seed = choices.seed
        try:  # the picker hands the Preset itself: no lookup by name
            request = resolve_run(choices, data_dir=session.data_dir, presets=session.presets)
        except UserError as exc:
            self.notify(str(exc), title=_("Bad setting"), severity="error")
            return
        self._open_dashboard(request, None)

    def start_preset(self, preset: Preset) -> None:
        """Start ``preset`` as the picker's enter does (the command palette): a dashboard
        open now is left first (its run stops)."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, PickerScreen):
            stop_screens([self.screen])
            self.pop_screen()
        self.post_message(StartRequested(self.session.choices_for(preset)))

    def action_command_palette(self) -> None:
        """The palette, its prompt in the App's language."""
        from textual.command import CommandPalette  # on ctrl+p only

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def on_back_requested(self, message: BackRequested) -> None:
        self.pop_screen()

    def on_runs_requested(self, message: RunsRequested) -> None:
        # The history loads with the Runs screen (r), not with the picker
        from nntui.runs.history import records
        from nntui.tui.screens.runs import RunsScreen

        self.push_screen(RunsScreen(records(), query=message.query))

    def on_saved_runs_chosen(self, message: SavedRunsChosen) -> None:
        """Replay one saved run, or compare several (as `nntui replay` / `compare` do)."""
        # NumPy and the recordings load with a chosen run
        from nntui.pipeline.comparison import load_comparison
        from nntui.pipeline.saved import load_saved
        from nntui.tui.sources.compare import compare_preset

        try:
            if len(message.runs) == 1:
                saved = load_saved(message.runs[0], self.session.presets)
                preset, config, run = saved.preset, saved.config, saved.run
            else:
                comparison = load_comparison(message.runs, self.session.presets)
                preset = compare_preset(comparison)
                config, run = comparison.config, comparison.run
        except UserError as exc:
            self.notify(str(exc), title=_("Cannot open the run"), severity="error")
            return
        self._open_dashboard(RunRequest(preset, config, history=False), run)

    def _open_dashboard(self, request: RunRequest, run: Run | None) -> None:
        """Push the dashboard of ``request`` (of ``run`` when given: a finished or saved
        one), fed by the source it needs (`tui.sources.source_for`)."""
        # The dashboard's modules (plot widgets, NumPy drawing, the training worker) load
        # with the first run: the picker paints without them.
        from nntui.tui.screens.dashboard import DashboardScreen
        from nntui.tui.sources import source_for

        session = self.session
        source = source_for(request, run, demo_clock=session.demo_clock, speed=session.speed)
        self.push_screen(DashboardScreen(source, session))

    # -- size -----------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        # Runs before App._on_resize records the new size: use the event's. During a storm
        # of resizes (a window dragged) only the last one pushes or pops the too-small
        # notice: pushing and popping screens between queued resizes made Textual resize
        # the background screens in a loop that never yielded (a test holds it).
        size = (event.size.width, event.size.height)
        if self._size_check is not None:
            self._size_check.stop()
        self._size_check = self.set_timer(RESIZE_SETTLE_S, lambda: self.check_size(*size))

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Show the too-small notice below MIN_WIDTH×MIN_HEIGHT, drop it once big enough."""
        if width is None or height is None:
            width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen if self.screen_stack else None
        if small and not isinstance(top, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif small and isinstance(top, TooSmallScreen):
            top.show_size(width, height)
        elif not small and isinstance(top, TooSmallScreen):
            self.pop_screen()

    # -- global actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`?` (help) only where it opens something: the footer hides it elsewhere."""
        if action == "help":
            return hasattr(self.screen, "help_topic")
        return True

    def action_help(self) -> None:
        """Help for the screen below: its keys and the App's, built from the bindings."""
        from nntui.tui.screens.help import HelpScreen, key_rows  # on `?`, not at first paint

        screen = self.screen
        topic = getattr(screen, "help_topic", None)
        if topic is None:
            return
        preset = topic()
        about, panels = "", ()
        if preset is not None:
            # The whole "look for" text too: the dashboard may have had to cut it short.
            config = getattr(screen, "config", None)
            book = bool(getattr(config, "book", False))
            dataset = getattr(config, "dataset", None)
            seeds = config.get("seeds") if isinstance(config, RunConfig) else None
            line = look_for_line(preset, book=book, dataset=dataset, seeds=seeds)
            about = f"{_(preset.explanation)}\n\n{look_for_label()}{line}"
            panels = preset.view.panels
        # The screen's own keys (a dashboard: its source's), then the App's.
        own = getattr(screen, "help_bindings", lambda: type(screen).BINDINGS)()
        keys = key_rows([*own, *self.BINDINGS])
        self.push_screen(HelpScreen(keys, about, panels))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Textual's notification, its text broken into lines first as the dashboard breaks
        Japanese (a toast's own wrapping would cut 「書籍」 or 「エポック」 in two)."""
        super().notify(toast_text(message, self.size.width), title=title, severity=severity,
                       timeout=timeout, markup=markup)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_screenshot(self) -> None:
        folder = self.session.out or Path.cwd()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as exc:
            self.notify(str(exc), title=_("Screenshot failed"), severity="error")
            return
        self.notify(_("Saved {path}").format(path=path), title=_("Screenshot"), timeout=4)

    async def action_quit(self) -> None:
        """Stop the training threads first, so the process can exit at once."""
        self.quit_with(EXIT_OK)

    def action_interrupt(self) -> None:
        self.quit_with(EXIT_INTERRUPTED)

    def quit_with(self, code: int) -> None:
        """Stop every run, save those that asked for it, then exit with `code` (see
        `nntui.tui.quitting`); the first quit's code is the one the process ends with."""
        if self.quitting_with is not None:
            return
        self.quitting_with = code
        self.lifeline.arm(code)  # a real terminal: the process ends on time, whatever
        self.departure()
        self.exit(code, return_code=code)

    def _request_quit(self, code: int) -> None:
        """From any thread (the lifeline's): quit with `code` on the UI thread."""
        if self._call_soon is not None:
            self._call_soon(self.quit_with, code)

    def _on_quit_signal(self, code: int) -> None:
        # In the signal handler: a SIGHUP on a terminal that is gone is a lost terminal.
        if code == EXIT_HANGUP:
            self.lifeline.check()
        self.lifeline.arm(code)

    def on_unmount(self) -> None:
        self._remove_signals()
