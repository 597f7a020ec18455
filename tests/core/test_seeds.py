"""K-seed runs (core/seeds.py, core/band.py, core/data/subsets.py): the mean, the band,
the per-seed report, each seed's own data, and one seed that is exactly today's run."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from nntui.core.band import mean_sd, nan_mean
from nntui.core.data import load, load_seeds
from nntui.core.data.subsets import SUBSET_TAG, draw_seeds, seed_rows
from nntui.core.seeds import SeedRun, aligned
from nntui.pipeline.threads import SeriesThreads
from nntui.presets import get_preset
from tests.presets.conftest import drive_to_end


def build(name: str, seed: int, k: int, **overrides: str):
    preset = get_preset(name)
    config = preset.resolve(dataset="digits", seed=seed,
                            overrides={"seeds": str(k), **overrides})
    return preset.build(config)


@pytest.fixture(scope="module")
def dropout_runs():
    """dropout on digits, 12 epochs: one seed (7) and three (7, 8, 9), both finished."""
    one = build("dropout", 7, 1, epochs="12")
    three = build("dropout", 7, 3, epochs="12")
    return (one, drive_to_end(one), one.report()), (three, drive_to_end(three), three.report())


def test_the_base_seed_of_a_k_seed_run_is_the_one_seed_run_bit_for_bit(dropout_runs) -> None:
    (one, snap1, rep1), (three, snap3, rep3) = dropout_runs
    assert isinstance(three, SeedRun) and not isinstance(one, SeedRun)
    assert snap3.seeds == (7, 8, 9) and snap1.seeds == ()
    for s1, s3 in zip(snap1.series, snap3.series):
        band = s3.band
        assert band is not None and band.seeds == (7, 8, 9) and s1.band is None
        np.testing.assert_array_equal(band.loss[0], s1.loss)
        np.testing.assert_array_equal(band.test_acc[0], s1.test_acc)
        np.testing.assert_array_equal(band.train_acc[0], s1.train_acc)
        assert band.finals[0].final_loss == s1.final_loss()
    for r1, r3 in zip(rep1.series, rep3.series):
        assert r3.per_seed[0] == r1.test_acc


def test_the_curves_are_the_seeds_mean_and_the_band_their_min_and_max(dropout_runs) -> None:
    _, (_run, snap, rep) = dropout_runs
    for s in snap.series:
        band = s.band
        assert band.loss.shape == (3, len(s.loss_it)) and band.test_acc.shape == (3, len(s.eval_it))
        np.testing.assert_allclose(s.loss, band.loss.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(s.test_acc, band.test_acc.mean(axis=0), rtol=1e-12)
        np.testing.assert_array_equal(band.lo("test_acc"), band.test_acc.min(axis=0))
        np.testing.assert_array_equal(band.hi("loss"), band.loss.max(axis=0))
        assert (band.lo("loss") <= s.loss).all() and (s.loss <= band.hi("loss")).all()
        # three different seeds: three different curves
        assert not np.array_equal(band.loss[1], band.loss[2])
        assert [f.seed for f in band.finals] == [7, 8, 9]
        assert s.final_loss() == pytest.approx(np.mean([f.final_loss for f in band.finals]))
    for r in rep.series:
        assert len(r.per_seed) == 3 and r.test_acc == pytest.approx(np.mean(r.per_seed))
        n_test = 360  # digits: each seed predicts the whole test split once
        assert r.confusion.sum() == 3 * n_test


def test_a_thread_pool_gives_the_same_k_seed_curves_bit_for_bit() -> None:
    serial = drive_to_end(build("regularizers", 3, 2, epochs="4"))
    run = build("regularizers", 3, 2, epochs="4")
    with SeriesThreads(3) as pool:
        run.use_map(pool)
        threaded = drive_to_end(run)
    for a, b in zip(serial.series, threaded.series):
        np.testing.assert_array_equal(a.band.loss, b.band.loss)
        np.testing.assert_array_equal(a.band.test_acc, b.band.test_acc)
        assert a.extra == b.extra


def test_every_further_seed_trains_on_its_own_subset() -> None:
    rows = seed_rows(1437, 300, [5, 6, 7])
    np.testing.assert_array_equal(rows[0], np.arange(300))  # the base seed: the book's
    for r in rows[1:]:
        assert len(np.unique(r)) == 300 and (np.diff(r) > 0).all() and r.max() < 1437
    assert not np.array_equal(rows[1], rows[2])
    expect = np.sort(np.random.default_rng((6, SUBSET_TAG)).choice(1437, 300, replace=False))
    np.testing.assert_array_equal(rows[1], expect)  # seed 6's own Generator, not seed 7's
    assert seed_rows(10, 20, [1, 2])[1].tolist() == list(range(10))  # all of a small pool


def test_load_seeds_gives_the_first_seed_exactly_what_load_gives() -> None:
    one = load("digits", train_size=300, val_fraction=0.2, seed=4)
    many = load_seeds("digits", seeds=[4, 5, 6], train_size=300, val_fraction=0.2)
    for field in ("x_train", "t_train", "x_val", "t_val", "x_test", "t_test"):
        np.testing.assert_array_equal(getattr(one, field), getattr(many[0], field))
    assert [len(d.x_train) for d in many] == [240] * 3 and [len(d.x_val) for d in many] == [60] * 3
    assert not np.array_equal(many[1].x_train, many[2].x_train)
    # every seed's own rows come from the pool: compare with the pool drawn by hand
    pool = load("digits")
    drawn = draw_seeds(pool, 300, [4, 5, 6], 0.2)
    np.testing.assert_array_equal(drawn[2].x_val, many[2].x_val)


def test_aligned_places_seeds_that_stopped_early_on_the_union_with_nan() -> None:
    x, rows = aligned([np.array([0, 1, 2, 3]), np.array([0, 1])],
                      [np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 6.0])])
    assert x.tolist() == [0, 1, 2, 3]
    assert np.isnan(rows[1, 2:]).all()
    assert nan_mean(rows).tolist() == [2.0, 4.0, 3.0, 4.0]
    # points missing inside, not only at the end: each value stays at its own iteration
    x, rows = aligned([np.array([0, 10, 20]), np.array([0, 20])],
                      [np.array([1.0, 2.0, 3.0]), np.array([5.0, 7.0])])
    assert x.tolist() == [0, 10, 20]
    assert rows[1, 0] == 5.0 and np.isnan(rows[1, 1]) and rows[1, 2] == 7.0


def test_mean_sd_is_the_sample_sd_of_the_finite_values() -> None:
    assert mean_sd([0.9, 0.8, math.nan]) == pytest.approx((0.85, math.sqrt(0.005)))
    assert mean_sd([0.5]) == (0.5, 0.0)
    assert all(math.isnan(v) for v in mean_sd([]))


def test_an_early_stopper_counts_as_stopped_only_when_every_seed_stopped() -> None:
    run = build("early-stopping", 2, 2, epochs="60")
    snap = drive_to_end(run)
    stop = {s.name: s for s in snap.series}["early stop"]
    finals = stop.band.finals
    assert stop.stopped_early == all(f.stopped_early for f in finals)
    assert all(f.stopped_early for f in finals), "label noise makes both stop in 60 epochs"
    # each seed stopped at its own evaluation; the mean curve runs as long as the longest
    assert len(stop.eval_it) == max(len(np.flatnonzero(np.isfinite(r)))
                                    for r in stop.band.val_loss)
    assert {f.last_it for f in finals} <= set(stop.eval_it.tolist())


class _Seed:
    """One seed's run as SeedRun reads it: a fixed snapshot."""

    def __init__(self, snap) -> None:  # noqa: ANN001
        self.snap = snap
        self.series_names = tuple(s.name for s in snap.series)
        self.done = False

    def snapshot(self):  # noqa: ANN201
        return self.snap


