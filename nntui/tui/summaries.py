"""Snapshot -> the numbers a lesson is about: the sweep panel's curves (batchnorm's final
accuracy against weight scale). (The train–test gap per series: `nntui.runs.summary`.)

Pure functions like `nntui.tui.views` (testable without a screen); the dashboard's panels,
the final report and the headless summary read them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nntui.core.snapshot import Snapshot
from nntui.i18n import _
from nntui.tui.plotting.canvas import Series
from nntui.tui.views import color_of, marker_of

#: series name -> (curve, x) on the sweep, or None off it (`Preset.sweep`).
Sweep = Callable[[str], "tuple[str, float] | None"]


def sweep_points(snap: Snapshot, sweep: Sweep) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per curve (in the order first met): the swept values x (n,), ascending, and each
    series' latest train accuracy there (n,), NaN until it has been evaluated.

    Live: while the run goes, every point is the accuracy reached so far, so the whole
    finding (BN learns at every scale, plain only in a band) grows in one view."""
    found: dict[str, list[tuple[float, float]]] = {}
    for s in snap.series:
        where = sweep(s.name)
        if where is None:
            continue
        curve, x = where
        found.setdefault(curve, []).append((float(x), s.last_train_acc))
    out = {}
    for curve, pts in found.items():
        pts.sort()
        out[curve] = (np.array([p[0] for p in pts]), np.array([p[1] for p in pts]))
    return out


def sweep_series(snap: Snapshot, sweep: Sweep, *, log_x: bool = True) -> list[Series]:
    """The sweep panel's curves: one per variant (BN, plain), x on log10 when ``log_x``;
    named in the active language (the presets mark curve names)."""
    out = []
    for i, (curve, (x, y)) in enumerate(sweep_points(snap, sweep).items()):
        xs = np.log10(np.maximum(x, 1e-300)) if log_x else x
        out.append(Series(_(curve), xs, y, color_of(i), marker_of(i)))
    return out
