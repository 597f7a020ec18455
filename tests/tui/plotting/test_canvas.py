"""The pure-NumPy renderer: dots -> braille, decimation, ticks, histogram bars."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.tui.plotting.axis import format_tick, format_ticks, nice_ticks
from nntui.tui.plotting.canvas import BrailleCanvas, Series, series_equal
from nntui.tui.plotting.histogram import histogram_bars


def texts(canvas: BrailleCanvas) -> list[str]:
    return ["".join(t for t, _ in row) for row in canvas.rows()]


@pytest.mark.parametrize(
    ("px", "py", "char"),
    [(0, 0, "⠁"), (0, 1, "⠂"), (0, 2, "⠄"), (0, 3, "⡀"), (1, 0, "⠈"), (1, 3, "⢀")],
)
def test_single_dot_sets_its_braille_bit(px: int, py: int, char: str) -> None:
    c = BrailleCanvas(2, 1)
    c.points(np.array([px]), np.array([py]), 0)
    assert c.rows() == [[(char, 0), (" ", -1)]]


def test_all_eight_dots_fill_the_cell() -> None:
    c = BrailleCanvas(1, 1)
    xs, ys = np.meshgrid(np.arange(2), np.arange(4))
    c.points(xs.ravel(), ys.ravel(), 3)
    assert c.rows() == [[("⣿", 3)]]


def test_diagonal_line_sets_interpolated_dots() -> None:
    c = BrailleCanvas(2, 2)
    c.line(np.array([0.0, 3.0]), np.array([0.0, 7.0]), 1)
    # Dots (0,0) (0,1) (1,2) (1,3) in the top-left cell, the same pattern bottom-right.
    assert texts(c) == ["⢣ ", " ⢣"]
    assert c.rows()[0] == [("⢣", 1), (" ", -1)]


def test_horizontal_line_and_nan_gap() -> None:
    c = BrailleCanvas(4, 1)
    c.line(np.array([0.0, 1.0, np.nan, 6.0, 7.0]), np.zeros(5), 0)
    assert texts(c) == ["⠉  ⠉"]


def test_isolated_point_between_gaps_is_drawn() -> None:
    c = BrailleCanvas(2, 1)
    c.line(np.array([np.nan, 2.0, np.inf]), np.array([0.0, 0.0, 0.0]), 0)
    assert texts(c) == [" ⠁"]


def test_far_away_segment_is_clipped_not_dropped() -> None:
    c = BrailleCanvas(1, 2)
    c.line(np.array([0.0, 0.0]), np.array([-1e12, 1e12]), 0)
    assert texts(c) == ["⡇", "⡇"]


def test_later_series_win_the_cell_colour_and_runs_cover_the_width() -> None:
    c = BrailleCanvas(3, 1)
    c.line(np.array([0.0, 5.0]), np.array([0.0, 0.0]), 0)
    c.points(np.array([2.0]), np.array([3.0]), 1)
    rows = c.rows()
    # The middle cell holds dots of both draw calls; the later one (colour 1) wins.
    assert rows == [[("⠉", 0), ("⡉", 1), ("⠉", 0)]]
    assert sum(len(t) for t, _ in rows[0]) == 3


def test_lines_batch_equals_consecutive_line_calls() -> None:
    rng = np.random.default_rng(3)
    polys = [
        (rng.uniform(-5, 25, 40), rng.uniform(-5, 20, 40)),  # partly off canvas: clipped
        (np.arange(20.0), np.full(20, 7.0)),  # crosses the first one
        (np.array([3.0, np.nan, 9.0, 10.0]), np.array([1.0, 2.0, np.nan, 4.0])),  # gaps
    ]
    one, batch = BrailleCanvas(10, 4), BrailleCanvas(10, 4)
    for i, (x, y) in enumerate(polys):
        one.line(x, y, i)
    batch.lines([x for x, _ in polys], [y for _, y in polys], [0, 1, 2])
    assert batch.rows() == one.rows()


def test_marker_overlays_and_nudges_off_a_taken_cell() -> None:
    c = BrailleCanvas(2, 3)
    c.marker(0, 5, "●", 0, nudge=True)
    c.marker(0, 5, "▲", 1, nudge=True)  # same row first: the value stays readable
    c.marker(0, 5, "■", 2, nudge=True)  # row full: the nearest row
    c.marker(99, 99, "x", 3)  # off canvas: ignored
    assert texts(c) == ["■ ", "●▲", "  "]


def test_series_coerces_and_compares() -> None:
    a = Series("a", [0, 1], [np.nan, 2.0], "red", "●")
    b = Series("a", np.array([0.0, 1.0]), np.array([np.nan, 2.0]), "red", "●")
    assert a.x.dtype == np.float64
    assert series_equal(a, b)
    assert not series_equal(a, Series("a", [0, 1], [np.nan, 3.0], "red", "●"))
    with pytest.raises(ValueError):
        Series("bad", [0, 1, 2], [0, 1], "red", "●")


def test_nice_ticks() -> None:
    np.testing.assert_allclose(nice_ticks(0, 1, 5), [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(nice_ticks(0.3, 2.7, 5), [0.5, 1, 1.5, 2, 2.5])
    np.testing.assert_allclose(nice_ticks(0, 2000, 5), [0, 500, 1000, 1500, 2000])
    np.testing.assert_allclose(nice_ticks(1, -1, 3), [-1, 0, 1])
    assert nice_ticks(0.1, 0.7, 4).tolist() == [0.2, 0.4, 0.6]  # no 0.6000000000000001
    assert nice_ticks(3, 3, 5).tolist() == [3.0]
    assert nice_ticks(np.nan, 1, 5).size == 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (0.001, "0.001"),
        (1e-4, "1e-4"),
        (2.5e-5, "2.5e-5"),
        (0.25, "0.25"),
        (12.5, "12.5"),
        (2000, "2k"),
        (1500, "1.5k"),
        (999.7, "1k"),
        (2e6, "2M"),
        (-0.5, "-0.5"),
        (0.30000000000000004, "0.3"),
        (float("nan"), "nan"),
    ],
)
def test_format_tick(value: float, text: str) -> None:
    assert format_tick(value) == text


def test_format_ticks_adds_digits_until_labels_differ() -> None:
    labels = format_ticks(np.array([1.0001, 1.0002, 1.0003]))
    assert len(set(labels)) == 3


def test_histogram_bars_heights() -> None:
    assert histogram_bars(np.array([1, 2, 4, 8]), 4, 2) == ["   █", "▂▄██"]
    bars = histogram_bars(np.array([0, 30, 100, 1]), 4, 5)
    assert len(bars) == 5 and all(len(r) == 4 for r in bars)
    assert [r[2] for r in bars] == ["█"] * 5  # tallest bin: a full column
    assert [r[0] for r in bars] == [" "] * 5  # empty bin: nothing
    assert bars[-1][3] == "▁"  # small but non-zero bin still shows


def test_histogram_bars_resample_and_degenerate() -> None:
    # 8 bins into 4 columns sum pairs: [2, 0, 0, 6] -> the last column is the tallest.
    assert histogram_bars(np.array([1, 1, 0, 0, 0, 0, 3, 3]), 4, 1) == ["▃  █"]
    assert histogram_bars(np.array([5]), 3, 1) == ["███"]
    assert histogram_bars(np.zeros(4), 4, 2) == ["    ", "    "]
    assert histogram_bars(np.array([1.0, np.nan]), 2, 1) == ["█ "]


def test_markers_of_series_ending_together_all_show_side_by_side() -> None:
    c = BrailleCanvas(8, 3)
    for i, m in enumerate("●■▲◆★"):
        c.marker(15, 11, m, i, nudge=True)  # the bottom-right cell, five times
    assert texts(c) == ["        ", "        ", "   ★◆▲■●"]
    full = BrailleCanvas(1, 2)  # no free cell left: the last marker wins, nothing raises
    for m in "abc":
        full.marker(0, 0, m, 0, nudge=True)
    assert texts(full) == ["c", "b"]


def test_series_diverged_flag_defaults_off_and_is_compared() -> None:
    a = Series("a", [0, 1], [1.0, 1e30])
    assert a.diverged is False
    b = Series("a", [0, 1], [1.0, 1e30], diverged=True)
    assert not series_equal(a, b)


def test_one_towering_histogram_column_is_clipped_so_the_rest_shows() -> None:

    # ReLU: most activations are exactly 0; the others spread over the remaining bins.
    rows = histogram_bars(np.array([1000.0, 10, 20, 30, 5]), 5, 4)
    assert rows[0][0] == "▲" and all(r[0] == "█" for r in rows[1:])  # clipped, marked
    heights = [sum(r[c] != " " for r in rows) for c in range(5)]
    assert heights[3] > heights[2] > heights[1] >= 1  # 30 > 20 > 10: the shape is visible
    # Two similar tall columns (sigmoid at 0 and 1): nothing clipped.
    rows = histogram_bars(np.array([100.0, 10, 20, 90, 5]), 5, 4)
    assert "▲" not in "".join(rows) and rows[0][0] == "█"


def test_rows_are_the_cells_runs_of_one_colour_row_by_row() -> None:
    """`rows` finds every row's runs in one pass over the whole grid: each row's runs
    join to its cells' text, each run is one colour, and a run ends where the colour
    changes or the row does (a row starting in the colour the row above ended in too)."""
    rng = np.random.default_rng(2)
    for trial in range(20):
        canvas = BrailleCanvas(int(rng.integers(1, 30)), int(rng.integers(1, 6)))
        n = 60
        xs = [rng.uniform(-2, canvas.px_width + 2, n) for _ in range(3)]
        ys = [rng.uniform(-2, canvas.px_height + 2, n) for _ in range(3)]
        canvas.lines(xs, ys, [0, 1, 2])
        canvas.marker(0.0, 0.0, "●", 1)
        chars, colors = canvas.cells()
        rows = canvas.rows()
        assert len(rows) == canvas.height
        for r, runs in enumerate(rows):
            assert "".join(t for t, _ in runs) == "".join(chars[r].tolist())
            cells = [c for t, c in runs for _ in t]
            assert cells == colors[r].tolist()
            assert all(a != b for (_, a), (_, b) in zip(runs, runs[1:])), (trial, r)
