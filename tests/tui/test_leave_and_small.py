"""Issue 13: Esc asks before a run is thrown away, the report waits for `v`, one key one
meaning across screens, and every preset's look-for line and tables at 80×24."""

from __future__ import annotations

import pytest
from rich.text import Text

from nntui.i18n import _, use_language
from nntui.presets import PRESETS
from nntui.tui.screens.confirm import ConfirmLeave
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.picker import PickerScreen
from nntui.tui.screens.report import ReportScreen
from nntui.tui.widgets.extra_table import ExtraTable
from nntui.tui.widgets.look_for import BUDGET_SMALL, LookFor
from nntui.tui.wrap import Wrapped
from tests.presets.budgets import MINIMAL
from tests.tui.helpers import (
    ENDLESS,
    open_dashboard,
    screen_text,
    sync,
    training_threads,
    wait_for,
)


@sync
async def test_esc_on_a_running_run_asks_and_n_keeps_it_training(presets, dashboard) -> None:
    async with dashboard("tiny-race", iterations=ENDLESS) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "running" and dash.snapshot is not None)
        await pilot.press("escape")
        # Still training: the title says leaving stops it (a finished run's asks only
        # "Leave this run?", tests/tui/test_app.py).
        await wait_for(pilot, lambda: "Stop training and leave?" in screen_text(app))
        assert isinstance(app.screen, ConfirmLeave)
        assert "still training" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dash and dash.source.driver is not None and dash.source.driver.running
        before = dash.source.driver.run.snapshot().iteration
        await wait_for(pilot, lambda: dash.source.driver.run.snapshot().iteration > before)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        await pilot.press("escape")  # a second Esc out of habit: stays too
        await pilot.pause()
        assert app.screen is dash and dash.source.driver.running
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await wait_for(pilot, lambda: training_threads() == [])


@sync
async def test_finished_run_keeps_its_charts_until_v(presets, dashboard) -> None:
    async with dashboard("tiny-race", iterations=5) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done" and dash.report is not None,
                       timeout=10)
        await pilot.pause(0.3)
        assert app.screen is dash  # the report did not open by itself
        text = screen_text(app)
        assert "v: final report" in text.splitlines()[-2]  # the status line says how
        assert " v Report" in text.splitlines()[-1] and " x Stop" not in text
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dash
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        assert "has results on screen" in screen_text(app)


def test_each_key_means_one_thing_across_picker_and_dashboard() -> None:
    picker = {k.strip(): b.action for b in PickerScreen.BINDINGS for k in b.key.split(",")}
    dash = {k.strip(): b.action for b in DashboardScreen.BINDINGS for k in b.key.split(",")}
    assert picker["s"] == "settings" and "s" not in dash
    assert dash["x"] == "stop"
    # A key on both screens does the same thing (`e` was settings there, export here).
    for key in set(picker) & set(dash):
        assert picker[key] == dash[key], (key, picker[key], dash[key])


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("book", [False, True])
def test_every_look_for_line_fits_whole_at_80_columns(lang: str, book: bool) -> None:
    use_language(lang)
    for p in PRESETS.values():
        for dataset in p.datasets or (p.default_dataset,):  # each dataset's own line
            text = Text(_("Look for: ")) + Text(_(p.look_for_text(book, dataset)))
            lines = Wrapped(text).lines(80 - 2)
            assert len(lines) <= BUDGET_SMALL, (p.name, dataset, len(lines))


@pytest.mark.parametrize("name", list(PRESETS))
@sync
async def test_every_preset_at_80x24_shows_its_look_for_and_every_table_row(name: str) -> None:
    preset = PRESETS[name]
    async with open_dashboard(preset, **MINIMAL[name], speed=5) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state in ("done", "failed"), timeout=60)
        assert dash.state == "done", dash.error
        await pilot.pause(0.2)
        look = dash.query_one(LookFor)
        assert not look.cut
        shown = " ".join(" ".join(screen_text(app).split()).split())
        words = preset.look_for.split()
        assert " ".join(words[-4:]) in shown, name  # the end of the line is on screen
        for table in dash.query(ExtraTable):
            if not table.display or not table.row_count:
                continue
            assert table.size.height >= 3, (name, table.size)
            visible = table.size.height - 1 - (1 if table.show_horizontal_scrollbar else 0)
            if table.row_count > visible:  # taller than its panel: it scrolls to the focus
                assert table.max_scroll_y > 0, name
                for _ in range(table.row_count - 1):
                    await pilot.press("f")
                await pilot.pause()
                assert table.scroll_y > 0, name  # the last series' row came into view
