"""Small rules the screen depends on, each with the value a user sees: durations and the
progress bar of the status line, axis tick labels, series colours, the frame governor's key
poke, the driver's speed keys, and the ASCII drawing under a non-UTF-8 charset."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.color import Color

from nntui.pipeline.drive import FULL_SPEED, TrainingDriver
from nntui.tui.link import FrameGovernor
from nntui.tui.plotting.axis import format_tick
from nntui.tui.status_line import format_duration, progress_bar
from nntui.tui.terminal import TerminalMode, line_filters
from nntui.tui.views import COLORS, color_of


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.6, "1:00"), (125, "2:05"),
                                                (3725, "1:02:05"), (None, "--:--")])
def test_durations_read_minutes_then_seconds(seconds: float | None, shown: str) -> None:
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(("fraction", "width", "filled"), [(0.29, 10, 3), (0.5, 3, 2),
                                                           (0.04, 10, 0), (1.2, 4, 4)])
def test_progress_bar_rounds_to_the_nearest_cell(fraction: float, width: int,
                                                 filled: int) -> None:
    bar = progress_bar(fraction, width)
    assert len(bar) == width and bar == "━" * filled + "╌" * (width - filled)


@pytest.mark.parametrize(("value", "digits", "label"), [(999.96, 4, "1k"), (1000.0, 4, "1k"),
                                                        (999.4, 4, "999.4"), (1500, 3, "1.5k")])
def test_tick_labels_switch_unit_before_four_digits(value: float, digits: int,
                                                    label: str) -> None:
    assert format_tick(value, digits) == label


def test_every_palette_colour_is_used_before_one_repeats(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    first = [color_of(i) for i in range(len(COLORS))]
    assert len(set(first)) == len(COLORS)
    assert color_of(len(COLORS)) == color_of(0) and color_of(len(COLORS) + 3) == color_of(3)


def test_a_key_poke_lets_one_frame_out_not_every_frame() -> None:
    g = FrameGovernor(fps=2)
    assert g.allow(0.0, False, 0)
    assert not g.allow(0.1, False, 0)  # 2 fps: the next frame is due at 0.5
    g.poke()
    assert g.allow(0.15, False, 0)  # the key's frame goes out at once
    assert not g.allow(0.2, False, 0)  # and only that one
    assert not g.allow(0.6, False, 0) and g.allow(0.7, False, 0)  # 0.5 s after the key's


def test_speed_keys_step_one_level_each_way_and_stop_at_the_ends() -> None:
    d = TrainingDriver(speed=2)
    assert d.slower() == 1 and d.slower() == 0 and d.slower() == 0
    assert d.faster() == 1
    for _ in range(10):
        d.faster()
    assert d.speed == FULL_SPEED and d.min_step_s == 0.0
    assert d.slower() == FULL_SPEED - 1


def test_ascii_drawing_turns_what_the_charset_lacks_into_one_question_mark_per_cell() -> None:
    latin1, utf8 = (line_filters(TerminalMode(ascii=True, encoding=enc))
                    for enc in ("iso8859-1", None))
    seg = [Segment("日本 ● é ⣿")]
    bg = Color(0, 0, 0)
    assert latin1[0].apply(seg, bg)[0].text == "???? o é |"  # fits: 10 cells, as before
    assert utf8[0].apply(seg, bg)[0].text == "日本 o é |"  # a UTF-8 console keeps text
    assert line_filters(TerminalMode()) == []
