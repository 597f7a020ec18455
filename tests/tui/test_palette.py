"""The command palette (ctrl+p): start a preset or an experiment file, find the current
screen's keys by name; in the App's language; help names it."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from nntui.experiments.catalog import catalog
from nntui.i18n import use_language
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.help import HelpScreen
from nntui.tui.screens.picker import PickerScreen
from tests.experiments.test_catalog_tui import small
from tests.tui.helpers import ENDLESS, screen_text, sync, wait_for, widget_lines


async def palette(pilot, query: str) -> str:  # noqa: ANN001
    """Open the palette, type ``query``; what it lists."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: CommandPalette.is_open(pilot.app))
    await pilot.press(*query)
    await pilot.pause(0.4)  # the search runs on a timer
    return screen_text(pilot.app)


@sync
async def test_a_preset_starts_from_the_picker_and_from_a_running_dashboard(presets) -> None:
    app = NNTuiApp(presets=presets, frozen_clock=True, speed=3)
    app.session.settings["tiny-race"] = {"iterations": ENDLESS}
    app.session.seed = 4
    async with app.run_test(size=(100, 30)) as pilot:
        listed = await palette(pilot, "spiral")
        assert "Start: Tiny spiral boundary" in listed
        assert "Start: Tiny optimizer race" not in listed  # not a match
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        spiral = app.screen
        assert spiral.preset is presets["tiny-spiral"]  # the Preset itself, no name lookup
        assert (spiral.config.dataset, spiral.config.seed) == ("spiral", 4)  # the session's
        await palette(pilot, "start tiny opt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen)
                       and app.screen is not spiral)
        race = app.screen
        assert race.preset is presets["tiny-race"] and race.config["iterations"] == ENDLESS
        # The dashboard that was open is gone and its run stopped: picker, new dashboard.
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen, DashboardScreen]
        assert spiral.source.driver is None or spiral.source.driver.stopped
        await wait_for(pilot, lambda: race.state == "running")
        listed = await palette(pilot, "pause")
        assert "Pause (space)" in listed and "pause / resume training" in listed
        await pilot.press("enter")
        await wait_for(pilot, lambda: race.source.driver.paused)


@sync
async def test_the_screen_commands_are_those_its_source_has(dashboard) -> None:
    async with dashboard("tiny-race", iterations=5) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done")
        listed = await palette(pilot, "re")
        assert "Restart (r)" in listed and "Report (v)" in listed
        assert "Rewind" not in listed  # a replay's
        await pilot.press("escape")
        listed = await palette(pilot, "st")
        assert "Step (n)" in listed and "Stop (x)" not in listed  # the run ended


@sync
async def test_an_experiment_file_runs_from_the_palette(tmp_path: Path) -> None:
    (tmp_path / "rates.toml").write_text(small())
    presets, problems = catalog([tmp_path], user=False)
    assert problems == []
    app = NNTuiApp(presets=presets, frozen_clock=True)
    async with app.run_test(size=(100, 30)) as pilot:
        listed = await palette(pilot, "rates")
        assert "Run experiment file: rates.toml" in listed
        assert str(tmp_path / "rates.toml") in listed  # its path, under the title
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.screen.preset is presets["rates.toml"]
        assert app.screen.preset.series == ("slow", "fast")


@sync
async def test_the_palette_in_japanese_and_named_by_help(presets) -> None:
    app = NNTuiApp(presets=presets, lang="ja")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            listed = await palette(pilot, "")
            assert "コマンドを検索" in listed and "開始: " in listed
            await pilot.press("escape")
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            text = " ".join(widget_lines(app.screen.query_one("#help-body")))
            assert "ctrl+p" in text and "コマンドパレット" in text
    finally:
        use_language("en")
