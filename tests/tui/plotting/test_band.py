"""Seed bands: the cells a band shades, the layer under the curves, and the snapshot ->
band mapping (min and max over the seeds of the same curve the panel draws)."""

from __future__ import annotations

import numpy as np
from rich.style import Style

from nntui.core.metrics import ema_smooth, ema_smooth_rows
from nntui.tui.plotting.band import (
    OVERLAP,
    SHADE,
    Band,
    SeedBands,
    band_cells,
    band_equal,
    mixed_color,
)
from nntui.tui.plotting.canvas import BrailleCanvas, Series
from nntui.tui.plotting.line import LineOptions, line_strips
from nntui.tui.terminal import to_ascii

BASE = Style()


def ident(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, dtype=float)


def test_band_cells_cover_the_rows_between_the_edges_in_each_column() -> None:
    # Pixels are the data (x 0..19 -> cell columns 0..9; y down, 4 dots a row).
    x = np.arange(20.0)
    band = Band(x, lo=np.full(20, 13.0), hi=np.full(20, 4.0))  # hi drawn higher: rows 1..3
    mask = band_cells(band, ident, ident, 10, 6)
    assert mask.shape == (6, 10)
    np.testing.assert_array_equal(mask.sum(axis=0), np.full(10, 3))
    np.testing.assert_array_equal(np.flatnonzero(mask[:, 0]), [1, 2, 3])


def test_band_cells_fill_between_sparse_points_and_stop_at_the_data() -> None:
    # Two points (an accuracy per evaluation) far apart: every column between them shaded
    # from the interpolated edges; none before the first or after the last point.
    band = Band(np.array([2.0, 14.0]), lo=np.array([3.0, 23.0]), hi=np.array([0.0, 12.0]))
    mask = band_cells(band, ident, ident, 12, 6)
    shaded = np.flatnonzero(mask.any(axis=0))
    np.testing.assert_array_equal(shaded, np.arange(1, 8))
    assert mask[0, 1] and not mask[5, 1]  # left end high
    assert mask[5, 7] and not mask[0, 7]  # right end low


def test_band_cells_skip_nan_and_clip_far_edges() -> None:
    x = np.arange(8.0)
    band = Band(x, lo=np.r_[1e9, np.full(7, 1e9)], hi=np.r_[np.nan, np.full(7, -1e9)])
    mask = band_cells(band, ident, ident, 4, 3)
    assert mask[:, 1:].all()  # far edges fill the whole column, clipped at the frame
    assert not np.isnan(band.x).any()


def test_the_band_shades_empty_cells_under_the_curve_in_its_own_dim_colour() -> None:
    x = np.arange(100.0)
    mean = Series("A", x, np.full(100, 0.5), "red", "●")
    band = Band(x, np.full(100, 0.3), np.full(100, 0.7), "red")
    strips = line_strips([mean], LineOptions(), 40, 14, BASE, [SeedBands((band,))])
    lines = [s.text for s in strips]
    plain = [s.text for s in line_strips([mean], LineOptions(), 40, 14, BASE)]
    assert not any(SHADE in line for line in plain)
    plot = [line[4:] for line in lines[1:12]]  # the canvas: rows 0.7 .. 0.3, past "0.7┤"
    curve = [i for i, row in enumerate(plot) if "⠒" in row]
    assert curve == [5]  # the mean at 0.5 ...
    assert SHADE not in plot[5]  # ... stays sharp on top of its band
    for i, row in enumerate(plot):  # every other row between 0.7 and 0.3 is band
        if i != 5:
            assert set(row) == {SHADE}, (i, row)
    # The band's edges set the y range: the axis spans 0.3..0.7, not the flat curve's.
    assert lines[1].startswith("0.7┤") and lines[11].startswith("0.3┤")
    styles = {seg.style for s in strips for seg in s if SHADE in seg.text}
    assert styles and all(st is not None and st.dim for st in styles)


def test_band_equality_is_by_value() -> None:
    x = np.arange(3.0)
    a = Band(x, x, x + 1, "red")
    assert band_equal(a, Band(x.copy(), x.copy(), x + 1, "red"))
    assert not band_equal(a, Band(x, x, x + 2, "red"))
    assert not band_equal(a, Band(x, x, x + 1, "blue"))
    assert SeedBands((a,)).same(SeedBands((Band(x, x, x + 1, "red"),)))
    assert not SeedBands((a,)).same(SeedBands((a, a)))


