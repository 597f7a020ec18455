"""How the dashboard's frames reach the terminal (`DashboardScreen` takes it from
`FrameGates`): Textual's screen update fits the link (`nntui.tui.frame_gate`: --fps, a
backed-up terminal) and holds training while it draws; and a source that shows every
frame whole and in order (``source.paced``: the live demo clock) gets its next frame only
once the last one is wholly on the terminal, no write carrying half a frame or a run still
being built (`frame_gate.FramePacer` has the rule; this wires it to Textual through
`nntui.tui.textual_seam`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nntui.tui.frame_gate import frame_may_go
from nntui.tui.textual_seam import frame_arriving, skip_write, unwritten

if TYPE_CHECKING:
    from nntui.tui.frame_gate import FramePacer
    from nntui.tui.sources import RunSource


class FrameGates:
    """`gate_update`, `gate_write` (`textual_seam.GatedUpdates`) and `pace` for a Screen
    with a `source` and a `pacer` (the dashboard; its timer tick calls `pace(tick=True)`
    while a paced frame is on its way)."""

    source: RunSource
    pacer: FramePacer

    def gate_update(self, update: Callable[[], None]) -> None:
        """Textual's per-frame screen update (layout, compositor, terminal output): held
        back while a paced frame is not whole, while the link is backed up or by --fps (what
        is dirty stays dirty; the update timer keeps running and calls again shortly), and
        drawn with training held (one GIL: a frame that shares it step by step takes twice
        as long)."""
        if self.holding() or not frame_may_go(self._gated.app):
            return
        held = self.source.hold()
        try:
            update()
        finally:
            if held:
                self.source.release()
        if self.source.paced and self.pacer.waiting:
            self.pace()

    def gate_write(self, write: Callable[[], None]) -> None:
        """The write of the screen's changes (also after a layout outside an update):
        skipped while a paced frame is not whole (`holding`): the next write carries it."""
        if self.holding():
            skip_write(self._gated)
            self.pacer.held()
            return
        write()
        self.pacer.wrote()

    def holding(self) -> bool:
        """Whether a screen write must wait: a paced source's first frame is not applied
        yet while its run is being built, or a frame's pieces are still on their way."""
        if not (self.source.paced and self.on_top()):
            return False
        return self.pacer.holds(frame_arriving(self._gated), self.source.building)

    def pace(self, tick: bool = False) -> str:
        """A paced frame on its way: redraw the whole screen if a write was held back, and
        once the frame is wholly on the terminal release the next (`FramePacer.check`).
        Under another screen nothing of this one is written: nothing to wait for."""
        top = self.on_top()
        verdict = self.pacer.check(top and frame_arriving(self._gated),
                                   top and unwritten(self._gated), tick)
        if verdict == "redraw":
            self._gated.refresh()
        elif verdict == "release":
            self.source.drawn()
        return verdict

    def on_top(self) -> bool:
        """The screen is the one shown (not under help, a question or the report)."""
        return self._gated.app.screen is self._gated

    @property
    def _gated(self) -> Any:
        return self  # the Screen this is mixed into
