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

from nntui.i18n import N_, _
from nntui.pipeline.exit_codes import EXIT_INTERRUPTED, EXIT_OK
from nntui.tui.bindings import translate_bindings
from nntui.tui.messages import BackRequested, StartRequested
from nntui.tui.quitting import install_quit_signals, stop_screens
from nntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from nntui.tui.session import Session

if TYPE_CHECKING:
    from textual.timer import Timer

    from nntui.core.run import Run
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.terminal import TerminalMode

#: Seconds the terminal size must hold before the too-small notice is pushed or popped.
RESIZE_SETTLE_S = 0.05


class NNTuiApp(App[int]):
    """Picker -> (settings) -> dashboard; `q` quits from anywhere.

    presets: the presets to offer (default: nntui.presets.PRESETS). start: a resolved config
    to open straight in its dashboard (`nntui run PRESET`). run: an already-built (e.g.
    finished) Run for that config (snapshot tests). The other arguments seed the `Session`.
    """

    TITLE = "nntui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
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
        start: RunConfig | None = None,
        run: Run | None = None,
        lang: str | None = None,
        out: Path | None = None,
        data_dir: Path | None = None,
        frozen_clock: bool = False,
        auto_report: bool = False,
        speed: int | None = None,
        demo_clock: bool = False,
        fps: float | None = None,
        terminal_mode: TerminalMode | None = None,
    ) -> None:
        super().__init__()
        from nntui.i18n import pick_language, use_language

        # One language per process (nntui.i18n): the App's wins over whatever ran before.
        use_language(pick_language(lang))
        translate_bindings(self)  # the footer's App keys, now that the language is known
        self.session = Session(out, data_dir, frozen_clock, auto_report, speed,
                               _presets=presets)
        self.session.demo_clock = demo_clock
        self.session.fps = fps
        self._start = start
        self._start_run = run
        if start is not None:
            self.session.seed = start.seed
            self.session.last_preset = start.preset
            self.session.datasets[start.preset] = start.dataset
            self.session.settings[start.preset] = start.as_dict()
        self.theme = "textual-dark"
        from nntui.tui.terminal import TerminalMode, install

        install(self, terminal_mode or TerminalMode())  # ASCII, 16 colours (tui.terminal)
        self._remove_signals: Callable[[], None] = lambda: None
        self._size_check: Timer | None = None  # the pending too-small check (on_resize)

    def on_mount(self) -> None:
        self._remove_signals = install_quit_signals(self.quit_with)
        from nntui.tui.screens.picker import PickerScreen

        self.push_screen(PickerScreen(self.session))
        if self._start is not None:
            self._open_dashboard(self._start, self._start_run)
            self._start_run = None
        self.check_size()

    # -- navigation -------------------------------------------------------------------------
    def on_start_requested(self, message: StartRequested) -> None:
        """Resolve the user's choices as the command line does; a bad value is a notice."""
        from nntui.pipeline.request import RunInputError, resolve_run

        session = self.session
        choices = message.choices
        session.last_preset, session.seed = choices.preset, choices.seed
        try:
            request = resolve_run(choices, presets=session.presets)
        except RunInputError as exc:
            self.notify(str(exc), title=_("Bad setting"), severity="error")
            return
        self._open_dashboard(request.config, None)

    def on_back_requested(self, message: BackRequested) -> None:
        self.pop_screen()

    def _open_dashboard(self, config: RunConfig, run: Run | None) -> None:
        from nntui.tui.screens.kinds import dashboard_class

        preset = self.session.presets[config.preset]
        screen = dashboard_class(self.session, run)
        self.push_screen(screen(preset, config, self.session, run=run))

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
        from nntui.tui.screens.help import HelpScreen, key_rows
        from nntui.tui.views import look_for_label

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
            about = (f"{_(preset.explanation)}\n\n"
                     f"{look_for_label()}{_(preset.look_for_text(book, dataset))}")
            panels = preset.panels
        keys = key_rows([*type(screen).BINDINGS, *self.BINDINGS])  # type: ignore[list-item]
        self.push_screen(HelpScreen(keys, about, panels))

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
        """Stop every run, then exit with `code` (see `nntui.tui.quitting`)."""
        stop_screens(self.screen_stack)
        self.exit(code, return_code=code)

    def on_unmount(self) -> None:
        self._remove_signals()
