"""`nntui export RUN_DIR --svg FILE --size COLSxROWS`: the size as people type it."""

from __future__ import annotations

import pytest

from nntui.cli.replay import parse_size


@pytest.mark.parametrize(("text", "size"), [("120x40", (120, 40)), ("90X30", (90, 30)),
                                            (" 80 x 24 ", (80, 24)), ("40x12", (40, 12))])
def test_size_is_read_in_either_case_and_with_spaces(text: str, size: tuple[int, int]) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(("text", "why"), [
    ("120*40", "must look like 120x40 (got '120*40')"),
    ("x40", "must look like 120x40"),
    ("39x40", "between 40x12 and 1000x500 (got 39x40)"),
    ("120x501", "between 40x12 and 1000x500"),
])
def test_a_bad_size_is_one_clear_reason(text: str, why: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_size(text)
    assert why in str(exc.value) and str(exc.value).startswith("--size must")
