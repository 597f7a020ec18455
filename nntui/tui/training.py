"""The run behind a live dashboard: its worker body and the messages it posts.

Threading (DESIGN.md "How data flows"): one thread worker runs the pipeline's run session
(`nntui.pipeline.session`: build, maybe downloading data, then the shared `TrainingDriver`
loop, then the report) and posts exactly one message, `RunEnded`, when the run ends. The
final report of a run that was stopped is computed on a worker too (`compute_report`, then
`ReportReady`): evaluating every series on the test split must not freeze the keys.
Nothing here touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from nntui.pipeline.outcome import CANCELLED, Outcome
from nntui.pipeline.session import RunSession, safe_report

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.pipeline.drive import TrainingDriver


class RunEnded(Message):
    """Posted once by the worker thread when its run finishes, stops or fails."""

    def __init__(self, driver: TrainingDriver, outcome: Outcome) -> None:
        super().__init__()
        self.driver = driver
        self.outcome = outcome


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

    def __call__(self, name: str, done: int, total: int) -> None:
        self.progress = (name, done, total)  # one assignment: atomic for the reader


def train(session: RunSession, post: Callable[[Message], object]) -> None:
    """Worker thread: the session to its end; `RunEnded` unless the dashboard gave it up."""
    worker = get_current_worker()
    outcome = session.execute(lambda: worker.is_cancelled)
    if outcome.state != CANCELLED and not worker.is_cancelled:
        post(RunEnded(session.driver, outcome))


def compute_report(driver: TrainingDriver, post: Callable[[Message], object]) -> None:
    """Worker thread: the report of the driver's (stopped) run, posted as ReportReady."""
    run = driver.run
    post(ReportReady(driver, safe_report(run) if run is not None else None))


def one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
