"""The dashboard under the demo clock (`--demo-clock`): one frame per timer tick.

`DashboardScreen` lets the worker run free and shows whatever the run reached when its
timer fires. Here the worker is held (the driver stays paused) and released for exactly
`DemoClock.steps_per_frame` steps per frame; the screen draws only when the run stands on
a frame boundary. So frame k always shows iteration k × steps_per_frame, and the status
line counts time in frames: two recordings of the same seed, size and flags are the same
frame by frame. Space pauses the frames, n shows one more frame.
"""

from __future__ import annotations

from textual.binding import Binding

from nntui.i18n import N_
from nntui.tui import views
from nntui.tui.demo_clock import DemoClock
from nntui.tui.screens.governed import GovernedDashboard


def run_iteration(run: object) -> int:
    """Steps the run has done (cheap for counted runs, else from a snapshot)."""
    it = getattr(run, "iteration", None)
    if isinstance(it, int):
        return it
    return int(run.snapshot().iteration)  # type: ignore[attr-defined]


class DemoClockDashboard(GovernedDashboard):
    """A dashboard whose run advances by frame, not by wall clock."""

    BINDINGS = [*(b for b in GovernedDashboard.BINDINGS if b.action != "step"),
                Binding("n,full_stop", "step", N_("Frame"),
                        tooltip=N_("one more frame (pauses)"))]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.clock: DemoClock | None = None
        self.frame = 0  # frames shown so far (frame k shows iteration k × steps_per_frame)
        self.frame_paused = False
        self._pending_frames = 0

    def start(self) -> None:
        super().start()
        # Before the worker thread starts (it starts once this handler returns): the
        # driver only ever steps on request, steps_per_frame at a time.
        assert self.driver is not None
        self.driver.pause()
        self.clock = None
        self.frame = 0
        self.frame_paused = False

    def _tick(self, force: bool = False) -> None:
        driver = self.driver
        run = driver.run if driver is not None else None
        if run is None or self.state not in ("preparing", "running"):
            super()._tick(force)
            return
        if self.clock is None:
            self.clock = DemoClock.for_total(int(run.total))
        target = self.clock.target(self.frame, int(run.total))
        if not run.done and run_iteration(run) < target:
            self._update_status()  # mid-frame: the screen waits for the frame's steps
            return
        timer_call = not force and self._last_key is not None
        super()._tick(force)
        if not timer_call or run.done or self.state != "running":
            return
        if self.frame_paused:
            if self._pending_frames <= 0:
                return
            self._pending_frames -= 1
        self.frame += 1
        next_target = self.clock.target(self.frame, int(run.total))
        for _step in range(max(0, next_target - run_iteration(run))):
            driver.request_step()

    def status_info(self) -> views.StatusInfo:
        info = super().status_info()
        state = info.state
        if state == "paused" and not self.frame_paused:
            state = "running"  # the driver is always held: "paused" is the frames' state
        elif state == "running" and self.frame_paused:
            state = "paused"
        snap = info.snapshot
        if snap is not None and self.clock is not None:
            snap = self.clock.virtual(snap)
        return views.StatusInfo(state, snap, info.error, info.download, info.speed,
                                info.frozen_clock)

    def action_toggle_pause(self) -> None:
        if self.driver is None or self.state not in ("running", "preparing"):
            super().action_toggle_pause()
            return
        self.frame_paused = not self.frame_paused
        self._update_status()

    def action_step(self) -> None:
        if self.driver is None or self.state != "running":
            return
        self.frame_paused = True
        self._pending_frames += 1
        self._update_status()
