"""One series' held-out accuracy, and the per-series accuracy columns every end-of-run table
shows: summary.json (`nntui.runs.results`), the headless summary table
(`nntui.headless.charts`) and the dashboard's table panel (`nntui.tui.views`) build their
numbers from here, each with its own further columns and number format."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nntui.core.snapshot import SeriesSnapshot
from nntui.i18n import _, pgettext

if TYPE_CHECKING:  # the dashboard's table reads this module: no need of core.run's code
    from nntui.core.run import FinalReport


def held_out_accuracies(series: Sequence[SeriesSnapshot], report: FinalReport | None,
                        kind: str = "test") -> dict[str, float]:
    """Per series name: the held-out test accuracy of the final report when there is one,
    else the last accuracy recorded during training on the ``kind`` split ("test", or
    "val" where the run holds validation data back); NaN if none."""
    tested = {r.name: r.test_acc for r in report.series} if report is not None else {}
    return {s.name: tested.get(s.name, s.last_val_acc if kind == "val" else s.last_test_acc)
            for s in series}


def accuracy_columns(series: Sequence[SeriesSnapshot], report: FinalReport | None = None,
                     *, kind: str = "test", gap: bool = False) -> dict[str, list[float]]:
    """Column header (in the active language) -> one value per series: the last train
    accuracy; the held-out one (the final report's test accuracy when there is a report,
    else the last recorded on the ``kind`` split, "test" or "val"); with ``gap``, train −
    held-out, the regularization lessons' number. NaN where a series has no value."""
    train = [s.last_train_acc for s in series]
    tested = held_out_accuracies(series, report, kind)
    held = [tested[s.name] for s in series]
    columns = {
        pgettext("column", "train acc"): train,
        (pgettext("column", "val acc") if kind == "val" else pgettext("column", "test acc")):
            held,
    }
    if gap:
        columns[pgettext("column", "gap")] = [t - h for t, h in zip(train, held, strict=True)]
    return columns


def stop_epochs(series: Sequence[SeriesSnapshot]) -> list[float]:
    """Per series, the epoch at which early stopping halted it (its last evaluation); for a
    K-seed series the mean over the seeds that stopped; NaN where none stopped. The
    dashboard's table and the headless summary show it as "stopped at epoch"."""
    out = []
    for s in series:
        if not len(s.eval_it) or s.eval_it[-1] <= 0:
            out.append(math.nan)
            continue
        if s.band is None:
            out.append(float(s.eval_epoch[-1]) if s.stopped_early else math.nan)
            continue
        per_it = float(s.eval_epoch[-1]) / float(s.eval_it[-1])  # epochs per iteration
        stops = [f.last_it * per_it for f in s.band.finals if f.stopped_early]
        out.append(sum(stops) / len(stops) if stops else math.nan)
    return out


def stop_column() -> str:
    """The header of `stop_epochs`' column (in the active language)."""
    return pgettext("column", "stopped at epoch")


def negative_gap_note(gaps: Sequence[float], label_noise: float) -> str | None:
    """Why a train − test gap is below zero where training labels are made wrong
    (early-stopping's `label_noise`): train accuracy is counted against those labels, test
    accuracy against true ones. None when no gap is negative or no label is wrong."""
    if label_noise <= 0 or not any(g < 0 for g in gaps if math.isfinite(g)):
        return None
    return _("A negative gap is expected here: {share} % of the training labels are wrong, "
             "so train accuracy counts answers against them; the test labels are all "
             "true.").format(share=f"{label_noise * 100:g}")
