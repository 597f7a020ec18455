"""The dashboard panels with real presets' data: optimizer paths, the trial table."""

from __future__ import annotations

import asyncio
import math

import numpy as np
from textual.app import App, ComposeResult

from nntui.core.snapshot import Snapshot, Trial
from nntui.tui.panels import HistogramPanel, PanelView, TablePanel, TrialsPanel
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.widgets.path_plot import PathPlot
from tests.tui.helpers import dashboard_app


def test_optimizer_paths_preset_draws_every_path() -> None:
    from nntui.presets import PRESETS

    preset = PRESETS["optimizer-paths"]
    config = preset.resolve()

    async def scenario() -> None:
        app = dashboard_app(preset, config=config, speed=5)
        async with app.run_test(size=(80, 24)) as pilot:
            dash = app.screen
            assert isinstance(dash, DashboardScreen)
            for _ in range(200):
                if dash.state == "done" and dash.snapshot and dash.snapshot.done:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            plot = dash.query_one("#panel-paths", PathPlot)
            paths = plot._paths
            assert [p.name for p in paths] == list(preset.series)
            steps = int(config[preset.budget_key])
            assert all(len(p.x) == steps + 1 for p in paths)  # start point + every step
            assert (paths[0].x[0], paths[0].y[0]) == (-7.0, 2.0)  # the book's start
            assert "step 30/30" in dash.status_line()
            loss = dash.query_one("#panel-loss")
            assert loss.title == "f(x, y)"  # the function's exact value: not smoothed
            assert not any(s.faint for s in loss.series)

    asyncio.run(scenario())


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TrialsPanel()


def _snapshot(trials: tuple[Trial, ...]) -> Snapshot:
    return Snapshot(iteration=len(trials), total=10, epoch=0.0, elapsed_s=1.0,
                    samples_per_s=1.0, done=False, series=(), unit="trial", trials=trials)


def test_trials_table_ranks_by_validation_accuracy_and_sorts() -> None:
    trials = (
        Trial(1, 1, lr=1e-3, weight_decay=1e-6, val_acc=0.5, done=True),
        Trial(2, 1, lr=5e-3, weight_decay=1e-7, val_acc=0.8, done=True),
        Trial(3, 1, lr=1e-5, weight_decay=1e-5, val_acc=math.nan),
        Trial(4, 1, lr=2e-4, weight_decay=1e-8, val_acc=0.1, done=True),
    )

    async def scenario() -> None:
        app = _TableApp()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(TrialsPanel)
            table.update(_snapshot(trials), PanelView())
            await pilot.pause()
            first_col = [table.get_row_at(r)[0] for r in range(table.row_count)]
            assert first_col == ["2", "1", "4", "3"]  # best val acc first, unevaluated last
            assert table.get_row_at(3)[4] == "—" and table.get_row_at(3)[6] == "…"
            table.sort_by(2)  # lr ascending
            await pilot.pause()
            lrs = [float(table.get_row_at(r)[2]) for r in range(table.row_count)]
            assert lrs == sorted(lrs) and np.isclose(lrs[0], 1e-5)

    asyncio.run(scenario())


def test_histogram_row_draws_the_layers_that_fit_and_says_so() -> None:
    from nntui.core.snapshot import LayerHistogram, SeriesSnapshot

    edges = np.linspace(0.0, 1.0, 11)
    hists = tuple(LayerHistogram(k + 1, np.arange(10), edges, 0.5, 0.25) for k in range(20))
    snap = Snapshot(iteration=1, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=False, series=(SeriesSnapshot("net", histograms=hists),))
    row = HistogramPanel()
    row.update(snap, PanelView())
    assert row.layer_count == 20
    strips = row.build_strips(40, 8)
    assert all(s.cell_length == 40 for s in strips)  # never wider than the widget
    assert strips[0].text.startswith("layers 1–4 of 20")  # 4 panels of >= 8 columns fit
    # The note, then the head and its hint where they fit, each whole on its own row.
    assert strips[1].text.rstrip() == "activations of ● net · x per layer (h)"
    assert "L1" in strips[2].text and "L4" in strips[2].text and "L5" not in strips[2].text
    wide = row.build_strips(200, 8)
    assert wide[0].text.startswith("activations of ● net · x per layer (h)")
    assert "L20" in wide[1].text


