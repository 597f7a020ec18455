"""Issue 11: under `--lang ja` every screen speaks Japanese.

Each preset's dashboard (every panel kind: loss, accuracy, histograms, paths, boundary,
trials, scatter, table, sweep) is run to its end at 80×24, then its final report, the help
screen and the leave confirmation are opened; the picker and its settings form are walked
through every preset. On each, `english_words` (tests/i18n/english.py) must find nothing:
only technique names, numbers, key names and the identifiers a user types may stay English.
No line may be wider than the terminal.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.screen import ModalScreen

from nntui.core.data.registry import DATASET_NAMES
from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from tests.i18n.english import english_words
from tests.presets.budgets import MINIMAL
from tests.tui.helpers import open_dashboard, screen_text, sync, wait_for

#: What a user types and may therefore see as typed: preset, dataset and setting names, and
#: the values a setting accepts (`--set optimizer=sgd`), as the settings line shows them.
IDENTIFIERS = ({*PRESETS, *DATASET_NAMES, "true", "false"}
               | {p.key for preset in PRESETS.values() for p in preset.params}
               | {c for preset in PRESETS.values() for p in preset.params for c in p.choices})


def own_text(app: NNTuiApp) -> str:
    """The screen's own characters: for a modal, its box and the footer (the dashboard behind
    it shows through, cut at the box's edges into word fragments such as "Dr")."""
    screen = app.screen
    if not isinstance(screen, ModalScreen):
        return screen_text(app)
    strips = screen._compositor.render_strips()
    box = screen.children[0].region
    inside = [s.crop(box.x, box.right).text for s in strips[box.y:box.bottom]]
    return "\n".join([*inside, strips[-1].text])


def check(app: NNTuiApp, where: str, size: tuple[int, int]) -> str:
    assert screen_text(app).strip(), where
    wide = [line for line in screen_text(app).splitlines() if cell_len(line) > size[0]]
    assert not wide, (where, wide)
    text = own_text(app)
    assert not english_words(text, IDENTIFIERS), (where, english_words(text, IDENTIFIERS),
                                                   text)
    return text


async def visit(pilot, key: str, where: str, size: tuple[int, int]) -> None:
    """Press `key` over the current screen, check what opens, and close it with Esc."""
    app, below = pilot.app, pilot.app.screen
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen is not below)
    await pilot.pause(0.1)
    check(app, where, size)
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is below)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(PRESETS))
@sync
async def test_every_dashboard_report_and_help_in_japanese(name: str, size) -> None:
    preset = PRESETS[name]
    dataset = "spiral" if name == "optimizer-race" else None  # the boundary panel
    async with open_dashboard(preset, size=size, **MINIMAL[name],
                              dataset=dataset, speed=5, lang="ja") as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state in ("done", "failed"), timeout=60)
        assert dash.state == "done", dash.error
        await pilot.pause(0.2)
        text = check(app, f"{name} dashboard", size)
        assert "完了" in text  # the status line says done, in Japanese
        if dash.report is not None:  # paths, histograms and gradient check have none
            await visit(pilot, "v", f"{name} report", size)
        await visit(pilot, "question_mark", f"{name} help", size)
        await visit(pilot, "escape", f"{name} leave?", size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_picker_and_settings_of_every_preset_in_japanese(size) -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.1)
        for i, name in enumerate(PRESETS):
            if i:
                await pilot.press("down")
                await pilot.pause(0.05)
            check(app, f"picker at {name}", size)
            await visit(pilot, "s", f"settings of {name}", size)
        await visit(pilot, "question_mark", "help of the picker", size)


@sync
async def test_too_small_notice_in_japanese() -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause(0.3)
        check(app, "too small", (40, 10))
