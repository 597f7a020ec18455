"""Every run is kept in the history (`nntui.pipeline.history`), whichever way it ends: done,
stopped, failed, diverged, interrupted; `--no-history`, NNTUI_HISTORY=0, the tour and a
replay keep nothing. In-process: headless runs and `RunSession`s of real presets. (The
dashboard: tests/tui/test_history_dashboard.py; a killed process: tests/cli/test_runs_cli.py.)
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from nntui.core.experiment import Experiment
from nntui.headless.run import run_headless
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.history import COST_RATIO, HistoryObserver, changed_settings, status_of
from nntui.pipeline.outcome import (
    DONE,
    FAILED,
    INTERRUPTED,
    STOPPED,
    Outcome,
    RunObserver,
)
from nntui.pipeline.request import RunChoices, RunRequest, resolve_run
from nntui.pipeline.session import RunSession
from nntui.presets import PRESETS
from nntui.runs.history import history_root, records
from tests.pipeline.test_session import FakeRun


def headless(preset: str = "overfit-one-batch", **settings: str) -> int:
    return run_headless(preset, overrides={"iterations": "12", **settings},
                        stdout=io.StringIO(), stderr=io.StringIO())


def only_record():
    found = records()
    assert len(found) == 1, [r.folder.name for r in found]
    return found[0]


def test_a_finished_headless_run_is_kept_whole_with_its_numbers() -> None:
    assert headless(lr="0.05") == 0
    record = only_record()
    assert (record.status, record.preset, record.dataset) == ("done", "overfit-one-batch",
                                                              "digits")
    assert (record.iteration, record.total) == (12, 12)
    assert record.changed == {"iterations": "12", "lr": "0.05"}  # what differs, as typed
    assert record.folder.parent == history_root()
    files = {p.name for p in record.folder.iterdir()}
    assert {"config.json", "metrics.csv", "summary.json", "report.json", "replay.npz",
            "run.json"} <= files
    # The record's accuracy is the report's held-out test accuracy.
    report = json.loads((record.folder / "report.json").read_text())
    tested = {name: s["test_acc"] for name, s in report["series"].items()}
    assert record.test_acc == pytest.approx(tested, abs=1e-6)
    # metrics.csv holds every step's loss (and the last evaluation, after step 12).
    rows = list(csv.DictReader((record.folder / "metrics.csv").open()))
    assert [int(r["iteration"]) for r in rows if r["loss"]] == list(range(12))


def test_a_failed_run_is_kept_with_its_steps_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Experiment._advance

    def advance(self: Experiment, it: int) -> None:
        if it == 5:
            raise ValueError("injected fault")
        real(self, it)

    monkeypatch.setattr(Experiment, "_advance", advance)
    assert headless() == 1
    record = only_record()
    assert record.status == "failed" and record.iteration == 5
    assert json.loads((record.folder / "summary.json").read_text())["failed"]["iteration"] == 6


def test_an_interrupted_run_is_kept_as_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Experiment._advance

    def advance(self: Experiment, it: int) -> None:
        if it == 4:
            raise KeyboardInterrupt
        real(self, it)

    monkeypatch.setattr(Experiment, "_advance", advance)
    assert headless() == 130
    record = only_record()
    assert record.status == "interrupted" and record.iteration == 4


def test_the_status_says_how_the_session_ended() -> None:
    assert [status_of(Outcome(state, FakeRun(1))) for state in
            (DONE, STOPPED, FAILED, INTERRUPTED)] == ["done", "stopped", "failed",
                                                      "interrupted"]
    # Every series' loss became NaN: the run ended, but as a failure of its own.
    assert status_of(Outcome(DONE, FakeRun(1, diverged=True))) == "diverged"
    assert status_of(Outcome(STOPPED, FakeRun(1, diverged=True))) == "diverged"


def _session(request: RunRequest, *observers: RunObserver) -> None:
    RunSession(request, TrainingDriver(), observers=list(observers)).execute()


def test_a_stopped_run_is_kept_as_stopped_at_its_iteration() -> None:
    request = resolve_run(RunChoices(PRESETS["overfit-one-batch"], None, 3,
                                     {"iterations": "500"}))
    driver = TrainingDriver()

    class StopAtSeven(RunObserver):
        wants_steps = True

        def stepped(self, run) -> None:  # noqa: ANN001
            if run.snapshot().iteration == 7:
                driver.stop()

    RunSession(request, driver, observers=[StopAtSeven()]).execute()
    record = only_record()
    assert (record.status, record.iteration, record.total, record.seed) == (
        "stopped", 7, 500, 3)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_history_writes_nothing(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if how == "env":
        monkeypatch.setenv("NNTUI_HISTORY", "0")
        history = True
    else:
        history = False
    request = resolve_run(RunChoices(PRESETS["overfit-one-batch"], None, 0,
                                     {"iterations": "5"}, history=history))
    assert request.history is history
    _session(request)
    assert not history_root().exists()


def test_a_prebuilt_run_is_not_a_new_run_of_the_history() -> None:
    request = resolve_run(RunChoices(PRESETS["overfit-one-batch"], None, 0,
                                     {"iterations": "5"}))
    run = request.preset.build(request.config)
    RunSession(request, TrainingDriver(), run=run).execute()
    assert records() == []


def test_checkpoints_come_while_the_run_trains_and_back_off_with_their_cost() -> None:
    """The observer writes the results files when its clock says so, no more often than
    COST_RATIO times what the last one took."""
    now = [0.0]
    observer = HistoryObserver(clock=lambda: now[0])
    request = resolve_run(RunChoices(PRESETS["overfit-one-batch"], None, 0,
                                     {"iterations": "50"}))
    run = request.preset.build(request.config)
    observer.started(request, run)
    assert observer.entry is not None
    folder = observer.entry.folder
    assert not (folder / "metrics.csv").exists()  # nothing to write before the first
    run.step()
    observer.stepped(run)
    assert not (folder / "metrics.csv").exists()  # before FIRST_CHECKPOINT_S
    now[0] = 1.5
    run.step()
    observer.stepped(run)
    rows = (folder / "metrics.csv").read_text().splitlines()
    assert len(rows) == 1 + 2  # header and both steps so far
    record = json.loads((folder / "run.json").read_text())
    assert (record["status"], record["iteration"]) == ("running", 2)
    run.step()
    now[0] = 3.0  # 1.5 s later: under MIN_INTERVAL_S, no checkpoint
    observer.stepped(run)
    assert json.loads((folder / "run.json").read_text())["iteration"] == 2
    now[0] = 3.6  # past the 2 s minimum (the write took 0 s on this clock)
    observer.stepped(run)
    assert json.loads((folder / "run.json").read_text())["iteration"] == 3
    assert COST_RATIO > 1
    observer.entry.release()


def test_a_history_that_cannot_be_written_costs_the_run_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NNTUI_RUNS_DIR", str(blocker / "runs"))
    stderr = io.StringIO()
    code = run_headless("overfit-one-batch", overrides={"iterations": "5"},
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 0 and stderr.getvalue() == ""
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["nntui: the run history could not be written (Not a directory); this "
                     "run is not kept (NNTUI_RUNS_DIR moves the history, --no-history turns "
                     "it off)"]


def test_changed_settings_are_the_ones_that_differ_from_the_datasets_defaults() -> None:
    preset = PRESETS["dropout"]
    request = resolve_run(RunChoices(preset, "digits", 0, {"dropout": "0.3"}))
    assert changed_settings(request) == {"dropout": "0.3"}
    same = resolve_run(RunChoices(preset, "digits", 0, {}))
    assert changed_settings(same) == {}