def test_ema_smooth_rows_equals_ema_smooth_of_each_row() -> None:
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(4, 900))
    rows[1, 10] = np.nan
    rows[2, 500:510] = np.inf
    got = ema_smooth_rows(rows, 0.9)
    for k in range(4):
        np.testing.assert_allclose(got[k], ema_smooth(rows[k], 0.9), rtol=1e-10,
                                   equal_nan=True)


def test_a_long_band_is_thinned_to_the_same_cells(monkeypatch) -> None:
    from nntui.tui.plotting import band as band_module

    rng = np.random.default_rng(0)
    x = np.arange(5000.0)
    mid = np.cumsum(rng.normal(size=5000)) * 0.05
    band = Band(x, mid - rng.uniform(0, 0.5, 5000), mid + rng.uniform(0, 0.5, 5000))
    fx = lambda v: v / 4999 * 79  # noqa: E731  40 cells, 80 dot columns
    fy = lambda v: (mid.max() + 1 - v) * 6  # noqa: E731  up is smaller
    thin = band_cells(band, fx, fy, 40, 30)
    tx, tlo, thi = band_module.thinned(band.x, band.lo, band.hi, 160)
    assert len(tx) == 160 and tlo.min() == band.lo.min() and thi.max() == band.hi.max()
    monkeypatch.setattr(band_module, "thinned", lambda x, lo, hi, n: (x, lo, hi))
    full = band_cells(band, fx, fy, 40, 30)
    assert thin.sum() > 100
    # a bucket may straddle a cell border: its edge lands one cell over, now and then
    assert (thin != full).sum() <= 0.05 * full.sum()


def _two_bands(color_a: str = "red", color_b: str = "blue") -> SeedBands:
    """Band A over rows 1..3, band B over rows 3..5 of a 10 x 7 canvas (pixels = data):
    they share row 3."""
    x = np.arange(20.0)
    a = Band(x, lo=np.full(20, 13.0), hi=np.full(20, 4.0), color=color_a)
    b = Band(x, lo=np.full(20, 21.0), hi=np.full(20, 12.0), color=color_b)
    return SeedBands((a, b))


def test_overlapping_bands_both_stay_visible_the_overlap_has_its_own_glyph() -> None:
    canvas = BrailleCanvas(10, 7)
    _two_bands().draw(canvas, ident, ident, 5)
    chars, colors = canvas.cells()
    # A cell covered by one band: the light shade in that band's colour index ...
    assert set(chars[1:3].ravel()) == {SHADE} and set(colors[1:3].ravel()) == {5}
    assert set(chars[4:6].ravel()) == {SHADE} and set(colors[4:6].ravel()) == {6}
    # ... by both: the overlap glyph, in the pair's own colour index (after the bands').
    assert set(chars[3].ravel()) == {OVERLAP} and set(colors[3].ravel()) == {7}
    assert set(chars[0].ravel()) == {" "} and set(chars[6].ravel()) == {" "}


def test_three_overlapping_bands_take_the_pair_drawn_last() -> None:
    x = np.arange(20.0)
    bands = tuple(Band(x, lo=np.full(20, 13.0), hi=np.full(20, 4.0), color=c)
                  for c in ("red", "green", "blue"))
    canvas = BrailleCanvas(10, 7)
    layer = SeedBands(bands)
    layer.draw(canvas, ident, ident, 0)
    chars, colors = canvas.cells()
    assert set(chars[1:4].ravel()) == {OVERLAP}
    # pairs in order (0,1) (0,2) (1,2): the last two bands, green and blue, are pair 2
    assert set(colors[1:4].ravel()) == {3 + 2}
    assert len(layer.styles()) == 3 + 3


def test_the_overlap_colour_is_the_mix_of_the_two_bands() -> None:
    styles = _two_bands("#ff0000", "#0000ff").styles()
    assert [str(s.color.name) for s in styles[:2]] == ["#ff0000", "#0000ff"]
    assert styles[2].color is not None and styles[2].color.get_truecolor() == (127, 0, 127)
    assert all(s.dim for s in styles)
    assert mixed_color("", "red") == ""  # NO_COLOR: the text's own colour


def test_under_no_color_and_ascii_the_overlap_still_differs_from_a_band() -> None:
    canvas = BrailleCanvas(10, 7)
    _two_bands("", "").draw(canvas, ident, ident, 0)
    chars, _colors = canvas.cells()
    assert chars[2, 0] == SHADE and chars[3, 0] == OVERLAP
    assert to_ascii(SHADE) == ":" and to_ascii(OVERLAP) == "="
