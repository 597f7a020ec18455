"""Output that fits the link: the frame governor's decisions (the link monitor on a real
terminal driver: tests/tui/test_textual_seam.py)."""

from __future__ import annotations

from typer.testing import CliRunner

from nntui.cli.app import app as cli_app
from nntui.tui.link import (
    BUDGET_BPS,
    FIRST_BACKOFF_S,
    MAX_INTERVAL_S,
    FrameGovernor,
)


def test_backed_up_writes_lower_the_frame_rate_to_status_only_and_recover() -> None:
    g = FrameGovernor(budget_bps=None)
    assert g.allow(0.0, False, 0)
    t, intervals = 0.0, []
    for _ in range(200):  # backed up for a while (10 s at most): 0.2, 0.4, 0.8, 1.0 s
        if g.status_only:
            break
        t += 0.05
        assert not g.allow(t, True, 0)
        if not intervals or g.backoff_s != intervals[-1]:
            intervals.append(g.backoff_s)
    assert intervals == [FIRST_BACKOFF_S, 0.4, 0.8, MAX_INTERVAL_S]
    assert g.interval_s == MAX_INTERVAL_S
    # Drained: at most one update per interval, and the interval halves every RECOVER_S.
    allowed = [t2 for t2 in (t + 0.1 * k for k in range(1, 80)) if g.allow(t2, False, 0)]
    gaps = [b - a for a, b in zip(allowed, allowed[1:])]
    assert gaps[0] >= 0.8 - 1e-9 and min(gaps[-5:]) < 0.15
    assert g.backoff_s == 0.0 and not g.status_only


def test_fps_caps_updates_and_a_key_goes_out_at_once() -> None:
    g = FrameGovernor(fps=2)
    times = [k * 0.05 for k in range(40)]  # 2 s of 20 Hz attempts
    assert sum(g.allow(t, False, 0) for t in times) == 4  # 0, 0.5, 1.0, 1.5
    g.poke()
    assert g.allow(2.01, False, 0)  # a key press: no wait for the interval
    g.poke()
    assert not g.allow(2.02, True, 0)  # but never into a backed-up link


def test_byte_budget_holds_frames_on_a_fast_link() -> None:
    g = FrameGovernor()
    written, t, frames = 0, 0.0, 0
    while t < 10.0:  # every allowed frame writes 20 KB, attempts at 60 Hz
        if g.allow(t, False, written):
            written += 20_000
            frames += 1
        t += 1 / 60
    assert written / 10.0 <= BUDGET_BPS * 1.1
    assert frames >= 10


def test_fps_out_of_range_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(cli_app, ["run", "optimizer-race", "--fps", "0"])
    assert result.exit_code == 2
    assert "--fps must be between 0.2 and 60 (got 0)" in result.output


class _FakeMonitor:
    real = True
    bytes = 0

    def __init__(self) -> None:
        self.backed = True

    def backed_up(self) -> bool:
        return self.backed


def test_dashboard_holds_frames_and_plots_while_the_link_is_backed_up(presets) -> None:
    import asyncio

    from nntui.tui.screens.dashboard import DashboardScreen
    from nntui.tui.widgets.line_plot import LinePlot
    from tests.tui.helpers import dashboard_app, status, wait_for

    async def body() -> None:
        app = dashboard_app("tiny-race", presets=presets, iterations=1_000_000, seed=1,
                            speed=3, frozen_clock=False)
        monitor, governor = _FakeMonitor(), FrameGovernor(budget_bps=None)
        governor.backoff_s = MAX_INTERVAL_S  # already backed off to the top
        app.nntui_link = (monitor, governor)
        async with app.run_test(size=(100, 30)) as pilot:
            dash = app.screen
            assert isinstance(dash, DashboardScreen)
            await wait_for(pilot, lambda: dash.state == "running"
                           and "running" in status(app))
            await pilot.pause(0.5)
            loss = dash.query_one("#panel-loss", LinePlot)
            assert governor.held > 0
            assert not loss._series  # status only: the plots are not updated
            monitor.backed = False
            governor.backoff_s = 0.0
            await wait_for(pilot, lambda: len(loss._series) >= 2)  # raw + smoothed
            assert governor.frames > 0
            dash.source.driver.stop()

    asyncio.run(body())
