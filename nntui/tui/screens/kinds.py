"""Which dashboard shows a run: live, under the demo clock, or a replay of a saved run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.tui.screens.dashboard import DashboardScreen
    from nntui.tui.session import Session


def dashboard_class(session: Session, run: Run | None) -> type[DashboardScreen]:
    """ReplayDashboard for a saved run, DemoClockDashboard under --demo-clock, else the
    live dashboard; all three fit their output to the link (screens.governed)."""
    from nntui.runs.replay import ReplayRun

    if isinstance(run, ReplayRun):
        from nntui.tui.screens.replay_dashboard import ReplayDashboard

        return ReplayDashboard
    if session.demo_clock:
        from nntui.tui.screens.demo_dashboard import DemoClockDashboard

        return DemoClockDashboard
    from nntui.tui.screens.governed import GovernedDashboard

    return GovernedDashboard
