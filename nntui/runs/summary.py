"""One series' held-out accuracy, and the per-series accuracy columns every end-of-run table
shows: summary.json (`nntui.runs.results`), the headless summary table
(`nntui.headless.charts`) and the dashboard's table panel (`nntui.tui.views`) build their
numbers from here, each with its own further columns and number format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nntui.core.snapshot import SeriesSnapshot
from nntui.i18n import pgettext

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
