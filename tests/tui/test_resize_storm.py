"""Resize storms while training: random sizes from 20×8 to 300×100, many per second.

No exception may escape (Pilot re-raises any), the screen stack may not pile up too-small
notices, and the layout recovers: a size large enough shows the dashboard drawn for that
size, a tiny one the too-small notice naming it. Before the app waited for the size to
settle (`NNTuiApp.on_resize`), pushing and popping the notice between queued resizes sent
Textual into a loop of background-screen resizes that never yielded: the app hung.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import Resize
from textual.geometry import Size

from nntui.tui.app import NNTuiApp
from nntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tests.tui.helpers import screen_text, sync, wait_for


def resize(app: NNTuiApp, width: int, height: int) -> None:
    """What `Pilot.resize_terminal` does without waiting for the app to settle."""
    size = Size(width, height)
    assert isinstance(app._driver, HeadlessDriver)
    app._driver._size = size
    app.post_message(Resize(size, size))


@pytest.mark.timeout(120)  # the bug this holds was a hang: fail in 2 minutes, not 10
@sync
async def test_resize_storm_while_training(presets, dashboard) -> None:
    rng = random.Random(14)
    async with dashboard("tiny-race", size=(100, 30), iterations=10000000) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "running", timeout=10)
        started = dash.source.driver.run.snapshot().iteration  # type: ignore[union-attr]
        for i in range(60):
            resize(app, rng.randint(20, 300), rng.randint(8, 100))
            # Mostly no wait at all (a storm: resizes queue up between frames); now and
            # then long enough for a frame or a full refresh.
            await asyncio.sleep(0.002)
            if i % 20 == 0:
                await pilot.pause()
            stack = app.screen_stack
            assert sum(isinstance(s, TooSmallScreen) for s in stack) <= 1
        # Recovers at a usable size: the dashboard, laid out for it.
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: app.screen is dash and dash.size == (120, 40))
        await pilot.pause(0.3)
        text = screen_text(app)
        lines = text.splitlines()
        assert len(lines) == 40 and all(len(line) <= 120 for line in lines)
        assert lines[0].strip().startswith("Tiny optimizer race")
        assert "running" in lines[-2] and "it " in lines[-2]  # status bar above the footer
        # Training went on through the storm.
        assert dash.source.driver.run.snapshot().iteration > started  # type: ignore[union-attr]
        assert dash.state == "running"
        # A tiny size shows the notice for exactly that size.
        await pilot.resize_terminal(30, 10)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.pause(0.1)
        assert f"need {MIN_WIDTH}×{MIN_HEIGHT}, have 30×10" in screen_text(app)
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)  # exactly big enough
        await wait_for(pilot, lambda: app.screen is dash)
        await pilot.press("q")
    assert app.return_code == 0
