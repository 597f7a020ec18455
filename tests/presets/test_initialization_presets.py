"""activation-histograms, init-compare, activations, batchnorm reproduce the book's figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nntui.presets.initialization import BN_SCALES, bn_name
from tests.presets.conftest import by_name, run_preset


@pytest.fixture(scope="module")
def histograms():
    _, snap = run_preset("activation-histograms")
    return by_name(snap)


def _near_ends(s, layer: int = -1) -> float:
    """Fraction of a layer's counted values in the outer 10 % of the histogram range."""
    h = s.histograms[layer]
    k = max(1, len(h.counts) // 10)
    return float((h.counts[:k].sum() + h.counts[-k:].sum()) / h.counts.sum())


def test_histograms_cover_every_layer_of_every_combination(histograms) -> None:
    assert len(histograms) == 12
    for s in histograms.values():
        assert [h.layer for h in s.histograms] == [1, 2, 3, 4, 5]
        for h in s.histograms:
            assert h.counts.shape == (30,) and h.edges.shape == (31,)
    sig = histograms["sigmoid Xavier"].histograms[0]
    assert (sig.edges[0], sig.edges[-1]) == (0.0, 1.0)
    assert sig.counts.sum() == 1000 * 100  # every sigmoid value lies in (0, 1)


def test_sigmoid_std1_piles_at_0_and_1_while_xavier_spreads(histograms) -> None:
    std1 = histograms["sigmoid std=1"]
    # Measured: ~76 % of the last layer's outputs lie within 0.1 of 0 or 1.
    assert _near_ends(std1) > 0.7
    assert std1.extra["last_saturated"] > 0.7
    xavier = histograms["sigmoid Xavier"]
    assert _near_ends(xavier) < 0.01
    # Spread: Xavier's last layer occupies many bins, std=0.01 squeezes into a few.
    occupied = lambda s: int(np.count_nonzero(s.histograms[-1].counts > 100))  # noqa: E731
    assert occupied(xavier) >= 8
    assert occupied(histograms["sigmoid std=0.01"]) <= 3


def test_sigmoid_std001_piles_at_one_half(histograms) -> None:
    s = histograms["sigmoid std=0.01"]
    assert abs(s.extra["last_mean"] - 0.5) < 0.01
    assert s.extra["last_std"] < 0.02


def test_relu_he_stays_even_across_layers_std001_collapses(histograms) -> None:
    he = [h.std for h in histograms["ReLU He"].histograms]
    assert max(he) / min(he) < 2.5  # no layer explodes or vanishes
    small = [h.std for h in histograms["ReLU std=0.01"].histograms]
    assert small[-1] < 1e-4 < small[0]  # shrinks ~10x per layer
    assert all(b < a / 5 for a, b in zip(small, small[1:]))


def test_init_compare_he_beats_xavier_beats_small_std() -> None:
    _, snap = run_preset("init-compare", iterations=300, hidden="50,50,50,50")
    s = by_name(snap)
    he, xavier, small = (s[n].final_loss() for n in ("He", "Xavier", "std=0.01"))
    assert he < xavier < small
    assert small == pytest.approx(math.log(10), abs=0.01)  # flat: never learns
    assert s["std=0.01"].last_train_acc < 0.2
    assert s["He"].last_train_acc > 0.7


def test_activations_sigmoid_plateaus_while_relu_family_learns() -> None:
    _, snap = run_preset("activations", iterations=300, hidden="50,50,50,50")
    s = by_name(snap)
    assert s["sigmoid"].final_loss() > 2.2
    for name in ("tanh", "ReLU", "Leaky ReLU", "ELU", "Swish"):
        assert s[name].final_loss() < 0.3, name
        assert s[name].last_test_acc > 0.9, name


def test_batchnorm_learns_at_small_scales_where_plain_stays_at_chance() -> None:
    # The book's structure (5 hidden layers, 16 scales x BN/plain) at a test budget:
    # 10 epochs of 500 samples in batches of 50 = 100 iterations per network.
    _, snap = run_preset(
        "batchnorm", epochs=10, train_size=500, batch_size=50, hidden="30,30,30,30,30"
    )
    s = by_name(snap)
    assert len(s) == 32
    w = BN_SCALES[7]  # 0.0136, the first scale where the book's plain net fails
    assert w == pytest.approx(0.0136, rel=0.01)
    assert s[bn_name(w, True)].last_train_acc > 0.6
    assert s[bn_name(w, False)].last_train_acc < 0.2  # ten classes: chance is 0.1
    learned = lambda bn: [x for x in BN_SCALES if s[bn_name(x, bn)].last_train_acc > 0.5]  # noqa: E731
    assert len(learned(True)) >= 10
    assert 1 <= len(learned(False)) <= 4  # a narrow band of scales
    assert len(learned(True)) > 2 * len(learned(False))


def test_activation_histograms_gradient_flow_is_what_the_look_for_says() -> None:
    """The look-for's gradient-flow sizes, on the default forward pass (W1's ‖∂L/∂W‖
    against the last layer's): sigmoid loses it by hundreds with Xavier or He and by far
    more with std 0.01, only 3-6 times with std 1; tanh and ReLU with Xavier/He stay within
    4 times (either way)."""
    from nntui.presets import get_preset
    from nntui.presets.compute import Compute

    preset = get_preset("activation-histograms")
    for seed in (0, 1):
        run = preset.builder(preset.resolve(seed=seed), compute=Compute(gradient_stats=True))
        while not run.done:
            run.step()
        shrink = {s.name: s.grad_norm[-1][-1] / s.grad_norm[-1][0]
                  for s in run.snapshot().series}
        assert 3 <= shrink["sigmoid std=1"] <= 6
        assert shrink["sigmoid Xavier"] >= 100 and shrink["sigmoid He"] >= 100
        assert shrink["sigmoid std=0.01"] >= 1e6
        for name in ("tanh Xavier", "tanh He", "ReLU Xavier", "ReLU He"):
            assert 1 / 4 <= shrink[name] <= 4, name
