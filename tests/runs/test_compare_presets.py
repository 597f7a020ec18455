"""Comparing runs of different presets (`runs.compare.compare_panels`): the curves they all
record, a preset's own curve panel only where every run has its data, one iteration axis
where the presets count differently, and a note saying what was left out and why."""

from __future__ import annotations

import io

import numpy as np

from nntui.headless.run import run_headless
from nntui.pipeline.comparison import load_comparison
from nntui.pipeline.request import RunRequest
from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from nntui.tui.line_panels import AccuracyPanel, GapPanel, LossPanel
from nntui.tui.sources import CompareSource
from nntui.tui.sources.compare import compare_panels, compare_preset
from tests.runs.test_compare import _series, _snap
from tests.tui.helpers import sync, wait_for


def kept(preset: str, **settings: str) -> None:
    assert run_headless(preset, overrides=settings, stdout=io.StringIO(),
                        stderr=io.StringIO()) == 0


def test_dropout_and_the_optimizer_race_share_loss_accuracy_and_the_gap_on_iterations(
) -> None:
    kept("dropout", epochs="3", seeds="1")
    kept("optimizer-race", iterations="40")
    comparison = load_comparison(["last~1", "last"])
    preset = compare_preset(comparison)
    view = preset.view
    # Not dropout's panels (gap, accuracy, histograms, table): the shared curves first,
    # then dropout's gap (the race records train and test accuracy too), then the table.
    assert view.panels == ("loss", "accuracy", "gap", "table")
    assert preset.budget_key == "iterations"  # an epoch of 300 is not of 1797
    assert preset.look_for.endswith(
        "runs of dropout, optimizer-race: the panels of what they all record")


def test_runs_of_one_preset_keep_its_own_curve_panels_and_axis() -> None:
    kept("dropout", epochs="2", seeds="1")
    kept("dropout", epochs="3", seeds="1", dropout="0.3")
    comparison = load_comparison(["last~1", "last"])
    preset = compare_preset(comparison)
    assert preset.view.panels == ("gap", "accuracy", "table")
    assert preset.budget_key == "epochs"
    assert "the panels of" not in preset.look_for


def test_a_panel_some_run_has_no_data_for_is_left_out_with_a_note() -> None:
    trained = _snap(10, _series("SGD", 1.0, 10))
    blank = _series("net", 2.0, 10)
    no_evals = _snap(10, type(blank)("net", loss_it=blank.loss_it, loss=blank.loss))
    shown = compare_panels([("aaaa", PRESETS["dropout"], trained),
                            ("bbbb", PRESETS["optimizer-race"], no_evals)])
    assert shown.panels == ("loss", "table")
    assert shown.notes == ("runs of dropout, optimizer-race: the panels of what they all "
                           "record", "no accuracy panel: bbbb recorded none",
                           "no gap panel: bbbb recorded none")
    nan = np.full(2, np.nan)
    untested = _snap(10, type(blank)("x", loss_it=blank.loss_it, loss=blank.loss,
                                     eval_it=np.arange(2), eval_epoch=np.arange(2.0),
                                     train_acc=np.ones(2), val_acc=nan, test_acc=nan))
    shown = compare_panels([("aaaa", PRESETS["dropout"], trained),
                            ("cccc", PRESETS["optimizer-race"], untested)])
    assert shown.panels == ("loss", "accuracy", "table")  # no held-out accuracy: no gap
    assert shown.notes[1:] == ("no gap panel: cccc recorded none",)


@sync
async def test_the_dashboard_of_a_mixed_comparison_draws_its_panels_on_iterations() -> None:
    kept("dropout", epochs="3", seeds="1")
    kept("optimizer-race", iterations="40")
    comparison = load_comparison(["last~1", "last"])
    app = NNTuiApp(start=RunRequest(compare_preset(comparison), comparison.config,
                                    history=False),
                   run=comparison.run, frozen_clock=True, auto_report=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(getattr(app.screen, "source", None),
                                                 CompareSource))
        await pilot.pause(0.3)
        screen = app.screen
        kinds = [type(p) for p in screen.query("*") if isinstance(p, (LossPanel,
                                                                       AccuracyPanel,
                                                                       GapPanel))]
        assert kinds == [LossPanel, AccuracyPanel, GapPanel]
        for panel in screen.query(AccuracyPanel):
            assert panel.x_label == "iteration"
        loss = [s for s in screen.query_one(LossPanel).series if not s.faint]
        first, second = comparison.labels
        assert [s.name for s in loss] == [f"{first}:no dropout", f"{first}:dropout",
                                          *(f"{second}:{n}" for n in PRESETS[
                                              "optimizer-race"].series)]
        # On one iteration axis: dropout's 3 epochs of 300 images in batches of 100.
        assert loss[0].x[-1] == 8 and loss[2].x[-1] == 39
