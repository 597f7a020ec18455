"""The nntui Textual app: a preset picker, a settings form and a live dashboard per run.

The app holds what outlives a screen (language, output folder, the user's per-preset
settings and dataset choices, the seed) and the global keys. Heavy modules (NumPy, the
plot widgets, data loading) are imported by the dashboard only, so the picker paints fast.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from nntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig, Value


class NNTuiApp(App[int]):
    """Picker -> (settings) -> dashboard; `q` quits from anywhere.

    presets: the presets to offer (default: nntui.presets.PRESETS). start: a resolved config
    to open straight in its dashboard (`nntui run PRESET`). run: an already-built (e.g.
    finished) Run for that config (snapshot tests). frozen_clock: hide elapsed time, ETA and
    samples/s so screenshots repeat. auto_report: open the final report when a run ends.
    speed: the initial throttle level (index into driver.SPEEDS).
    """

    TITLE = "nntui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+s,S", "screenshot", "Screenshot", show=False),
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
        auto_report: bool = True,
        speed: int | None = None,
    ) -> None:
        super().__init__()
        from nntui.presets.base import current_lang

        self._presets = presets
        self._start = start
        self._start_run = run
        self.lang = current_lang(lang)
        self.out = out
        self.data_dir = data_dir
        self.frozen_clock = frozen_clock
        self.auto_report = auto_report
        self.speed = speed  # initial throttle level (driver.SPEEDS index); None = per preset
        self.seed = start.seed if start is not None else 0
        self.last_preset: str | None = start.preset if start is not None else None
        #: per preset: the user's typed settings and chosen dataset (kept across runs)
        self.settings: dict[str, dict[str, Value]] = {}
        self.datasets: dict[str, str] = {}
        if start is not None:
            self.datasets[start.preset] = start.dataset
            self.settings[start.preset] = start.as_dict()
        self.theme = "textual-dark"

    @property
    def presets(self) -> Mapping[str, Preset]:
        if self._presets is None:
            from nntui.presets import PRESETS

            self._presets = PRESETS
        return self._presets

    def on_mount(self) -> None:
        from nntui.tui.screens.picker import PickerScreen

        self.push_screen(PickerScreen())
        if self._start is not None:
            self._open_dashboard(self._start, self._start_run)
            self._start_run = None
        self.check_size()

    # -- running a preset -----------------------------------------------------------------
    def start_preset(self, name: str, *, dataset: str | None, seed: int) -> bool:
        """Resolve the user's choices and open the dashboard; a bad value is a notice."""
        from nntui.pipeline.request import RunChoices, RunInputError, resolve_run

        preset = self.presets[name]
        self.last_preset = name
        try:
            config = resolve_run(RunChoices(
                name, dataset if preset.datasets else None, seed,
                typed=self.settings.get(name)), presets=self.presets).config
        except RunInputError as exc:
            self.notify(str(exc), title="Bad setting", severity="error")
            return False
        self._open_dashboard(config, None)
        return True

    def _open_dashboard(self, config: RunConfig, run: Run | None) -> None:
        from nntui.tui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen(self.presets[config.preset], config, run=run))

    # -- size -----------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        # Runs before App._on_resize records the new size: use the event's.
        self.check_size(event.size.width, event.size.height)

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
            return self._has_help(self.screen)
        return True

    @staticmethod
    def _has_help(screen: object) -> bool:
        from nntui.tui.screens.picker import PickerScreen

        # The dashboard module is heavy (NumPy, plots): only look if it is loaded already.
        dashboard = sys.modules.get("nntui.tui.screens.dashboard")
        return isinstance(screen, PickerScreen) or (
            dashboard is not None and isinstance(screen, dashboard.DashboardScreen))

    def action_help(self) -> None:
        from nntui.tui.screens.dashboard import DashboardScreen
        from nntui.tui.screens.help import HelpScreen
        from nntui.tui.screens.picker import PickerScreen
        from nntui.tui.views import look_for_label

        screen = self.screen
        preset = None
        if isinstance(screen, DashboardScreen):
            preset = screen.preset
        elif isinstance(screen, PickerScreen):
            preset = screen.current
        about, panels = "", ()
        if preset is not None:
            # The whole "look for" text too: the dashboard may have had to cut it short.
            about = (f"{preset.explanation.get(self.lang)}\n\n"
                     f"{look_for_label(self.lang)}{preset.look_for.get(self.lang)}")
            panels = preset.panels
        if isinstance(screen, (DashboardScreen, PickerScreen)):
            self.push_screen(HelpScreen(about, panels))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_screenshot(self) -> None:
        folder = self.out or Path.cwd()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as exc:
            self.notify(str(exc), title="Screenshot failed", severity="error")
            return
        self.notify(f"Saved {path}", title="Screenshot", timeout=4)

    async def action_quit(self) -> None:
        """Stop the training thread first, so the process can exit at once."""
        from nntui.tui.screens.dashboard import DashboardScreen

        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.shutdown()
        self.exit(0)