def test_a_k_seed_snapshot_is_as_far_as_its_slowest_running_seed_and_diverged_only_on_all(
) -> None:
    run = build("dropout", 0, 1, epochs="1")
    for _ in range(3):
        run.step()
    snap = run.snapshot()
    head, *rest = snap.series

    def seed(iteration: int, epoch: float, diverged: bool) -> _Seed:
        return _Seed(replace(snap, iteration=iteration, epoch=epoch,
                             series=(replace(head, diverged=diverged), *rest)))

    behind = seed(2, 0.25, True)
    behind.done = True  # ended there (a running seed behind is cut to: see the next test)
    mixed = SeedRun([behind, seed(3, 0.5, False)], [0, 1]).snapshot()
    assert (mixed.iteration, mixed.epoch) == (3, 0.5)  # the base seed is not the furthest
    assert not mixed.series[0].diverged  # one seed of two diverged: the band says which
    assert [f.diverged for f in mixed.series[0].band.finals] == [True, False]
    both = SeedRun([seed(3, 0.5, True), seed(2, 0.25, True)], [0, 1]).snapshot()
    assert both.series[0].diverged and (both.iteration, both.epoch) == (2, 0.25)


def test_read_mid_step_the_mean_stops_where_every_running_seed_is() -> None:
    """The UI reads while training runs: after the base seed's step and before the others',
    the base seed has one more evaluation. The mean's last point must still be the mean of
    all three seeds (a mean of the base seed alone showed another seed set's accuracy, a
    jump of 3 points on the dropout dashboard), and the per-seed ends agree with it."""
    run = build("dropout", 7, 3, epochs="5")
    for _ in range(4):
        run.step()
    even = run.snapshot()
    while len(run.runs[0].snapshot().series[0].eval_it) == len(even.series[0].eval_it):
        run.runs[0].step()  # only the base seed: as if read in the middle of run.step()
    ahead = run.runs[0].snapshot()
    assert ahead.iteration > even.iteration
    mid = run.snapshot()
    assert mid.iteration == even.iteration
    for s_mid, s_even in zip(mid.series, even.series, strict=True):
        np.testing.assert_array_equal(s_mid.eval_it, s_even.eval_it)
        np.testing.assert_array_equal(s_mid.test_acc, s_even.test_acc)
        np.testing.assert_array_equal(s_mid.loss, s_even.loss)
        assert [f.test_acc for f in s_mid.band.finals] == [f.test_acc for f in s_even.band.finals]
        assert [f.last_it for f in s_mid.band.finals] == [int(s_even.eval_it[-1])] * 3
    # mid-evaluation: every seed at the same iteration, one seed's series already measured
    head = even.series[0]
    short = replace(head, **{k: getattr(head, k)[:-1] for k in (
        "eval_it", "eval_epoch", "train_acc", "val_acc", "test_acc", "val_loss")})
    pair = SeedRun([_Seed(replace(even, series=(head,))), _Seed(replace(even, series=(short,)))],
                   [0, 1]).snapshot().series[0]
    np.testing.assert_array_equal(pair.eval_it, short.eval_it)
    np.testing.assert_array_equal(pair.test_acc, short.test_acc)
    # once the others catch up, the new point is the mean of all three
    for r in run.runs[1:]:
        while r.iteration < ahead.iteration:
            r.step()
    after = run.snapshot()
    assert after.iteration == ahead.iteration
    for s in after.series:
        assert s.test_acc[-1] == pytest.approx(np.mean(s.band.test_acc[:, -1]), abs=1e-12)


