"""The status line in Japanese: every word translated, laid out in terminal cells.

A Japanese word takes two cells per character; a layout that counts `len()` keeps parts
that do not fit and the last cut then eats the percentage and the ETA, or a cut falls in
the middle of a character. Each line here must fit its width and say what it should.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from nntui.core.snapshot import Snapshot
from nntui.i18n import translations, use_language
from nntui.tui.views import StatusInfo, status_line
from tests.i18n.english import english_words
from tests.i18n.helpers import ja

WIDTHS = (38, 78, 118)


def status_ja(word: str) -> str:
    return translations("ja").pgettext("status", word)


def snapshot(**kw: object) -> Snapshot:
    base: dict[str, object] = dict(iteration=1200, total=5000, epoch=2.4, elapsed_s=12.0,
                                   samples_per_s=3200.0, done=False, series=())
    return Snapshot(**{**base, **kw})  # type: ignore[arg-type]


@pytest.fixture
def japanese() -> None:
    use_language("ja")


CASES = {
    "running": (StatusInfo("running", snapshot()), "running"),
    "paused at a speed": (StatusInfo("paused", snapshot(), speed=(1, 6)), "paused"),
    "done with a hint": (StatusInfo("done", snapshot(iteration=5000, done=True),
                                    hint="v: 最終結果"), "done"),
    "stopped": (StatusInfo("stopped", snapshot()), "stopped"),
    "steps": (StatusInfo("running", snapshot(unit="step", iteration=12, total=30)),
              "running"),
    "search message": (StatusInfo("running", snapshot(
        unit="trial", iteration=3, total=20, message="第2ラウンド: 良い帯を重点的に探索中")),
        "running"),
    "failed": (StatusInfo("failed", error="データセットを読めません: " + "あ" * 60), "failed"),
    "download": (StatusInfo("preparing", download=("mnist.npz", 512, 1024)), ""),
    "preparing": (StatusInfo("preparing"), ""),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", CASES)
def test_status_line_in_japanese_fits_and_has_no_english(japanese, case: str,
                                                         width: int) -> None:
    info, state = CASES[case]
    line = status_line(info, width)
    assert all(cell_len(part) <= width for part in line.split("\n")), line
    assert english_words(line, {"mnist", "npz"}) == [], line
    if state:
        assert status_ja(state) in line, line
    if info.download is None and info.snapshot is None and state != "failed":
        assert ja("preparing data…").rstrip("…")[:4] in line


@pytest.mark.parametrize("width", (78, 118))
def test_a_wide_japanese_status_line_keeps_count_bar_percent_and_eta(japanese,
                                                                     width: int) -> None:
    # Measured in len() the Japanese parts look half as wide: the line keeps the ETA, the
    # rate and a long bar, then the final cut drops the percentage. In cells it drops the
    # least useful parts first and is never cut.
    line = status_line(CASES["running"][0], width)
    assert not line.endswith("…"), line
    assert "1,200/5,000" in line and " 24%" in line, line
    assert ja("ETA {time}").format(time="0:38") in line, line
    assert "━" in line  # the bar stays, shortened
    if width == 118:  # room for everything: the rate and the elapsed time too
        assert ja("{rate}/s").format(rate="3.2k") in line and line.endswith("0:12"), line


def test_japanese_words_of_the_status_line(japanese) -> None:
    line = status_line(CASES["paused at a speed"][0], 118)
    assert line.startswith("⏸ " + status_ja("paused") + "  ")
    assert ja("it {done}/{total}").format(done="1,200", total="5,000") in line
    assert ja("ep {epoch}").format(epoch="2.4") in line
    assert ja("speed {level}/{levels}").format(level=2, levels=6) in line
    steps = status_line(CASES["steps"][0], 118)
    assert ja("step {done}/{total}").format(done=12, total=30) in steps
    # The search's message is never cut (issue 26: 「最良: 試行 7（第1ラウン…」 even at
    # 120x40): beside the progress where it fits whole, else on a line of its own.
    message = "第2ラウンド: 良い帯を重点的に探索中"
    for width, lines in ((58, 2), (78, 2), (90, 2), (118, 1)):
        text = status_line(CASES["search message"][0], width)
        assert len(text.split("\n")) == lines, (width, text)
        assert all(cell_len(part) <= width for part in text.split("\n")), text
        assert message in text and "…" not in text, text
        assert text.startswith("▶ " + status_ja("running")), text


def test_english_status_line_is_unchanged() -> None:
    # The English lines as main's status_line drew them before the translation (pinned:
    # the layout must not move).
    assert status_line(CASES["running"][0], 78) == (
        "▶ running  it 1,200/5,000  ep 2.4  ━━━╌╌╌╌╌╌╌╌╌╌╌  24%  ETA 0:38  3.2k/s  0:12")
    assert status_line(CASES["paused at a speed"][0], 78) == (
        "⏸ paused  it 1,200/5,000  ep 2.4  ━━━━━╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌  24%  0:12  speed 2/6")
    assert status_line(CASES["running"][0], 38) == "▶ running  it 1,200/5,000  ep 2.4   2…"
