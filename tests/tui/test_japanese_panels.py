"""The dashboard's panels in Japanese: titles, notes, legends, axis names and table headers.

Each panel is built from a real preset and a made-up snapshot, drawn at the widths a panel
gets at 80 and 120 columns (38, 78, 118 cells), and read back as text: no English word may
be left (tests/i18n/english.py), the Japanese words must be there, and no line may be wider
than the panel, which Textual would crop silently (maybe through a wide character).
"""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult
from textual.strip import Strip

import nntui.i18n as i18n
from nntui.core.data.registry import DATASET_NAMES
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot, Trial
from nntui.presets import PRESETS
from nntui.tui import views
from nntui.tui.panels import (
    AccuracyPanel,
    BoundaryPanel,
    HistogramPanel,
    LossPanel,
    PanelView,
    PathsPanel,
    ScatterPanel,
    SweepPanel,
    TrialsPanel,
)
from tests.i18n.english import english_words

WIDTHS = (38, 78, 118)
IDENTIFIERS = ({*PRESETS, *DATASET_NAMES}
               | {p.key for preset in PRESETS.values() for p in preset.params})
@pytest.fixture
def japanese():
    """The shipped catalog: series names and labels as the presets' .po translates them."""
    i18n.use_language("ja")
    yield
    i18n.use_language("en")


@pytest.fixture
def no_crop(monkeypatch):
    """Fail where a plot's line is wider than its panel: `Strip.adjust_cell_length` would
    crop it without a word (the legend, title or axis name was laid out in characters)."""
    crop = Strip.adjust_cell_length

    def checked(self: Strip, cell_length: int, style: Style | None = None) -> Strip:
        assert self.cell_length <= cell_length, (self.text, self.cell_length, cell_length)
        return crop(self, cell_length, style)

    monkeypatch.setattr(Strip, "adjust_cell_length", checked)


def series(name: str, i: int, **kw: object) -> SeriesSnapshot:
    it = np.arange(1, 201)
    ev = np.arange(20, 201, 20)
    rng = np.random.default_rng(i)
    hists = tuple(LayerHistogram(k + 1, rng.integers(0, 90, 30), np.linspace(-1, 1, 31),
                                 0.1 * k, 0.4) for k in range(5))
    base: dict[str, object] = dict(
        loss_it=it, loss=np.exp(-it / (40 + 10 * i)) + 0.05, eval_it=ev,
        eval_epoch=ev / 20.0, train_acc=np.linspace(0.2, 0.95, ev.size),
        test_acc=np.linspace(0.2, 0.85, ev.size), val_loss=np.linspace(1.0, 0.4, ev.size),
        val_acc=np.full(ev.size, math.nan), histograms=hists,
        extra={"sparsity": 0.1 * i, "weight_norm": 3.0 + i, "max_rel_error": 1e-9 * (i + 1),
               "kink_weights": float(i), "last_std": 0.3 + i})
    return SeriesSnapshot(name, **{**base, **kw})  # type: ignore[arg-type]


def snapshot(names: tuple[str, ...], **kw: object) -> Snapshot:
    ss = tuple(series(n, i, diverged=(i == 1)) for i, n in enumerate(names))
    base: dict[str, object] = dict(iteration=200, total=400, epoch=10.0, elapsed_s=5.0,
                                   samples_per_s=1e4, done=False, series=ss,
                                   train_subset=(500, 1_000), test_subset=(2_000, 10_000))
    return Snapshot(**{**base, **kw})  # type: ignore[arg-type]


def drawn(panel, width: int, height: int = 14) -> list[str]:
    lines = [s.text for s in panel._build(width, height, Style())]
    assert all(cell_len(line) == width for line in lines), lines
    return lines


