"""The session: what outlives a screen (output folder, the user's per-preset
settings and dataset choices, the seed). The App creates one and hands it to each screen;
screens read and update it, and ask the App for navigation by messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.pipeline.request import RunChoices
from nntui.presets import PRESETS

if TYPE_CHECKING:
    from nntui.presets.base import Preset
    from nntui.presets.params import Value


@dataclass
class Session:
    """Mutable by design: it is the user's state across screens, on the UI thread only.

    frozen_clock: hide elapsed time, ETA and samples/s so screenshots repeat. auto_report:
    open the final report when a run ends (off by default: it covered the charts; `v`
    opens it). speed: the initial throttle level (index into `pipeline.drive.SPEEDS`),
    None = per preset.
    """

    out: Path | None = None
    data_dir: Path | None = None
    frozen_clock: bool = False
    auto_report: bool = False
    speed: int | None = None
    seed: int = 0
    #: runs advance by frame, not wall clock (`--demo-clock`, tui.demo_clock)
    demo_clock: bool = False
    #: frames per second at most (`--fps`); None: adapt to the link (tui.link)
    fps: float | None = None
    #: runs started here go into the run history (`--no-history` says no)
    history: bool = True
    last_preset: str | None = None
    #: per preset: the user's typed settings and chosen dataset (kept across runs)
    settings: dict[str, dict[str, Value]] = field(default_factory=dict)
    datasets: dict[str, str] = field(default_factory=dict)
    #: presets the user switched to the book's exact setting (settings form, ctrl+b)
    book: set[str] = field(default_factory=set)
    _presets: Mapping[str, Preset] | None = None

    @property
    def presets(self) -> Mapping[str, Preset]:
        """The presets offered (default: the whole catalog, imported on first use)."""
        if self._presets is None:
            self._presets = PRESETS
        return self._presets

    def choices_for(self, preset: Preset, seed: int | None = None) -> RunChoices:
        """What starting ``preset`` means now: its chosen dataset, the user's settings and
        book switch for it, and ``seed`` (default: the session's)."""
        name = preset.name
        return RunChoices(preset, self.datasets.get(name) if preset.datasets else None,
                          self.seed if seed is None else seed,
                          typed=self.settings.get(name), book=name in self.book,
                          history=self.history)
