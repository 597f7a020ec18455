"""One dashboard, three sources: the keys each offers (footer and help), speed, export
problems, and the view keys' state (`tui.view_state`)."""

from __future__ import annotations

from pathlib import Path

from nntui.presets import PRESETS
from nntui.tui.screens.help import HelpScreen
from nntui.tui.sources import DemoClockSource, LiveSource, ReplaySource
from nntui.tui.view_state import ViewState
from tests.tui.helpers import (
    ENDLESS,
    open_dashboard,
    screen_text,
    status_of,
    sync,
    wait_for,
    widget_lines,
)


@sync
async def test_plus_and_minus_change_the_speed_and_a_restart_keeps_it(dashboard) -> None:
    async with dashboard("tiny-race", iterations=ENDLESS, speed=3,
                         frozen_clock=False) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "running")
        assert "speed 4/6" in status_of(dash)
        await pilot.press("minus")
        assert dash.source.driver.speed == 2
        await wait_for(pilot, lambda: "speed 3/6" in status_of(dash))
        await pilot.press("plus", "equals_sign")
        assert dash.source.driver.speed == 4
        await pilot.press("x")
        await pilot.press("r")
        await wait_for(pilot, lambda: dash.state == "running")
        assert dash.config.seed == 1 and dash.source.driver.speed == 4


def _footer(app) -> str:  # noqa: ANN001
    return screen_text(app).splitlines()[-1].strip()


def _help_text(app) -> str:  # noqa: ANN001
    return " ".join(widget_lines(app.screen.query_one("#help-body")))


@sync
async def test_help_and_footer_list_the_keys_of_their_source(dashboard, presets,
                                                             tmp_path: Path) -> None:
    async with dashboard("tiny-race", iterations=5) as (pilot, dash):
        assert type(dash.source) is LiveSource
        await wait_for(pilot, lambda: dash.state == "done")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        text = _help_text(pilot.app)
        assert "restart with the next seed" in text and "one iteration" in text
        assert "jump back" not in text and "one more frame" not in text
    async with dashboard("tiny-race", iterations=600, demo_clock=True) as (pilot, dash):
        assert isinstance(dash.source, DemoClockSource)
        await wait_for(pilot, lambda: dash.source.frame >= 1)
        await wait_for(pilot, lambda: _footer(pilot.app) != "")  # painted late when loaded
        assert "Frame" in _footer(pilot.app) and "Step" not in _footer(pilot.app)
        await pilot.press("n")  # a frame, not a step
        assert dash.source.frame_paused
    from nntui.pipeline.drive import TrainingDriver
    from nntui.runs.replay import load_replay
    from nntui.runs.results import write_results

    preset = presets["tiny-race"]
    config = preset.resolve(overrides={"iterations": "20"})
    run = preset.build(config)
    assert TrainingDriver(run).loop()
    write_results(tmp_path / "run", config, run.snapshot(), run.report())
    _preset, config, replay = load_replay(tmp_path / "run", presets)
    async with open_dashboard(preset, presets=presets, config=config,
                              run=replay) as (pilot, dash):
        assert isinstance(dash.source, ReplaySource)
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await wait_for(pilot, lambda: _footer(pilot.app) != "")
        assert "Rewind" in _footer(pilot.app) and "Restart" not in _footer(pilot.app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        text = _help_text(pilot.app)
        assert "jump back" in text and "← " in text and "back to the start" in text
        assert "restart with the next seed" not in text


@sync
async def test_an_export_the_disk_refuses_is_a_notice(dashboard, tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    async with dashboard("tiny-race", iterations=5, out=blocker / "run") as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done")
        await pilot.press("e")
        notices = [str(n.message) for n in pilot.app._notifications]
        assert any("is inside" in n and "a file, not a directory" in n for n in notices)
        assert pilot.app.screen is dash  # the session goes on
    assert blocker.read_text() == "not a folder"


def test_view_state_keys() -> None:
    bn = ViewState(PRESETS["batchnorm"].view)  # 32 series in groups of 8
    assert bn.next_group(32) and bn.focus == 8
    bn.focus = 30
    assert bn.next_group(32) and bn.focus == 0  # past the last group: the first again
    race = ViewState(PRESETS["optimizer-race"].view)
    assert not race.next_group(5) and race.focus == 0  # five fit one plot
    race.next_series(5, -1)
    assert race.focus == 4
    assert race.toggle_panel(2) == "accuracy" and race.hidden == {"accuracy"}
    assert race.toggle_panel(2) == "accuracy" and race.hidden == set()
    assert race.toggle_panel(9) is None
    # h flips from the preset's default range: shared for init-compare, per layer for race
    assert ViewState(PRESETS["init-compare"].view).toggle_hist_range() is False
    assert race.toggle_hist_range() is True and race.panel_view().shared_range is True
    race.smoothing(-10)
    assert race.smoothing_index == 0 and race.panel_view().smoothing == 0.0
