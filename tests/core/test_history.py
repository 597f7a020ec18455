"""History buffers and snapshot summaries."""

import numpy as np

from nntui.core.history import Buffer, SeriesHistory
from nntui.core.snapshot import SeriesSnapshot, Snapshot


def test_buffer_grows_past_capacity_and_keeps_order() -> None:
    buf = Buffer(np.int64, capacity=2)
    for i in range(1000):
        buf.append(i)
    assert len(buf) == 1000
    np.testing.assert_array_equal(buf.view(), np.arange(1000))
    copy = buf.copy()
    buf.append(5)
    assert len(copy) == 1000  # a copy does not see later appends


def test_series_history_records_eval_rows() -> None:
    h = SeriesHistory()
    h.record_loss(0, 2.3)
    h.record_eval(0, 0.0, 0.1, float("nan"), 0.12, float("nan"))
    assert h.loss.view().tolist() == [2.3]
    assert h.test_acc.view().tolist() == [0.12]
    assert np.isnan(h.val_acc.view()[0])


def test_final_loss_averages_last_tenth_and_skips_nan() -> None:
    loss = np.concatenate([np.full(90, 5.0), np.full(10, 1.0)])
    s = SeriesSnapshot("a", loss_it=np.arange(100), loss=loss)
    assert s.final_loss() == 1.0
    assert s.last_loss == 1.0
    diverged = SeriesSnapshot("b", loss_it=np.arange(4), loss=np.array([3.0, 2.0, 1.0, np.nan]))
    assert diverged.final_loss() == 1.0
    assert np.isnan(SeriesSnapshot("c").final_loss())


def test_last_accuracy_ignores_missing_points() -> None:
    s = SeriesSnapshot("a", val_acc=np.array([0.5, 0.7, np.nan]), test_acc=np.array([np.nan]))
    assert s.last_val_acc == 0.7
    assert np.isnan(s.last_test_acc)


def test_snapshot_eta_and_fraction() -> None:
    snap = Snapshot(
        iteration=25, total=100, epoch=1.0, elapsed_s=5.0, samples_per_s=0.0, done=False, series=()
    )
    assert snap.fraction == 0.25
    assert snap.eta_s() == 15.0
    start = Snapshot(0, 100, 0.0, 0.0, 0.0, False, ())
    assert start.eta_s() is None