def test_read_mid_step_the_extras_are_the_mean_at_the_same_evaluation_as_the_curves() -> None:
    """The named scalars (lr, weight norm, sparsity: the table's columns) are measured at
    each evaluation. Read mid-step, the seed already evaluated once more is cut back to the
    others' evaluation; its scalars must be those of that evaluation too (lr-schedules'
    lr column showed step decay at 0.2000, a rate its schedule never has: the mean of one
    seed's 0.3 and two seeds' 0.15)."""
    run = build("lr-schedules", 3, 3, iterations="400")  # evaluated every 100
    n_evals = len(run.snapshot().series[0].eval_it)
    while len(run.snapshot().series[0].eval_it) < n_evals + 2 and not run.done:
        run.step()  # two evaluations in: the next one changes every decaying lr again
    even = run.snapshot()
    n_evals = len(even.series[0].eval_it)
    while len(run.runs[0].snapshot().series[0].eval_it) == n_evals:
        run.runs[0].step()  # only the base seed: as if read in the middle of run.step()
    ahead = run.runs[0].snapshot()
    assert any(a.extra != b.band.finals[0].extra for a, b in zip(ahead.series, even.series))
    mid = run.snapshot()
    for s_mid, s_even in zip(mid.series, even.series, strict=True):
        np.testing.assert_array_equal(s_mid.eval_it, s_even.eval_it)
        assert s_mid.extra == s_even.extra
        assert [f.extra for f in s_mid.band.finals] == [f.extra for f in s_even.band.finals]


