"""CJK-aware wrapping (nntui.tui.wrap, nntui.i18n.linebreak): widths, no lost text, no
blank lines, and Japanese broken between phrases, not inside a word."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len

from nntui.tui.wrap import Wrapped


def lines(text: str, width: int) -> list[str]:
    return [t.plain for t in Wrapped(text).lines(width)]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("abcdefgh  next", 4, ["abcd", "efgh", "next"]),  # folded word + blanks: no ""
        ("  indented text here", 8, ["  indent", "ed text", "here"]),
        # Phrases: after a particle, before a new word; 「方向」「ジグザグ」 stay whole.
        ("注目点: SGD は y 方向にジグザグに進み、", 20,
         ["注目点:", "SGD は y 方向に", "ジグザグに進み、"]),
        # A phrase wider than the line breaks where the script changes, not in a word.
        ("書籍の設定そのまま", 8, ["書籍の", "設定", "そのまま"]),
    ],
)
def test_known_wraps(text: str, width: int, expected: list[str]) -> None:
    assert lines(text, width) == expected


#: The settings form's help and errors at 80x24 broke 「1」/「以上」, 「書」/「籍」 and
#: 「エポッ」/「ク」 (issue 26): each of these must stay on one line at every width from 16
#: cells (narrower, a phrase may have to be cut by the character).
WHOLE = [
    ("epochs は 1 以上の整数で指定してください（指定された値: '0'）。", "1 以上"),
    ("エポック数。書籍と同じく、イテレーション数 = エポック数 × （train_size / batch_size "
     "と 1 の大きい方） — 1 以上の整数。既定値 301", "書籍"),
    ("エポック数。書籍と同じく、イテレーション数 = エポック数", "エポック"),
    ("学習係数 0.01 で Dropout ありのネットワークを学習します", "Dropout あり"),
    ("破棄して実験一覧に戻りますか？", "戻りますか？"),
]


@pytest.mark.parametrize(("text", "word"), WHOLE)
def test_a_word_is_never_cut_where_it_fits(text: str, word: str) -> None:
    for width in range(16, cell_len(text) + 1):
        out = lines(text, width)
        assert any(word in line for line in out), (width, out)


def test_random_text_never_overflows_loses_text_or_makes_blank_lines() -> None:
    rng = random.Random(0)
    alphabet = list("ab cd  efgh") + list("日本語、。（）") + [" "]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        width = rng.randint(2, 12)
        out = lines(text, width)
        assert all(cell_len(line.rstrip()) <= width for line in out), (text, width, out)
        assert "".join(out).replace(" ", "") == text.replace(" ", ""), (text, width, out)
        # Only leading blanks as wide as the line may stand alone (first line).
        assert all(line.strip() for line in out[1:]), (text, width, out)
