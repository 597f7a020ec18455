"""`LiveSource`: a run stepped by the `TrainingDriver` on a worker thread, through the
pipeline's run session (`nntui.pipeline.session`): space pauses, n steps, x stops, r
restarts with the next seed, +/- change the speed. `DemoClockSource` and `ReplaySource`
step their runs the same way."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.pipeline.drive import FULL_SPEED, SPEEDS, TrainingDriver, paced_speed
from nntui.pipeline.outcome import DONE, STOPPED
from nntui.pipeline.session import RunSession
from nntui.tui import views
from nntui.tui.resource_tracker import start_resource_tracker
from nntui.tui.sources.base import DRIVEN, Host
from nntui.tui.training import Download, ReportReady, RunEnded, compute_report, train

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.core.snapshot import Snapshot
    from nntui.pipeline.request import RunRequest
    from nntui.runs.failure import RunFailure


def watch_speed(request: RunRequest) -> int:
    """The throttle level that gives the preset's `watch_seconds` to a run counted in
    iterations (FULL_SPEED otherwise: an epoch's steps are not known before the data)."""
    preset = request.preset
    if preset.budget_key != "iterations" or preset.view.watch_seconds <= 0:
        return FULL_SPEED
    steps = request.config.get("iterations")
    return paced_speed(int(steps), preset.view.watch_seconds) if isinstance(steps, int) \
        else FULL_SPEED


class LiveSource:
    """A run stepped by the `TrainingDriver` on a worker thread (see the module doc).

    ``run``: an already-built run to show instead of building one (a finished run for
    snapshot tests, a replay). ``speed``: the driver's throttle level; None: full speed,
    or throttled where the budget counts single optimizer steps (30 for the paths would
    finish in a blink) or the preset asks for a pace to watch (`PresetView.watch_seconds`:
    lr-schedules on digits would end in ~2 s)."""

    #: The actions (key bindings) this source answers; the screen hides the others.
    ACTIONS = DRIVEN | {"restart", "ghost"}
    #: Whether the screen shows every frame whole and releases the next once it is on the
    #: terminal (`frame_gate.FramePacer`: the demo clock's); a live run's screen skips frames.
    paced = False

    def __init__(self, request: RunRequest, *, run: Run | None = None,
                 speed: int | None = None) -> None:
        self.request = request
        self._prebuilt = run
        if speed is None:
            speed = 1 if request.preset.budget_key == "steps" else watch_speed(request)
        self.speed = speed
        self.driver: TrainingDriver | None = None
        self.download = Download()
        self.state = "preparing"  # preparing | running | paused | done | stopped | failed
        self.report: FinalReport | None = None
        self.error: str | None = None
        self.failure: RunFailure | None = None  # what training raised (`e` records it)
        #: wall-clock time the current run started (an earlier run may be its ghost, `c`)
        self.started_at = time.time()

    # -- the run ----------------------------------------------------------------------------
    @property
    def run(self) -> Run | None:
        return self.driver.run if self.driver is not None else None

    @property
    def running(self) -> bool:
        return self.state in ("preparing", "running")

    @property
    def building(self) -> bool:
        """The run is being built, with nothing to show yet (a download shows progress)."""
        return self.state == "preparing" and self.download.progress is None

    def head(self, text: str) -> str:
        """The dashboard's head line."""
        return text

    def start(self, host: Host) -> None:
        """(Re)start the run of `request` in a fresh worker."""
        # Before any worker: a run may start a process pool (hparam-search), which needs
        # the tracker started with the real stderr. Not before the picker's first paint:
        # it forks a second Python.
        start_resource_tracker()
        self.shutdown()
        self.driver = TrainingDriver(speed=self.speed)
        self.started_at = time.time()
        self.state, self.report, self.error, self.failure = "preparing", None, None, None
        self.download = Download()
        run, self._prebuilt = self._prebuilt, None
        session = RunSession(self.request, self.driver,
                             compute=self.request.preset.view.compute(),
                             download=self.download, run=run)
        host.run_worker(partial(train, session, host.post_message), thread=True,
                        exclusive=True, group="train", exit_on_error=False)

    def shutdown(self) -> None:
        """Stop the current worker (it ends within one step) and release its run now: a
        search's workers are terminated, not waited for (its step may wait on them)."""
        if self.driver is not None:
            self.driver.close()

    def ended(self, message: RunEnded) -> bool:
        """The worker's `RunEnded`; False for a previous run's (restart) ending late."""
        if message.driver is not self.driver:
            return False
        outcome = message.outcome
        if outcome.state in (DONE, STOPPED):
            self.state = outcome.state
            self.report = outcome.report
        else:  # failed, bad input, interrupted: the message says which
            self.state = "failed"
            self.failure = outcome.failure
            self.error = outcome.error or outcome.state
            if outcome.failure is not None:
                self.error += " " + _("(e: export the run so far with the traceback)")
        return True

    def snapshot(self) -> Snapshot | None:
        """The run's progress now (None while it is being built)."""
        run = self.run
        if run is None:
            return None
        if self.state == "preparing":
            self.state = "running"
        return run.snapshot()

    def draw_now(self) -> bool:
        """Whether the panels may show the run as it stands now."""
        return True

    def drawn(self) -> None:
        """A timer tick showed the run as it stands (not a redraw)."""

    # -- frames: training yields the GIL while one is drawn ----------------------------------
    def hold(self) -> bool:
        """A frame starts drawing: hold the loop (True if it was running)."""
        driver = self.driver
        if driver is None or not driver.running:
            return False
        driver.hold_for_frame()
        return True

    def release(self) -> None:
        if self.driver is not None:
            self.driver.frame_done()

    # -- status -----------------------------------------------------------------------------
    def status_info(self, snapshot: Snapshot | None, frozen_clock: bool, hint: str
                    ) -> views.StatusInfo:
        driver = self.driver
        state = self.state
        if driver is not None and state == "running" and driver.paused:
            state = "paused"
        speed = None
        if driver is not None and driver.speed != FULL_SPEED:
            speed = (driver.speed, len(SPEEDS))
        return views.StatusInfo(state, snapshot, self.error, self.download.progress, speed,
                                frozen_clock, hint)

    # -- controls (the screen's actions; a returned text is a notice) -------------------------
    def toggle_pause(self, host: Host) -> str | None:
        if self.driver is None or not self.running:
            if self.state in ("done", "stopped", "failed"):
                return _("The run has ended: r restarts it with a new seed.")
            return None
        self.driver.toggle_pause()
        return None

    def step(self) -> None:
        if self.driver is None or self.state != "running":
            return
        if not self.driver.paused:
            self.driver.pause()  # stepping implies paused: watch one iteration at a time
        self.driver.request_step()

    def stop(self) -> None:
        if self.driver is not None and self.running:
            self.driver.stop()
            self.state = "stopped"

    def change_speed(self, delta: int) -> None:
        """`+`/`-`: the throttle level up or down (kept for a restart)."""
        if self.driver is not None:
            self.speed = self.driver.faster() if delta > 0 else self.driver.slower()

    # -- the final report ---------------------------------------------------------------------
    def has_report(self) -> bool:
        """A final report exists (a finished run) or can be computed (a stopped run that
        trained on data); forward-only probes and 2-D paths have none."""
        if self.state == "done":
            return self.report is not None
        return self.state == "stopped" and bool(self.request.preset.datasets)

    def compute_report(self, host: Host) -> bool:
        """Start computing a stopped run's report on a worker (evaluating every series on
        the test split takes a while on MNIST: the keys stay live); `ReportReady` brings
        it. False when there is nothing to compute it from."""
        driver = self.driver
        if self.state != "stopped" or driver is None or driver.run is None or driver.running:
            return False
        host.run_worker(partial(compute_report, driver, host.post_message), thread=True,
                        exclusive=True, group="report", exit_on_error=False)
        return True

    def report_ready(self, message: ReportReady) -> bool:
        """The computed report; False for a previous run's."""
        if message.driver is not self.driver:
            return False
        self.report = message.report
        return True

    def export(self, base: Path | None) -> Path:
        """Write the run so far where `e` writes it (`tui.export.export_once`: --out, else
        ./runs/<preset>-<time>; again into the same folder); the folder."""
        from nntui.tui.export import export_once  # the results writer: on `e` only

        run = self.run
        assert run is not None
        return export_once(self.driver, base, self.request.config, run.snapshot(),
                           self.report, self.failure)

    def save_on_exit(self, out: Path | None, wait_s: float) -> Path | None:
        """On any way out (`tui.quitting`: a quit, a signal, a lost terminal; any thread:
        a snapshot is a copy): the run so far to ``out``, where `e` writes it; None
        without --out or without a run. A run still being built (start-up) gets up to
        ``wait_s`` s to appear: a terminal lost just after start still leaves results."""
        if out is None:
            return None
        deadline = time.monotonic() + wait_s
        while self.run is None and self.state == "preparing" and time.monotonic() < deadline:
            time.sleep(0.01)
        if self.run is None:
            return None
        return self.export(out)

    def restart(self, host: Host) -> str:
        """The next seed's run; returns the notice."""
        config = self.request.config
        self.request = replace(self.request, config=replace(config, seed=config.seed + 1))
        self.start(host)
        return _("Restarted with seed {seed}").format(seed=self.request.config.seed)
