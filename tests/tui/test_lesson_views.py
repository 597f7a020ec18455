"""Issue 13: what the screen shows is what the lesson needs. Histogram bins map to whole
columns, layers share one x range where the preset compares them, batchnorm's sweep panel,
the train–test gap as numbers, one x axis, the table following `g`."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest
from textual.app import App, ComposeResult

from nntui.core.run import FinalReport, SeriesReport
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.presets import PRESETS
from nntui.runs.summary import accuracy_columns
from nntui.tui import summaries, views
from nntui.tui.panels import HistogramPanel, LossPanel, PanelView, SweepPanel, TablePanel
from nntui.tui.plotting.bars import bin_columns, histogram_bars, rebin
from nntui.tui.plotting.histogram import share_range


# -- bins map to columns -----------------------------------------------------------------
@pytest.mark.parametrize("bins", [30, 7, 12, 64, 200])
@pytest.mark.parametrize("width", [8, 13, 23, 29, 30, 45, 60, 97])
def test_every_column_holds_the_same_number_of_bins(bins: int, width: int) -> None:
    columns = bin_columns(bins, width)
    assert 0 < len(columns) <= width
    # Left to right, every bin drawn, in order, none twice across columns...
    flat = [b for r in columns for b in r]
    assert sorted(set(flat)) == list(range(bins)) and flat == sorted(flat)
    sizes = [len(r) for r in columns]
    if bins <= width:
        # ...never two bins in one column, and every bin gets the same number of columns
        assert set(sizes) == {1}
        spans = {flat.count(b) for b in range(bins)}
        assert spans == {width // bins}
    else:
        # ...or every column sums the same number of bins (a k with a close divisor)
        has_divisor = any(bins % g == 0 for g in range(-(-bins // width),
                                                       2 * -(-bins // width) + 1))
        if has_divisor:
            assert len(set(sizes)) == 1, sizes
        else:  # only the last column may hold fewer
            assert len(set(sizes[:-1])) == 1 and sizes[-1] <= sizes[0]


def test_a_flat_histogram_draws_flat_bars_not_a_comb() -> None:
    # The case: 30 bins in a 23-column panel made every third column a spike.
    rows = histogram_bars(np.full(30, 100.0), 23, 4)
    heights = [sum(r[c] != " " for r in rows) for c in range(23)]
    drawn = [h for h in heights if h]
    assert len(set(drawn)) == 1 and len(drawn) == 15  # 15 columns of 2 bins, all equal
    assert heights[15:] == [0] * 8  # the rest stays blank, not stretched unevenly


def test_rebin_keeps_counts_and_spreads_them_by_overlap() -> None:
    counts = np.array([10.0, 20.0, 30.0])
    moved = rebin(counts, np.array([0.0, 1.0, 2.0, 3.0]), np.linspace(0.0, 6.0, 7))
    assert moved.tolist() == [10.0, 20.0, 30.0, 0.0, 0.0, 0.0]
    halves = rebin(counts, np.array([0.0, 1.0, 2.0, 3.0]), np.linspace(0.0, 3.0, 7))
    assert halves.tolist() == [5.0, 5.0, 10.0, 10.0, 15.0, 15.0]
    assert halves.sum() == counts.sum()


def _hist(layer: int, lo: float, hi: float) -> LayerHistogram:
    return LayerHistogram(layer, np.full(10, 5), np.linspace(lo, hi, 11), (lo + hi) / 2, 1.0)


def test_shared_range_shows_a_collapsing_layer_as_narrow() -> None:
    layers = tuple((h.counts, h.edges, h.layer, h.mean, h.std)
                   for h in (_hist(1, 0.0, 4.0), _hist(2, 0.0, 0.4)))
    shared = share_range(layers)
    assert all(np.array_equal(e, np.linspace(0.0, 4.0, 11)) for _, e, *_ in shared)
    # Layer 2's values all fall in the first shared bin (0..0.4): one narrow bar at 0.
    assert shared[1][0].tolist() == [50.0] + [0.0] * 9
    assert shared[0][0].tolist() == [5.0] * 10


def _probe_snap() -> Snapshot:
    s = SeriesSnapshot("std=0.01", histograms=(_hist(1, 0.0, 4.0), _hist(2, 0.0, 0.4)))
    return Snapshot(iteration=1, total=1, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=(s,), unit="step")


def test_histogram_panel_shares_the_x_range_where_the_preset_compares_inits() -> None:
    snap = _probe_snap()
    shared = HistogramPanel(PRESETS["init-compare"])
    shared.update(snap, PanelView())
    assert np.array_equal(shared._layers[1][1], np.linspace(0.0, 4.0, 11))
    assert "x shared by layers (h)" in shared._hints  # after the head, where there is room
    own = HistogramPanel(PRESETS["optimizer-race"])  # per layer by default
    own.update(snap, PanelView())
    assert np.array_equal(own._layers[1][1], np.linspace(0.0, 0.4, 11))
    assert "x per layer (h)" in own._hints
    own.update(snap, PanelView(shared_range=True))  # `h` flips it
    assert np.array_equal(own._layers[1][1], np.linspace(0.0, 4.0, 11))
    assert PRESETS["activation-histograms"].view.histogram_range == "shared"


# -- batchnorm's sweep panel ---------------------------------------------------------------
def _bn_snapshot(done: bool = False) -> Snapshot:
    from nntui.presets.initialization import BN_SCALES, bn_name

    series = []
    for k, w in enumerate(BN_SCALES):
        for bn in (True, False):
            acc = 0.9 if bn else (0.8 if 3 <= k <= 6 else 0.1)
            series.append(SeriesSnapshot(
                bn_name(w, bn), eval_it=np.array([0, 10]), eval_epoch=np.array([0.0, 1.0]),
                train_acc=np.array([0.1, acc + k / 1000]), test_acc=np.array([0.1, acc - 0.05]),
                val_acc=np.full(2, math.nan)))
    return Snapshot(iteration=10, total=20, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=done, series=tuple(series))


def test_sweep_points_are_final_train_accuracy_by_weight_scale_per_variant() -> None:
    from nntui.presets.initialization import BN_SCALES

    preset = PRESETS["batchnorm"]
    points = summaries.sweep_points(_bn_snapshot(), preset.view.sweep)
    assert list(points) == ["BN", "no BN"]
    for curve in ("BN", "no BN"):
        x, y = points[curve]
        assert x.tolist() == sorted(BN_SCALES) and len(x) == 16  # ascending scale
    # BN_SCALES run from 1 down: ascending x reverses them (k = 15 - position).
    bn_y, plain_y = points["BN"][1], points["no BN"][1]
    assert bn_y.tolist() == pytest.approx([0.9 + (15 - i) / 1000 for i in range(16)])
    assert plain_y[15 - 4] == pytest.approx(0.804) and plain_y[0] == pytest.approx(0.115)
    curves = summaries.sweep_series(_bn_snapshot(), preset.view.sweep)
    assert [c.name for c in curves] == ["BN", "no BN"]
    assert curves[0].x.tolist() == pytest.approx(np.log10(sorted(BN_SCALES)).tolist())


def test_sweep_panel_is_live_then_final_and_sits_beside_the_groups() -> None:
    preset = PRESETS["batchnorm"]
    assert preset.view.panels[0] == "sweep"
    panel = SweepPanel(preset)
    panel.update(_bn_snapshot(), PanelView())
    assert panel.title == "train acc by log10 weight scale (so far)"
    assert len(panel.series) == 2 and all(len(s.x) == 16 for s in panel.series)
    panel.update(_bn_snapshot(done=True), PanelView())
    assert panel.title == "train acc by log10 weight scale (final)"


def test_table_follows_the_group_and_drops_columns_that_say_nothing() -> None:
    snap = _bn_snapshot()
    extra = {"sparsity": 0.5, "weight_norm": 3.0}
    snap = Snapshot(**{**snap.__dict__, "series": tuple(
        SeriesSnapshot(**{**s.__dict__, "extra": {**extra, "weight_norm": i}})
        for i, s in enumerate(snap.series))})
    cols, labels, cells = views.extra_table_rows(snap, PRESETS["batchnorm"].view.summary_columns,
                                                 rows=views.plotted_range(32, 9))
    assert cols == ["train acc", "test acc"]  # no sparsity / weight norm in batchnorm
    assert [lab for lab, _ in labels][0].endswith(snap.series[8].name)
    assert len(labels) == 8 and [c[0] for c in cells][0] == f"{0.9 + 4 / 1000:.4f}"

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TablePanel(PRESETS["batchnorm"])

    async def scenario() -> None:
        app = TableApp()
        async with app.run_test(size=(80, 12)) as pilot:
            table = app.query_one(TablePanel)
            table.update(snap, PanelView(focus=17))  # `g` twice: series 17-24
            await pilot.pause()
            assert table.row_count == 8
            assert str(table.get_row_at(0)[0]).endswith(snap.series[16].name)
            assert str(table.ordered_columns[0].label) == "series · 17–24 of 32"

    asyncio.run(scenario())


# -- the train–test gap --------------------------------------------------------------------
def _gap_snapshot() -> Snapshot:
    def s(name: str, train: float, test: float) -> SeriesSnapshot:
        return SeriesSnapshot(name, eval_it=np.array([0, 5]), eval_epoch=np.array([0, 1.0]),
                              train_acc=np.array([0.1, train]), test_acc=np.array([0.1, test]),
                              val_acc=np.full(2, math.nan))
    return Snapshot(iteration=5, total=5, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=(s("no dropout", 1.0, 0.75), s("dropout", 0.9, 0.85)))


def test_accuracy_columns_and_table_give_train_test_and_gap_per_series() -> None:
    snap = _gap_snapshot()
    columns = accuracy_columns(snap.series, gap=True)
    assert list(columns) == ["train acc", "test acc", "gap"]
    assert columns["train acc"] == [1.0, 0.9] and columns["test acc"] == [0.75, 0.85]
    assert columns["gap"] == pytest.approx([0.25, 0.05])
    held = accuracy_columns(snap.series, kind="val")  # this snapshot has no val accuracy
    assert list(held) == ["train acc", "val acc"] and all(math.isnan(v) for v in held["val acc"])
    cols, _, cells = views.extra_table_rows(snap, (), gap=True)
    assert cols == ["train acc", "test acc", "gap"]
    assert cells == [["1.0000", "0.7500", "0.2500"], ["0.9000", "0.8500", "0.0500"]]


@pytest.mark.parametrize("name", ["dropout", "weight-decay", "regularizers", "early-stopping",
                                  "noise-and-augmentation"])
def test_regularization_presets_show_the_gap_in_a_table(name: str) -> None:
    preset = PRESETS[name]
    assert preset.view.show_gap and "table" in preset.view.panels


def test_final_report_lists_train_test_and_gap() -> None:
    from rich.console import Console

    from nntui.headless.charts import report_lines, summary_table
    from nntui.tui.screens.report import report_renderable

    empty = np.zeros(2)
    report = FinalReport(("a", "b"), (
        SeriesReport("no dropout", 0.7, empty, empty, empty, np.eye(2)),
        SeriesReport("dropout", 0.8, empty, empty, empty, np.eye(2)),
    ))
    snap = _gap_snapshot()
    train = {s.name: s.last_train_acc for s in snap.series}
    console = Console(width=100, record=True)
    console.print(report_renderable(report, 0, 100, train))
    text = console.export_text()
    assert "train acc" in text and "gap" in text
    rows = {line.split("│")[0].strip(" ▶"): [c.strip() for c in line.split("│")[1:]]
            for line in text.splitlines() if line.count("│") == 4}
    assert rows["no dropout"][:3] == ["1.0000", "0.7000", "0.3000"]
    assert rows["dropout"][:3] == ["0.9000", "0.8000", "0.1000"]
    plain = Console(width=100, record=True)
    plain.print(report_renderable(report, 0, 100))
    assert "gap" not in plain.export_text()  # only where the gap is the lesson
    # Headless: the table's gap column and the report line (test from the report).
    header, *rows = summary_table((), snap, report, gap=True).splitlines()
    # (no loss recorded: its column is left out, as a column that says nothing)
    assert header.split() == ["series", "train", "acc", "test", "acc", "gap", "diverged"]
    assert rows[0].split()[-2:] == ["0.300", "no"] and rows[1].split()[-2:] == ["0.100", "no"]
    line = report_lines(snap, report, gap=True)[-1]
    assert "no dropout 0.700 (F1 0.000, train 1.000, gap 0.300)" in line


# -- one x axis ----------------------------------------------------------------------------
def test_loss_panel_counts_epochs_where_the_preset_does() -> None:
    s = SeriesSnapshot("a", loss_it=np.arange(1, 21), loss=np.ones(20))
    snap = Snapshot(iteration=20, total=40, epoch=2.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=False, series=(s,))
    epochs = LossPanel(PRESETS["dropout"])
    epochs.update(snap, PanelView())
    assert epochs.x_label == "epoch" and epochs.series[-1].x[-1] == pytest.approx(2.0)
    its = LossPanel(PRESETS["optimizer-race"])
    its.update(snap, PanelView())
    assert its.x_label == "iteration" and its.series[-1].x[-1] == 20
    assert views.accuracy_x_label(snap, "iterations") == "iteration"
    assert views.accuracy_x_label(snap, "epochs") == "epoch"
