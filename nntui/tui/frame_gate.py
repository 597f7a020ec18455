"""Whether a dashboard frame may go out now, from the app's link (`nntui.tui.link`).

Textual writes a screen update whenever something is dirty (up to 60 times a second).
A dashboard's update is held back while the terminal has not taken the last ones (and
spaced by `--fps` and the byte budget); held-back changes are drawn together by the next
update. When the link stays backed up the plots stop being updated and only the status
line moves.
"""

from __future__ import annotations

import time
from typing import Any

from nntui.tui.link import link_of


def frame_may_go(app: Any) -> bool:
    """False: hold this screen update back (Textual's update timer calls again shortly;
    what is dirty stays dirty and goes out with the next allowed update)."""
    found = link_of(app)
    if found is None:
        return True
    monitor, governor = found
    if not (monitor.real or governor.fps):
        return True  # the test driver, no --fps: nothing to fit
    return governor.allow(time.monotonic(), monitor.backed_up(), monitor.bytes)


def plots_on_hold(app: Any) -> bool:
    """The link stays backed up: update the status line only, not the plots."""
    found = link_of(app)
    return found is not None and found[0].real and found[1].status_only


def key_pressed(app: Any) -> None:
    """A key lets the next frame out at once (keys stay quick at any frame rate)."""
    found = link_of(app)
    if found is not None:
        found[1].poke()
