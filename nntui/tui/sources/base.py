"""What the dashboard asks of its source (`RunSource`) and what a source may ask of the
screen (`Host`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.message import Message

    from nntui.core.run import FinalReport, Run
    from nntui.core.snapshot import Snapshot
    from nntui.pipeline.request import RunRequest
    from nntui.tui.training import ReportReady, RunEnded
    from nntui.tui.views import StatusInfo

#: The controls every source that steps a run through the driver answers.
DRIVEN = frozenset({"toggle_pause", "step", "stop", "speed"})


class Host(Protocol):
    """What a source needs from its screen: a thread worker and the screen's messages."""

    def run_worker(self, work: Callable[[], object], **kwargs: object) -> object: ...

    def post_message(self, message: Message) -> bool: ...


class RunSource(Protocol):
    """A dashboard's run: where its snapshots come from and which controls it has.

    The screen reads `state` (preparing | running | done | stopped | failed), `report`,
    `error` and `run`; it calls the controls named in `ACTIONS` only (each key binding's
    action, `screens.dashboard_keys.RUN_ACTIONS`; a control's returned text is a notice)."""

    ACTIONS: frozenset[str]
    #: Every frame shown whole, the next released once it is on the terminal (demo clock).
    paced: bool
    request: RunRequest
    state: str
    report: FinalReport | None
    error: str | None

    @property
    def run(self) -> Run | None: ...
    @property
    def running(self) -> bool: ...
    @property
    def building(self) -> bool:
        """The run is being built, with nothing to show yet."""

    def head(self, text: str) -> str:
        """The dashboard's head line (a replay says so)."""

    def start(self, host: Host) -> None:
        """Begin (again): the screen was mounted, or restarted."""

    def shutdown(self) -> None:
        """Stop at once and release the run (leaving, quitting)."""

    def ended(self, message: RunEnded) -> bool:
        """A worker's end message; False when it is not this run's."""

    def snapshot(self) -> Snapshot | None:
        """The run as it stands (None while there is nothing to show)."""

    def draw_now(self) -> bool:
        """Whether the panels may show the run now (the demo clock: on a frame's edge)."""

    def drawn(self) -> None:
        """A timer tick showed the run, or (``paced``) a frame is wholly on the terminal:
        the demo clock releases the next frame."""

    def hold(self) -> bool:
        """A frame starts drawing: hold training (True if it was held)."""

    def release(self) -> None:
        """The frame was drawn."""

    def status_info(self, snapshot: Snapshot | None, frozen_clock: bool, hint: str
                    ) -> StatusInfo: ...

    def has_report(self) -> bool:
        """A final report exists or can be computed (`v`)."""

    def compute_report(self, host: Host) -> bool:
        """Start computing the report off the UI thread (`ReportReady`); False: none."""

    def report_ready(self, message: ReportReady) -> bool:
        """A computed report; False when it is not this run's."""

    def export(self, base: Path | None) -> Path:
        """Write the run's folder (`e`); where it went."""

    def save_on_exit(self, out: Path | None, wait_s: float) -> Path | None:
        """On any way out, from any thread: the run so far to ``out`` as `e` writes it
        (None without ``out`` or without a run); a run being built gets ``wait_s`` s."""

    # The controls (called only where `ACTIONS` names them):
    def toggle_pause(self, host: Host) -> str | None: ...
    def step(self) -> None: ...
    def stop(self) -> None: ...
    def change_speed(self, delta: int) -> None: ...
    def restart(self, host: Host) -> str: ...
