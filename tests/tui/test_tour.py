"""`nntui demo`: the tour plays each preset under the demo clock, holds, then moves on."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from nntui.cli.app import app as cli_app
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.sources import DemoClockSource
from nntui.tui.tour import TourApp, caption_for
from tests.tui.helpers import screen_text, sync, wait_for


def _configs(presets):
    return {name: presets[name].resolve(overrides={"iterations": "20"}, seed=1)
            for name in presets}


@sync
async def test_tour_plays_each_stop_holds_and_loops(presets) -> None:
    app = TourApp(["tiny-race", "tiny-spiral"], loop=True, hold_s=0.5, presets=presets,
                  configs=_configs(presets))
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen
        assert isinstance(first, DashboardScreen) and first.preset.name == "tiny-race"
        assert isinstance(first.source, DemoClockSource)  # the tour runs by frame
        assert "Demo 1/2 · Tiny optimizer race" in screen_text(app)
        assert "Adam's loss falls faster" in screen_text(app)  # caption: what to watch
        await wait_for(pilot, lambda: first.state == "done", timeout=15)
        await pilot.pause(0.2)
        assert app.screen is first  # the final state is held
        await wait_for(pilot, lambda: app.screen is not first, timeout=5)
        second = app.screen
        assert isinstance(second, DashboardScreen) and second.preset.name == "tiny-spiral"
        await wait_for(pilot, lambda: "Demo 2/2" in screen_text(app))
        await wait_for(pilot, lambda: second.state == "done", timeout=15)
        await wait_for(pilot, lambda: app.screen is not second, timeout=5)
        assert app.screen.preset.name == "tiny-race"  # --loop: from the start again
        await pilot.press("q")


@sync
async def test_tour_once_ends_by_itself_after_the_last_hold(presets) -> None:
    """`nntui demo --once` (README's recipe under asciinema) ends, exit code 0, once the
    last stop's final state has been up for --hold; not before."""
    app = TourApp(["tiny-race"], loop=False, hold_s=0.8, presets=presets,
                  configs=_configs(presets))
    async with app.run_test(size=(100, 30)) as pilot:
        only = app.screen
        await wait_for(pilot, lambda: only.state == "done", timeout=15)
        ended = time.monotonic()
        await pilot.pause(0.3)
        assert app.is_running and app.screen is only and "it 20/20" in screen_text(app)
        await wait_for(pilot, lambda: not app.is_running, timeout=5)
        held = time.monotonic() - ended
    assert app.return_code == 0
    assert 0.8 <= held < 3.0, held


def test_caption_names_the_stop_and_what_to_watch(presets) -> None:
    text = caption_for(presets["tiny-race"], 2, 3)
    assert text.startswith("Demo 2/3 · Tiny optimizer race — ")
    assert text.endswith("Adam's loss falls faster than SGD's.")


def test_demo_command_refuses_an_unknown_preset() -> None:
    result = CliRunner().invoke(cli_app, ["demo", "--presets", "optimizer-race,optimiser-rac"])
    assert result.exit_code == 2
    assert "unknown preset 'optimiser-rac'" in result.output
    assert "did you mean 'optimizer-race'" in result.output
