"""hparam-search, gradient-check, overfit-one-batch."""

from __future__ import annotations

import math
import multiprocessing

import numpy as np
import pytest

from nntui.core.data import Dataset
from nntui.core.gradrun import TOLERANCE, GradientCheckRun
from nntui.core.search import HparamSearch
from nntui.headless.charts import summary_table
from nntui.presets import get_preset
from nntui.presets.kinds.gradcheck import check_specs
from tests.presets.conftest import by_name, drive_to_end, run_preset

SMALL_SEARCH = {
    "trials": "6", "round2_share": "0.34", "top_k": "2", "epochs": "3", "hidden": "20,20",
}


def _search(workers: int, seed: int = 0, **extra: str) -> HparamSearch:
    """A small search in the book's ranges (--book: lr 10^U(-6, -2))."""
    preset = get_preset("hparam-search")
    config = preset.resolve(
        seed=seed, book=True, overrides={**SMALL_SEARCH, "workers": str(workers), **extra}
    )
    run = preset.build(config)
    assert isinstance(run, HparamSearch)
    return run


def _trial_table(run: HparamSearch) -> list[tuple]:
    return [
        (t.index, t.round, t.lr, t.weight_decay, t.val_acc, t.train_acc, tuple(t.val_curve))
        for t in run.snapshot().trials
    ]


def test_search_in_two_workers_equals_serial_search() -> None:
    serial, parallel = _search(1), _search(2)
    drive_to_end(serial)
    drive_to_end(parallel)
    assert _trial_table(parallel) == _trial_table(serial)
    assert parallel.report().series[0].test_acc == serial.report().series[0].test_acc
    assert parallel.snapshot().message == serial.snapshot().message
    assert not multiprocessing.active_children()  # the pool is shut down at the end


def test_search_ranks_by_validation_and_tests_once_at_the_end() -> None:
    run = _search(1)
    run.step()
    assert run.report() is None  # no test accuracy while searching
    snap = drive_to_end(run)
    assert snap.unit == "trial" and snap.iteration == snap.total == 6
    trials = snap.trials
    assert all(t.done for t in trials)
    assert [t.round for t in trials] == [1, 1, 1, 1, 2, 2]
    best_val = max(t.val_acc for t in trials)
    best = by_name(snap)["best"]
    chosen = next(t for t in trials if t.val_acc == best_val)  # lowest index among ties
    assert best.extra["trial"] == chosen.index
    assert best.last_val_acc == best_val
    report = run.report()
    assert report is not None and len(report.series) == 1
    # Only the chosen trial has a test accuracy, and only at its last point.
    assert np.isfinite(best.test_acc).sum() == 1
    assert best.test_acc[-1] == report.series[0].test_acc
    assert f"test={report.series[0].test_acc:.3f}" in snap.message


def test_round_two_searches_the_span_of_the_top_trials() -> None:
    run = _search(1, margin="0.1")
    snap = drive_to_end(run)
    round1 = [t for t in snap.trials if t.round == 1]
    top = sorted(round1, key=lambda t: (-t.val_acc, t.index))[:2]
    (lr_r, wd_r) = run.ranges[1]
    logs = [math.log10(t.lr) for t in top]
    assert lr_r[0] == pytest.approx(max(min(logs) - 0.1, -6.1))
    assert lr_r[1] == pytest.approx(min(max(logs) + 0.1, -1.9))
    assert lr_r[1] - lr_r[0] < 4.0  # narrower than round 1's 10^[-6, -2]
    for t in snap.trials:
        if t.round == 2:
            assert lr_r[0] <= math.log10(t.lr) <= lr_r[1]
            assert wd_r[0] <= math.log10(t.weight_decay) <= wd_r[1]


@pytest.mark.parametrize(
    ("trials", "share", "rounds"),
    [
        ("3", None, [1, 1, 1]),  # the default share (0.2) of 3 is no trial: no round 2
        ("5", None, [1, 1, 1, 1, 2]),
        ("10", None, [1] * 8 + [2] * 2),
        ("4", "0.5", [1, 1, 2, 2]),
        ("3", "0.9", [1, 2, 2]),  # round 1 always keeps one trial
    ],
)
def test_trials_counts_both_rounds(trials: str, share: str | None, rounds: list[int]) -> None:
    overrides = {"trials": trials, "epochs": "1", "hidden": "10", "workers": "1"}
    if share is not None:
        overrides["round2_share"] = share
    preset = get_preset("hparam-search")
    run = preset.build(preset.resolve(overrides=overrides))
    assert run.total == int(trials)
    snap = drive_to_end(run)
    assert snap.iteration == snap.total == int(trials)
    assert [t.round for t in snap.trials] == rounds
    assert all(t.done for t in snap.trials)


