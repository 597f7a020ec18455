"""`e` on the dashboard: write the run directory (DESIGN.md "Command line").

The format (config.json, metrics.csv, summary.json, ...) is owned by `nntui.results`, shared
with `nntui run --headless --out`; this only picks the folder and adapts the call.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.params import RunConfig


def default_run_dir(preset: str, base: Path | None = None) -> Path:
    """./runs/<preset>-<timestamp> (or under `base`, e.g. --out)."""
    return (base or Path("runs")) / f"{preset}-{time.strftime('%Y%m%d-%H%M%S')}"


def export_run(out: Path, config: RunConfig, snapshot: Snapshot,
               report: FinalReport | None) -> Path:
    """Write the run directory `out`; returns it. Raises OSError when it cannot."""
    from nntui.results import write_results

    write_results(out, config, snapshot, report)
    return out
