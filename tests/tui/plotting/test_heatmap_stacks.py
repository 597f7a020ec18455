"""`HistoryStacks`: the histogram row over time stacks a growing history a record at a time
(issue 24: a frame with the heatmap shown pays for the new records only), and what it
stacks is exactly what `layer_histories` stacks from scratch, however the history changed
(grown, thinned past its bound, another series, sought back)."""

from __future__ import annotations

import numpy as np

from nntui.core.snapshot import LayerHistogram
from nntui.tui.plotting.heatmap import HistoryStacks, layer_histories


def record(it: int, rng: np.random.Generator) -> tuple[int, tuple[LayerHistogram, ...]]:
    hists = []
    for layer in (1, 2, 3):
        lo = -rng.random()
        hists.append(LayerHistogram(layer, rng.integers(0, 50, 6),
                                    np.linspace(lo, lo + 1 + rng.random(), 7), 0.0, 1.0))
    return it, tuple(hists)


def same(a, b) -> None:
    assert [x.layer for x in a] == [y.layer for y in b]
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x.its, y.its)
        np.testing.assert_array_equal(x.counts, y.counts)
        np.testing.assert_array_equal(x.edges, y.edges)


def test_a_growing_history_stacks_as_from_scratch_and_keeps_earlier_views() -> None:
    rng = np.random.default_rng(3)
    records = [record(10 * i, rng) for i in range(40)]
    stacks = HistoryStacks()
    views = []
    for n in (1, 2, 3, 9, 10, 17, 40):  # one record or several at a time, buffers grow
        history = tuple(records[:n])
        views.append((history, stacks.update(history)))
        same(views[-1][1], layer_histories(history))
    for history, view in views:  # a later append never wrote into an earlier view
        same(view, layer_histories(history))


def test_a_thinned_or_other_history_is_stacked_again() -> None:
    rng = np.random.default_rng(4)
    records = [record(10 * i, rng) for i in range(12)]
    stacks = HistoryStacks()
    stacks.update(tuple(records[:8]))
    # As History's bound thins (every other dropped), then grown past the length seen.
    thinned = tuple(records[:1] + records[2:8:2] + records[8:12])
    assert len(thinned) == 8 and thinned[0] is records[0]
    same(stacks.update(thinned), layer_histories(thinned))
    other = tuple(record(5 * i, rng) for i in range(7))  # another series, longer
    same(stacks.update(other), layer_histories(other))
    back = other[:3]  # a replay sought back
    same(stacks.update(back), layer_histories(back))
    same(stacks.update(()), layer_histories(()))


def test_kept_densities_equal_the_ones_computed_afresh() -> None:
    """The stacks keep each layer's densities on the panel's value rows between refreshes:
    the heatmap drawn from them is the heatmap drawn from scratch, whether the rows held
    (only the new records computed) or moved (every record again)."""
    from nntui.tui.plotting.heatmap import density_grid, shared_span

    rng = np.random.default_rng(5)
    records = [record(10 * i, rng) for i in range(30)]
    stacks = HistoryStacks()
    fixed = np.linspace(-1.0, 2.0, 9)
    for n in (3, 4, 11, 12, 30):
        history = tuple(records[:n])
        kept, fresh = stacks.update(history), layer_histories(history)
        lo, hi = shared_span(fresh)  # type: ignore[misc]
        for edges in (fixed, np.linspace(lo, hi, 9), fixed):  # rows held, moved, back
            for a, b in zip(kept, fresh, strict=True):
                np.testing.assert_array_equal(density_grid(a, edges, 0, 300, 17),
                                              density_grid(b, edges, 0, 300, 17))


def test_kept_spans_equal_the_spans_computed_afresh() -> None:
    """The stacks keep each record's running value range: a view's span is its own
    records' (a later, wider record does not leak into an earlier view), and a record with
    a non-finite edge is left out of it, as `layer_histories` computes it."""
    rng = np.random.default_rng(6)
    records = []
    for i in range(25):
        it, hists = record(10 * i, rng)
        if i in (0, 7):  # the first record (no span yet) and a later one: an inf edge
            h = hists[1]
            edges = h.edges.copy()
            edges[-1] = np.inf
            hists = (hists[0], LayerHistogram(h.layer, h.counts, edges, 0.0, 1.0), hists[2])
        if i == 12:  # a wide record halfway: views before it keep their narrower span
            h = hists[0]
            hists = (LayerHistogram(1, h.counts, np.linspace(-9.0, 9.0, 7), 0.0, 1.0),
                     *hists[1:])
        records.append((it, hists))
    stacks = HistoryStacks()
    views = []
    for n in (1, 2, 8, 12, 13, 25):
        history = tuple(records[:n])
        views.append((history, stacks.update(history)))
    for history, view in views:
        fresh = layer_histories(history)
        assert [v.span for v in view] == [f.span for f in fresh]
    assert views[0][1][1].span is None  # layer 2's only record has an inf edge
    assert views[3][1][0].span[0] > -9.0 and views[4][1][0].span == (-9.0, 9.0)
