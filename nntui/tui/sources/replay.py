"""`ReplaySource` (`nntui replay`): a saved run (`runs.replay.ReplayRun`) played through
the driver; ←/→ scrub, r rewinds, space plays (again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.runs.replay import ReplayRun
from nntui.tui.sources.base import DRIVEN, Host
from nntui.tui.sources.live import LiveSource

if TYPE_CHECKING:
    from nntui.pipeline.request import RunRequest

#: Default replay speed: driver level 3 (15 ms a step), a replay's 400 steps in ~6 s.
PLAY_SPEED = 3
#: Steps in one ←/→ jump of a replay: the run is split in this many parts.
SCRUB_PARTS = 20


class ReplaySource(LiveSource):
    """A saved run played through the driver: a step moves through the recording (module
    doc); ←/→ jump a twentieth of the run, Home/End to either end, r rewinds; once played
    to the end, space plays it again from the start."""

    ACTIONS = DRIVEN | {"rewind", "scrub", "scrub_to"}

    def __init__(self, request: RunRequest, replay: ReplayRun, *,
                 speed: int | None = None) -> None:
        super().__init__(request, run=replay, speed=PLAY_SPEED if speed is None else speed)
        self.replay = replay

    def head(self, text: str) -> str:
        return _("replay · {head}").format(head=text)

    def start(self, host: Host) -> None:
        self._prebuilt = self.replay  # play the same recording again
        super().start(host)

    def toggle_pause(self, host: Host) -> str | None:
        if self.state in ("done", "stopped"):
            if self.replay.done:
                self.replay.seek(0)
            self.start(host)
            return None
        return super().toggle_pause(host)

    def seek(self, iteration: int) -> None:
        self.replay.seek(iteration)
        if self.state == "done" and not self.replay.done:
            self.state = "stopped"  # scrubbed back from the end: space plays from here

    def scrub(self, direction: int) -> None:
        jump = max(1, self.replay.end // SCRUB_PARTS)
        self.seek(self.replay.iteration + direction * jump)

    def scrub_to(self, end: int) -> None:
        self.seek(self.replay.end if end else 0)
