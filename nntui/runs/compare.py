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

from nntui.core.run import FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.runs.replay import ReplayRun

#: The dashboard panels a comparison can show (curves and the per-series table): the
#: others (histograms, boundaries, paths, trials, sweeps, gradients) show one run's state,
#: not a comparison.
COMPARE_PANELS = ("loss", "accuracy", "gap", "table")


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
