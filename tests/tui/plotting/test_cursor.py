"""The value cursor (`plotting.cursor`, `LinePlot`): it reads the exact recorded value of
every series at its x, snaps to recorded points, steps a cell at a time, and draws its
rule in its own column with each series' marker on its point."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.tui.plotting import cursor
from nntui.tui.plotting.axis import format_tick
from nntui.tui.plotting.canvas import BrailleCanvas, Series
from nntui.tui.widgets.line_plot import LinePlot, x_text

X = np.arange(0, 50, dtype=float) * 2  # recorded every 2 iterations: 0, 2, ..., 98


def three() -> list[Series]:
    """Three series on one x grid with values that tell index and series apart."""
    return [Series("SGD", X, 1.0 + X / 1000.0, "red", "●"),
            Series("Momentum", X, 2.0 + X / 1000.0 + 1e-6, "green", "■"),
            Series("Adam", X, 3.0 + (X / 1000.0) ** 2, "blue", "▲")]


def test_the_cursor_reads_each_series_recorded_value_at_every_x() -> None:
    series = three()
    for k, x in enumerate(X):
        for at in (x, x + 0.4, x - 0.4):  # near a point: that point, never its neighbour
            reading = cursor.read(series, at)
            assert reading is not None and reading.x == x
            for i, s in enumerate(series):
                assert reading.value(series, i) == s.y[k], (at, s.name)


def test_a_series_is_read_at_its_own_points_and_not_past_its_end() -> None:
    sparse = Series("acc", np.array([0.0, 10.0, 20.0]), np.array([0.1, 0.5, 0.9]))
    short = Series("diverged", np.arange(5.0), np.arange(5.0) * 10)
    faint = Series("raw", np.arange(0.0, 21.0), np.arange(21.0), faint=True)
    reading = cursor.read([faint, sparse, short], 13.0)
    assert reading is not None and reading.x == 10.0  # snapped to a non-faint point
    assert reading.index == (10, 1, None)  # the faint one still read; short ended at 4
    assert reading.value([faint, sparse, short], 1) == 0.5
    assert cursor.read([faint], 3.0) is None  # nothing to snap to
    assert cursor.nearest_index(np.array([0.0, 2.0]), 1.0) == 0  # a tie: the earlier


def test_a_step_moves_at_least_the_gap_and_stops_at_the_ends() -> None:
    series = three()
    assert cursor.step(series, 10.0, 1) == 12.0
    assert cursor.step(series, 10.0, -1) == 8.0
    assert cursor.step(series, 10.0, 1, min_gap=5.0) == 16.0
    assert cursor.step(series, 96.0, 1, min_gap=5.0) == 98.0  # the last point that way
    assert cursor.step(series, 98.0, 1) == 98.0
    assert cursor.step(series, 0.0, -1) == 0.0


def test_the_rule_takes_the_empty_cells_of_its_column_and_markers_their_points() -> None:
    canvas = BrailleCanvas(10, 4)
    canvas.line(np.array([0.0, 19.0]), np.array([8.0, 8.0]), 0)  # a flat curve in row 2
    layer = cursor.ValueCursor(7.0, ((7.0, 3.0, "■", "green"),))
    layer.draw(canvas, lambda v: v, lambda v: v, 1)
    chars, colors = canvas.cells()
    column = chars[:, 3].tolist()  # pixel 7 -> cell column 3
    assert column[1:] == [cursor.RULE, "⠉", cursor.RULE] and colors[2, 3] == 0
    assert chars[0, 3] == "■" and colors[0, 3] == 2  # the point (7, 3) in row 0
    assert (chars[:, :3] != cursor.RULE).all() and (chars[:, 4:] != cursor.RULE).all()


def legend_and_rule(plot: LinePlot, width: int = 70, height: int = 14
                    ) -> tuple[str, list[str]]:
    rows = [s.text for s in plot.build_strips(width, height)]
    return "\n".join(rows[:3]), rows


@pytest.mark.parametrize("k", [0, 17, 49])
def test_the_plot_legend_says_the_value_of_every_series_at_the_cursor(k: int) -> None:
    plot = LinePlot("loss", x_label="iteration")
    series = three()
    plot.set_series(series)
    plot.set_cursor(X[k] + 0.3)
    head, rows = legend_and_rule(plot)
    assert f"iteration {x_text(X[k])}" in head
    for s in series:
        assert f"{s.marker} {s.name} {format_tick(s.y[k])}" in head, (s.name, head)
    # The rule is drawn where the plot maps that x: the column `LinePlot` reads the mouse at.
    geometry = plot._geometry
    assert geometry is not None
    cols = {r.index(cursor.RULE) for r in rows[geometry.top:geometry.top + geometry.rows]
            if cursor.RULE in r}
    assert len(cols) == 1
    (col,) = cols
    assert cursor.snap(series, geometry.x_at(col)) == X[k]
    plot.set_cursor(None)
    assert cursor.RULE not in "".join(legend_and_rule(plot)[1])