def test_book_default_is_100_trials_80_then_20() -> None:
    from nntui.presets.kinds.search import search_settings, split_trials

    settings = search_settings(get_preset("hparam-search").resolve())
    assert (settings.trials, settings.round1_trials, settings.round2_trials) == (100, 80, 20)
    assert split_trials(100, 0.29) == (71, 29)  # 100 × 0.29 is 28.999… in floating point
    assert split_trials(1, 0.5) == (1, 0)


def test_headless_search_runs_exactly_the_trials_asked_for() -> None:
    import io

    from nntui.headless.run import run_headless

    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless(
        "hparam-search",
        overrides={"trials": "3", "epochs": "1", "hidden": "10", "workers": "1"},
        stdout=stdout, stderr=stderr,
    )
    assert code == 0, stderr.getvalue()
    lines = [ln for ln in stdout.getvalue().splitlines() if ln.startswith("hparam-search  trial")]
    assert lines[-1].startswith("hparam-search  trial 3/3  100%")
    assert all("/3 " in ln for ln in lines)


def test_good_trials_have_large_learning_rates() -> None:
    # The book's network and 50 epochs per trial; 10 trials, no second round.
    run = _search(
        1, trials="10", round2_share="0", epochs="50", hidden="100,100,100,100,100,100"
    )
    snap = drive_to_end(run)
    trials = sorted(snap.trials, key=lambda t: -t.val_acc)
    # The book: good trials cluster at lr ~ 1e-3 - 1e-2; tiny rates stay at chance.
    assert trials[0].lr > 1e-3
    assert trials[0].val_acc > 0.5
    assert all(t.val_acc < 0.2 for t in snap.trials if t.lr < 1e-4)
    log_lr = np.log10([t.lr for t in snap.trials])
    val = np.array([t.val_acc for t in snap.trials])
    assert np.corrcoef(np.argsort(np.argsort(log_lr)), np.argsort(np.argsort(val)))[0, 1] > 0.6


def test_closing_a_search_early_stops_its_workers() -> None:
    run = _search(2, trials="6", epochs="5")
    run.step()
    assert 1 <= run.snapshot().iteration < run.total
    run.close()
    assert run.done
    assert not multiprocessing.active_children()
    run.close()  # harmless twice
    run.step()  # a no-op once done
    assert run.report() is None  # stopped early: the test split was never used


def test_search_rejects_an_empty_log_range() -> None:
    from nntui.presets.params import ConfigError

    preset = get_preset("hparam-search")
    config = preset.resolve(overrides={"lr_log_min": "-2", "lr_log_max": "-3"})
    with pytest.raises(ConfigError, match="lr_log_min must be smaller than lr_log_max"):
        preset.build(config)


def test_gradient_check_passes_for_every_variant() -> None:
    _, snap = run_preset("gradient-check")
    assert snap.iteration == 3 and snap.unit == "check"
    for s in snap.series:
        assert s.extra["max_rel_error"] < TOLERANCE, (s.name, s.extra)
        # The verdict, then what was left out and why.
        assert list(s.extra)[:3] == ["max_rel_error", "kink_weights", "kink_samples"]
        assert s.extra["kink_weights"] == 0  # 64 x 10 weights: none within h of 0 here
        assert len(s.loss) == 3
        params = set(list(s.extra)[3:])
        assert {"W1", "b1", "W2", "b2", "W3", "b3"} <= params
    bn = by_name(snap)["batch norm"]
    assert {"gamma1", "beta1", "gamma2", "beta2"} <= set(bn.extra)


def test_gradient_check_catches_a_broken_gradient() -> None:
    """The check must be able to fail: corrupt one layer's backward and see a large error."""
    preset = get_preset("gradient-check")
    run = preset.build(preset.resolve(overrides={"steps": "1"}))
    net = run._series[0].net  # the ReLU variant
    affine = net.affines[1]
    original = affine.backward

    def broken(dout, need_dx=True):
        dx = original(dout, need_dx) if need_dx else original(dout, need_dx=False)
        affine.grads["W"] *= 1.01  # a 1 % bug
        return dx

    affine.backward = broken
    snap = drive_to_end(run)
    relu = by_name(snap)["ReLU"]
    assert relu.extra["W2"] > 1e-3
    assert relu.extra["W1"] < TOLERANCE  # the other layers are still right


def test_gradient_check_flags_a_flipped_sign(monkeypatch) -> None:
    """A real backprop bug (ReLU's backward with its sign flipped) fails every series that
    uses ReLU, the L1+L2 one included: leaving L1's kink out hides nothing else."""
    from nntui.core.activations import ReLU

    original = ReLU.backward
    monkeypatch.setattr(ReLU, "backward", lambda self, dout: -original(self, dout))
    _, snap = run_preset("gradient-check", steps=1)
    s = by_name(snap)
    for name in ("ReLU", "batch norm", "L1+L2"):
        assert s[name].extra["max_rel_error"] > 0.1, name
    for name in ("sigmoid", "tanh", "dropout"):
        assert s[name].extra["max_rel_error"] < TOLERANCE, name


