"""Small helpers for tests that read Japanese."""

from __future__ import annotations

from nntui.i18n import translate


def ja(text: str) -> str:
    """`text` (an English source string) in Japanese, from the shipped catalog."""
    return translate(text, "ja")
