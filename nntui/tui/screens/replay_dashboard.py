"""`nntui replay RUN_DIR`: a saved run in the live dashboard, scrubbable and playable.

The run is a `nntui.runs.replay.ReplayRun`: the same worker and driver as a live run step it,
but a step only moves through the recording. ←/→ jump a twentieth of the run (Home/End to
either end), space plays or pauses, +/- change the playback speed (full speed jumps to the
end); once played to the end, space plays it again from the start.
"""

from __future__ import annotations

from textual.binding import Binding

from nntui.i18n import N_, _
from nntui.runs.replay import ReplayRun
from nntui.tui.screens.governed import GovernedDashboard

#: Steps in one ←/→ jump: the run is split in this many parts.
SCRUB_PARTS = 20
#: Default playback: driver speed level 3 (15 ms a step), REPLAY_STEPS steps in ~6 s.
PLAY_SPEED = 3


class ReplayDashboard(GovernedDashboard):
    """A dashboard over a ReplayRun; `r` (restart with a new seed) has nothing to train."""

    BINDINGS = [
        *(b for b in GovernedDashboard.BINDINGS if b.action != "restart"),
        # Textual merges the base class's keys: r is rebound, not removed.
        Binding("r", "scrub_to(0)", N_("Rewind"),
                tooltip=N_("back to the start (nothing retrains)")),
        Binding("left", "scrub(-1)", "◀", tooltip=N_("jump back (a twentieth of the run)")),
        Binding("right", "scrub(1)", "▶", tooltip=N_("jump forward")),
        Binding("home", "scrub_to(0)", N_("To start"), show=False,
                tooltip=N_("jump to the start")),
        Binding("end", "scrub_to(1)", N_("To end"), show=False, tooltip=N_("jump to the end")),
    ]

    def _head_text(self) -> str:
        return _("replay · {head}").format(head=super()._head_text())

    @property
    def replay(self) -> ReplayRun | None:
        run = self.driver.run if self.driver is not None else self._prebuilt
        return run if isinstance(run, ReplayRun) else None

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.session.speed is None:
            self.speed = PLAY_SPEED

    def start(self) -> None:
        if self._prebuilt is None and self.replay is not None:
            self._prebuilt = self.replay  # play the same recording again
        super().start()

    def action_toggle_pause(self) -> None:
        replay = self.replay
        if replay is not None and self.state in ("done", "stopped"):
            if replay.done:
                replay.seek(0)
            self.start()
            return
        super().action_toggle_pause()

    def _seek(self, iteration: int) -> None:
        replay = self.replay
        if replay is None:
            return
        replay.seek(iteration)
        if self.state == "done" and not replay.done:
            self.state = "stopped"  # scrubbed back from the end: space plays from here
        self.redraw()

    def action_scrub(self, direction: int) -> None:
        replay = self.replay
        if replay is not None:
            jump = max(1, replay.end // SCRUB_PARTS)
            self._seek(replay.iteration + direction * jump)

    def action_scrub_to(self, end: int) -> None:
        replay = self.replay
        if replay is not None:
            self._seek(replay.end if end else 0)
