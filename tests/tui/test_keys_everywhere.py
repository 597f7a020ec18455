"""Screenshot (ctrl+s, S) and export (e) on every screen, the final report included.

Textual ignores the App's own bindings while a modal screen (report, help) is open, so
these keys did nothing over the final report; each screen is checked here: a new file
appears where the notice says.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nntui.tui.app import NNTuiApp
from nntui.tui.screens.help import HelpScreen
from nntui.tui.screens.picker import PickerScreen
from nntui.tui.screens.report import ReportScreen
from nntui.tui.screens.settings import SettingsScreen
from nntui.tui.screens.too_small import TooSmallScreen
from tests.tui.helpers import sync, wait_for


def _notices(app: NNTuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _screenshot_works(pilot, app: NNTuiApp, out: Path, key: str) -> None:
    before = set(out.glob("*.svg"))
    await pilot.press(key)
    await wait_for(pilot, lambda: set(out.glob("*.svg")) - before != set())
    (shot,) = set(out.glob("*.svg")) - before
    assert shot.read_text().lstrip().startswith("<svg")
    assert f"Saved {shot}" in _notices(app)


async def _open(pilot, app: NNTuiApp, screen: str, presets) -> None:
    """Bring `screen` to the top (from the dashboard of a finished tiny-race)."""
    if screen == "picker":
        await pilot.press("escape", "y")  # a run that trained asks before leaving
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
    elif screen == "settings":
        await pilot.press("escape", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
    elif screen == "report":
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
    elif screen == "help":
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    elif screen == "too-small":
        await pilot.resize_terminal(40, 12)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen))


SCREENS = ["dashboard", "report", "help", "picker", "settings", "too-small"]


@pytest.mark.parametrize("screen", SCREENS)
@sync
async def test_screenshot_keys_on_every_screen(presets, tmp_path: Path, screen: str,
                                               dashboard) -> None:
    async with dashboard("tiny-race", size=(100, 30), iterations=20, out=tmp_path) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await _open(pilot, app, screen, presets)
        await _screenshot_works(pilot, app, tmp_path, "ctrl+s")
        if screen != "settings":  # S is a letter there: the focused field takes it
            await _screenshot_works(pilot, app, tmp_path, "S")


@sync
async def test_export_from_the_final_report(dashboard, tmp_path: Path) -> None:
    """`v` opens the final report at the end of a run: `e` there exports the run."""
    out = tmp_path / "run"
    async with dashboard("tiny-race", size=(100, 30), iterations=20, seed=4,
                         out=out) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=10)
        await pilot.press("e")
        await wait_for(pilot, lambda: (out / "summary.json").exists())
        assert f"Results written to {out}" in _notices(app)
        assert isinstance(app.screen, ReportScreen)  # still open
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 4 and summary["iterations"] == 20
    assert "report.json" in {p.name for p in out.iterdir()}


@sync
async def test_export_never_overwrites_another_runs_results(dashboard,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "run"
    async with dashboard("tiny-race", size=(100, 30), iterations=20, seed=1,
                         out=out) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await pilot.press("e")
        first = (out / "config.json").read_bytes()
        await pilot.press("e")  # the same run again: the same folder, updated
        assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
        await pilot.press("r")  # a new run (seed 2): its own folder
        await wait_for(pilot, lambda: dash.state == "done" and dash.config.seed == 2,
                       timeout=10)
        await pilot.press("e")
        await pilot.press("e")
        assert f"Results written to {tmp_path / 'run-2'}" in _notices(app)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "run-2"]
    assert (out / "config.json").read_bytes() == first
    assert json.loads((out / "config.json").read_text())["seed"] == 1
    assert json.loads((tmp_path / "run-2" / "config.json").read_text())["seed"] == 2
