"""`RunSession`: the one run lifecycle of headless and dashboard alike (build, drive,
report, failure, close), with what each outcome means for the exit code."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from nntui.core.data import DataError
from nntui.core.run import CountedRun, FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from nntui.pipeline.interrupts import Terminated
from nntui.pipeline.outcome import (
    BAD_INPUT,
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    STOPPED,
    Outcome,
    RunObserver,
)
from nntui.pipeline.request import RunRequest
from nntui.pipeline.session import RunSession
from nntui.presets.compute import Compute
from tests.tui.conftest import tiny_presets


class FakeRun(CountedRun):
    """``steps`` steps; step ``fail_at`` (0-based) raises ``error``."""

    def __init__(self, steps: int, fail_at: int | None = None,
                 error: BaseException | None = None, diverged: bool = False) -> None:
        super().__init__(steps)
        self.fail_at, self.error, self.diverged = fail_at, error, diverged
        self.closed = 0
        self.reported = 0

    def _advance(self, iteration: int) -> None:
        if iteration == self.fail_at:
            raise self.error or ValueError("boom")

    def snapshot(self) -> Snapshot:
        series = (SeriesSnapshot("a", diverged=self.diverged),)
        return Snapshot(self.iteration, self.steps, 0.0, 0.0, 0.0, self.done, series)

    def report(self) -> FinalReport:
        self.reported += 1
        return FinalReport(("0",), ())

    def close(self) -> None:
        self.closed += 1


def request_with(builder) -> RunRequest:  # noqa: ANN001 - a Builder
    preset = replace(tiny_presets()["tiny-race"], builder=builder)
    return RunRequest(preset, preset.resolve(seed=7))


class Recorder(RunObserver):
    wants_steps = True

    def __init__(self) -> None:
        self.events: list[str] = []

    def started(self, request, run) -> None:  # noqa: ANN001
        self.events.append(f"started {request.config.seed}")

    def stepped(self, run) -> None:  # noqa: ANN001
        self.events.append(f"step {run.iteration}")

    def ended(self, request, outcome) -> None:  # noqa: ANN001
        self.events.append(f"ended {outcome.state}")


def test_a_finished_run_is_reported_observed_in_order_and_closed() -> None:
    run = FakeRun(3)
    seen: dict[str, object] = {}

    def build(config, data_dir, progress, compute):  # noqa: ANN001
        seen["compute"] = compute
        return run

    recorder = Recorder()
    driver = TrainingDriver()
    outcome = RunSession(request_with(build), driver, compute=Compute(live_histograms=False),
                         observers=[recorder]).execute()
    assert outcome.state == DONE and outcome.run is run and outcome.exit_code == EXIT_OK
    assert outcome.report is not None and run.reported == 1
    assert seen["compute"] == Compute(live_histograms=False)  # what to compute, passed in
    assert recorder.events == ["started 7", "step 1", "step 2", "step 3", "ended done"]
    assert run.closed == 1 and driver.run is run


def test_a_failure_in_training_names_the_iteration_and_keeps_the_run() -> None:
    run = FakeRun(10, fail_at=4, error=RuntimeError("bad step"))
    outcome = RunSession(request_with(lambda *a: run), TrainingDriver()).execute()
    assert outcome.state == FAILED and outcome.exit_code == EXIT_FAILED
    assert outcome.run is run and run.iteration == 4 and run.closed == 1
    assert outcome.failure is not None and outcome.failure.iteration == 5
    assert outcome.error == "tiny-race failed in iteration 5 of 10: RuntimeError: bad step"
    assert "RuntimeError: bad step" in (outcome.trace or "")


def test_a_failure_while_building_is_one_line_without_a_run() -> None:
    def build(*args):  # noqa: ANN002
        raise KeyError("weights")

    outcome = RunSession(request_with(build), TrainingDriver()).execute()
    assert (outcome.state, outcome.run, outcome.failure) == (FAILED, None, None)
    assert outcome.error == "tiny-race failed: KeyError: 'weights'"
    assert outcome.exit_code == EXIT_FAILED


def test_bad_input_while_building_is_a_user_error_exit_2() -> None:
    def build(*args):  # noqa: ANN002
        raise DataError("MNIST download failed: no network; use --data-dir DIR.")

    recorder = Recorder()
    outcome = RunSession(request_with(build), TrainingDriver(), observers=[recorder]).execute()
    assert outcome.state == BAD_INPUT and outcome.exit_code == EXIT_USAGE
    assert outcome.error == "MNIST download failed: no network; use --data-dir DIR."
    assert recorder.events == ["ended bad_input"]  # never started: nothing was built


@pytest.mark.parametrize(("interrupt", "code"), [(KeyboardInterrupt(), 130),
                                                 (Terminated(15), 143), (Terminated(1), 129)])
def test_an_interrupt_keeps_the_run_so_far_with_the_signals_code(interrupt, code) -> None:
    run = FakeRun(10, fail_at=3, error=interrupt)
    outcome = RunSession(request_with(lambda *a: run), TrainingDriver()).execute()
    assert outcome.state == INTERRUPTED and outcome.run is run and run.iteration == 3
    assert outcome.exit_code == code and run.closed == 1


def test_a_stopped_run_has_no_report_and_exits_0() -> None:
    run = FakeRun(1_000_000)
    driver = TrainingDriver()

    class StopAtFive(RunObserver):
        wants_steps = True

        def stepped(self, run) -> None:  # noqa: ANN001
            if run.iteration == 5:
                driver.stop()

    outcome = RunSession(request_with(lambda *a: run), driver,
                         observers=[StopAtFive()]).execute()
    assert outcome.state == STOPPED and run.iteration == 5 and run.reported == 0
    assert outcome.report is None and outcome.exit_code == EXIT_OK


def test_every_series_diverged_ends_but_fails() -> None:
    outcome = Outcome(DONE, FakeRun(1, diverged=True))
    assert outcome.all_diverged and outcome.exit_code == EXIT_FAILED
    assert Outcome(DONE, FakeRun(1)).exit_code == EXIT_OK


def test_a_cancelled_download_is_no_outcome_to_show() -> None:
    cancel = threading.Event()
    calls: list[tuple[str, int, int]] = []

    def build(config, data_dir, progress, compute):  # noqa: ANN001
        progress("mnist.gz", 1, 10)
        cancel.set()  # the user left the dashboard
        progress("mnist.gz", 2, 10)
        raise AssertionError("the download went on")

    recorder = Recorder()
    outcome = RunSession(request_with(build), TrainingDriver(),
                         download=lambda *a: calls.append(a),
                         observers=[recorder]).execute(cancel.is_set)
    assert outcome.state == CANCELLED and calls == [("mnist.gz", 1, 10)]
    assert recorder.events == []  # nothing to tell anyone


def test_a_prebuilt_run_is_driven_without_building() -> None:
    run = FakeRun(2)

    def build(*args):  # noqa: ANN002
        raise AssertionError("built again")

    outcome = RunSession(request_with(build), TrainingDriver(), run=run).execute()
    assert outcome.state == DONE and run.iteration == 2
