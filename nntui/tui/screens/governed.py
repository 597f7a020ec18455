"""The live dashboard with its output fitted to the link (`nntui.tui.link`).

Textual writes a screen update whenever something is dirty (up to 60 times a second).
Here an update is held back while the terminal has not taken the last ones (and spaced by
`--fps` and the byte budget); held-back changes are drawn together by the next update. When
the link stays backed up the plots stop being updated and only the status line moves.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events

from nntui.tui.link import link_of
from nntui.tui.screens.dashboard import DashboardScreen


class GovernedDashboard(DashboardScreen):
    """A DashboardScreen whose frames wait for the terminal."""

    def gate_update(self, update: Callable[[], None]) -> None:
        found = link_of(self.app)
        if found is not None:
            monitor, governor = found
            if (monitor.real or governor.fps) and not governor.allow(
                    time.monotonic(), monitor.backed_up(), monitor.bytes):
                # Not paused: Textual's update timer calls again shortly; what is dirty
                # stays dirty and goes out with the next allowed update.
                return
        super().gate_update(update)

    def on_key(self, event: events.Key) -> None:
        found = link_of(self.app)
        if found is not None:
            found[1].poke()

    def _apply(self, snap: object) -> None:
        found = link_of(self.app)
        if found is not None and found[0].real and found[1].status_only:
            self._last_key = None  # redraw the panels once the link recovers
            return
        super()._apply(snap)  # type: ignore[arg-type]
