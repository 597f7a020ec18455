"""`DemoClockSource` (`--demo-clock`, the tour, `nntui record`): a live run advanced by
frame, not by wall clock (`tui.demo_clock`): frame k always shows iteration
k × steps_per_frame."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from nntui.tui import views
from nntui.tui.demo_clock import DemoClock
from nntui.tui.sources.base import Host
from nntui.tui.sources.live import LiveSource

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot
    from nntui.pipeline.request import RunRequest


class DemoClockSource(LiveSource):
    """A live run advanced by frame, not by wall clock (`--demo-clock`; module doc).

    The driver stays paused and is released for exactly `DemoClock.steps_per_frame` steps
    per frame; the screen draws only when the run stands on a frame boundary. So frame k
    always shows iteration k × steps_per_frame, and the status line counts time in frames.
    Space pauses the frames, n shows one more frame.

    Live (not ``driven``), the screen paces the frames (``paced``, `frame_gate.FramePacer`):
    each goes out whole, and the next is released only once it is on the terminal, so no
    frame is skipped or drawn in pieces on a slow or busy machine; the end (the last frame,
    or a run that stopped early) is shown once the run has ended, with its final evaluation.

    ``driven``: a recorder (`tui.recording`) advances the frames (`advance`) at ``fps``
    frames per virtual second, not the screen's timer."""

    ACTIONS = (LiveSource.ACTIONS - {"step"}) | {"frame"}

    def __init__(self, request: RunRequest, *, fps: float | None = None, driven: bool = False,
                 **kwargs: object) -> None:
        super().__init__(request, **kwargs)  # type: ignore[arg-type]
        self.fps = fps
        self.driven = driven
        self.paced = not driven  # a recorder paces its frames itself
        self.clock: DemoClock | None = None
        self.frame = 0  # frames shown so far (frame k shows iteration k × steps_per_frame)
        self.frame_paused = False
        self._pending_frames = 0

    def start(self, host: Host) -> None:
        super().start(host)
        # Before the worker thread starts (it starts once the handler returns): the
        # driver only ever steps on request, steps_per_frame at a time.
        assert self.driver is not None
        self.driver.pause()
        self.clock, self.frame, self.frame_paused, self._pending_frames = None, 0, False, 0

    def draw_now(self) -> bool:
        run = self.run
        if run is None or not self.running:
            return True
        if self.clock is None:
            total = int(run.total)
            self.clock = (DemoClock.for_total(total) if self.fps is None
                          else DemoClock.at_fps(total, self.fps))
        total, done = int(run.total), run_iteration(run)
        # Read after the counter: a step advances it before it records that iteration's
        # evaluation, so a run still inside the step that got it there is not read yet.
        if self.driver is not None and self.driver.in_step:
            return False
        if run.done or done >= total:
            # The end is shown once the run has ended (its final evaluation, its keys): a
            # busy machine could otherwise catch it between its last step and its end.
            return not self.running
        # Mid-frame: the screen waits for the frame's steps.
        return done >= self.clock.target(self.frame, total)

    def drawn(self) -> None:
        if not self.driven:
            self.advance()

    def advance(self) -> None:
        """The next frame: release its steps (not while the frames are paused, except for
        one asked for with n)."""
        run, driver, clock = self.run, self.driver, self.clock
        if run is None or driver is None or clock is None or run.done:
            return
        if self.state != "running":
            return
        if self.frame_paused:
            if self._pending_frames <= 0:
                return
            self._pending_frames -= 1
        self.frame += 1
        for _step in range(max(0, clock.target(self.frame, int(run.total))
                               - run_iteration(run))):
            driver.request_step()

    def status_info(self, snapshot: Snapshot | None, frozen_clock: bool, hint: str
                    ) -> views.StatusInfo:
        info = super().status_info(snapshot, frozen_clock, "")
        state = info.state
        if state == "paused" and not self.frame_paused:
            state = "running"  # the driver is always held: "paused" is the frames' state
        elif state == "running" and self.frame_paused:
            state = "paused"
        if snapshot is not None and self.clock is not None:
            snapshot = self.clock.virtual(snapshot)
        return replace(info, state=state, snapshot=snapshot)

    def toggle_pause(self, host: Host) -> str | None:
        if self.driver is None or not self.running:
            return super().toggle_pause(host)
        self.frame_paused = not self.frame_paused
        return None

    def next_frame(self) -> None:
        if self.driver is None or self.state != "running":
            return
        self.frame_paused = True
        self._pending_frames += 1


def run_iteration(run: object) -> int:
    """Steps the run has done (cheap for counted runs, else from a snapshot)."""
    it = getattr(run, "iteration", None)
    if isinstance(it, int):
        return it
    return int(run.snapshot().iteration)  # type: ignore[attr-defined]