def test_read_during_the_last_steps_final_evaluation_the_mean_waits_for_every_seed() -> None:
    """`done` turns true when the last step's counter advances, before that step's final
    evaluation is recorded: read then, the seeds already measured must not be averaged
    alone as the last point (the dashboard showed "it 450/450" with a test accuracy of
    2 of 5 seeds, 0.6 points off the run's final one, for half a second)."""
    run = build("dropout", 7, 3, epochs="2")
    while run.iteration < run.total - 1:
        run.step()
    before = run.snapshot()
    run.runs[0].step()  # the base seed's last step and its final evaluation
    late = run.runs[1]
    finish = late._after_step
    late._after_step = lambda done: None  # type: ignore[method-assign]
    late.step()  # the counter is at the end, the final evaluation not recorded yet
    late._after_step = finish  # type: ignore[method-assign]
    assert run.runs[0].done and late.done and not run.runs[2].done
    mid = run.snapshot()
    for s_mid, s_before in zip(mid.series, before.series, strict=True):
        np.testing.assert_array_equal(s_mid.eval_it, s_before.eval_it)
        np.testing.assert_array_equal(s_mid.test_acc, s_before.test_acc)
        np.testing.assert_array_equal(s_mid.train_acc, s_before.train_acc)
    finish(late.iteration)
    run.runs[2].step()
    end = run.snapshot()
    assert end.done
    for s in end.series:
        assert s.eval_it[-1] == run.total
        assert s.test_acc[-1] == pytest.approx(np.mean(s.band.test_acc[:, -1]), abs=1e-12)


def test_seeds_that_stopped_at_different_evaluations_end_at_the_mean_of_their_ends() -> None:
    """Early stopping ends each seed at its own evaluation: the mean curve's last points
    average only the seeds still recording there. The series' end figures (the table,
    summary.json, the report's train acc and gap) must be the mean of every seed's end,
    not the last seed's alone (early-stopping on 5 seeds showed train acc 0.7488 and a
    loss of 0.808, seed 4's, where the seeds' mean is 0.7235, as headless printed)."""
    snap = drive_to_end(build("dropout", 7, 1, epochs="3"))
    head = snap.series[0]
    evals = ("eval_it", "eval_epoch", "train_acc", "val_acc", "test_acc", "val_loss")
    n = len(head.eval_it) // 2
    stop = int(head.eval_it[n - 1])
    early = replace(head, stopped_early=True, loss_it=head.loss_it[:stop], loss=head.loss[:stop],
                    **{k: getattr(head, k)[:n] for k in evals})
    late = replace(head, train_acc=head.train_acc * 0.5, test_acc=head.test_acc * 0.5,
                   loss=head.loss * 3)
    mean = SeedRun([_Seed(replace(snap, series=(early,))), _Seed(replace(snap, series=(late,)))],
                   [0, 1]).snapshot().series[0]
    assert mean.eval_it[-1] == late.eval_it[-1]  # the curve runs as long as the longest seed
    assert mean.last_train_acc == pytest.approx((early.last_train_acc + late.last_train_acc) / 2)
    assert mean.last_test_acc == pytest.approx((early.last_test_acc + late.last_test_acc) / 2)
    assert mean.final_loss() == pytest.approx((early.final_loss() + late.final_loss()) / 2)
    assert mean.last_train_acc != pytest.approx(late.last_train_acc)


def test_a_seed_run_refuses_seeds_that_do_not_match_its_runs() -> None:
    one = build("dropout", 0, 1, epochs="1")
    with pytest.raises(ValueError, match="one experiment per seed"):
        SeedRun([one], [0, 1])
