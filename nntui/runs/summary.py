"""The per-series accuracy columns every end-of-run table shows: the headless summary table
(`nntui.headless.charts`) and the dashboard's table panel (`nntui.tui.views`) build their
rows from `accuracy_columns`, each with its own further columns and number format."""

from __future__ import annotations

from collections.abc import Sequence

from nntui.core.run import FinalReport, held_out_accuracies
from nntui.core.snapshot import SeriesSnapshot
from nntui.i18n import pgettext


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
