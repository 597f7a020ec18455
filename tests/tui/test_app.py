"""Pilot tests of the app: picker -> settings -> dashboard, the run controls, quitting.

They drive the real app with small presets (tests/tui/conftest.py) and assert what is on
the screen (status line, plot data, table cells) and the run's state.
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import time

import pytest
from textual.widgets import Input, OptionList, Static

from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.request import RunChoices
from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.confirm import ConfirmLeave
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.picker import PickerScreen
from nntui.tui.screens.report import ReportScreen
from nntui.tui.screens.settings import SettingsScreen
from nntui.tui.screens.too_small import TooSmallScreen
from nntui.tui.sources import LiveSource
from nntui.tui.widgets.boundary_plot import BoundaryPlot
from nntui.tui.widgets.extra_table import ExtraTable
from nntui.tui.widgets.histogram_row import HistogramRow
from nntui.tui.widgets.line_plot import LinePlot
from tests.i18n.helpers import ja
from tests.tui.helpers import (
    ENDLESS,
    endless_app,
    iteration,
    open_dashboard,
    row_of,
    screen_text,
    squeeze,
    status,
    status_of,
    sync,
    training_threads,
    wait_for,
    widget_lines,
)


@sync
async def test_picker_start_pause_step_resume_stop_back_quit(presets) -> None:
    app = endless_app(presets)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.query_one(OptionList).option_count == 2
        about = " ".join(widget_lines(picker.query_one("#pick-about", Static)))
        assert "Tiny optimizer race" in about and "Adam's loss falls faster" in about

        await pilot.press("enter")
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        await wait_for(pilot, lambda: dash.snapshot is not None
                       and dash.snapshot.iteration >= 20 and dash.ticks >= 2)
        head = str(dash.query_one("#dash-head", Static).render())
        assert "Tiny optimizer race · digits · seed 0" in head
        assert "▶ running" in status(app)
        loss = dash.query_one("#panel-loss", LinePlot)
        names = [s.name for s in loss.series]
        assert names == ["SGD raw", "Adam raw", "SGD", "Adam"]  # raw faint, then smoothed
        assert len(loss.series[2].x) >= 20
        assert [s.name for s in dash.query_one("#panel-accuracy", LinePlot).series] == [
            "SGD train", "Adam train", "SGD", "Adam"]
        row = dash.query_one(HistogramRow)
        assert row.layer_count == 2  # two hidden layers
        drawn = [row.render_line(y).text for y in range(2)]
        assert drawn[0].startswith("activations of ● SGD")
        assert "L1 μ" in drawn[1] and "L2 μ" in drawn[1]  # both panels, side by side

        # Pause: the iteration count stops.
        await pilot.press("space")
        assert dash.source.driver is not None and dash.source.driver.paused
        await pilot.pause(0.15)
        before = iteration(dash)
        await pilot.pause(0.3)
        assert iteration(dash) == before
        await wait_for(pilot, lambda: "⏸ paused" in status(app))
        assert f"it {before:,}/" in status(app)

        # Step: exactly one more iteration.
        await pilot.press("n")
        await wait_for(pilot, lambda: iteration(dash) == before + 1)
        await pilot.pause(0.3)
        assert iteration(dash) == before + 1
        await wait_for(pilot, lambda: f"it {before + 1:,}/" in status(app))

        # Resume: it advances again.
        await pilot.press("space")
        await wait_for(pilot, lambda: iteration(dash) > before + 10)
        assert "▶ running" in status(app)

        # Stop: the worker ends, the count stays.
        await pilot.press("x")
        await wait_for(pilot, lambda: not dash.source.driver.running)
        stopped_at = iteration(dash)
        await pilot.pause(0.2)
        assert iteration(dash) == stopped_at
        await wait_for(pilot, lambda: "⏹ stopped" in status(app))

        # Back to the picker (a stopped run asks first), then quit.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("q")
    assert app.return_code == 0
    assert training_threads() == []


@sync
async def test_quit_mid_run_stops_worker_quickly(presets, dashboard) -> None:
    async with dashboard("tiny-race", iterations=ENDLESS, speed=3) as (pilot, dash):
        await wait_for(pilot, lambda: dash.source.driver.running)
        driver = dash.source.driver
        started = time.monotonic()
        await pilot.press("q")
    await asyncio.sleep(0)
    deadline = time.monotonic() + 0.5
    while training_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert training_threads() == []
    assert not driver.running and driver.stopped
    assert time.monotonic() - started < 1.5  # press + app shutdown + worker exit


@sync
async def test_settings_validate_reset_and_run_to_report(presets) -> None:
    app = NNTuiApp(presets=presets, frozen_clock=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen)
        lr = form.inputs()["lr"]
        lr.value = "-1"
        await pilot.pause()
        expected = "lr must be a number > 0 (got '-1')"
        assert str(form.query_one("#err-lr", Static).content) == expected  # Wrapped: its plain text
        assert form.errors() == {"lr": expected}
        await pilot.press("f5")  # refuses to start while a field is invalid
        assert isinstance(app.screen, SettingsScreen)

        await pilot.press("ctrl+r")  # book defaults
        await pilot.pause()
        assert lr.value == "0.1" and form.errors() == {}
        form.inputs()["iterations"].value = "30"
        await pilot.pause()
        await pilot.press("f5")
        dash = next(s for s in app.screen_stack if isinstance(s, DashboardScreen))
        assert dash.config["iterations"] == 30
        # The run ends by itself; the report does not cover the charts: the status line
        # says which key opens it, and v does.
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await pilot.pause(0.2)
        assert app.screen is dash
        assert "✔ done" in status_of(dash) and "it 30/30" in status_of(dash)
        assert "v: final report" in status_of(dash)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause()
        body = screen_text(app)
        assert dash.report is not None
        assert f"{dash.report.series[0].test_acc:.4f}" in body
        assert "Final report · Tiny optimizer race" in body
        assert "test accuracy" in body and "per class" in body and "precision" in body
        await pilot.press("escape")
        assert app.screen is dash
        await pilot.press("question_mark")
        assert not isinstance(app.screen, DashboardScreen)  # the help overlay
        await pilot.press("escape")
        assert app.screen is dash
        await pilot.press("escape")  # a finished run: asks before leaving
        await wait_for(pilot, lambda: "Leave this run?" in screen_text(app))
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("y")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        # The picker remembers the custom setting.
        assert "iterations=30" in str(picker.query_one("#pick-changed", Static).render())


@sync
async def test_focus_series_log_smoothing_and_panels(presets, dashboard) -> None:
    async with dashboard("tiny-race", size=(120, 40), iterations=40) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0)
        row = dash.query_one(HistogramRow)
        assert "activations of ● SGD" in row.head_text
        await pilot.press("f")
        assert "activations of ■ Adam" in row.head_text
        await pilot.press("tab")
        assert "activations of ● SGD" in row.head_text

        loss = dash.query_one("#panel-loss", LinePlot)
        assert loss.log_y  # losses differ by decades at the end of a race
        await pilot.press("l")
        assert not loss.log_y
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert loss.title == "loss"  # smoothing 0: raw curves only
        assert [s.name for s in loss.series] == ["SGD", "Adam"]

        await pilot.press("2")  # hide the accuracy panel
        assert not dash.query_one("#panel-accuracy").display
        await pilot.press("3")  # hide histograms: the lower row goes too
        assert not dash.query_one("#dash-bottom").display
        assert not dash.query_one("#dash-none").display  # the loss panel is still up
        await pilot.press("1")  # nothing left: say how to get panels back
        assert dash.query_one("#dash-none").display
        assert "1…3 shows one again" in str(dash.query_one("#dash-none", Static).render())
        await pilot.press("1")
        assert not dash.query_one("#dash-none").display and dash.query_one("#dash-top").display
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "pause / resume training" in help_text and "2:accuracy" in help_text


@sync
async def test_restart_uses_next_seed(dashboard) -> None:
    async with dashboard("tiny-race", iterations=20, seed=4) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done")
        await pilot.press("r")
        assert dash.config.seed == 5
        await wait_for(pilot, lambda: dash.state == "done" and dash.snapshot is not None
                       and dash.snapshot.iteration == 20)
        assert "seed 5" in str(dash.query_one("#dash-head", Static).render())


@sync
async def test_boundary_and_table_panels(presets, dashboard) -> None:
    async with dashboard("tiny-spiral", iterations=20) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0)
        await pilot.pause()
        boundary = dash.query_one(BoundaryPlot)
        assert boundary._grid is not None and boundary._grid.shape == (24, 48)
        assert boundary.title.startswith("boundary: ● SGD")
        table = dash.query_one(ExtraTable)
        assert table.row_count == 2
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:3] == ["series", "train acc", "test acc"]
        assert "weight_norm" in labels  # differs between the two series
        snap = dash.snapshot
        assert snap is not None
        for r, s in enumerate(snap.series):  # the last accuracies, as the curves end
            row = table.get_row_at(r)
            assert str(row[0]) == f"{'●■'[r]} {s.name}"
            assert float(row[1]) == pytest.approx(s.train_acc[-1], abs=5e-5)
            assert float(row[2]) == pytest.approx(s.test_acc[-1], abs=5e-5)


@sync
async def test_build_error_is_shown_and_app_stays_usable(presets) -> None:
    from nntui.core.data import DataError

    def broken(config, data_dir, progress, compute):
        raise DataError("MNIST download failed: no network; use --data-dir DIR.")

    from dataclasses import replace

    presets["tiny-race"] = replace(presets["tiny-race"], builder=broken)
    app = NNTuiApp(presets=presets, frozen_clock=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dash = app.screen
        await wait_for(pilot, lambda: dash.state == "failed")
        assert "failed: MNIST download failed: no network" in status_of(dash)
        assert any("no network" in str(n.message) for n in app._notifications)
        await pilot.press("b")
        assert isinstance(app.screen, PickerScreen)


@sync
async def test_too_small_message_and_recovery(presets) -> None:
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = str(app.screen.query_one("#too-small", Static).render())
        assert "terminal too small\nneed 60×20, have 40×10" in text
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))


def test_run_app_rejects_bad_set_before_starting(presets, monkeypatch, capsys) -> None:
    import nntui.presets
    from nntui.tui.launch import run_app

    monkeypatch.setattr(nntui.presets, "PRESETS", presets, raising=False)
    code = run_app(choices=RunChoices("tiny-race", overrides={"lr": "-1"}),
                   lang=None, out=None, data_dir=None)
    err = capsys.readouterr().err
    assert code == 2
    assert err == "nntui: lr must be a number > 0 (got '-1')\n"
    assert run_app(choices=RunChoices("nope"), lang=None, out=None,
                   data_dir=None) == 2
    assert capsys.readouterr().err.startswith("nntui: unknown preset 'nope'")


def test_run_app_refuses_an_out_that_is_a_file_before_starting(tmp_path, capsys,
                                                                monkeypatch) -> None:
    import nntui.tui.launch
    from nntui.tui.launch import run_app

    # Without a terminal nothing is created: that check comes first.
    newdir = tmp_path / "new" / "sub"
    assert run_app(choices=None, lang=None, out=newdir,
                   data_dir=None) == 2
    assert "needs a terminal" in capsys.readouterr().err and not newdir.parent.exists()

    monkeypatch.setattr(nntui.tui.launch, "has_terminal", lambda: True)
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    code = run_app(choices=None, lang=None, out=afile,
                   data_dir=None)
    assert code == 2
    assert capsys.readouterr().err == (
        f"nntui: --out {afile} is a file, not a directory: choose a directory path\n")
    assert afile.read_text() == "not a folder"  # nothing lost


@pytest.mark.parametrize("lang", ["ja"])
@sync
async def test_picker_in_japanese(lang) -> None:
    app = NNTuiApp(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        about = " ".join(widget_lines(app.screen.query_one("#pick-about", Static)))
        first = next(iter(PRESETS.values()))
        assert ja(first.title) in about and first.title not in about


@sync
async def test_export_writes_the_run_directory(dashboard, tmp_path) -> None:
    import json

    out = tmp_path / "run"
    async with dashboard("tiny-race", iterations=20, seed=2, out=out) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done")
        await pilot.press("e")
        assert any(f"Results written to {out}" in str(n.message) for n in app._notifications)
    assert json.loads((out / "config.json").read_text())["seed"] == 2
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["series"]) == {"SGD", "Adam"} and summary["iterations"] == 20
    assert (out / "metrics.csv").read_text().startswith("series,iteration,epoch,loss")


@sync
async def test_download_progress_is_shown_and_leaving_cancels_it(presets) -> None:
    from dataclasses import replace

    from nntui.pipeline.session import Cancelled as DownloadCancelled

    cancelled = threading.Event()

    def downloading(config, data_dir, progress, compute):
        try:
            for _ in range(500):  # a slow download: 5 of 10 bytes, then stuck
                progress("train-images-idx3-ubyte.gz", 5, 10)
                time.sleep(0.01)
        except DownloadCancelled:
            cancelled.set()
            raise
        raise AssertionError("the download was never cancelled")

    presets["tiny-race"] = replace(presets["tiny-race"], builder=downloading)
    app = NNTuiApp(presets=presets, frozen_clock=True, auto_report=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dash = app.screen
        await wait_for(pilot, lambda: "downloading" in status_of(dash))
        assert "downloading train-images-idx3-ubyte.gz" in status_of(dash)
        assert "50%" in status_of(dash)
        await pilot.press("b")
        assert isinstance(app.screen, PickerScreen)
        await wait_for(pilot, cancelled.is_set, timeout=2)


@sync
async def test_q_quits_from_the_final_report(presets, dashboard) -> None:
    """The footer says "q Quit": it must not merely close the report overlay."""
    async with dashboard("tiny-race", iterations=5) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=10)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert training_threads() == []


@sync
async def test_status_line_fits_80_columns_and_keeps_speed(presets, dashboard) -> None:
    from dataclasses import replace as dc_replace

    async with dashboard("tiny-race", iterations=ENDLESS, speed=2,
                         frozen_clock=False) as (pilot, dash):
        await wait_for(pilot, lambda: dash.snapshot is not None)
        line = dash.status_line()
        assert len(line) <= 78 and "speed 3/6" in line and "it " in line
        # A long message from the run takes lines of its own (two at most, the second cut
        # with "…" past that), never pushing the state out of the first.
        assert dash.snapshot is not None
        dash.snapshot = dc_replace(dash.snapshot, message="round 2: " + "narrowed " * 20)
        first, *rest = dash.status_line().split("\n")
        assert first.startswith("▶ running") and "speed 3/6" in first and len(first) <= 78
        assert len(rest) == 2 and all(len(line) <= 78 for line in rest)
        assert rest[0].startswith("round 2: narrowed") and rest[1].endswith("…")
        # Paused: no ETA, no rate (stale numbers).
        await pilot.press("space")
        await wait_for(pilot, lambda: "⏸ paused" in dash.status_line())
        assert "ETA" not in dash.status_line() and "/s" not in dash.status_line()
        await pilot.press("space")
        # A stopped run has no ETA.
        await pilot.press("x")
        await wait_for(pilot, lambda: dash.state == "stopped")
        assert "ETA" not in dash.status_line() and "⏹ stopped" in dash.status_line()


@sync
async def test_look_for_is_cut_with_an_ellipsis_only_when_it_does_not_fit(presets,
                                                                          dashboard) -> None:
    from dataclasses import replace as dc_replace


    long = "Watch the curves. " * 20
    race = dc_replace(presets["tiny-race"], look_for=long)
    presets["tiny-race"] = race
    async with dashboard("tiny-race", iterations=5) as (pilot, _dash):
        app = pilot.app
        await pilot.pause()
        look = str(app.screen.query_one("#dash-look", Static).render()).splitlines()
        # Cut only past its budget: 4 lines below 30 rows (every real preset fits them).
        assert len(look) == 4 and look[-1].rstrip().endswith("…")
        assert look[0].startswith("Look for: Watch the curves.")
        await pilot.press("question_mark")  # help shows it whole
        await pilot.pause()
        shown = squeeze("".join(widget_lines(app.screen.query_one("#help-body", Static))))
        assert squeeze("Look for: " + long) in shown
    async with dashboard("tiny-spiral", iterations=5) as (pilot, dash):
        app = pilot.app
        await pilot.pause()
        look = str(app.screen.query_one("#dash-look", Static).render())
        assert look == "Look for: The shaded regions follow the arms."


@sync
async def test_gradient_check_panel_names_what_it_plots() -> None:

    async with open_dashboard("gradient-check", size=(120, 40), steps=2) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0, timeout=30)
        await pilot.pause()
        loss = dash.query_one("#panel-loss", LinePlot)
        assert loss.title == "worst relative error per check"  # not smoothed, not "loss"
        assert loss.x_label == "check"
        table = dash.query_one(ExtraTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:2] == ["series", "max_rel_error"]  # the verdict before the details


# -- QA fixes: settings focus, help/picker wrapping, footers, too-small notice ----------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@sync
async def test_settings_focused_input_shows_what_is_typed(presets, size) -> None:
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen)
        field = form.inputs()["iterations"]
        await pilot.press("4", "5")
        await pilot.pause()
        assert app.focused is field and field.value == "45"
        assert field.size.height == 1
        assert row_of(app, "iterations").split() == ["iterations", "45"]
        await pilot.press("x")  # invalid while focused: Input's own focus border must not win
        await pilot.pause()
        assert field.has_class("-invalid") and field.size.height == 1
        assert row_of(app, "iterations").split() == ["iterations", "45x"]
        assert "iterations must be an integer >= 1 (got '45x')" in screen_text(app)
        await pilot.press("tab")  # the next field: focused and readable too
        await pilot.pause()
        assert app.focused is form.inputs()["lr"]
        assert row_of(app, "lr").split() == ["lr", "0.1"]


@sync
async def test_settings_first_field_has_focus_on_open(presets) -> None:
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen)
        assert app.focused is form.inputs()["iterations"]
        await pilot.press("7")  # typing works at once, replacing the value
        assert form.inputs()["iterations"].value == "7"


@sync
async def test_help_in_japanese_keeps_the_whole_explanation() -> None:
    from nntui.presets import PRESETS
    from nntui.tui.screens.help import HelpScreen

    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one(OptionList).highlighted = list(PRESETS).index("activation-histograms")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = widget_lines(app.screen.query_one("#help-body", Static))
        explanation = ja(PRESETS["activation-histograms"].explanation)
        assert squeeze(explanation) in squeeze("".join(lines))
        assert not any("…" in line for line in lines if "preset" in line or not line[:10].strip())


@sync
async def test_picker_titles_are_whole_after_going_back_from_a_dashboard() -> None:
    from nntui.presets import PRESETS

    async with open_dashboard("optimizer-paths") as (pilot, dash):
        app = pilot.app
        assert isinstance(app.screen, DashboardScreen)
        await pilot.pause(0.2)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause()
        shown = " ".join(widget_lines(app.screen.query_one(OptionList)))
        shown = " ".join(re.sub(r"[\u2580-\u259f]", " ", shown).split())  # no border
        titles = [p.title for p in PRESETS.values()]
        assert shown.startswith(" ".join(titles[:4]))


@sync
async def test_picker_japanese_info_wraps_between_characters() -> None:
    from nntui.presets import PRESETS

    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        about = app.screen.query_one("#pick-about", Static)
        lines = widget_lines(about)
        preset = PRESETS["optimizer-paths"]
        text = squeeze("".join(lines))
        assert squeeze(ja(preset.explanation)) in text and squeeze(ja(preset.look_for)) in text
        # Not broken at the rare space ("注目点: SGD は y" / "方向にジグザグに…"): the line
        # goes on with the characters that fit.
        look = next(line for line in lines if line.startswith("注目点:"))
        assert look.startswith("注目点: SGD は y 方向にジグザグに")
        # No line starts with a mark that must not begin one.
        assert not any(line[:1] in "、。）" for line in lines if line)


def test_wrapped_breaks_cjk_text_between_characters_and_keeps_kinsoku() -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from nntui.tui.wrap import Wrapped

    text = "平均0・分散1の乱数で作った入力を、学習はせずに順伝播します（図6-10）。"
    console = Console(width=12, record=True, color_system=None)
    console.print(Wrapped(text + " Latin words still wrap at spaces"))
    lines = console.export_text().splitlines()
    assert squeeze("".join(lines)) == squeeze(text + "Latinwordsstillwrapatspaces")
    assert all(cell_len(line) <= 12 for line in lines)
    assert not any(line[:1] in "、。）" for line in lines)
    assert "wrap at" in lines[-1] or "spaces" in lines[-1]


@sync
async def test_picker_dataset_select_shows_the_whole_name() -> None:
    app = NNTuiApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")  # optimizer-race: digits, mnist, fashion-mnist, …
        await pilot.press("d", "d")
        await pilot.pause()
        assert app.session.datasets["optimizer-race"] == "fashion-mnist"
        row = next(line for line in screen_text(app).splitlines()
                   if "dataset" in line and "seed" in line)
        assert "fashion-mnist" in row.split()


@sync
async def test_footers_name_each_screens_own_keys(presets, dashboard) -> None:
    def footer() -> str:
        return " ".join(screen_text(app).splitlines()[-1].split())

    app = NNTuiApp(presets=presets, frozen_clock=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: footer() != "")  # a loaded machine paints it late
        assert footer().startswith("enter Start s Settings")
        app.screen.query_one("#pick-seed", Input).focus()  # enter starts there too
        await pilot.pause()
        assert isinstance(app.focused, Input) and "enter Start" in footer()
    async with dashboard("tiny-race", iterations=5) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.state == "done", timeout=10)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=10)
        await pilot.pause()
        assert footer() == "esc Close f Next series e Export q Quit"
        await pilot.press("escape")
        await pilot.pause()
        assert "space" in footer() and "Help" in footer()  # the dashboard's own again


@pytest.mark.parametrize("size", [(50, 15), (30, 10)], ids=["50x15", "30x10"])
@sync
async def test_too_small_notice_reads_well(presets, size) -> None:
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        w, h = size
        assert [line.strip() for line in screen_text(app).splitlines() if line.strip()] == [
            "terminal too small", f"need 60×20, have {w}×{h}", "enlarge the window",
            "or press q to quit"]


def test_resource_tracker_starts_while_stderr_has_no_descriptor() -> None:
    """Under Textual `sys.stderr` has no file descriptor; a process pool's tracker needs
    one. start_resource_tracker uses the real stderr and puts Textual's object back."""
    import subprocess
    import sys

    script = """
import io, sys
class NoFd(io.StringIO):
    def fileno(self):
        return -1
capture = NoFd()
sys.stderr = capture
try:
    {call}
except Exception as exc:
    print("failed:", exc)
else:
    print("ok" if sys.stderr is capture else "stderr not restored")
"""
    ours = "from nntui.tui.resource_tracker import start_resource_tracker; start_resource_tracker()"
    plain = "import multiprocessing.resource_tracker as r; r.ensure_running()"
    done = subprocess.run([sys.executable, "-c", script.format(call=ours)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
    # Without it the pitfall is real: the plain call fails the same way a pool would.
    bare = subprocess.run([sys.executable, "-c", script.format(call=plain)],
                          capture_output=True, text=True, timeout=60)
    assert "failed:" in bare.stdout and "fds_to_keep" in bare.stdout


@sync
async def test_frames_hold_training_while_they_draw(presets, monkeypatch, dashboard) -> None:
    """The dashboard hooks Textual's per-frame update (a private method, through
    `tui.textual_seam`): if Textual renames it, this fails instead of the frame priority
    silently disappearing."""
    from textual.screen import Screen

    assert "_on_timer_update" in vars(Screen)
    holds: list[str] = []
    original = TrainingDriver.hold_for_frame

    def hold(self: TrainingDriver) -> None:
        holds.append(sys._getframe(2).f_code.co_name)  # who asked the source to hold
        original(self)

    monkeypatch.setattr(TrainingDriver, "hold_for_frame", hold)
    async with dashboard("tiny-race", iterations=ENDLESS, speed=3,
                         frozen_clock=False) as (pilot, dash):
        await wait_for(pilot, lambda: dash.ticks >= 3)
        await pilot.pause(0.3)
        assert dash.source.driver._frame_free.is_set()  # released
    # Both the panels' update and Textual's frame (through the seam's public-named hook).
    assert "_tick" in holds and "gate_update" in holds


@sync
async def test_g_moves_through_the_groups_of_a_many_series_run() -> None:
    async with open_dashboard("batchnorm", size=(120, 40), epochs=1,
                              train_size=200) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0, timeout=30)
        loss = dash.query_one("#panel-loss", LinePlot)
        assert loss.title.endswith("· 1–8 of 32")
        await pilot.press("g")
        assert dash.view.focus == 8 and loss.title.endswith("· 9–16 of 32")
        assert [s.name for s in loss.series if not s.faint][0].startswith("BN w=0.086")
        await pilot.press("g", "g", "g")  # 17–24, 25–32, then back to the first group
        assert dash.view.focus == 0 and loss.title.endswith("· 1–8 of 32")


@sync
async def test_dashboard_starts_the_resource_tracker_before_its_worker(presets,
                                                                       monkeypatch) -> None:
    import nntui.tui.sources.live

    calls: list[bool] = []
    monkeypatch.setattr(nntui.tui.sources.live, "start_resource_tracker",
                        lambda: calls.append(True))
    app = NNTuiApp(presets=presets, frozen_clock=True, auto_report=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert calls == []  # the picker paints without it
        await pilot.press("enter")
        assert isinstance(app.screen, DashboardScreen) and calls == [True]


def test_run_app_resolves_like_headless(monkeypatch, capsys) -> None:
    """`--dataset MNIST` starts the dashboard on mnist (as headless runs it), and a dataset
    the preset cannot use is the very line headless prints."""
    import io

    import nntui.tui.app
    import nntui.tui.launch
    from nntui.headless.run import run_headless
    from nntui.tui.launch import run_app

    started = []
    monkeypatch.setattr(nntui.tui.launch, "has_terminal", lambda: True)
    monkeypatch.setattr(nntui.tui.app.NNTuiApp, "run",
                        lambda self: started.append(self._start) or 0)
    assert run_app(choices=RunChoices("optimizer-race", "MNIST"),
                   lang=None, out=None, data_dir=None) == 0
    assert started[0].config.dataset == "mnist"

    assert run_app(choices=RunChoices("init-compare", "cifar"), lang=None,
                   out=None, data_dir=None) == 2
    err = io.StringIO()
    assert run_headless("init-compare", dataset="cifar", stdout=io.StringIO(),
                        stderr=err) == 2
    shown = capsys.readouterr().err
    assert shown == err.getvalue()
    assert shown.startswith("nntui: init-compare runs on digits, mnist")
    assert shown.endswith(" (got --dataset cifar)\n") and shown.count("\n") == 1


def _no_new_run(source: LiveSource, host: object) -> None:
    """LiveSource.start whose new run is never built: a driver without a run."""
    source.driver = TrainingDriver()


@sync
async def test_restart_clears_every_panel(dashboard, monkeypatch) -> None:
    """After `r` no panel shows the previous seed's data (it used to clear only the line
    and path plots: histograms, boundary and table kept the old run's)."""
    async with dashboard("tiny-spiral", iterations=20) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0)
        await pilot.pause()
        boundary, table = dash.query_one(BoundaryPlot), dash.query_one(ExtraTable)
        assert boundary._grid is not None and table.row_count == 2
        # The new run never produces data here: what shows is what restart left.
        monkeypatch.setattr(LiveSource, "start", _no_new_run)
        await pilot.press("r")
        await pilot.pause()
        assert boundary._grid is None and table.row_count == 0
        assert all(not p.series for p in dash.query(LinePlot))
    monkeypatch.undo()
    async with dashboard("tiny-race", iterations=20) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and dash.ticks > 0)
        await pilot.pause()
        row = dash.query_one(HistogramRow)
        assert row.layer_count == 2
        monkeypatch.setattr(LiveSource, "start", _no_new_run)
        await pilot.press("r")
        await pilot.pause()
        assert row.layer_count == 0


@sync
async def test_report_of_a_stopped_run_is_computed_off_the_ui_thread(presets) -> None:
    app = endless_app(presets)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        await wait_for(pilot, lambda: dash.state == "running" and iteration(dash) > 3)
        await pilot.press("x")
        await wait_for(pilot, lambda: not dash.source.driver.running)
        run = dash.source.driver.run
        threads: list[str] = []
        real = run.report

        def report():
            threads.append(threading.current_thread().name)
            return real()

        run.report = report  # type: ignore[method-assign]
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert threads and threading.main_thread().name not in threads
        assert dash.report is not None and len(dash.report.series) == 2
