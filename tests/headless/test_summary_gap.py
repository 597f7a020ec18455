"""The headless summary's gap column (regularization presets) is train − test accuracy: a
net that overfits shows a positive gap, in English as in Japanese."""

from __future__ import annotations

import numpy as np

from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.headless.charts import report_lines, summary_table


def _snapshot() -> Snapshot:
    def series(name: str, train: float, test: float) -> SeriesSnapshot:
        return SeriesSnapshot(name, loss_it=np.arange(10), loss=np.full(10, 0.5),
                              eval_it=np.array([9]), eval_epoch=np.array([1.0]),
                              train_acc=np.array([train]), val_acc=np.array([np.nan]),
                              test_acc=np.array([test]), val_loss=np.array([np.nan]))

    return Snapshot(iteration=9, total=9, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=(series("overfit", 0.98, 0.75),
                                       series("regularized", 0.85, 0.80)))


def test_gap_column_is_train_minus_test() -> None:
    lines = summary_table((), _snapshot(), None, gap=True).splitlines()
    header = lines[0].split()
    assert header[-2:] == ["gap", "diverged"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line.strip()}
    assert rows["overfit"][2:5] == ["0.980", "0.750", "0.230"]
    assert rows["regularized"][2:5] == ["0.850", "0.800", "0.050"]
    assert "gap" not in summary_table((), _snapshot(), None).splitlines()[0]
    assert report_lines(_snapshot(), None, gap=True) == []  # no report, no message
