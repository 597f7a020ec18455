"""`nntui demo`: an unattended tour of presets under the demo clock.

Each stop is a preset's live dashboard (`DemoClockDashboard`, so the tour is the same
frame for frame on every machine) with a caption of what to watch on top. When a run ends
its final state is held `hold_s` seconds, then the next stop opens; after the last one the
tour starts over (`loop`) or stays on the final state until `q`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.demo_dashboard import DemoClockDashboard
from nntui.tui.wrap import Wrapped

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.terminal import TerminalMode

#: The default tour: how optimizers race, how initialization shapes activations, dropout.
DEFAULT_TOUR: tuple[str, ...] = ("optimizer-race", "init-compare", "dropout")
#: Seconds the final state of a stop stays up before the next one.
HOLD_S = 8.0
#: What to watch, per preset (others show their "look for" line); shown translated.
CAPTIONS: dict[str, str] = {
    "optimizer-race": N_("Watch the loss: plain SGD lags while Momentum, AdaGrad, Adam and "
                         "RMSprop drop fast."),
    "init-compare": N_("Watch the activation histograms: std 0.01 collapses to zero, Xavier "
                       "and He keep them spread, and only those nets learn."),
    "dropout": N_("Watch the gap: without dropout train accuracy races ahead of test "
                  "accuracy; with it the two stay close."),
}


class TourDashboard(DemoClockDashboard):
    """A demo-clock dashboard with the tour's caption above it."""

    DEFAULT_CSS = """
    #tour-caption { height: auto; max-height: 2; background: $accent 30%; padding: 0 1;
                    text-style: bold; }
    """

    caption = ""

    def compose(self) -> ComposeResult:
        # Wrapped: a Japanese caption breaks between characters, not only at spaces.
        yield Static(Wrapped(Text(self.caption)), id="tour-caption")
        yield from super().compose()


def caption_for(preset: Preset, stop: int, stops: int) -> str:
    """The caption of stop `stop` of `stops`, in the active language."""
    text = CAPTIONS.get(preset.name) or preset.look_for_text(False)
    return _("Demo {stop}/{stops} · {title} — {text}").format(
        stop=stop, stops=stops, title=_(preset.title), text=_(text))


def tour_config(preset: Preset, seed: int = 0) -> RunConfig:
    """The preset's defaults, on the bundled digits when it can use them (no download)."""
    dataset = "digits" if "digits" in preset.datasets else None
    return preset.resolve(dataset=dataset, seed=seed)


class TourApp(NNTuiApp):
    """Plays `presets` one after the other; `q` quits at any time."""

    def __init__(self, names: Sequence[str], *, loop: bool = False, hold_s: float = HOLD_S,
                 presets: Mapping[str, Preset] | None = None, lang: str | None = None,
                 configs: Mapping[str, RunConfig] | None = None,
                 terminal_mode: TerminalMode | None = None) -> None:
        super().__init__(presets=presets, lang=lang, auto_report=False, demo_clock=True,
                         terminal_mode=terminal_mode)
        self.names = list(names)
        self.loop = loop
        self.hold_s = hold_s
        self.stop_index = 0
        self._configs = dict(configs or {})
        self._ended_at: float | None = None
        # NNTuiApp.on_mount opens the start config (over the picker): the first stop.
        self._start = self._config_of(self.names[0])

    def on_ready(self) -> None:
        self.set_interval(0.25, self._check_stop)

    def _config_of(self, name: str) -> RunConfig:
        return self._configs.get(name) or tour_config(self.session.presets[name])

    def _open_dashboard(self, config: RunConfig, run: Run | None) -> None:
        preset = self.session.presets[config.preset]
        screen = TourDashboard(preset, config, self.session, run=run)
        screen.caption = caption_for(preset, self.stop_index + 1, len(self.names))
        if isinstance(self.screen, TourDashboard):
            self.screen.shutdown()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def next_stop(self) -> None:
        self.stop_index = (self.stop_index + 1) % len(self.names)
        self._ended_at = None
        self._open_dashboard(self._config_of(self.names[self.stop_index]), None)

    def _check_stop(self) -> None:
        screen = self.screen
        if not isinstance(screen, TourDashboard):
            return
        if screen.state not in ("done", "failed", "stopped"):
            self._ended_at = None
            return
        now = time.monotonic()
        if self._ended_at is None:
            self._ended_at = now
            return
        last = self.stop_index == len(self.names) - 1
        if now - self._ended_at >= self.hold_s and (self.loop or not last):
            self.next_stop()