def test_extra_table_leaves_out_what_every_series_shares() -> None:
    from nntui.core.snapshot import SeriesSnapshot
    series = tuple(SeriesSnapshot(f"BN w={w}", extra={"sparsity": w / 10, "lr": 0.01})
                   for w in (1, 0.5))
    snap = Snapshot(iteration=1, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=False, series=series)

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TablePanel()

    async def scenario() -> None:
        app = TableApp()
        async with app.run_test(size=(80, 10)) as pilot:
            table = app.query_one(TablePanel)
            table.update(snap, PanelView())
            await pilot.pause()
            # lr is 0.01 for both: left out; no accuracies recorded: no accuracy columns.
            assert [str(c.label) for c in table.columns.values()] == ["series", "sparsity"]
            assert [str(table.get_row_at(r)[1]) for r in range(2)] == ["0.1000", "0.0500"]

    asyncio.run(scenario())


def test_extra_table_is_not_rebuilt_for_unchanged_nan_cells() -> None:
    from nntui.core.snapshot import SeriesSnapshot
    def snap() -> Snapshot:  # fresh NaN objects each time, as each tick's snapshot has
        series = tuple(SeriesSnapshot(n, extra={"err": e, "w": w})
                       for n, e, w in (("a", float("nan"), 1.0), ("b", 0.5, 2.0)))
        return Snapshot(iteration=1, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                        done=False, series=series)

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TablePanel()

    async def scenario() -> None:
        app = TableApp()
        async with app.run_test(size=(80, 10)) as pilot:
            table = app.query_one(TablePanel)
            rebuilds = 0
            original = table.clear

            def counting_clear(*args, **kwargs):
                nonlocal rebuilds
                rebuilds += 1
                return original(*args, **kwargs)

            table.clear = counting_clear  # type: ignore[method-assign]
            for _ in range(3):
                table.update(snap(), PanelView())
            await pilot.pause()
            assert rebuilds == 1
            assert [str(table.get_row_at(r)[1]) for r in range(2)] == ["—", "0.5000"]

    asyncio.run(scenario())


def test_trials_table_keeps_cursor_and_scroll_when_a_trial_finishes() -> None:
    """A finished trial updates its row in place: the cursor stays on the trial it was on
    and the table does not scroll back to the top (it used to clear and refill)."""
    running = tuple(Trial(i, 1, lr=1e-3, weight_decay=1e-6, val_acc=0.9 - i / 100,
                          done=True) for i in range(30)) + (
        Trial(30, 1, lr=1e-4, weight_decay=1e-6, val_acc=math.nan),)

    async def scenario() -> None:
        app = _TableApp()
        async with app.run_test(size=(60, 12)) as pilot:
            table = app.query_one(TrialsPanel)
            table.update(_snapshot(running), PanelView())
            await pilot.pause()
            table.focus()
            table.move_cursor(row=20)
            await pilot.pause()
            on = table.get_row_at(table.cursor_row)[0]
            scrolled = table.scroll_y
            assert on == "20" and scrolled > 0
            finished = running[:30] + (Trial(30, 1, lr=1e-4, weight_decay=1e-6,
                                             val_acc=0.95, done=True),)
            table.update(_snapshot(finished), PanelView())
            await pilot.pause()
            assert table.get_row_at(0)[0] == "30"  # the new best moved to the top
            assert table.get_row_at(table.cursor_row)[0] == "20"  # the cursor followed
            assert table.cursor_row == 21 and table.scroll_y >= scrolled
            assert table.row_count == 31

    asyncio.run(scenario())