def _mnist_shaped(seed: int) -> Dataset:
    """Random 28 x 28 'images', ~70 % of pixels 0 as in MNIST, 10 classes."""
    rng = np.random.default_rng(100 + seed)
    x = rng.random((40, 784)).astype(np.float32)
    x[rng.random(x.shape) < 0.7] = 0.0
    t = rng.integers(0, 10, 40)
    return Dataset(
        name="mnist", x_train=x[:30], t_train=t[:30], x_val=x[:0], t_val=t[:0],
        x_test=x[30:], t_test=t[30:], input_shape=(28, 28),
        class_names=tuple(str(d) for d in range(10)),
    )


def test_gradient_check_l1_passes_on_784_inputs() -> None:
    """With 784 x 10 first-layer weights about one sits within h of 0 (|w|'s kink); the
    L1+L2 series leaves it out, counts it and passes, for 3 seeds.  The weights are drawn
    exactly as the preset draws them (same seed spawn, same series order)."""
    preset = get_preset("gradient-check")
    skipped = []
    for seed in (0, 1, 2):
        config = preset.resolve(seed=seed, overrides={"steps": "1"})
        specs = check_specs(config, _mnist_shaped(seed))
        run = GradientCheckRun(_mnist_shaped(seed), specs, batch=4, steps=1, seed=seed)
        run._series = run._series[-1:]  # only L1+L2: the other series cost 5x more
        snap = drive_to_end(run)
        l1 = by_name(snap)["L1+L2"]
        assert l1.extra["max_rel_error"] < TOLERANCE, (seed, l1.extra)
        skipped.append(l1.extra["kink_weights"])
    assert sum(skipped) >= 1, skipped  # the kink was really met (measured: 1, 0, 1)
    # The headless summary names the count next to the verdict (seed 2: one weight).
    columns = get_preset("gradient-check").view.summary_columns
    header, row = summary_table(columns, snap, None).splitlines()
    assert header.split()[-3:] == ["max_rel_error", "kink_weights", "kink_samples"]
    assert row.split()[0] == "L1+L2" and row.split()[-2] == "1"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_overfit_one_batch_reaches_100_percent(seed: int) -> None:
    # Measured (digits, defaults): loss 3.8e-5 / 7.8e-5 / 2.7e-5, test .622 / .628 / .619.
    _, snap = run_preset("overfit-one-batch", seed=seed)
    s = snap.series[0]
    assert s.last_train_acc == 1.0
    assert s.final_loss() < 0.01
    assert s.last_test_acc < 0.9  # 20 samples memorised, not learnt


def test_closing_from_another_thread_while_a_step_waits(monkeypatch) -> None:
    """The TUI closes from its UI thread while the worker thread is inside step().

    Deterministic: the step signals when it is waiting for its trials, and whatever that wait
    returns is handed back only once close() has run, so no trial can be collected first
    (on an idle machine a short search used to finish before a fixed sleep ran out).
    """
    import concurrent.futures
    import threading

    import nntui.core.search as search

    run = _search(2, trials="6", epochs="20", hidden="50,50")
    errors: list[BaseException] = []
    waiting, closed = threading.Event(), threading.Event()
    real_wait = concurrent.futures.wait

    def signalling_wait(fs, **kw):
        waiting.set()
        result = real_wait(fs, **kw)
        assert closed.wait(30), "close() never came"
        return result

    monkeypatch.setattr(search, "wait", signalling_wait)

    def worker() -> None:
        try:
            while not run.done:
                run.step()
        except BaseException as exc:  # the test reports whatever escaped
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert waiting.wait(60), "the step never reached its wait for the trials"
        assert thread.is_alive()
        run.close()
    finally:
        closed.set()  # also on failure: the worker must not be left blocked
        run.close()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert errors == []
    assert run.done and run.iteration == 0 and run.report() is None
    assert not multiprocessing.active_children()


def test_parallel_search_runs_when_stderr_has_no_fd(monkeypatch) -> None:
    """Under Textual sys.stderr is not a real file; with the resource tracker started first
    (as nntui.tui.launch does before App.run) the pool still starts (DESIGN.md pitfall)."""
    import io
    import multiprocessing.resource_tracker

    class NoFd(io.StringIO):
        def fileno(self) -> int:
            return -1

    multiprocessing.resource_tracker.ensure_running()
    monkeypatch.setattr("sys.stderr", NoFd())
    run = _search(2, trials="2", round2_share="0", epochs="1")
    drive_to_end(run)
    assert run.done and run.report() is not None
