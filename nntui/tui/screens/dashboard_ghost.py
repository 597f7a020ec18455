"""The dashboard's `c` (`DashboardScreen` takes it from `GhostKey`): the last finished run
of the same preset, from the run history, overlaid faint on the line panels
(`nntui.tui.ghost`), or taken off again."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntui.tui.sources.live import LiveSource
    from nntui.tui.view_state import ViewState


class GhostKey:
    """`action_ghost` for a screen with a `view` (ViewState), a live `source` and
    `redraw` (the dashboard)."""

    view: ViewState
    source: LiveSource

    def action_ghost(self) -> None:
        """Overlay the last finished run of this preset (faint), or take it off."""
        # The history is read on this key only (a few files and one recording)
        from nntui.tui.ghost import toggle_ghost

        notice = toggle_ghost(self.view, self.source.request, self.source.started_at)
        self.notify(notice, timeout=3)  # type: ignore[attr-defined] - the Screen's
        self.redraw()  # type: ignore[attr-defined] - the dashboard's
