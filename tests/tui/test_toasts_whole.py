"""Every toast shows its whole text, over whatever it covers (issue 26).

ctrl+b's toast 「書籍の設定そのまま」 read 「書籍の設定その」 at 80x24 and 「書籍の設定  のまま」 at
120x40: Textual's compositor split a two-cell character wherever the edge of a widget under
the toast ran through it (`nntui.tui.wide_chars`). These raise the dashboard's and the
settings form's notices over their real screens and read what the terminal would show.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.settings import SettingsScreen
from tests.presets.budgets import MINIMAL
from tests.tui.cells_whole import toasts
from tests.tui.helpers import dashboard_app, sync, wait_for

SIZES = [(80, 24), (120, 40)]


async def raise_toast(pilot, key: str, where: str) -> None:
    """Press ``key``; every toast then on screen must show its whole text."""
    app = pilot.app
    app.clear_notifications()
    await pilot.pause(0.05)
    await pilot.press(key)
    await wait_for(pilot, lambda: bool(toasts(app)))
    await pilot.pause(0.1)
    for message, shown in toasts(app):
        assert message == shown, (where, key, message, shown)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_settings_toasts_are_whole(size, lang: str) -> None:
    app = NNTuiApp(lang=lang)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause(0.2)
        for _ in range(list(PRESETS).index("dropout")):
            await pilot.press("down")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await raise_toast(pilot, "ctrl+b", "the book's setting")
        await raise_toast(pilot, "ctrl+r", "defaults restored")
        app.screen.query_one("#in-epochs", Input).value = "0"
        await pilot.pause(0.1)
        await raise_toast(pilot, "f5", "fix this setting first")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_dashboard_toasts_are_whole(size) -> None:
    # The race has both a loss panel (l) and histograms (h); dropout shows its gap instead.
    app = dashboard_app("optimizer-race", lang="ja", **MINIMAL["optimizer-race"])
    async with app.run_test(size=size, notifications=True) as pilot:
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        await wait_for(pilot, lambda: dash.state == "done", timeout=60)
        for key in ("l", "h", "h", "space"):  # loss axis, histogram range, "has ended"
            await raise_toast(pilot, key, "dashboard")
