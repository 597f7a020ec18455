"""`nntui.headless.charts`: what headless prints after a run (charts, summary table)."""

from __future__ import annotations

import numpy as np

from nntui.core.run import FinalReport, SeriesReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.headless.charts import MAX_POINTS, charts, summary_table


def _snap(*series: SeriesSnapshot) -> Snapshot:
    return Snapshot(iteration=10, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=series)


def test_long_loss_curves_are_thinned_keeping_their_extremes(monkeypatch) -> None:
    """Headless thins as the dashboard does (min and max per bucket): a dip between two
    every-n-th samples (iteration 1234 of 10 000) must still be drawn."""
    import plotext as plt

    drawn: list[tuple[list[float], list[float]]] = []
    real_plot = plt.plot

    def plot(x, y, **kw):
        drawn.append((x, y))
        return real_plot(x, y, **kw)

    monkeypatch.setattr(plt, "plot", plot)
    y = np.ones(10_000)
    y[1234] = 0.2
    charts(_snap(SeriesSnapshot("SGD", loss_it=np.arange(10_000), loss=y)), 0.0, width=80)
    (xs, ys), = drawn
    assert len(ys) <= MAX_POINTS
    assert min(ys) == 0.2 and xs[ys.index(0.2)] == 1234


def test_summary_table_columns_come_from_the_preset_and_test_acc_from_the_report() -> None:
    s = SeriesSnapshot("SGD", loss_it=np.arange(3), loss=np.array([1.0, 0.5, 0.25]),
                       eval_it=np.array([0, 2]), test_acc=np.array([0.1, 0.5]),
                       train_acc=np.array([0.2, 0.6]), extra={"lr": 0.01})
    empty = np.zeros(2)
    report = FinalReport(("a", "b"), (SeriesReport("SGD", 0.875, empty, empty, empty,
                                                   np.eye(2)),))
    table = summary_table(("lr",), _snap(s), report)
    header, row = table.splitlines()
    # 3 losses: the "final loss" is the last one, and the header says so.
    assert header.split() == ["series", "last", "loss", "train", "acc", "test", "acc",
                              "diverged", "lr"]
    assert row.split()[1] == "0.25"
    assert row.split()[3] == "0.875"  # the report's held-out accuracy, not the last 0.5
    assert row.split()[-1] == "0.01"
    # Without a report: the last test accuracy recorded during training.
    assert summary_table((), _snap(s), None).splitlines()[1].split()[3] == "0.500"


def test_presets_declare_their_summary_columns() -> None:
    from nntui.presets import PRESETS

    declared = {name: p.view.summary_columns for name, p in PRESETS.items()
                if p.view.summary_columns}
    assert declared["gradient-check"] == ("max_rel_error", "kink_weights", "kink_samples")
    assert declared["hparam-search"] == ("trial", "lr", "weight_decay")
    assert PRESETS["optimizer-race"].view.summary_columns == ()
