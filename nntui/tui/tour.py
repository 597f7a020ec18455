"""`nntui demo`: an unattended tour of presets under the demo clock.

Each stop is a preset's dashboard fed by the demo clock (`sources.DemoClockSource`, so
the tour is the same frame for frame on every machine) with a caption of what to watch on
top. When a run ends its final state is held `hold_s` seconds, then the next stop opens;
after the last one the tour starts over (`loop`) or, held as long, ends (exit code 0): a
recording of `nntui demo --once` stops by itself.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.pipeline.exit_codes import EXIT_OK
from nntui.pipeline.request import RunRequest
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.sources import DemoClockSource
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
        self._stop: DashboardScreen | None = None  # the current stop's dashboard
        # NNTuiApp.on_mount opens the start request (over the picker): the first stop.
        self._start = self._request_of(self.names[0])

    def on_ready(self) -> None:
        self.set_interval(0.25, self._check_stop)

    def _request_of(self, name: str) -> RunRequest:
        preset = self.session.presets[name]
        # The tour's runs are a demonstration, not the user's: not kept in the history.
        return RunRequest(preset, self._configs.get(name) or tour_config(preset),
                          history=False)

    def _open_dashboard(self, request: RunRequest, run: Run | None) -> None:
        """A stop: the preset's demo-clock dashboard with the caption of what to watch."""
        caption = caption_for(request.preset, self.stop_index + 1, len(self.names))
        # Wrapped: a Japanese caption breaks between characters, not only at spaces.
        screen = DashboardScreen(DemoClockSource(request, run=run), self.session,
                                 caption=Static(Wrapped(Text(caption))))
        if self._stop is not None and self.screen is self._stop:
            self._stop.shutdown()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self._stop = screen

    def next_stop(self) -> None:
        self.stop_index = (self.stop_index + 1) % len(self.names)
        self._ended_at = None
        self._open_dashboard(self._request_of(self.names[self.stop_index]), None)

    def _check_stop(self) -> None:
        screen = self.screen
        if screen is not self._stop or self._stop is None:
            return
        if self._stop.state not in ("done", "failed", "stopped"):
            self._ended_at = None
            return
        now = time.monotonic()
        if self._ended_at is None:
            self._ended_at = now
            return
        if now - self._ended_at < self.hold_s:
            return
        if self.loop or self.stop_index < len(self.names) - 1:
            self.next_stop()
        else:
            self.quit_with(EXIT_OK)  # --once: the tour is over
