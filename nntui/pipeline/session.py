"""One run, from request to outcome, for every front end: `RunSession.execute`.

    request --build (download progress)--> Run --drive (TrainingDriver.loop)--> report
        --> Outcome (done | stopped | failed | bad_input | interrupted | cancelled)

Headless calls it on the main thread and prints the outcome; the dashboard calls it on its
worker thread and shows it. Either way the same steps happen in the same order, with one
list of what can go wrong:

- bad input found while building (a setting, the data, an unreachable cluster): a
  `UserError`, said in one line, exit code 2;
- any other exception while building: "PRESET failed: Type: message", exit code 1;
- an exception while training: a `RunFailure` (the iteration, the traceback), the run so
  far kept for the results files, exit code 1;
- Ctrl-C, SIGTERM, SIGHUP (`pipeline.interrupts`): "interrupted", the run so far kept;
- the front end cancelled (left the dashboard mid-download): nothing to show.

`RunObserver`s see the run start, step and end; every session gets `session_observers()`
(the one place a run history plugs in) and the front end adds its own (headless: the
progress lines). Nothing here imports Textual; the run is closed (a search's worker
processes released) before `execute` returns.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.history import HistoryObserver, wants_history
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
from nntui.runs.failure import failure_of

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.pipeline.request import RunRequest
    from nntui.presets.base import Progress
    from nntui.presets.compute import Compute


class Cancelled(Exception):
    """Raised from the download progress when the front end gave the run up."""


def session_observers(request: RunRequest) -> list[RunObserver]:
    """The observers every session that builds its run gets, whichever front end runs it:
    the one place the run history hooks in (`pipeline.history`: unless the request or
    NNTUI_HISTORY=0 says no)."""
    return [HistoryObserver()] if wants_history(request) else []


class RunSession:
    """One run of ``request``: `execute` builds it (computing what ``compute`` asks,
    reporting downloads to ``download``), steps it with ``driver`` (the front end's, whose
    controls it keeps: pause, stop, speed), reports and closes it.

    ``run``: an already-built run to drive instead (snapshot tests, replays): not a new
    run, so nothing of it goes into the history."""

    def __init__(self, request: RunRequest, driver: TrainingDriver, *,
                 compute: Compute | None = None, download: Progress | None = None,
                 observers: Iterable[RunObserver] = (), run: Run | None = None) -> None:
        self.request = request
        self.driver = driver
        self.compute = compute
        self.download = download
        self.observers = [*(session_observers(request) if run is None else ()), *observers]
        self._prebuilt = run

    def execute(self, cancelled: Callable[[], bool] = lambda: False) -> Outcome:
        """Build, drive and report the run on the calling thread; never raises for
        anything the run does (a KeyboardInterrupt becomes an "interrupted" outcome)."""
        outcome = self._execute(cancelled)
        if outcome.state != CANCELLED:
            for observer in self.observers:
                observer.ended(self.request, outcome)
        return outcome

    def _execute(self, cancelled: Callable[[], bool]) -> Outcome:
        from nntui.core.blas import limit_blas_threads  # NumPy: not before a run starts

        driver, preset = self.driver, self.request.preset
        run = None
        try:
            # One BLAS thread for building and reporting too (DESIGN.md pitfall: two
            # collapse when the other core is busy; report() may predict whole splits).
            with limit_blas_threads(1):
                run = self._prebuilt or preset.build(
                    self.request.config, data_dir=self.request.data_dir,
                    progress=self._download_progress(cancelled), compute=self.compute)
            driver.run = run
            for observer in self.observers:
                observer.started(self.request, run)
            stepping = [o for o in self.observers if o.wants_steps]
            finished = driver.loop(cancelled, self._stepped(stepping) if stepping else None)
            if not finished:
                return Outcome(STOPPED, run)
            with limit_blas_threads(1):
                return Outcome(DONE, run, report=safe_report(run))
        except Cancelled:
            return Outcome(CANCELLED, run)
        except UserError as exc:  # a setting, the data, a cluster: the user can fix it
            return Outcome(BAD_INPUT, run, error=str(exc))
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM or SIGHUP (pipeline.interrupts)
            return Outcome(INTERRUPTED, run, interrupt=exc)
        except Exception as exc:  # the run failed: one line; the traceback on request
            trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            if run is None:  # while building it
                return Outcome(FAILED, error=_("{preset} failed: {error}").format(
                    preset=preset.name, error=f"{type(exc).__name__}: {exc}"), trace=trace)
            failure = failure_of(preset.name, run, exc)
            return Outcome(FAILED, run, failure=failure, error=failure.message(),
                           trace=failure.traceback)
        finally:
            driver.close()  # the run's worker processes go now (idempotent)

    def _download_progress(self, cancelled: Callable[[], bool]) -> Progress:
        driver, report = self.driver, self.download

        def progress(name: str, done: int, total: int) -> None:
            # Raising here aborts a download (the cache keeps no partial file), so
            # quitting or going back never waits for a large file to finish.
            if driver.stopped or cancelled():
                raise Cancelled(name)
            if report is not None:
                report(name, done, total)

        return progress

    @staticmethod
    def _stepped(observers: list[RunObserver]) -> Callable[[Run], None]:
        def stepped(run: Run) -> None:
            for observer in observers:
                observer.stepped(run)

        return stepped


def safe_report(run: Run) -> FinalReport | None:
    """The run's final report; a failure there must not hide the finished curves."""
    try:
        return run.report()
    except Exception:  # reported as "no report"; the curves and the results still work
        return None
