"""Comparisons (`nntui.runs.compare`, `nntui.pipeline.comparison`, `nntui compare`): each
``run:series`` holds that run's curves (a swapped run or series fails), the settings that
differ are the table's columns, and the dashboard opens on the merged recording."""

from __future__ import annotations

import io

import numpy as np
import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.core.errors import UserError
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.headless.compare import compare_table
from nntui.headless.run import run_headless
from nntui.pipeline.comparison import load_comparison
from nntui.pipeline.saved import load_saved
from nntui.runs.compare import Compared, CompareRun, merged_snapshot
from nntui.runs.history import records
from nntui.tui.sources import CompareSource
from nntui.tui.sources.compare import compare_preset
from tests.tui.helpers import dashboard_app, screen_text, sync, wait_for


def _series(name: str, offset: float, n: int) -> SeriesSnapshot:
    its = np.arange(n)
    evals = its[::5]
    same = offset + evals * 0.0
    return SeriesSnapshot(name, loss_it=its, loss=offset + its * 0.0, eval_it=evals,
                          eval_epoch=evals * 1.0, train_acc=same, val_acc=same,
                          test_acc=same, val_loss=same)


def _snap(n: int, *series: SeriesSnapshot) -> Snapshot:
    return Snapshot(n, n, 1.0, 1.0, 1.0, True, series)


def test_merged_series_are_labelled_run_series_in_run_order_with_their_own_curves() -> None:
    a = _snap(10, _series("SGD", 1.0, 10), _series("Adam", 2.0, 10))
    b = _snap(20, _series("SGD", 3.0, 20), _series("Adam", 4.0, 20))
    merged = merged_snapshot([Compared("aaaa", a), Compared("bbbb", b)])
    assert [s.name for s in merged.series] == ["aaaa:SGD", "aaaa:Adam", "bbbb:SGD",
                                               "bbbb:Adam"]
    assert [float(s.loss[0]) for s in merged.series] == [1.0, 2.0, 3.0, 4.0]
    assert [len(s.loss) for s in merged.series] == [10, 10, 20, 20]
    assert (merged.iteration, merged.total) == (20, 20)  # the longest run's


def test_a_merged_recording_plays_each_run_up_to_the_shown_iteration() -> None:
    a = _snap(10, _series("SGD", 1.0, 10))
    b = _snap(20, _series("SGD", 3.0, 20))
    run = CompareRun([Compared("aaaa", a), Compared("bbbb", b)])
    assert run.done and run.iteration == 20  # opens at the end
    run.seek(8)
    assert [len(s.loss) for s in run.snapshot().series] == [9, 9]
    run.seek(15)
    assert [len(s.loss) for s in run.snapshot().series] == [10, 16]


def _two_runs() -> tuple[str, str]:
    """Two optimizer races, SGD's learning rate 0.01 then 0.1; (older, newer) ids."""
    for lr in ("0.01", "0.1"):
        assert run_headless("optimizer-race", overrides={"iterations": "40", "lr_sgd": lr},
                            stdout=io.StringIO(), stderr=io.StringIO()) == 0
    newer, older = records()
    return older.id, newer.id


def test_compare_overlays_the_right_series_from_the_right_runs() -> None:
    older, newer = _two_runs()
    comparison = load_comparison([newer, older])
    assert comparison.labels == (newer[:4], older[:4])
    assert comparison.keys == ("lr_sgd",)
    final = comparison.run.final
    names = [s.name for s in final.series]
    assert names[:2] == [f"{newer[:4]}:SGD", f"{newer[:4]}:Momentum"]
    assert names[5] == f"{older[:4]}:SGD" and len(names) == 10
    assert list(comparison.preset.series) == names
    for rid, first in ((newer, 0), (older, 5)):
        own = load_saved(rid).run.final
        for k, s in enumerate(own.series):
            merged = final.series[first + k]
            np.testing.assert_array_equal(merged.loss, s.loss)
            np.testing.assert_array_equal(merged.test_acc, s.test_acc)
    # SGD's learning rate differs, so its curves differ; the others' are the same runs.
    assert not np.array_equal(final.series[0].loss, final.series[5].loss)
    np.testing.assert_array_equal(final.series[3].loss, final.series[8].loss)
    report = comparison.run.report()
    assert report is not None and [r.name for r in report.series] == names


def test_the_table_has_the_differing_settings_as_columns() -> None:
    older, newer = _two_runs()
    lines = compare_table(load_comparison([older, newer]))
    head = lines[0].split()
    assert head[:2] == ["series", "lr_sgd"]
    rows = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert rows[f"{older[:4]}:SGD"] == "0.01" and rows[f"{newer[:4]}:Adam"] == "0.1"
    assert list(rows)[:1] == [f"{older[:4]}:SGD"]


def test_compare_refuses_one_run_and_the_same_run_twice() -> None:
    older, newer = _two_runs()
    with pytest.raises(UserError, match="two runs or more"):
        load_comparison([older])
    with pytest.raises(UserError, match="are the same run"):
        load_comparison([older, older[:6]])


def test_compare_headless_prints_the_charts_and_the_table() -> None:
    older, newer = _two_runs()
    result = CliRunner().invoke(app, ["compare", "last", "last~1", "--headless"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(f"{newer[:4]}:SGD" in line for line in lines)
    assert lines[-1] == f"runs: {newer[:4]} lr_sgd=0.1 · {older[:4]} lr_sgd=0.01"
    bad = CliRunner().invoke(app, ["compare", "last"])
    assert bad.exit_code == 2 and "compare needs two runs or more" in bad.output


@sync
async def test_the_dashboard_shows_a_comparison_from_its_own_source() -> None:
    older, newer = _two_runs()
    comparison = load_comparison([newer, older])
    app_ = dashboard_app(compare_preset(comparison), config=comparison.config,
                         run=comparison.run)
    async with app_.run_test(size=(120, 40)) as pilot:
        dash = app_.screen
        await wait_for(pilot, lambda: dash.state == "done")  # type: ignore[attr-defined]
        await pilot.pause(0.2)
        assert isinstance(dash.source, CompareSource)  # type: ignore[attr-defined]
        text = screen_text(app_)
        assert "compare 2 runs" in text
        assert f"{newer[:4]}:SGD" in text
        loss = dash.query_one("#panel-loss")  # type: ignore[attr-defined]
        shown = [s.name for s in loss.series if not s.faint]
        assert shown[0] == f"{newer[:4]}:SGD"
    assert len(records()) == 2  # looking at runs keeps no new one
