"""Every run kept: the run session's observer that writes a run into the history
(`nntui.runs.history`), whichever front end runs it.

`session_observers` adds one to every session that builds its run, unless the request says
no (`--no-history`, the demo tour) or ``NNTUI_HISTORY=0``. It writes as the run goes: the
folder, config.json and a "running" record when the run is built; every few seconds a
checkpoint of the results files (the time it takes is kept under ~2 % of the training's:
the pause between checkpoints grows with their cost); at the end the whole run directory,
report included, and the run's status (done, stopped, failed, diverged, interrupted). A
run killed between checkpoints keeps the last one and is listed as incomplete.

The history must never cost a run: a disk that cannot be written is said once (stderr)
and the run goes on without it.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from nntui.experiments.catalog import source_path
from nntui.i18n import _
from nntui.i18n.reasons import os_reason
from nntui.pipeline.exit_codes import say
from nntui.pipeline.outcome import DONE, FAILED, INTERRUPTED, STOPPED, Outcome, RunObserver
from nntui.runs.history import history_enabled

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.pipeline.request import RunRequest
    from nntui.runs.history_write import HistoryRun

#: Seconds before the first checkpoint (a run that ends sooner writes once, at its end).
FIRST_CHECKPOINT_S = 1.0
#: Checkpoints come at least this often apart, and at least COST_RATIO times what the
#: last one took (so they take at most ~1/COST_RATIO of the run's time), at most MAX apart.
MIN_INTERVAL_S = 2.0
MAX_INTERVAL_S = 60.0
COST_RATIO = 50.0


def wants_history(request: RunRequest) -> bool:
    """Whether a session of ``request`` writes into the history."""
    return request.history and history_enabled()


class HistoryObserver(RunObserver):
    """Writes one session's run into the history (module doc)."""

    wants_steps = True

    def __init__(self, clock: object = time.monotonic) -> None:
        self._clock = clock
        self.entry: HistoryRun | None = None
        self._request: RunRequest | None = None
        self._next = 0.0

    def started(self, request: RunRequest, run: Run) -> None:
        from nntui.runs.history_write import start_run  # the writer: with a run only

        self._request = request
        preset, config = request.preset, request.config
        try:
            self.entry = start_run(config=config, title=preset.title, series=preset.series,
                                   changed=changed_settings(request),
                                   **_experiment_file(preset))
        except Exception as exc:  # a full disk, a bad folder: the run goes on without it
            self._gave_up(exc)
            return
        self._next = self._clock() + FIRST_CHECKPOINT_S  # type: ignore[operator]

    def stepped(self, run: Run) -> None:
        if self.entry is None or self._clock() < self._next:  # type: ignore[operator]
            return
        began = self._clock()  # type: ignore[operator]
        assert self._request is not None
        try:
            self.entry.checkpoint(self._request.config, run.snapshot())
        except Exception as exc:  # as in started: never at the run's cost
            self._gave_up(exc)
            return
        cost = self._clock() - began  # type: ignore[operator]
        wait = min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, COST_RATIO * cost))
        self._next = self._clock() + wait  # type: ignore[operator]

    def ended(self, request: RunRequest, outcome: Outcome) -> None:
        entry, self.entry = self.entry, None
        if entry is None:
            return
        snapshot = outcome.run.snapshot() if outcome.run is not None else None
        try:
            entry.finish(request.config, snapshot, status_of(outcome), outcome.report,
                         outcome.failure)
        except Exception as exc:  # as in started: the run's own results still get written
            entry.release()
            self._gave_up(exc)

    def _gave_up(self, exc: Exception) -> None:
        if self.entry is not None:
            self.entry.release()
            self.entry = None
        reason = os_reason(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        say(_("the run history could not be written ({reason}); this run is not kept "
              "(NNTUI_RUNS_DIR moves the history, --no-history turns it off)").format(
                  reason=reason), sys.stderr)


def status_of(outcome: Outcome) -> str:
    """The history status of a session's outcome."""
    if outcome.state == DONE:
        return "diverged" if outcome.all_diverged else "done"
    if outcome.state == STOPPED:
        return "diverged" if outcome.all_diverged else "stopped"
    if outcome.state == INTERRUPTED:
        return "interrupted"
    return "failed" if outcome.state in (FAILED,) or outcome.error else "stopped"


def changed_settings(request: RunRequest) -> dict[str, str]:
    """The settings of the request's run that differ from its preset's defaults on its
    dataset (the book's under --book), as the settings form writes them."""
    preset, config = request.preset, request.config
    base = preset.defaults(config.dataset, book=config.book)
    out = {}
    for key, value in config.values:
        if key in base and base[key] != value:
            out[key] = preset.param(key).format(value)
    return out


def _experiment_file(preset: object) -> dict[str, str | None]:
    """An experiment file's path and text as it ran (a replay rebuilds its preset from
    the text); nothing for a built-in preset."""
    path = source_path(preset)  # type: ignore[arg-type]
    if path is None:
        return {}
    try:
        return {"file": str(path), "file_text": path.read_text(encoding="utf-8")}
    except OSError:
        return {"file": str(path)}
