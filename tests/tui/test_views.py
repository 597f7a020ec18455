"""Snapshot -> plot data (nntui.tui.views): which series a plot draws and how."""

from __future__ import annotations

import numpy as np

from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.tui import views


def _snapshot(n: int) -> Snapshot:
    it = np.arange(1, 11)
    series = tuple(
        SeriesSnapshot(f"s{i}", loss_it=it, loss=np.full(10, 1.0 + i), eval_it=it[::5],
                       eval_epoch=np.array([0.5, 1.0]), train_acc=np.array([0.1, 0.2]),
                       test_acc=np.array([0.1, 0.3]))
        for i in range(n)
    )
    return Snapshot(iteration=10, total=100, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=False, series=series)


def test_up_to_eight_series_are_all_plotted() -> None:
    snap = _snapshot(8)
    assert views.plotted_range(8, focus=5) == range(8)
    assert views.group_note(8, 5) == ""
    names = [s.name for s in views.loss_series(snap, 0.9, focus=5) if not s.faint]
    assert names == [f"s{i}" for i in range(8)]


def test_many_series_are_plotted_a_group_of_eight_at_a_time() -> None:
    snap = _snapshot(32)
    assert views.plotted_range(32, focus=0) == range(0, 8)
    assert views.plotted_range(32, focus=9) == range(8, 16)
    assert views.plotted_range(32, focus=31) == range(24, 32)
    assert views.plotted_range(20, focus=17) == range(14, 20)  # 20 -> 7 + 7 + 6, even
    assert views.plotted_range(9, focus=8) == range(5, 9)  # not 8 + a lone 1
    assert views.plotted_range(0, focus=3) == range(0)
    assert views.group_note(32, 9) == " · 9–16 of 32"

    loss = [s for s in views.loss_series(snap, 0.9, focus=9) if not s.faint]
    assert [s.name for s in loss] == [f"s{i}" for i in range(8, 16)]
    # Colours and markers stay those of the series' own index, as in tables and histograms.
    assert loss[0].marker == views.marker_of(8) and loss[0].color == views.color_of(8)
    raw = [s.name for s in views.loss_series(snap, 0.9, focus=9) if s.faint]
    assert raw == ["s9 raw"]  # only the focused series' raw curve
    acc = [s.name for s in views.accuracy_series(snap, focus=9) if not s.faint]
    assert acc == [f"s{i}" for i in range(8, 16)]


def test_a_diverged_series_is_flagged_for_the_plot() -> None:
    from dataclasses import replace

    snap = _snapshot(3)
    series = list(snap.series)
    series[1] = replace(series[1], diverged=True)
    snap = replace(snap, series=tuple(series))
    flags = {s.name: s.diverged for s in views.loss_series(snap, 0.9)}
    assert flags == {"s0 raw": False, "s1 raw": True, "s2 raw": False,
                     "s0": False, f"s1 {views.DIVERGED}": True, "s2": False}


def test_validation_loss_is_drawn_solid_over_the_training_loss() -> None:
    from dataclasses import replace

    snap = _snapshot(2)
    series = [replace(s, val_loss=np.array([0.9, np.nan])) for s in snap.series]
    snap = replace(snap, series=tuple(series))
    out = views.val_loss_series(snap, 0.9)
    assert [(s.name, s.faint) for s in out] == [
        ("s0 train", True), ("s1 train", True), ("s0", False), ("s1", False)]
    solid = out[2]
    assert solid.x.tolist() == [1] and solid.y.tolist() == [0.9]  # the NaN eval left out


def test_accuracy_title_says_when_live_test_points_use_a_subset() -> None:
    from dataclasses import replace

    snap = _snapshot(2)
    assert views.accuracy_title(snap) == "test acc (dim: train)"
    sub = replace(snap, test_subset=(2_000, 10_000))
    assert views.accuracy_title(sub, " · 1–8 of 32") == (
        "test acc on 2,000 of 10,000 (full set at the end) (dim: train) · 1–8 of 32")
    assert views.accuracy_title(replace(sub, done=True)) == (
        "test acc on 2,000 of 10,000 (last point: full set) (dim: train)")
    # The panel shows validation accuracy when there is some: the test subset is not it.
    val = replace(sub, series=tuple(replace(s, val_acc=np.array([0.2, 0.4]))
                                    for s in sub.series))
    assert views.accuracy_title(val) == "val acc (dim: train)"


def test_no_accuracy_is_shown_before_the_first_evaluation_after_the_start() -> None:
    """Every series starts at the same untrained chance-level accuracy (iteration 0): the
    table says "—" and the accuracy panel waits until a series is measured in training."""
    from nntui.presets import get_preset

    preset = get_preset("weight-decay")
    run = preset.build(preset.resolve(dataset="digits", seed=3, overrides={"seeds": "1"}))
    start = run.snapshot()
    assert all(list(s.eval_it) == [0] for s in start.series)
    assert all(0.0 < s.last_test_acc < 0.5 for s in start.series)  # measured, untrained
    columns, _labels, cells = views.extra_table_rows(start, gap=True)
    assert columns[:3] == ["train acc", "test acc", "gap"]
    assert all(row[:3] == ["—", "—", "—"] for row in cells)
    assert views.accuracy_series(start) == []
    while not any(s.eval_it[-1] > 0 for s in run.snapshot().series):
        run.step()
    later = run.snapshot()
    _columns, _labels, cells = views.extra_table_rows(later, gap=True)
    assert cells[0][1] == f"{later.series[0].last_test_acc:.4f}"
    solid = [s for s in views.accuracy_series(later) if not s.faint]
    assert len(solid) == 2 and list(solid[0].x[:1]) == [0.0]  # the curve starts at 0
