"""SVG snapshot tests of the picker, the settings form and a finished dashboard.

Repeatable because nothing moves: the run is trained synchronously to the end before the app
mounts (fixed seed, so the same curves bit for bit), the dashboard's worker finds it done at
once, and `frozen_clock` hides elapsed time, ETA and samples/s.
Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

import time

import pytest

from nntui.tui.app import NNTuiApp
from tests.tui.conftest import tiny_presets
from tests.tui.helpers import dashboard_app

SIZES = [(80, 24), (120, 40)]


def finished_app(name: str = "tiny-race") -> NNTuiApp:
    presets = tiny_presets()
    preset = presets[name]
    config = preset.resolve(seed=3)
    run = preset.build(config)
    while not run.done:
        run.step()
    return dashboard_app(preset, presets=presets, config=config, run=run,
                    auto_report=False)


async def wait_done(pilot) -> None:
    screen = pilot.app.screen
    deadline = time.monotonic() + 10
    while getattr(screen, "state", "done") != "done" or not getattr(screen, "ticks", 1):
        assert time.monotonic() < deadline, "the dashboard never showed the finished run"
        await pilot.pause(0.05)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_picker(snap_compare, size) -> None:
    assert snap_compare(NNTuiApp(presets=tiny_presets(), lang="en"), terminal_size=size)


def test_settings(snap_compare) -> None:
    async def bad_value(pilot) -> None:
        # One invalid field, so the snapshot shows the inline --set-style message.
        await pilot.press("s")
        inputs = pilot.app.screen.inputs()
        # The focused field's cursor blinks: read in its off half-second (a loaded
        # machine's later frame), the snapshot lacked it. Held on, every read is the same.
        for field in inputs.values():
            field.cursor_blink = False
        inputs["lr"].value = "0"
        first = next(iter(inputs.values()))
        deadline = time.monotonic() + 10
        while pilot.app.focused is not first:  # on_mount focuses the first setting
            assert time.monotonic() < deadline, "the first setting never took the focus"
            await pilot.pause(0.05)
        await pilot.pause()

    app = NNTuiApp(presets=tiny_presets(), lang="en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=bad_value)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_finished_dashboard(snap_compare, size) -> None:
    assert snap_compare(finished_app(), terminal_size=size, run_before=wait_done)


def test_finished_boundary_dashboard(snap_compare) -> None:
    assert snap_compare(finished_app("tiny-spiral"), terminal_size=(80, 24),
                        run_before=wait_done)
