"""`plotting.columns.fit_columns`: the most spacious table layout that fits, every column
kept (issue 26: dropout's gap column was off the edge of its 40-cell panel)."""

from __future__ import annotations

from rich.cells import cell_len

from nntui.tui.plotting.columns import fit_columns

HEADS = ["系列", "訓練精度", "テスト精度", "差"]
ROWS = [["● Dropout なし", "0.9967", "0.8611", "0.1356"],
        ["■ Dropout あり", "0.8467", "0.7361", "0.1106"]]


def test_one_line_headers_where_they_fit() -> None:
    plan = fit_columns(HEADS, ROWS, 80)
    assert plan.headers == tuple(HEADS) and plan.padding == 1 and plan.header_lines == 1
    assert plan.widths == (14, 8, 10, 6) and plan.width == 38 + 8


def test_two_line_headers_split_at_the_word_then_one_blank_between() -> None:
    plan = fit_columns(HEADS, ROWS, 40)
    # 訓練精度 is one kanji compound: halved; テスト精度 where katakana meets kanji.
    assert plan.headers == ("系列", "訓練\n精度", "テスト\n精度", "差")
    assert plan.padding == 1 and plan.widths == (14, 6, 6, 6) and plan.width == 40
    narrow = fit_columns(HEADS, ROWS, 36)
    assert narrow.padding == 0 and narrow.width == 36  # one blank after each column
    assert narrow.widths == (15, 7, 7, 7)


def test_a_table_that_cannot_fit_says_how_wide_it_must_be() -> None:
    plan = fit_columns(HEADS, ROWS, 20)
    assert plan.width == 36 > 20  # the narrowest layout: the caller makes room for it
    assert all(max(cell_len(p) for p in h.split("\n")) <= w
               for h, w in zip(plan.headers, plan.widths))
