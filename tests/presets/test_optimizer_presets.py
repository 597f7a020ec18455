"""optimizer-paths, optimizer-race, lr-schedules, batch-size reproduce what the book shows."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.paths import objective
from nntui.core.schedules import Schedule
from nntui.presets import get_preset
from tests.presets.conftest import by_name, drive_to_end, run_preset


@pytest.fixture(scope="module")
def paths():
    run, snap = run_preset("optimizer-paths")
    return by_name(snap)


def test_paths_have_book_shape_and_all_descend(paths) -> None:
    start = objective(np.array([-7.0, 2.0]))
    for s in paths.values():
        assert s.path.shape == (31, 2)  # the start point + 30 updates
        np.testing.assert_array_equal(s.path[0], [-7.0, 2.0])
        assert s.loss[-1] < start / 10, s.name
        np.testing.assert_allclose(s.loss, objective(s.path))


def test_sgd_zigzags_along_y(paths) -> None:
    sgd = paths["SGD"]
    # lr 0.95 on ∂f/∂y = 2y overshoots every step: y flips sign on every update.
    assert sgd.extra["y_sign_changes"] >= 25
    assert sgd.extra["path_ratio"] > 3  # the walk is >3x longer than the straight line


def test_adagrad_goes_almost_straight_in(paths) -> None:
    ada = paths["AdaGrad"]
    assert ada.extra["y_sign_changes"] == 0
    others = [paths[n].extra["path_ratio"] for n in ("SGD", "Momentum", "Adam")]
    assert ada.extra["path_ratio"] < min(others)
    assert ada.extra["path_ratio"] < 1.1


def test_momentum_rolls_past_the_minimum_like_a_ball(paths) -> None:
    mom = paths["Momentum"]
    assert mom.path[:, 0].max() > 0.5  # overshoots x = 0 and rolls back
    assert 0 < mom.extra["y_sign_changes"] < paths["SGD"].extra["y_sign_changes"]


def test_adam_sways_less_in_y_than_sgd(paths) -> None:
    adam, sgd = paths["Adam"], paths["SGD"]
    assert adam.extra["y_sign_changes"] < sgd.extra["y_sign_changes"] / 5
    assert np.abs(np.diff(adam.path[:, 1])).sum() < np.abs(np.diff(sgd.path[:, 1])).sum()


def test_optimizer_race_sgd_is_clearly_slowest() -> None:
    _, snap = run_preset("optimizer-race", iterations=500, hidden="50,50,50,50")
    s = by_name(snap)
    sgd = s["SGD"].final_loss()
    others = {n: s[n].final_loss() for n in ("Momentum", "AdaGrad", "Adam", "RMSprop")}
    assert all(v < sgd for v in others.values()), (sgd, others)
    assert max(others.values()) * 5 < sgd  # "clearly": the gap is not noise
    assert all(not x.diverged for x in snap.series)
    assert snap.iteration == 500
    # Evaluated every eval_every=100 iterations plus the start: curves have points.
    assert list(s["SGD"].eval_it) == [0, 100, 200, 300, 400, 500]


def test_lr_schedules_follow_their_designs() -> None:
    its, step_size, warmup, lr = 400, 100, 50, 0.1
    preset = get_preset("lr-schedules")
    config = preset.resolve(overrides={
        "iterations": str(its), "step_size": str(step_size), "warmup": str(warmup),
        "hidden": "50,50,50,50", "lr": str(lr), "batch_size": "128",
    })
    run = preset.build(config)
    for _ in range(its - 100):
        run.step()
    before = {n: [w.copy() for w in run.network(n).weight_matrices()]
              for n in ("constant", "cosine")}
    snap = drive_to_end(run)
    s = by_name(snap)
    last = its - 1  # the lr of the last update
    expected = {
        "constant": lr,
        "step": lr * 0.5 ** (last // step_size),
        "exponential": lr * 0.5 ** (last / step_size),
        "cosine": Schedule("cosine").lr_at(lr, last, its),
        "warmup+cosine": Schedule("cosine", warmup=warmup).lr_at(lr, last, its),
    }
    for name, want in expected.items():
        assert s[name].extra["lr"] == pytest.approx(want, abs=1e-12), name
    assert s["step"].extra["lr"] == pytest.approx(0.0125)
    assert s["cosine"].extra["lr"] < 1e-6
    # Warm-up starts with tiny steps: its early loss stays above the constant rate's.
    assert s["warmup+cosine"].loss[:warmup].mean() > s["constant"].loss[:warmup].mean()

    # In the last 100 iterations cosine's rate is < 15 % of the base: it barely moves the
    # weights, while the constant rate keeps stepping.
    def moved(name: str) -> float:
        after = run.network(name).weight_matrices()
        return sum(float(np.linalg.norm(a - b)) for a, b in zip(after, before[name]))

    assert moved("cosine") < 0.5 * moved("constant")


def test_small_batches_are_noisier_than_large_ones() -> None:
    _, snap = run_preset("batch-size", iterations=300, hidden="30,30")
    s = by_name(snap)

    def noise(name: str) -> float:  # spread of step-to-step loss changes, second half
        loss = s[name].loss
        return float(np.diff(loss[len(loss) // 2:]).std())

    assert noise("small") > 2 * noise("medium") > 2 * noise("large")
    # Same number of iterations: the large batch saw 64x the samples of the small one.
    assert snap.iteration == 300


def test_a_runaway_path_diverges_without_warnings() -> None:
    """lr 1e200 overflows: the series is marked diverged, and no RuntimeWarning is printed
    over the terminal (CountedRun.step, like Experiment.step, silences the overflow)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, snap = run_preset("optimizer-paths", steps=5, lr_sgd=1e200)
    assert by_name(snap)["SGD"].diverged
    assert not by_name(snap)["Adam"].diverged
