"""The run behind a dashboard: its worker body and the messages it posts.

Threading (DESIGN.md "How data flows"): one thread worker builds the Run (maybe
downloading data) and steps it through the shared `TrainingDriver` loop; it posts exactly
one message, `RunEnded`, when the run ends. The final report of a run that was stopped is
computed on a worker too (`compute_report`, then `ReportReady`): evaluating every series
on the test split must not freeze the keys. Nothing here touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from nntui.pipeline.drive import TrainingDriver
from nntui.runs.failure import failure_of

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig


class DownloadCancelled(Exception):
    """Raised from the download progress callback when the user left the run."""


class RunEnded(Message):
    """Posted once by the worker thread when its run finishes, stops or fails."""

    def __init__(self, driver: TrainingDriver, finished: bool,
                 report: FinalReport | None, error: str | None = None) -> None:
        super().__init__()
        self.driver = driver
        self.finished = finished
        self.report = report
        self.error = error


class ReportReady(Message):
    """Posted by `compute_report` with the report of a stopped run (None: it has none)."""

    def __init__(self, driver: TrainingDriver, report: FinalReport | None) -> None:
        super().__init__()
        self.driver = driver
        self.report = report


@dataclass
class Download:
    """The latest download progress, written by the worker, read by the UI timer."""

    progress: tuple[str, int, int] | None = None


def train(driver: TrainingDriver, preset: Preset, config: RunConfig, data_dir: Path | None,
          run: Run | None, download: Download, post: Callable[[Message], object]) -> None:
    """Worker thread: build the run (unless given), then step it to the end."""
    worker = get_current_worker()
    try:
        if run is None:

            def progress(name: str, done: int, total: int) -> None:
                # Raising here aborts a download (the cache keeps no partial file), so
                # quitting or going back never waits for a large file to finish.
                if driver.stopped or worker.is_cancelled:
                    raise DownloadCancelled(name)
                download.progress = (name, done, total)  # atomic; the timer shows it

            run = preset.build(config, data_dir=data_dir, progress=progress)
        driver.run = run
        finished = driver.loop(lambda: worker.is_cancelled)
        # The held-out report is computed here, off the UI thread.
        report = safe_report(run) if finished else None
    except DownloadCancelled:
        return
    except Exception as exc:
        if driver.run is None:  # building it failed: a DataError/ConfigError to fix
            post(RunEnded(driver, False, None, one_line(exc)))
            return
        # Training raised: name the preset and the iteration; `e` records it on disk.
        failure = failure_of(preset.name, driver.run, exc)
        driver.failure = failure
        post(RunEnded(driver, False, None, f"{failure.message()} (e: export the run so far "
                      "with the traceback)"))
        return
    finally:
        if driver.stopped:
            driver.close()
    if not worker.is_cancelled:
        post(RunEnded(driver, finished, report))


def compute_report(driver: TrainingDriver, post: Callable[[Message], object]) -> None:
    """Worker thread: the report of the driver's (stopped) run, posted as ReportReady."""
    run = driver.run
    post(ReportReady(driver, safe_report(run) if run is not None else None))


def safe_report(run: Run) -> FinalReport | None:
    """The run's final report; a failure there must not hide the finished curves."""
    try:
        return run.report()
    except Exception:  # reported as "no report"; the curves and export still work
        return None


def one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
