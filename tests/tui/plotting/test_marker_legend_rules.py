"""Two drawing rules their other tests never reached: the marker nudge goes left before
right, and a legend word one letter over the cut is kept whole (from 4 letters on)."""

from __future__ import annotations

from nntui.tui.plotting.canvas import BrailleCanvas
from nntui.tui.plotting.legend import short_names


def test_a_nudged_marker_goes_left_first_then_right_at_the_left_edge() -> None:
    canvas = BrailleCanvas(10, 3)
    canvas.marker(9.0, 5.0, "A", 0, nudge=True)  # cell (row 1, column 4)
    canvas.marker(9.0, 5.0, "B", 1, nudge=True)  # taken: one column left, same row
    canvas.marker(0.0, 5.0, "C", 2, nudge=True)  # cell (1, 0), the left edge
    canvas.marker(0.0, 5.0, "D", 3, nudge=True)  # no room left: one column right
    chars, colors = canvas.cells()
    assert chars[1, 4] == "A" and chars[1, 3] == "B"
    assert chars[1, 0] == "C" and chars[1, 1] == "D"
    assert colors[1, 3] == 1 and colors[1, 1] == 3


def test_a_word_one_letter_over_the_cut_stays_whole_from_four_letters() -> None:
    # k=4: 5-letter words stay whole ("plain", not "plai"); 8-letter ones are cut.
    assert short_names(("plain net", "wider net"), 4) == ("plain", "wider")
    assert short_names(("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"), 4) == (
        "SGD", "Mome", "AdaG", "Adam", "RMSp")
    # k=3: the rule does not apply, 4-letter words are cut too.
    assert short_names(("plain net", "wider net"), 3) == ("pla", "wid")
    assert short_names(("wide net", "tall net"), 3) == ("wid", "tal")