def no_english(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert english_words(text, IDENTIFIERS) == [], (english_words(text, IDENTIFIERS), text)


@pytest.mark.parametrize("width", WIDTHS)
def test_loss_and_accuracy_panels_in_japanese(japanese, no_crop, width: int) -> None:
    preset = PRESETS["dropout"]
    snap = snapshot(preset.series)
    loss, acc = LossPanel(preset), AccuracyPanel(preset)
    loss.update(snap, PanelView(smoothing=0.9))
    acc.update(snap, PanelView())
    assert loss.title == "損失（平滑化 0.9）"
    assert loss.x_label == "エポック" and acc.x_label == "エポック"
    assert acc.title == "テスト精度 2,000/10,000件（最後に全件）（淡色: 訓練 500/1,000件）"
    for panel in (loss, acc):
        lines = drawn(panel, width)
        no_english(lines)
        # The title whole (issue 26), on as many rows as it takes, never cut with "…".
        title = panel.title
        flat = "".join("".join(lines[:4]).split())
        assert flat.startswith("".join(title.split())) and "…" not in flat, lines
        if width == 118:  # room for the title and the legend with both (translated) names
            head = "".join(lines[:2])
            assert title in head and "Dropout なし" in head and "✗発散" in head, lines[:2]


@pytest.mark.parametrize("width", WIDTHS)
def test_validation_loss_gradient_check_and_sweep_titles(japanese, no_crop, width: int) -> None:
    early = PRESETS["early-stopping"]
    panel = LossPanel(early)
    panel.update(snapshot(early.series), PanelView(smoothing=0.6))
    assert panel.title == "検証データの損失（淡色: 訓練）"
    no_english(drawn(panel, width))

    check = PRESETS["gradient-check"]
    panel = LossPanel(check)
    panel.update(snapshot(check.series[:4], unit="check", iteration=3, total=3),
                 PanelView())
    assert panel.title == "確認ごとの最大の相対誤差" and panel.x_label == "勾配確認"
    no_english(drawn(panel, width))

    bn = PRESETS["batchnorm"]
    sweep = SweepPanel(bn)
    sweep.update(snapshot(bn.series[:4]), PanelView())
    assert sweep.title == "重みのスケール別の訓練精度（対数軸、途中）"
    assert sweep.x_label == "重みのスケール（常用対数）"
    lines = drawn(sweep, width)
    no_english(lines)
    assert "BN なし" in "".join(lines[:3]) or width == 38


@pytest.mark.parametrize("width", WIDTHS)
def test_histogram_row_in_japanese(japanese, no_crop, width: int) -> None:
    preset = PRESETS["dropout"]
    panel = HistogramPanel(preset)
    assert panel.head_text == "アクティベーション"  # before the first data, too
    panel.update(snapshot(preset.series), PanelView(focus=1))
    lines = drawn(panel, width)
    no_english(lines)
    rows = next(i for i, line in enumerate(lines) if line.startswith("L1"))
    header = [line.rstrip() for line in lines[:rows]]
    head = "■ Dropout あり ✗発散 のアクティベーション分布"
    hints = "横軸: 層ごとの範囲（h で切替） · f: 次の系列"
    if width >= 78:  # all five layers: the head and its hints, whole, on two rows
        def flat(text: str) -> str:  # a part that starts a row has no "·" before it
            return "".join(text.split()).replace("·", "")

        assert flat("".join(header)) == flat(f"{head} · {hints}")
        assert len(header) <= 2
    else:  # 4 of 5 layers fit: the header says so; note and head whole, no hint
        assert header == ["全5層中 1–4層（広げると全層）", "■ Dropout あり ✗発散 の",
                          "アクティベーション分布"]
    bars = lines[rows]
    assert all(f"L{k}" in bars for k in range(1, min(5, (width + 1) // 9) + 1))


@pytest.mark.parametrize("width", WIDTHS)
def test_paths_boundary_and_scatter_in_japanese(japanese, no_crop, width: int) -> None:
    paths_preset = PRESETS["optimizer-paths"]
    names = paths_preset.series
    t = np.linspace(0, 1, 30)[:, None]
    snap = snapshot(names)
    snap = Snapshot(**{**snap.__dict__, "series": tuple(
        SeriesSnapshot(n, path=np.hstack([-7 + 7 * t, 2 - 2 * t ** (i + 1)]))
        for i, n in enumerate(names))})
    paths = PathsPanel(paths_preset)
    paths.update(snap, PanelView())
    assert paths.title == "更新経路（f: 次を強調）"
    no_english(drawn(paths, width))

    race = PRESETS["optimizer-race"]
    boundary = BoundaryPanel(race)
    assert boundary.title == "決定境界"
    grid = np.zeros((20, 20), dtype=np.int64)
    snap = snapshot(("SGD", "Adam"), boundary_extent=(-1.0, 1.0, -1.0, 1.0))
    snap = Snapshot(**{**snap.__dict__, "series": tuple(
        SeriesSnapshot(s.name, boundary=grid, diverged=s.diverged) for s in snap.series)})
    boundary.update(snap, PanelView(focus=1))
    assert boundary.title == "決定境界: ■ Adam ✗発散"
    lines = drawn(boundary, width, 6)
    assert lines[0].rstrip() == boundary.title
    no_english(lines)
    # 22 cells of title: wrapped whole onto a second row, never cut in a character
    assert [line.rstrip() for line in drawn(boundary, 17, 6)[:2]] == ["決定境界: ■ Adam",
                                                                       "✗発散"]

    scatter = ScatterPanel(PRESETS["hparam-search"])
    trials = tuple(Trial(i, 1, lr=10.0 ** -i, weight_decay=10.0 ** (-i - 4), val_acc=0.1 * i,
                         done=True) for i in range(1, 6))
    scatter.update(snapshot(("SGD",), trials=trials), PanelView())
    assert scatter.title == "学習係数（x）・λ（y）ごとの検証精度"
    no_english(drawn(scatter, width))


def test_table_columns_and_group_note_in_japanese(japanese) -> None:
    snap = snapshot(("no dropout", "dropout"))
    columns, labels, cells = views.extra_table_rows(
        snap, ("sparsity", "weight_norm", "max_rel_error", "kink_weights", "lr"), gap=True)
    assert columns == ["訓練精度", "テスト精度", "差", "スパース率（全体）", "重みのノルム",
                       "最大相対誤差", "折れ目の重み数"]  # "lr": the same for all, left out
    assert [label for label, _color in labels] == ["● Dropout なし", "■ Dropout あり ✗発散"]
    assert len(cells[0]) == len(columns)
    assert views.group_note(32, 9) == " · 9–16（全32）"
    no_english(columns + [label for label, _color in labels])


def test_table_columns_in_english_are_the_result_keys() -> None:
    columns, _labels, _cells = views.extra_table_rows(
        snapshot(("a", "b")), ("sparsity", "max_rel_error"), gap=True)
    assert columns == ["train acc", "test acc", "gap", "sparsity", "max_rel_error"]


class _TrialsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TrialsPanel()


def test_trials_table_headers_and_state_in_japanese(japanese) -> None:
    async def scenario() -> None:
        app = _TrialsApp()
        async with app.run_test(size=(80, 12)) as pilot:
            table = app.query_one(TrialsPanel)
            table.update(snapshot((), unit="trial", trials=(
                Trial(0, 1, lr=1e-2, weight_decay=1e-6, val_acc=0.5, done=True),
                Trial(1, 2, lr=1e-3, weight_decay=1e-7))), PanelView())
            await pilot.pause()
            headers = [str(c.label) for c in table.columns.values()]
            assert headers == ["#", "ラウンド", "学習係数", "λ", "検証精度", "訓練精度", "状態"]
            rows = [table.get_row_at(r) for r in range(table.row_count)]
            assert rows[0][-1] == "完了" and rows[1][-1] == "…"
            no_english(headers + [c for row in rows for c in row])

    asyncio.run(scenario())
