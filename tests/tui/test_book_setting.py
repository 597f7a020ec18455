"""The book's exact setting one key away: the picker shows the defaults in force for the
chosen dataset, ctrl+b in the settings form switches to the book's values, and the run
records it and shows the book's "Look for"."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from nntui.presets.base import Preset
from nntui.presets.params import taught
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.settings import SettingsScreen
from tests.tui.conftest import RACE_PARAMS, tiny_presets
from tests.tui.helpers import ENDLESS, screen_text, sync, wait_for


def book_presets() -> dict[str, Preset]:
    race = tiny_presets()["tiny-race"]
    iterations, lr, hidden = RACE_PARAMS
    params = (replace(iterations, default=ENDLESS), taught(lr, book=0.05, spiral=0.2), hidden)
    book = replace(race, params=params,
                   book_look_for="As in the book: SGD crawls.")
    return {book.name: book}


def about(app: NNTuiApp) -> str:
    return str(app.screen.query_one("#pick-about", Static).render())


@sync
async def test_picker_shows_the_defaults_for_the_chosen_dataset() -> None:
    app = NNTuiApp(presets=book_presets(), frozen_clock=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "lr=0.1" in screen_text(app)
        await pilot.press("d")  # next dataset: spiral has its own default
        await pilot.pause()
        assert "lr=0.2" in screen_text(app) and "lr=0.1" not in screen_text(app)


@sync
async def test_ctrl_b_runs_the_books_setting_and_says_so() -> None:
    app = NNTuiApp(presets=book_presets(), frozen_clock=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen)
        lr = form.inputs()["lr"]
        assert lr.value == "0.1" and "defaults for digits" in screen_text(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert lr.value == "0.05" and "the book's exact setting" in screen_text(app)
        await pilot.press("ctrl+r")  # back to the teaching defaults
        await pilot.pause()
        assert lr.value == "0.1"
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("escape")  # keep it and go back: the picker remembers
        await pilot.pause()
        assert "Book setting (s to edit)" in screen_text(app) and "lr=0.05" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        assert dash.config.book and dash.config["lr"] == 0.05
        await pilot.pause()
        assert "As in the book: SGD crawls." in screen_text(app)
        await pilot.press("q")


@sync
async def test_without_book_the_teaching_look_for_shows() -> None:
    app = NNTuiApp(presets=book_presets(), frozen_clock=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        assert not dash.config.book and dash.config["lr"] == 0.1
        await pilot.pause()
        text = screen_text(app)
        assert "Adam's loss falls faster than SGD's." in text and "SGD crawls" not in text
        await pilot.press("q")
