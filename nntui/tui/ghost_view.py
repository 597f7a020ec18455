"""The ghost of another run on the line panels (`c`: the last finished run of the same
preset and dataset): which run it is, and its curves made as a panel makes its own.

Drawing is `plotting.ghost`; the dashboard's key is `screens/dashboard_ghost.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nntui.core.snapshot import Snapshot
from nntui.i18n import _
from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.ghost import GhostCurves, ghost_of


@dataclass(frozen=True, eq=False)
class GhostRun:
    """A finished run's final snapshot to overlay, and the short id it is named by."""

    snapshot: Snapshot
    label: str


def ghost_layer(panel: object, ghost: GhostRun | None, key: tuple[object, ...],
                make: Callable[[Snapshot], list[Series]], shown: list[Series]
                ) -> GhostCurves | None:
    """The ghost overlay of a line panel: ``make`` applied to the ghost's snapshot, as
    the panel made ``shown`` from the live one; cached on the panel per ghost and ``key``
    (the ghost does not change: only focus, smoothing or the x scale re-make it)."""
    if ghost is None:
        return None
    cached = panel.__dict__.get("_ghost_cache")
    full_key = (id(ghost), *key)
    if cached is None or cached[0] != full_key:
        cached = (full_key, make(ghost.snapshot))
        panel.__dict__["_ghost_cache"] = cached
    note = _("dotted: run {run}").format(run=ghost.label)
    return ghost_of(shown, cached[1], note)
