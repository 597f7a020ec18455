"""Issues 11 and 26: under `--lang ja` every screen speaks Japanese, and shows it whole.

Each preset's dashboard (every panel kind: loss, accuracy, histograms, paths, boundary,
trials, scatter, table, sweep) is run to its end at 80×24 and 120×40, then its final
report, the help screen and the leave confirmation are opened; the picker and its settings
form are walked through every preset; every preset's headless output is printed and its
run directory replayed in the dashboard; the demo tour plays. On each, `english_words`
(tests/i18n/english.py) must find nothing: only technique names, numbers, key names and the
identifiers a user types may stay English (a table header is not typed: it must be
Japanese). No line may be wider than the terminal, and no panel title, table column or
status text may lose a character (`tests.tui.cells_whole`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.screen import ModalScreen

from nntui.core.data.registry import DATASET_NAMES
from nntui.headless.run import run_headless
from nntui.presets import PRESETS
from nntui.runs.replay import load_replay
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.tour import TourApp
from tests.i18n.english import english_words
from tests.i18n.helpers import ja
from tests.presets.budgets import MINIMAL
from tests.tui.cells_whole import lost_text
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
    assert not lost_text(app), (where, lost_text(app))
    return text


async def settled(pilot, condition, seconds: float) -> None:
    """Wait until ``condition()`` holds or ``seconds`` pass (the check then says why)."""
    try:
        await wait_for(pilot, condition, timeout=seconds)
    except AssertionError:
        pass


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
        # The footer re-lays its keys when the run ends ("v Report" comes): under load its
        # keys can be read mid-paint, so give it up to 3 s; a key cut for good still fails.
        await settled(pilot, lambda: not lost_text(app), 3.0)
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


@pytest.mark.parametrize("name", list(PRESETS))
@sync
async def test_headless_output_and_its_replay_in_japanese(name: str, tmp_path: Path) -> None:
    """`nntui --lang ja run NAME --headless --out DIR`, then `nntui --lang ja replay DIR`."""
    preset = PRESETS[name]
    out, printed = tmp_path / "run", io.StringIO()
    assert run_headless(name, overrides=MINIMAL[name], out=out, lang="ja", stdout=printed,
                        stderr=io.StringIO()) == 0
    lines = printed.getvalue().splitlines()
    dataset = preset.default_dataset if preset.datasets else "—"  # as the dashboard
    assert lines[0] == f"{ja(preset.title)}  [{name}, {dataset}, シード 0]", lines[0]
    header = next(line for line in lines if line.startswith(ja("series")))
    # Column names are not typed: Japanese, whatever the results files call them.
    assert not english_words(header), (name, header)
    everything = printed.getvalue().replace(str(out), "")  # the folder, as typed
    assert not english_words(everything, IDENTIFIERS), (name, english_words(everything,
                                                                            IDENTIFIERS))

    preset, config, run = load_replay(out)
    async with open_dashboard(preset, config=config, run=run, lang="ja") as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=60)
        await pilot.pause(0.2)
        # As on the live dashboard: the footer re-lays its keys when the replay ends, and
        # read mid-paint under load it was once wider than the screen; a footer that stays
        # wrong still fails the check.
        await settled(pilot, lambda: not lost_text(app) and all(
            cell_len(line) <= 80 for line in screen_text(app).splitlines()), 3.0)
        text = check(app, f"{name} replay", (80, 24))
        assert text.startswith(" " + ja("replay · {head}").split("{")[0]), text


@sync
async def test_the_demo_tour_in_japanese() -> None:
    names = ["optimizer-race", "init-compare", "dropout"]  # `nntui demo`'s stops
    configs = {n: PRESETS[n].resolve(overrides=MINIMAL[n]) for n in names}
    # Held 1 s: the tour ends (exit 0) once the last stop has been held, and the last
    # stop is read before that.
    app = TourApp(names, hold_s=1.0, configs=configs, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        for stop, name in enumerate(names, 1):
            await wait_for(pilot, lambda name=name: isinstance(app.screen, DashboardScreen)
                           and app.screen.preset.name == name, timeout=60)
            dash = app.screen
            await wait_for(pilot, lambda dash=dash: dash.state == "done", timeout=60)
            text = check(app, f"demo stop {stop}", (80, 24))
            caption = ja("Demo {stop}/{stops} · {title} — {text}").split(" · ")[0]
            assert caption.format(stop=stop, stops=3) in text, text
