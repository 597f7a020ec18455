"""CJK-aware wrapping (nntui.tui.wrap): widths, no lost text, no blank lines."""

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
        ("注目点: SGD は y 方向にジグザグに進み、", 20,
         ["注目点: SGD は y 方", "向にジグザグに進み、"]),
    ],
)
def test_known_wraps(text: str, width: int, expected: list[str]) -> None:
    assert lines(text, width) == expected


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
