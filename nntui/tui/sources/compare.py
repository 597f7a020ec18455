"""`CompareSource` (`nntui compare`, the Runs screen): several saved runs overlaid, their
series labelled ``run:series`` (`nntui.runs.compare`), played like a replay: ←/→ scrub,
Home/End, r rewinds, space plays. It opens at the end: the whole of every run at once."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.runs.compare import COMPARE_PANELS, CompareRun
from nntui.tui.sources.replay import ReplaySource

if TYPE_CHECKING:
    from nntui.presets.base import Preset


def compare_preset(preset: Preset) -> Preset:
    """A comparison's preset (`pipeline.comparison`, whose panels `runs.compare
    .compare_panels` chose) with only panels that overlay curves or tabulate series
    (`runs.compare.COMPARE_PANELS`): one run's histograms or boundary compare nothing."""
    panels = tuple(p for p in preset.view.panels if p in COMPARE_PANELS)
    return replace(preset, view=replace(preset.view, panels=panels or ("loss", "accuracy")))


class CompareSource(ReplaySource):
    """A comparison (`CompareRun`) shown as a replay of the merged recording."""

    def __init__(self, request, run: CompareRun, *, speed: int | None = None) -> None:  # noqa: ANN001 - a RunRequest
        super().__init__(request, run, speed=speed)
        self.compared = run

    def head(self, text: str) -> str:
        return _("compare {n} runs · {head}").format(n=len(self.compared.labels), head=text)
