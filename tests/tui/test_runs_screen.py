"""The Runs screen (`p` in the picker: past runs): the history listed newest first, filtered by what
is typed, space marks, enter compares the marked runs or replays the highlighted one."""

from __future__ import annotations

import io

import numpy as np

from nntui.headless.run import run_headless
from nntui.pipeline.saved import load_saved
from nntui.runs.history import records
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.runs import RunsScreen
from nntui.tui.sources import CompareSource, ReplaySource
from tests.tui.helpers import screen_text, sync, wait_for


def _runs() -> list[str]:
    """Three runs: two races (SGD at 0.01, then 0.1) and a dropout run; ids newest first."""
    for lr in ("0.01", "0.1"):
        assert run_headless("optimizer-race", overrides={"iterations": "20", "lr_sgd": lr},
                            stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert run_headless("overfit-one-batch", overrides={"iterations": "5"},
                        stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return [r.id for r in records()]


async def _open_runs(pilot, app: NNTuiApp) -> RunsScreen:  # noqa: ANN001 - a Pilot
    await pilot.pause()
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, RunsScreen))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


@sync
async def test_the_list_shows_the_history_newest_first_and_filters() -> None:
    ids = _runs()
    app = NNTuiApp(frozen_clock=True, auto_report=False)
    async with app.run_test(size=(80, 24)) as pilot:
        runs = await _open_runs(pilot, app)
        text = screen_text(app)
        assert "Your runs (3 in the history)" in text
        rows = [line for line in text.splitlines() if "○ " in line]
        assert [r.split("○ ")[1].split()[0] for r in rows] == [i[:4] for i in ids]
        assert all(len(line.rstrip()) <= 80 for line in text.splitlines())
        # Cut to fit 80 columns, the changed settings keep first what tells the runs
        # apart (the newest race's SGD rate; the other race's is the default).
        changed = [r.split("digits")[1].split()[0] for r in rows]
        assert changed == ["iterations=5", "lr_sgd=0.1", "iterations=20"]
        # Every series' figure would be cut to nothing at 80 columns: the best one shows,
        # number first, under its own header.
        assert "best test acc" in text and "changed " in text
        for line, record in zip(rows, records(), strict=True):
            best = max(record.test_acc, key=lambda n: record.test_acc[n])
            figure = f"{record.test_acc[best]:.3f}".removeprefix("0")
            assert f" {figure}" in line, (line, figure)
            if len(record.series) > 1:
                assert f"{figure} {best}" in line
        # Wider, every series' figure shows again (refitted on resize).
        await pilot.resize_terminal(200, 24)
        await pilot.pause(0.3)
        wide = screen_text(app)
        assert "best test acc" not in wide and "changed settings" in wide
        assert all(name in wide for name in ("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"))
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        await pilot.click("#runs-filter")
        await pilot.press(*"race", "space", *"digits")  # space types in the filter
        await pilot.pause()
        assert [r.id for r in runs.shown] == ids[1:]
        assert "overfit-one-batch" not in screen_text(app)


@sync
async def test_marking_two_runs_and_enter_opens_their_comparison() -> None:
    ids = _runs()
    app = NNTuiApp(frozen_clock=True, auto_report=False)
    async with app.run_test(size=(120, 40)) as pilot:
        runs = await _open_runs(pilot, app)
        await pilot.press("down", "space", "down", "space")  # the two races
        await pilot.pause()
        assert runs.marked == ids[1:]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), timeout=10)
        dash = app.screen
        assert isinstance(dash.source, CompareSource)  # type: ignore[attr-defined]
        names = [s.name for s in dash.source.compared.final.series]  # type: ignore[attr-defined]
        assert names[0] == f"{ids[1][:4]}:SGD" and names[5] == f"{ids[2][:4]}:SGD"
    assert len(records()) == 3  # nothing new kept


@sync
async def test_enter_without_marks_replays_the_highlighted_run() -> None:
    ids = _runs()
    app = NNTuiApp(frozen_clock=True, auto_report=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_runs(pilot, app)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), timeout=10)
        dash = app.screen
        assert type(dash.source) is ReplaySource  # type: ignore[attr-defined]
        assert dash.source.request.preset.name == "optimizer-race"  # type: ignore[attr-defined]
        shown = dash.source.replay.final.series[0]  # type: ignore[attr-defined]
        np.testing.assert_array_equal(shown.loss, load_saved(ids[1]).run.final.series[0].loss)
        assert not np.array_equal(shown.loss, load_saved(ids[2]).run.final.series[0].loss)
        await pilot.press("escape")
        await pilot.pause()
    assert [r.id for r in records()] == ids


@sync
async def test_every_hint_fits_80_columns_in_english_and_japanese() -> None:
    """The Runs screen's hint line and the picker's (which names p, the runs) are drawn
    whole at 80×24, in both languages (a hint cut with "…" hides its last key)."""
    from nntui.i18n import _, use_language
    from tests.tui.helpers import widget_lines

    _runs()
    for lang in ("en", "ja"):
        app = NNTuiApp(frozen_clock=True, auto_report=False, lang=lang)
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                (picker_hint,) = widget_lines(app.screen.query_one("#pick-hint"))
                assert picker_hint.strip() == _("enter start  s settings  d dataset  p runs")
                assert "p " in picker_hint
                screen = await _open_runs(pilot, app)
                (hint,) = widget_lines(screen.query_one("#runs-hint"))
                assert hint.strip() == _("space marks runs · enter compares them, or "
                                         "replays the highlighted · esc back"), lang
                (head,) = widget_lines(screen.query_one("#runs-head"))
                assert "…" not in head
        finally:
            use_language("en")
