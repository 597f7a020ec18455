"""Where a dashboard's run comes from, and which controls it has: its `RunSource`.

The dashboard (`screens.dashboard.DashboardScreen`) is one screen: it lays out the panels,
reads a snapshot on its timer, answers the view keys and shows the status. What it shows
comes from a source:

- `LiveSource`: trains the request's run on a worker thread through the pipeline's run
  session (`nntui.pipeline.session`); space pauses, n steps, x stops, r restarts with the
  next seed, +/- change the speed.
- `DemoClockSource` (`--demo-clock`, the tour): the same run, advanced by frame, not by
  wall clock (`tui.demo_clock`): frame k always shows iteration k × steps_per_frame.
- `ReplaySource` (`nntui replay`): a saved run (`runs.replay.ReplayRun`) played through
  the same driver; ←/→ scrub, r rewinds, space plays (again).
- `CompareSource` (`nntui compare`): several saved runs overlaid (`runs.compare.CompareRun`),
  their series labelled ``run:series``, played as a replay.

A new kind is one more module here: a class
that meets `RunSource` (what the screen asks: a snapshot, the state, the controls it has),
and a line in `source_for`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.runs.compare import CompareRun
from nntui.runs.replay import ReplayRun
from nntui.tui.sources.base import Host, RunSource
from nntui.tui.sources.compare import CompareSource
from nntui.tui.sources.demo import DemoClockSource
from nntui.tui.sources.live import LiveSource
from nntui.tui.sources.replay import ReplaySource

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.pipeline.request import RunRequest

__all__ = ["CompareSource", "DemoClockSource", "Host", "LiveSource", "ReplaySource",
           "RunSource", "source_for"]


def source_for(request: RunRequest, run: Run | None, *, demo_clock: bool = False,
               speed: int | None = None) -> LiveSource:
    """The source of a dashboard: a replay for a saved run, the demo clock's under
    --demo-clock, else a live run."""
    if isinstance(run, CompareRun):
        return CompareSource(request, run, speed=speed)
    if isinstance(run, ReplayRun):
        return ReplaySource(request, run, speed=speed)
    if demo_clock:
        return DemoClockSource(request, run=run, speed=speed)
    return LiveSource(request, run=run, speed=speed)
