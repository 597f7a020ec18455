"""Several saved runs as one: each run's series renamed ``run:series`` in one Snapshot and
one FinalReport, so the dashboard (`nntui compare`, a replay of the merged recording) and
the headless charts draw them overlaid with the code that draws one run.

Series keep their order run by run (the runs in the order given, each run's series in its
own order). Each gets a style (`series_styles`) that every panel, the table and the
printed charts use: the colour of its series name (SGD has one colour in every run: the
one a live dashboard gives it) and a marker whose shape is that of the series name and
whose family is the run's (the first run's filled ●■▲, the second's hollow ○□△, the
third's ◉▣▼), so two lines differ by marker too: NO_COLOR and ASCII terminals tell
them apart. The merged recording is as long as the longest run; a shorter run's curves end
where it ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from nntui.core.run import FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.i18n import _, join_list
from nntui.runs.replay import ReplayRun

if TYPE_CHECKING:
    from nntui.presets.base import Preset

#: The dashboard panels a comparison can show (curves and the per-series table): the
#: others (histograms, boundaries, paths, trials, sweeps, gradients) show one run's state,
#: not a comparison.
COMPARE_PANELS = ("loss", "accuracy", "gap", "table")
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


@dataclass(frozen=True)
class Compared:
    """One run of a comparison: its ``label`` (its short id), final snapshot and report."""

    label: str
    final: Snapshot
    report: FinalReport | None = None


#: Marker shapes a family has, and families (`tui.views.MARKERS` + `MORE_MARKERS`: 6
#: filled, 6 hollow, 6 more; marker index = family * SHAPES + shape).
SHAPES, FAMILIES = 6, 3


def series_styles(runs: Sequence[Sequence[str]]) -> list[list[tuple[int, int]]]:
    """Per run, per series (its names): the (colour, marker) indices of the module doc.
    Colour: the series name's place among the names in the order they first appear.
    Marker: family = the run's place, shape = the name's; where that cannot keep every
    line apart (more than 6 names or 3 runs), each line its own marker in order."""
    names: dict[str, int] = {}
    for series in runs:
        for name in series:
            names.setdefault(name, len(names))
    if len(names) <= SHAPES and len(runs) <= FAMILIES:
        return [[(names[n], r * SHAPES + names[n]) for n in series]
                for r, series in enumerate(runs)]
    out, k = [], 0
    for series in runs:
        out.append([(names[n], k + i) for i, n in enumerate(series)])
        k += len(series)
    return out


def series_label(run: str, series: str) -> str:
    """The name a run's series has in a comparison: ``3fa9:Adam``."""
    return f"{run}:{series}"


def merged_snapshot(runs: Sequence[Compared]) -> Snapshot:
    """The runs' final snapshots as one: every series renamed `series_label`, in run order
    (module doc); iteration and total are the longest run's."""
    if not runs:
        raise ValueError("a comparison needs at least one run")
    series: list[SeriesSnapshot] = []
    styles = series_styles([[s.name for s in run.final.series] for run in runs])
    for run, run_styles in zip(runs, styles):
        series += [_renamed(s, series_label(run.label, s.name), style)
                   for s, style in zip(run.final.series, run_styles)]
    longest = max(runs, key=lambda r: r.final.iteration).final
    first = runs[0].final
    return replace(
        first, iteration=longest.iteration, total=max(r.final.total for r in runs),
        epoch=max(r.final.epoch for r in runs),
        elapsed_s=max(r.final.elapsed_s for r in runs),
        done=all(r.final.done for r in runs), series=tuple(series),
        unit=longest.unit, trials=(), message="", seeds=(),
        # One run's data points and boundary grid are not the others': none is drawn.
        boundary_extent=None, points=None, point_labels=None)


def merged_report(runs: Sequence[Compared]) -> FinalReport | None:
    """The runs' final reports as one (series renamed as in `merged_snapshot`); None
    unless every run has one on the same classes."""
    reports = [r.report for r in runs]
    if not reports or any(r is None for r in reports):
        return None
    classes = reports[0].class_names  # type: ignore[union-attr]
    if any(r.class_names != classes for r in reports):  # type: ignore[union-attr]
        return None
    series = tuple(replace(s, name=series_label(run.label, s.name))
                   for run in runs for s in run.report.series)  # type: ignore[union-attr]
    return FinalReport(classes, series)


def _renamed(s: SeriesSnapshot, name: str, style: tuple[int, int]) -> SeriesSnapshot:
    # A boundary or a path belongs to one run's plane: a comparison draws curves only.
    return replace(s, name=name, path=None, boundary=None, style=style)


class CompareRun(ReplayRun):
    """The merged recording of a comparison, played like a replay (scrub, play); a run
    of its own kind, so the dashboard gives it the comparison's source
    (`nntui.tui.sources.compare`). ``lines``: one per run, its label and the settings in
    which the runs differ."""

    def __init__(self, runs: Sequence[Compared], lines: Sequence[str] = ()) -> None:
        super().__init__(merged_snapshot(runs), merged_report(runs), at_end=True)
        self.labels = tuple(r.label for r in runs)
        self.lines = tuple(lines)
