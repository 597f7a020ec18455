"""The dashboard's value cursor (issue 24): the mouse over a line panel, or ←/→ once one has
focus (`i`, a click), puts a cursor at one x in every line panel; each legend then gives
every series' recorded value there; Esc hides it. At 80×24, under NO_COLOR, in ASCII, live
and in a replay (where ←/→ scrub the replay while no panel has focus)."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.cursor import RULE
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.terminal import AsciiFilter, TerminalMode, to_ascii
from nntui.tui.widgets.line_plot import LinePlot
from tests.tui.helpers import open_dashboard, screen_text, status, sync, wait_for
from tests.tui.test_replay import replay_dashboard


def panels(dash: DashboardScreen) -> tuple[LinePlot, LinePlot]:
    loss, acc = dash.query_one("#panel-loss"), dash.query_one("#panel-accuracy")
    assert isinstance(loss, LinePlot) and isinstance(acc, LinePlot)
    return loss, acc


def check_accuracy_reading(dash: DashboardScreen, acc: LinePlot) -> float:
    """The accuracy panel reads, for every series, the test accuracy recorded at its x."""
    reading = acc.reading()
    assert reading is not None
    assert dash.snapshot is not None
    solid = [(i, s) for i, s in enumerate(acc.series) if not s.faint]
    assert len(solid) == len(dash.snapshot.series) == 2
    for (i, _plotted), snap in zip(solid, dash.snapshot.series, strict=True):
        at = np.flatnonzero(snap.eval_it == reading.x)
        assert at.size == 1, (reading.x, snap.eval_it)
        assert reading.value(acc.series, i) == snap.test_acc[at[0]]
    return reading.x


@pytest.mark.parametrize("env", ["colour", "NO_COLOR", "ascii"])
@sync
async def test_hovering_a_panel_reads_every_panel_at_one_x(presets, monkeypatch,
                                                          env: str) -> None:
    if env == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    mode = TerminalMode(True, "iso8859-1") if env == "ascii" else None
    async with open_dashboard("tiny-race", presets=presets, iterations=60, seed=1,
                              frozen_clock=False, terminal_mode=mode) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        loss, acc = panels(dash)
        assert loss.size.width < 40  # 80×24: half a row each
        geometry = loss._geometry
        assert geometry is not None
        await pilot.hover("#panel-loss", offset=(geometry.left + geometry.cols // 2,
                                                 geometry.top + 1))
        await wait_for(pilot, lambda: acc.cursor is not None)
        x = check_accuracy_reading(dash, acc)
        loss_reading = loss.reading()
        assert loss_reading is not None and abs(loss_reading.x - x) <= 10  # evals: every 10
        await pilot.pause()
        text = screen_text(app)
        if env == "ascii":
            (ascii_filter,) = [f for f in app.get_line_filters() if isinstance(f, AsciiFilter)]
            text = "\n".join("".join(seg.text for seg in ascii_filter.apply(list(strip), None))
                             for strip in app.screen._compositor.render_strips())
            assert RULE not in text and to_ascii(RULE) == "|"
        else:
            assert text.count(RULE) >= 2 * 3  # a rule down both panels
        for i, s in enumerate(acc.series):  # the accuracy legend: each value at the cursor
            if not s.faint:
                value = acc.reading().value(acc.series, i)  # type: ignore[union-attr]
                assert format_tick(value) in text
        assert f"iteration {int(x)}" in text
        await pilot.press("escape")  # hides the cursor: it does not leave
        await wait_for(pilot, lambda: loss.cursor is None and acc.cursor is None)
        assert app.screen is dash and RULE not in screen_text(app)
        await pilot.press("escape")  # now it means back again
        await wait_for(pilot, lambda: app.screen is not dash)


@sync
async def test_in_a_replay_left_right_scrub_until_a_panel_has_focus(presets, tmp_path) -> None:
    async with replay_dashboard(presets, tmp_path, size=(80, 24),
                                frozen_clock=False) as (pilot, dash, out):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        loss, acc = panels(dash)
        assert app.focused is None  # no panel took the focus by itself
        await pilot.press("left")
        await wait_for(pilot, lambda: "it 57/60" in status(app))
        await pilot.press("i")  # the loss panel: focus, and the cursor at its last point
        await wait_for(pilot, lambda: app.focused is loss and loss.cursor is not None)
        last = loss.cursor
        assert last == 57.0  # the replay stands at 57: its last loss point
        await pilot.press("left", "left")
        await wait_for(pilot, lambda: loss.cursor is not None and loss.cursor < last)
        assert "it 57/60" in status(app)  # the replay did not move
        assert acc.cursor == loss.cursor  # one x (both count iterations here)
        check_accuracy_reading(dash, acc)
        await pilot.press("i")  # the next panel takes the focus; the cursor stays
        await wait_for(pilot, lambda: app.focused is acc)
        before = acc.reading()
        await pilot.press("left")
        await wait_for(pilot, lambda: acc.reading() != before)
        assert loss.cursor == acc.reading().x  # type: ignore[union-attr]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is None and acc.cursor is None)
        assert loss.cursor is None and app.screen is dash
        await pilot.press("left")  # scrubs again
        await wait_for(pilot, lambda: "it 54/60" in status(app))


@sync
async def test_a_focused_panels_cursor_keys_show_in_the_footer_in_japanese(presets) -> None:
    async with open_dashboard("tiny-race", presets=presets, iterations=30, seed=1,
                              frozen_clock=False, lang="ja") as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.focused, LinePlot))
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "カーソル" in footer and "Cursor" not in footer, footer
