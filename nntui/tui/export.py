"""`e` on the dashboard and the final report: write the run directory (DESIGN.md "Command
line"); a folder holding another run's results is never overwritten (`nntui.runs.folder`).

The format (config.json, metrics.csv, summary.json, ...) is owned by `nntui.runs.results`, shared
with `nntui run --headless --out`; this only picks the folder and adapts the call.
"""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.runs.folder import free_sibling
from nntui.runs.results import write_results

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.params import RunConfig
    from nntui.runs.failure import RunFailure


def default_run_dir(preset: str, base: Path | None = None) -> Path:
    """./runs/<preset>-<timestamp> (or under `base`, e.g. --out)."""
    return (base or Path("runs")) / f"{preset}-{time.strftime('%Y%m%d-%H%M%S')}"


def export_run(out: Path, config: RunConfig, snapshot: Snapshot,
               report: FinalReport | None) -> Path:
    """Write the run directory `out`; returns it. Raises OSError when it cannot."""
    write_results(out, config, snapshot, report)
    return out


#: Where each run (keyed by its driver) was exported to: pressing `e` again updates the
#: same folder instead of starting a new numbered one.
_EXPORTED: weakref.WeakKeyDictionary[object, Path] = weakref.WeakKeyDictionary()
_CLAIMING = threading.Lock()


def export_once(owner: object, base: Path | None, config: RunConfig, snapshot: Snapshot,
                report: FinalReport | None, failure: RunFailure | None = None) -> Path:
    """Export the run of `owner` (its driver) where it went last time; the first time to
    `base` (--out) or ./runs/<preset>-<time>, or to a free numbered sibling when that
    folder holds another run's results (`nntui.runs.folder`: never overwrite silently).
    A run that raised records it (``failure``: summary.json "failed", traceback.txt)."""
    with _CLAIMING:
        # Claimed before writing: the exit's save (the watchdog's thread) may start while
        # `e` is still writing this run's first export, and must not take the half-written
        # folder for another run's and go to a sibling.
        out = _EXPORTED.get(owner)
        if out is None:
            out = free_sibling(base or default_run_dir(config.preset))
            _EXPORTED[owner] = out
    write_results(out, config, snapshot, report, failure)
    return out
