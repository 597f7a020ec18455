"""Padding and cutting text by terminal cells: a full-width character takes two."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from nntui.i18n.cells import clip, pad, table, width


def test_width_counts_full_width_characters_twice() -> None:
    assert width("loss") == 4 and width("損失") == 4 and width("損失 loss") == 9


@pytest.mark.parametrize("cells", range(0, 12))
def test_clip_never_exceeds_and_never_halves_a_character(cells: int) -> None:
    text = "検証データの精度 acc"
    out = clip(text, cells)
    assert cell_len(out) <= cells
    body = out.removesuffix("…")
    assert text.startswith(body)
    assert out == text or out.endswith("…") or cells == 0


def test_clip_keeps_text_that_fits() -> None:
    assert clip("損失", 4) == "損失"
    assert clip("損失", 3) == "損…"
    assert clip("abcdef", 4) == "abc…"


def test_pad_aligns_by_cells() -> None:
    assert pad("損失", 6) == "損失  "
    assert pad("損失", 6, ">") == "  損失"
    assert pad("ab", 5, "^") == " ab  "
    assert cell_len(pad("検証データの精度", 5)) == 5


def test_table_columns_line_up_in_cells() -> None:
    lines = table([["系列", "精度"], ["SGD", "0.91"], ["Momentum", "0.95"]], "<>")
    assert lines == ["系列      精度", "SGD       0.91", "Momentum  0.95"]
    assert len({cell_len(line) for line in lines}) == 1
