"""The histogram row over time (plotting.heatmap): every column of densities is the
recorded histogram at that iteration, on the panel's value rows, lowest values at the
bottom; columns between two records hold the earlier one."""

from __future__ import annotations

import numpy as np
import pytest
from rich.style import Style

from nntui.core.snapshot import LayerHistogram
from nntui.tui.plotting.bars import rebin
from nntui.tui.plotting.heatmap import (
    SHADES,
    density_grid,
    heatmap_row_strips,
    layer_histories,
    rebin_rows,
    shade_levels,
)

EDGES = np.linspace(0.0, 1.0, 5)  # four bins of 0.25
#: Three refreshes of a 2-layer network: layer 1's mass moves up bin by bin.
RECORDS = [
    (0, (np.array([8, 2, 0, 0]), np.array([1, 1, 1, 1]))),
    (10, (np.array([0, 8, 2, 0]), np.array([4, 0, 0, 0]))),
    (20, (np.array([0, 0, 2, 8]), np.array([0, 0, 0, 4]))),
]


def history() -> tuple[tuple[int, tuple[LayerHistogram, ...]], ...]:
    return tuple((it, tuple(LayerHistogram(i + 1, c, EDGES.copy(), 0.0, 0.0)
                            for i, c in enumerate(counts)))
                 for it, counts in RECORDS)


def test_layer_histories_split_the_snapshot_history_by_layer() -> None:
    one, two = layer_histories(history())
    assert (one.layer, two.layer) == (1, 2)
    assert one.its.tolist() == [0, 10, 20]
    assert [c.tolist() for c in two.counts] == [[1, 1, 1, 1], [4, 0, 0, 0], [0, 0, 0, 4]]
    assert one.span == (0.0, 1.0)


def test_density_columns_equal_the_recorded_histograms() -> None:
    layer = layer_histories(history())[0]
    # One screen column per iteration 0..20: the records land in columns 0, 10 and 20.
    grid = density_grid(layer, EDGES, 0.0, 20.0, 21)
    assert grid.shape == (4, 21)  # (value rows, columns): row i = bin i
    for it, (counts, _two) in RECORDS:
        np.testing.assert_allclose(grid[:, it], counts / counts.sum())
    # Between two records a column holds the earlier one.
    np.testing.assert_allclose(grid[:, 9], grid[:, 0])
    np.testing.assert_allclose(grid[:, 19], grid[:, 10])
    # Fewer columns than records: a column is the mean of those inside it.
    two_cols = density_grid(layer, EDGES, 0.0, 20.0, 2)
    np.testing.assert_allclose(two_cols[:, 0], [0.8, 0.2, 0.0, 0.0])  # record 0 alone
    np.testing.assert_allclose(two_cols[:, 1], [0.0, 0.4, 0.2, 0.4])  # 10 and 20 averaged


def test_rebin_rows_equals_the_histogram_panels_rebin_row_by_row() -> None:
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 50, (6, 7))
    edges = np.array([np.linspace(lo, lo + w, 8) for lo, w in
                      zip(rng.uniform(-2, 0, 6), rng.uniform(0.5, 3, 6))])
    new = np.linspace(-2.5, 3.5, 10)
    got = rebin_rows(counts, edges, new)
    for row, c, e in zip(got, counts, edges):
        np.testing.assert_allclose(row, rebin(c, e, new), atol=1e-9)


def test_shades_scale_to_each_columns_densest_cell() -> None:
    grid = np.array([[0.64, np.nan], [0.16, np.nan], [0.0, np.nan], [0.2, np.nan]])
    # sqrt(d / 0.64) * 4 rounded up: 4, 2, 0, 3; nothing recorded yet: blank.
    assert shade_levels(grid).T.tolist() == [[4, 2, 0, 3], [0, 0, 0, 0]]


def test_heatmap_row_draws_high_values_at_the_top_and_time_left_to_right() -> None:
    strips = heatmap_row_strips(layer_histories(history()), "activations over time", "red",
                                43, 7, Style())
    text = [s.text for s in strips]
    assert all(len(t) == 43 for t in text)
    assert text[0].startswith("activations over time")
    # Two panels of 21 cells: title, 4 value rows (one per bin), the iteration axis.
    assert text[1][:21].rstrip() == "L1 0…1" and text[1][22:].rstrip() == "L2 0…1"
    panel = [t[:21] for t in text[2:6]]  # top row: the highest bin (0.75 .. 1)
    assert panel[-1][0] == SHADES[4] and panel[0][0] == " "  # at 0: mass in bin 0
    assert panel[0][-1] == SHADES[4] and panel[-1][-1] == " "  # at 20: mass in bin 3
    assert panel[2][10] == SHADES[4]  # at 10: bin 1 (second row from the bottom)
    assert text[6][:21] == "0" + " " * 18 + "20"


@pytest.mark.parametrize(("width", "height"), [(7, 7), (43, 3)])
def test_heatmap_row_too_small_never_raises(width: int, height: int) -> None:
    strips = heatmap_row_strips(layer_histories(history()), "h", "red", width, height, Style())
    assert len(strips) == height and all(s.cell_length == width for s in strips)


@pytest.mark.parametrize("width", [16, 43, 44, 61, 119])
def test_rows_are_as_long_as_they_say(width: int) -> None:
    """The row's strips are made with their length given (not measured): it must be the
    length of their segments, for the heatmaps and the histograms "now" alike, or Textual
    would lay the row out on a wrong width."""
    from textual.strip import Strip

    from nntui.tui.plotting.histogram import histogram_row_strips

    style = Style(color="white", bgcolor="black")
    layers = layer_histories(history())
    now = tuple((h.counts, h.edges, h.layer, 0.0, 1.0) for h in history()[-1][1])
    for strips in (heatmap_row_strips(layers, "h", "red", width, 9, style, ("a",), True),
                   heatmap_row_strips(layers[:1], "h", "red", width, 9, style),
                   histogram_row_strips(now, "h", "red", width, 9, style)):
        assert len(strips) == 9
        for strip in strips:
            assert strip.cell_length == width == Strip(list(strip)).cell_length
            assert {seg.style.bgcolor for seg in strip} == {style.bgcolor}  # no gap unstyled
