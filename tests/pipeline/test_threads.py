"""Series on several threads (`nntui.pipeline.threads`): same curves bit for bit, errors
reach the caller, no thread outlives the loop, and NNTUI_THREADS is checked."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pytest

from nntui.core.errors import UserError
from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.optimizers import OptimizerConfig
from nntui.core.run import serial_map
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.threads import MAX_THREADS, SeriesThreads, headless_threads
from tests.core.test_experiment import NET, blobs


def test_the_pool_returns_results_in_order_and_uses_both_threads() -> None:
    names: set[str] = set()
    gate = threading.Barrier(2, timeout=5)

    def f(x: int) -> int:
        names.add(threading.current_thread().name)
        if x < 2:
            gate.wait()  # items 0 and 1 only pass when two threads hold them at once
        return x * x

    with SeriesThreads(2) as pool:
        assert pool(f, list(range(7))) == [x * x for x in range(7)]
        assert pool(f, []) == []
    assert len(names) == 2 and any(n.startswith("nntui-series") for n in names)


def test_an_error_in_a_worker_reaches_the_caller_after_every_item_ran() -> None:
    done: list[int] = []

    def f(x: int) -> int:
        if x == 3:
            raise ZeroDivisionError("series 3")
        done.append(x)
        return x

    with SeriesThreads(2) as pool, pytest.raises(ZeroDivisionError, match="series 3"):
        pool(f, list(range(6)))
    assert sorted(done) == [0, 1, 2, 4, 5]


def test_one_thread_is_not_a_pool() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        SeriesThreads(1)


def _experiment(mapper=None) -> Experiment:
    specs = [
        SeriesSpec("SGD", NET, OptimizerConfig("sgd", lr=0.1)),
        SeriesSpec("Adam", NET, OptimizerConfig("adam", lr=0.01)),
        SeriesSpec("Noisy", NET, OptimizerConfig("momentum", lr=0.05), input_noise=0.3),
        SeriesSpec("Boom", NET, OptimizerConfig("sgd", lr=1e6)),  # diverges on a worker
        SeriesSpec("Small", NET, OptimizerConfig("adagrad", lr=0.1), batch_size=8),
    ]
    exp = Experiment(blobs(), specs, TrainSettings(32, 80, 10, seed=5))
    if mapper is not None:
        exp.use_map(mapper)
    return exp


def _curves(exp: Experiment) -> bytes:
    snap = exp.snapshot()
    parts = []
    for s in snap.series:
        parts += [s.loss, s.train_acc, s.test_acc, s.val_loss, np.array([s.diverged])]
    return np.concatenate([np.asarray(p, np.float64) for p in parts]).tobytes()


def test_an_experiment_on_two_threads_draws_the_same_curves_bit_for_bit() -> None:
    serial = _experiment()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the diverging series warns nothing on a worker
        with SeriesThreads(2) as pool:
            threaded = _experiment(pool)
            while not threaded.done:
                threaded.step()
    while not serial.done:
        serial.step()
    assert threaded.snapshot().series[3].diverged
    assert _curves(threaded) == _curves(serial)
    assert threaded.snapshot().samples_per_s > 0
    assert serial._samples == threaded._samples  # every series' samples counted once


class MapRecordingRun:
    """A run with `use_map` that records every mapper it was given and steps through it."""

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.mappers: list[object] = [serial_map]  # what an Experiment starts with
        self.threads_seen: set[str] = set()

    @property
    def done(self) -> bool:
        return self.left <= 0

    def use_map(self, mapper) -> None:
        self.mappers.append(mapper)

    def step(self) -> None:
        def work(_: int) -> None:
            self.threads_seen.add(threading.current_thread().name)

        self.mappers[-1](work, list(range(4)))
        self.left -= 1


def test_the_driver_hands_a_pool_to_the_run_and_takes_it_back() -> None:
    before = threading.active_count()
    run = MapRecordingRun(20)
    assert TrainingDriver(run, threads=2).loop()  # type: ignore[arg-type]
    assert isinstance(run.mappers[1], SeriesThreads) and run.mappers[-1] is serial_map
    assert any(n.startswith("nntui-series") for n in run.threads_seen)
    assert threading.active_count() == before  # the pool's thread is joined

    alone = MapRecordingRun(3)
    TrainingDriver(alone).loop()  # type: ignore[arg-type]
    assert alone.mappers == [serial_map]  # one thread: the run keeps its own serial map


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), (" 2 ", 2)])
def test_nntui_threads_sets_the_count(value: str, expected: int) -> None:
    assert headless_threads({"NNTUI_THREADS": value}) == expected


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_bad_nntui_threads_is_refused(value: str) -> None:
    with pytest.raises(UserError, match=f"NNTUI_THREADS='{value}'.*whole number"):
        headless_threads({"NNTUI_THREADS": value})


def test_without_nntui_threads_the_cores_decide() -> None:
    import os

    cores = len(os.sched_getaffinity(0))
    assert headless_threads({}) == max(1, min(MAX_THREADS, cores))


def test_every_step_and_evaluation_goes_through_the_mapper() -> None:
    calls: list[int] = []

    def counting(fn, items):
        calls.append(len(items))
        return serial_map(fn, items)

    exp = _experiment()
    exp.use_map(counting)  # after the starting evaluation
    while not exp.done:
        exp.step()
    # 80 steps and 8 evaluations (every 10); "Boom" drops out once it diverged. A step
    # maps 3 units (core.lockstep): SGD, Adam and Boom share an architecture and train as
    # one stack, Noisy (its own noisy batch) and Small (batch 8) alone; an evaluation maps
    # the series, 4 at the end.
    assert len(calls) == 80 + 8
    assert calls[0] == 3 and calls[-1] == 4


def test_headless_refuses_a_bad_nntui_threads_in_one_line(monkeypatch) -> None:
    import io

    from nntui.headless.run import run_headless

    monkeypatch.setenv("NNTUI_THREADS", "lots")
    out, err = io.StringIO(), io.StringIO()
    assert run_headless("dropout", dataset="digits", stdout=out, stderr=err) == 2
    assert err.getvalue() == "nntui: NNTUI_THREADS='lots': expected a whole number ≥ 1\n"
    assert out.getvalue() == ""  # refused before anything started
