"""batch-size tells its story: each series counts its own epochs (own batch sizes), in
core's evaluations, the dashboard table and the status line."""

from __future__ import annotations

import pytest

from nntui.presets import get_preset
from nntui.tui import views
from nntui.tui.status_line import StatusInfo, status_line
from tests.presets.conftest import drive_to_end


@pytest.fixture(scope="module")
def snap():
    preset = get_preset("batch-size")
    config = preset.resolve(dataset="digits", seed=2, overrides={"iterations": "60"})
    return drive_to_end(preset.build(config)), config


def test_each_series_counts_its_own_epochs(snap) -> None:
    snap, config = snap
    assert [s.name for s in snap.series] == ["small", "medium", "large"]
    sizes = [config[k] for k in ("batch_small", "batch_medium", "batch_large")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
    epochs = [s.eval_epoch[-1] for s in snap.series]
    its = [s.eval_it[-1] for s in snap.series]
    assert its == [60, 60, 60]
    # epochs = iterations x own batch / training images: in proportion to the batch size
    assert epochs[1] / epochs[0] == pytest.approx(sizes[1] / sizes[0])
    assert epochs[2] / epochs[0] == pytest.approx(sizes[2] / sizes[0])
    heads, _labels, cells = views.extra_table_rows(snap)
    assert heads[-1] == "epochs"
    assert [row[-1] for row in cells] == [f"{e:.1f}" for e in epochs]
    line = status_line(StatusInfo("done", snap, frozen_clock=True), 80)
    assert f"ep {min(epochs):.1f}–{max(epochs):.1f}" in line


def test_one_batch_size_keeps_one_epoch_count() -> None:
    preset = get_preset("optimizer-race")
    run = preset.build(preset.resolve(dataset="digits", seed=0,
                                      overrides={"iterations": "30"}))
    snap = drive_to_end(run)
    assert views.own_epochs(snap) is None
    assert "epochs" not in views.extra_table_rows(snap)[0]
    assert f"ep {snap.epoch:.1f}" in status_line(StatusInfo("done", snap, frozen_clock=True), 80)


def test_a_series_that_stopped_early_has_no_epochs_of_its_own() -> None:
    import numpy as np

    from nntui.core.snapshot import SeriesSnapshot, Snapshot

    def series(name: str, last_it: int, per_it: float) -> SeriesSnapshot:
        it = np.array([0, last_it // 2, last_it])
        return SeriesSnapshot(name, eval_it=it, eval_epoch=it * per_it)

    same = Snapshot(iteration=100, total=100, epoch=10.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=(series("a", 100, 0.1), series("b", 40, 0.1)))
    assert views.own_epochs(same) is None  # b diverged at 4 epochs: same rate, no column
    own = Snapshot(iteration=100, total=100, epoch=10.0, elapsed_s=1.0, samples_per_s=0.0,
                   done=True, series=(series("a", 100, 0.1), series("b", 100, 0.8)))
    assert views.own_epochs(own) == [10.0, 80.0]
