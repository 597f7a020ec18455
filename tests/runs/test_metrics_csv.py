"""metrics.csv rows line up: each evaluation's accuracies and validation loss are written
on the row of the iteration they were measured at (not the next or previous one)."""

from __future__ import annotations

import csv

import numpy as np

from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.runs.results import METRICS_HEADER, metrics_csv


def test_every_evaluation_lands_on_its_own_iteration() -> None:
    evals = np.array([0, 10, 20, 30])
    s = SeriesSnapshot("net", loss_it=np.arange(0, 31, 5), loss=np.linspace(2.3, 0.4, 7),
                       eval_it=evals, eval_epoch=evals / 10,
                       train_acc=np.array([0.11, 0.52, 0.73, 0.84]),
                       val_acc=np.array([0.10, 0.50, 0.70, 0.80]),
                       test_acc=np.array([0.12, 0.51, 0.72, 0.83]),
                       val_loss=np.array([2.25, 1.5, 0.875, 0.625]))
    snap = Snapshot(iteration=30, total=30, epoch=3.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=(s,))
    rows = list(csv.DictReader(metrics_csv(snap).splitlines()))
    assert list(rows[0]) == list(METRICS_HEADER)
    by_it = {int(r["iteration"]): r for r in rows}
    assert sorted(by_it) == [0, 5, 10, 15, 20, 25, 30]
    for i, it in enumerate(evals.tolist()):
        row = by_it[it]
        assert float(row["val_loss"]) == s.val_loss[i]
        assert float(row["train_acc"]) == s.train_acc[i]
        assert float(row["test_acc"]) == s.test_acc[i]
        assert float(row["epoch"]) == s.eval_epoch[i]
    for it in (5, 15, 25):  # loss-only rows
        assert by_it[it]["val_loss"] == by_it[it]["test_acc"] == ""
        assert float(by_it[it]["epoch"]) == it / 10
    assert [float(by_it[it]["loss"]) for it in range(0, 31, 5)] == s.loss.tolist()
