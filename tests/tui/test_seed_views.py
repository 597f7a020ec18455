"""Snapshot -> seed bands (tui/seed_views.py): each band spans the lowest to the highest
seed of the very curve its panel draws as the mean, in the series' colour, on its x."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.metrics import ema_smooth
from nntui.presets import get_preset
from nntui.tui import seed_views, views
from tests.presets.conftest import drive_to_end


@pytest.fixture(scope="module")
def snap():
    """dropout on digits, 4 epochs, seeds 5, 6, 7, finished."""
    preset = get_preset("dropout")
    config = preset.resolve(dataset="digits", seed=5,
                            overrides={"seeds": "3", "epochs": "4"})
    return drive_to_end(preset.build(config))


def test_loss_bands_are_the_smoothed_seeds_min_and_max(snap) -> None:
    bands = seed_views.loss_bands(snap, 0.6, x_scale=0.5)
    assert len(bands) == len(snap.series) == 2
    for i, (s, b) in enumerate(zip(snap.series, bands)):
        smoothed = np.array([ema_smooth(row, 0.6) for row in s.band.loss])
        np.testing.assert_allclose(b.lo, smoothed.min(axis=0), rtol=1e-10)
        np.testing.assert_allclose(b.hi, smoothed.max(axis=0), rtol=1e-10)
        assert (b.hi > b.lo).any()  # three seeds, three curves
        np.testing.assert_array_equal(b.x, s.loss_it * 0.5)
        assert b.color == views.color_of(i)
        mean = next(m for m in views.loss_series(snap, 0.6, x_scale=0.5)
                    if m.name == views.label_of(s))
        # the smoothed mean lies inside its band (the mean of three curves)
        assert (b.lo - 1e-12 <= mean.y).all() and (mean.y <= b.hi + 1e-12).all()


def test_accuracy_and_gap_bands_follow_the_held_out_curve(snap) -> None:
    kind = views.accuracy_kind(snap)
    for epochs in (False, True):
        acc = seed_views.accuracy_bands(snap, epochs=epochs)
        gap = seed_views.gap_bands(snap, epochs=epochs)
        for s, a, g in zip(snap.series, acc, gap):
            held = s.band.val_acc if kind == "val" else s.band.test_acc
            np.testing.assert_array_equal(a.x, s.eval_epoch if epochs else s.eval_it)
            np.testing.assert_array_equal(a.lo, held.min(axis=0))
            np.testing.assert_array_equal(a.hi, held.max(axis=0))
            np.testing.assert_allclose(g.lo, (s.band.train_acc - held).min(axis=0))
            np.testing.assert_allclose(g.hi, (s.band.train_acc - held).max(axis=0))


def test_with_many_series_only_the_focused_one_gets_a_band(snap) -> None:
    assert len(seed_views.banded(snap)) == 2
    from dataclasses import replace
    many = replace(snap, series=snap.series * 3)  # six series > MAX_BANDS
    assert [i for i, _ in seed_views.banded(many, focus=4)] == [4]
    one = replace(snap, series=(replace(snap.series[0], band=None), snap.series[1]))
    assert [i for i, _ in seed_views.banded(one)] == [1]  # a one-seed series: no band


def test_the_wins_column_counts_the_seeds_where_the_technique_beat_its_baseline(snap) -> None:
    preset = get_preset("dropout")
    claims = preset.claims_for("digits")
    first = claims[0]
    assert (first.technique, first.baseline, first.metric, first.better) == (
        "dropout", "no dropout", "gap", "lower")
    cells = seed_views.wins_column(snap, claims)[1]
    tech, base = (next(s for s in snap.series if s.name == n) for n in ("dropout", "no dropout"))
    # By hand: each seed's train - test gap at its last evaluation, dropout's below the other's
    gaps = [[f.train_acc - f.test_acc for f in s.band.finals] for s in (tech, base)]
    won = sum(t < b for t, b in zip(*gaps))
    names = [s.name for s in snap.series]
    assert cells[names.index("dropout")] == f"{won} of 3"
    assert cells[names.index("no dropout")] == ""  # the baseline wins nothing
    from dataclasses import replace
    one = replace(snap, seeds=())
    assert seed_views.wins_column(one, claims) is None  # one seed: no column
    assert seed_views.wins_column(snap, ()) is None  # no claim: no column
    assert seed_views.wins_column(snap, claims)[0] == "wins: gap"


def test_wins_count_the_gap_or_test_accuracy_first_and_say_which(snap) -> None:
    """A learner reads a win as a better gap or test accuracy: weight decay's first claim
    is on its weight norm (8 of 8), its wins count its gap; the title says which."""
    decay = get_preset("weight-decay")
    names = ["no decay", "weight decay"]
    picked = seed_views.technique_claims(decay.claims_for("digits"), names)
    assert decay.claims_for("digits")[0].metric == "weight_norm"
    assert {k: c.metric for k, c in picked.items()} == {"weight decay": "gap"}
    # Techniques counting different metrics: the header is plain, each cell names its own.
    from nntui.presets.claims import Claim
    mixed = (Claim("dropout", "gap", "lower", 0.0, baseline="no dropout"),
             Claim("no dropout", "final_loss", "lower", 0.0, baseline="dropout"))
    names = [s.name for s in snap.series]
    assert seed_views.wins_column(snap, mixed)[0] == "wins"
    cells = seed_views.wins_column(snap, mixed)[1]
    assert cells[names.index("dropout")].endswith(" of 3 gap")
    assert cells[names.index("no dropout")].endswith(" of 3 loss")


def test_no_wins_are_counted_before_the_first_evaluation_in_training() -> None:
    """Before the first evaluation after iteration 0 the accuracy cells read "—": the wins
    column must not count seeds on the untrained start (weight decay's showed "6 of 8" at
    it 2, every accuracy of its row still "—")."""
    preset = get_preset("weight-decay")
    run = preset.build(preset.resolve(dataset="digits", seed=0,
                                      overrides={"seeds": "3", "epochs": "2"}))
    claims = preset.claims_for("digits")
    run.step()
    early = run.snapshot()
    assert [len(s.eval_it) for s in early.series] == [1, 1]  # the untrained start only
    assert seed_views.wins_column(early, claims)[1] == ["", ""]
    while not all(views.measured(s) for s in run.snapshot().series):
        run.step()
    names = [s.name for s in run.snapshot().series]
    cells = seed_views.wins_column(run.snapshot(), claims)[1]
    assert cells[names.index("weight decay")].endswith(" of 3")
