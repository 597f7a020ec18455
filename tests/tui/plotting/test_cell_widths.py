"""Plot text measured in terminal cells: Japanese titles, legends and axis names.

A full-width character takes two cells: a layout that counts characters overflows its
panel (Textual then crops the line, maybe through a character) or wraps too late. These
build Japanese headers, axis rows and notices at the dashboard's panel widths and check
every line's width in cells, and that a cut ends in "…" at a character's edge.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from rich.cells import cell_len
from rich.style import Style

from nntui.i18n import translations, use_language
from nntui.i18n.linebreak import wrap
from nntui.tui.plotting.axis import label_row
from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.histogram import histogram_row_strips
from nntui.tui.plotting.legend import fit_legend, line_width, series_legend
from nntui.tui.plotting.style import TITLE, too_small, waiting
from tests.i18n.english import english_words
from tests.i18n.helpers import ja

WIDTHS = (38, 78, 118)
BASE = Style()
X = np.arange(50, dtype=float)
#: Series names as the Japanese catalog shows them (technique names stay as written).
NAMES = ("Dropoutなし", "Dropoutあり ✗発散", "Weight decayあり", "重みの初期値 std=0.01",
         "He の初期値", "Xavier の初期値")


def legend_series(k: int) -> list[tuple[Series, Style]]:
    return [(Series(n, X, np.exp(-X / (10 + i)), "red", "●■▲◆★✚"[i]), BASE)
            for i, n in enumerate(NAMES[:k])]


def value(s: Series) -> str:
    return "0.0123"


def text(line: list[tuple[str, object]]) -> str:
    return "".join(t for t, _style in line)


@pytest.mark.parametrize("width", WIDTHS + (20, 50))
@pytest.mark.parametrize("max_rows", (1, 2, 3))
@pytest.mark.parametrize("k", (2, 6))
def test_japanese_legend_rows_fit_their_width_in_cells(width: int, max_rows: int,
                                                       k: int) -> None:
    title = "テスト精度 1,000/10,000件（最後に全件）（淡色: 訓練 500/1,000件） · 1–8（全32）"
    rows = fit_legend([(title, TITLE)], series_legend(legend_series(k), value), width,
                      max_rows)
    for row in rows:
        assert line_width(row) <= width, (text(row), line_width(row))
    # The title is never cut (issue 26): whole, on as many rows as it needs, and the
    # legend after it, in at most one more row than those.
    title_rows = len(wrap(title, width))
    assert title_rows <= len(rows) <= max(max_rows, title_rows + 1), rows
    shown = "".join(text(r) for r in rows).replace(" ", "")
    assert shown.startswith(title.replace(" ", "")), rows
    assert "…" not in shown
    # Every series is in the legend, or counted in "+N".
    legend = shown[len(title.replace(" ", "")):]
    plus = re.search(r"\+(\d+)$", legend)
    assert legend.count("●") + legend.count("■") + legend.count("▲") + legend.count("◆") \
        + legend.count("★") + legend.count("✚") + (int(plus.group(1)) if plus else 0) == k


def test_japanese_legend_wraps_by_cells_not_characters() -> None:
    # 5 names of 2-cell characters: counted in characters they would all fit one 60-cell
    # row; in cells they need two.
    names = ("訓練データ", "テストデータ", "検証データ", "ミニバッチ", "ハイパー")
    shown = [(Series(n, X, X, "red", "●"), BASE) for n in names]
    rows = fit_legend([], series_legend(shown), 60, max_rows=3)
    assert len(rows) == 2
    assert all(line_width(r) <= 60 for r in rows)
    assert [n for n in names if n in text(rows[0]) + text(rows[1])] == list(names)


@pytest.mark.parametrize("width", WIDTHS)
def test_japanese_axis_name_is_placed_by_cells(width: int) -> None:
    name = translations("ja").pgettext("axis", "iteration")
    assert name == "イテレーション"
    row = label_row(width, 4, [0, 10], ["0", "500"], name)
    assert cell_len(row) == width, (row, cell_len(row))
    assert row.endswith(name)
    # No room for the name: the ticks stay, the row keeps its width.
    narrow = label_row(12, 4, [0, 5], ["0", "500"], name)
    assert cell_len(narrow) == 12 and name not in narrow


@pytest.mark.parametrize("width", (38, 44, 78))
def test_histogram_header_shows_whole_and_drops_hints_first(width: int) -> None:
    use_language("ja")
    rng = np.random.default_rng(0)
    layers = tuple((rng.integers(0, 50, 20), np.linspace(-1, 1, 21), i + 1, 0.0, 0.5)
                   for i in range(6))
    head = "● Dropout なし のアクティベーション分布"
    hints = ("横軸: 層ごとの範囲（h で切替）", "f: 次の系列")
    strips = histogram_row_strips(layers, head, "red", width, 8, BASE, hints)
    assert all(cell_len(s.text) == width for s in strips)  # the text, not the stated length
    n = min(6, (width + 1) // 9)
    note = ja("layers 1–{n} of {total} (widen for all)").format(n=n, total=6)
    rows = next(i for i, s in enumerate(strips) if s.text.startswith("L1"))
    flat = "".join(s.text.strip() for s in strips[:rows]).replace(" ", "")
    # Never cut (issue 26): the note (when not every layer fits) and the head whole; the
    # hints only where two rows hold everything.
    assert "…" not in flat
    assert head.replace(" ", "") in flat
    assert (note.replace(" ", "") in flat) == (n < 6)
    assert flat.startswith(note.replace(" ", "") if n < 6 else head.replace(" ", ""))
    if width == 78:  # everything fits two rows
        assert all(h.replace(" ", "") in flat for h in hints) and rows == 2
    if width == 38:  # the note and the head take three rows: no hint
        assert not any(h.replace(" ", "") in flat for h in hints) and rows == 3


@pytest.mark.parametrize("width", (6, 9, 12, 38))
def test_notices_in_japanese_are_centred_in_cells(width: int) -> None:
    use_language("ja")
    for strips in (too_small(width, 5, BASE), waiting(width, 6, BASE, "損失（平滑化 0.9）")):
        for s in strips:
            assert cell_len(s.text) == width  # the text, not the Strip's stated length
        row = [s.text for s in strips if s.text.strip()][-1]
        notice = row.strip()
        # The notice whole where it fits, else cut at a character with "…"; centred in cells.
        whole = "狭すぎます" if "狭" in notice else "最初のデータを待っています…"
        assert notice == whole or (notice.endswith("…") and whole.startswith(notice[:-1])), \
            notice
        left = len(row) - len(row.lstrip(" "))
        assert abs(left - (width - left - cell_len(notice))) <= 1, row
    wide = "".join(s.text for s in waiting(78, 6, BASE, "損失"))
    assert ja("waiting for the first data…") in wide
    row = next(s.text for s in too_small(38, 5, BASE) if s.text.strip())
    # centred: the blanks either side differ by one at most
    left, right = len(row) - len(row.lstrip()), len(row) - len(row.rstrip())
    assert row.strip() == ja("too small") and abs(left - right) <= 1


def test_japanese_legend_does_not_cut_technique_names() -> None:
    # English shortens "Momentum" to "Mom" where room is short; in Japanese a Latin word is
    # a technique's name as the book writes it: whole, or the legend falls back to markers.
    names = ("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop")
    shown = [(Series(n, X, X, "red", "●■▲◆★"[i]), BASE) for i, n in enumerate(names)]
    english = fit_legend([("loss", TITLE)], series_legend(shown), 38, 1)
    assert "Mom" in text(english[0]) and "Momentum" not in text(english[0])
    use_language("ja")
    for width in (20, 30, 38, 46, 60):
        rows = fit_legend([("損失", TITLE)], series_legend(shown), width, 1)
        words = re.findall(r"[A-Za-z]+", "".join(text(r) for r in rows))
        assert set(words) <= set(names), (width, rows)
        assert english_words("".join(text(r) for r in rows)) == []


@pytest.mark.parametrize("width", (38, 40))
def test_japanese_legend_keeps_four_character_words_before_cutting_to_three(width) -> None:
    # lr-schedules at 80×24: two rows of a 40-cell panel. Cut to 3 characters the names
    # read 「ステッ」「指数減」「コサイ」 (issue 26's second review); 4 compact fit the same rows.
    use_language("ja")
    names = [ja(n) for n in ("constant", "step", "exponential", "cosine", "warmup+cosine")]
    shown = [(Series(n, X, X, "red", "●■▲◆★"[i]), BASE) for i, n in enumerate(names)]
    rows = fit_legend([("損失（平滑化 0.9）", TITLE)], series_legend(shown), width, 2)
    shown_text = "".join(text(r) for r in rows)
    assert len(rows) == 2 and all(line_width(r) <= width for r in rows), rows
    for whole in ("一定", "ステップ", "指数減衰", "コサイン"):
        assert whole in shown_text, (whole, shown_text)
    assert "ウォーム+コサイン" in shown_text, shown_text
