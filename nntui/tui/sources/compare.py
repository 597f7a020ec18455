"""`CompareSource` (`nntui compare`, the Runs screen): several saved runs overlaid, their
series labelled ``run:series`` (`nntui.runs.compare`), played like a replay: ←/→ scrub,
Home/End, r rewinds, space plays. It opens at the end: the whole of every run at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from nntui.core.snapshot import Snapshot
from nntui.i18n import _, join_list
from nntui.runs.compare import COMPARE_PANELS, CompareRun
from nntui.tui.sources.replay import ReplaySource

if TYPE_CHECKING:
    from nntui.pipeline.comparison import Comparison
    from nntui.presets.base import Preset


def compare_preset(comparison: Comparison) -> Preset:
    """The preset a comparison's dashboard opens with: the first run's (`pipeline
    .comparison`) with the panels, axis and notes `compare_panels` gives for the runs."""
    preset = comparison.preset
    shown = compare_panels(comparison.runs)
    view = replace(preset.view, panels=shown.panels, loss_on_validation=all(
        p.view.loss_on_validation for _label, p, _snap in comparison.runs))
    return replace(preset, view=view, budget_key=shown.budget_key,
                   look_for=" · ".join((preset.look_for, *shown.notes)))


#: The curves every training run records: what runs of different presets share.
SHARED_PANELS = ("loss", "accuracy")


@dataclass(frozen=True)
class ComparePanels:
    """What a comparison's dashboard shows: its ``panels``, the x axis they share
    (``budget_key``: the runs' own, or iterations where they count differently) and
    ``notes`` on what was left out and why."""

    panels: tuple[str, ...]
    budget_key: str
    notes: tuple[str, ...] = ()


def compare_panels(runs: Sequence[tuple[str, Preset, Snapshot]]) -> ComparePanels:
    """The panels of a comparison of ``runs`` (label, preset, final snapshot).

    Runs of one preset: that preset's curve panels. Runs of different presets: the curves
    they all record (`SHARED_PANELS`), then a preset's own curve panel (dropout's gap)
    where every run has its data, on an iteration axis when their presets count
    differently (an epoch of 300 images is not one of 60 000). A panel that some run
    has no data for is left out, with a note naming the runs. The table always."""
    presets = {preset.name: preset for _label, preset, _snap in runs}
    own = [p for preset in presets.values() for p in preset.view.panels if p in COMPARE_PANELS]
    wanted = list(dict.fromkeys(own if len(presets) == 1 else [*SHARED_PANELS, *own]))
    wanted = [p for p in wanted if p != "table"]
    panels, notes = [], []
    for panel in wanted:
        lacking = [label for label, _preset, snap in runs if not _records(panel, snap)]
        if not lacking:
            panels.append(panel)
        else:
            notes.append(_("no {panel} panel: {runs} recorded none").format(
                panel=_(panel), runs=join_list(lacking)))
    keys = {preset.budget_key for preset in presets.values()}
    budget = keys.pop() if len(keys) == 1 else "iterations"
    if len(presets) > 1:
        notes.insert(0, _("runs of {presets}: the panels of what they all record").format(
            presets=join_list(list(presets))))
    return ComparePanels((*panels, "table"), budget, tuple(notes))


def _records(panel: str, snap: Snapshot) -> bool:
    """Whether a run's final snapshot has the data ``panel`` draws."""
    if panel == "loss":
        return any(len(s.loss) for s in snap.series)
    if panel == "accuracy":
        return any(len(s.eval_it) for s in snap.series)
    if panel == "gap":  # train and a held-out accuracy, measured
        return any(len(s.eval_it) and np.isfinite(s.train_acc).any()
                   and (np.isfinite(s.val_acc).any() or np.isfinite(s.test_acc).any())
                   for s in snap.series)
    return True


class CompareSource(ReplaySource):
    """A comparison (`CompareRun`) shown as a replay of the merged recording."""

    def __init__(self, request, run: CompareRun, *, speed: int | None = None) -> None:  # noqa: ANN001 - a RunRequest
        super().__init__(request, run, speed=speed)
        self.compared = run

    def head(self, text: str) -> str:
        return _("compare {n} runs · {head}").format(n=len(self.compared.labels), head=text)
