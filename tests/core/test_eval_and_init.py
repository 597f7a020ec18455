"""Two things the lesson tests only reach on MNIST: evaluation sees the data as it is (noise
and augmentation are for training only), and He/Xavier scale each layer's weights by its
fan-in (the book's √(2/n), √(1/n), n = inputs), layer by layer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nntui.core.data import load
from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
from nntui.core.init import init_weight
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.schedules import Schedule


def test_an_augmented_series_and_its_plain_twin_evaluate_the_same_before_training() -> None:
    ds = load("digits", train_size=400, val_fraction=0.2, seed=0)
    net = NetworkConfig(ds.n_features, (32,), ds.n_classes)
    opt = OptimizerConfig("sgd", lr=0.1)
    twins = [SeriesSpec("plain", net, opt, Schedule("constant")),
             SeriesSpec("augmented", net, opt, Schedule("constant"), augment=True,
                        augment_shift=2, augment_degrees=15.0, augment_flip=True,
                        input_noise=0.5)]
    exp = Experiment(ds, twins, TrainSettings(batch_size=32, iterations=20, eval_every=10,
                                              seed=4, probe_size=100))
    exp.step()  # the iteration-0 evaluation: same initial weights (one init seed)
    plain, augmented = exp.snapshot().series
    assert plain.eval_it[0] == augmented.eval_it[0] == 0
    for name in ("train_acc", "val_acc", "test_acc", "val_loss"):
        assert getattr(plain, name)[0] == getattr(augmented, name)[0], name
    for a, b in zip(plain.histograms, augmented.histograms, strict=True):
        np.testing.assert_array_equal(a.counts, b.counts)
    # Training itself does see different inputs: the losses part after the first step.
    assert plain.loss[0] != augmented.loss[0]


@pytest.mark.parametrize(("init", "gain"), [("he", 2.0), ("xavier", 1.0)])
def test_initial_weights_are_scaled_by_each_layers_fan_in(init: str, gain: float) -> None:
    rng = np.random.default_rng(0)
    w = init_weight(rng, 400, 50, init, np.float64)  # 20 000 draws: std within ~1.5 %
    assert w.shape == (400, 50)
    assert w.std() == pytest.approx(math.sqrt(gain / 400), rel=0.03)
    net = Network(NetworkConfig(64, (200, 20), 10, init=init), np.random.default_rng(1))
    for affine, fan_in in zip(net.affines, (64, 200, 20), strict=True):
        w = affine.params["W"]
        assert w.shape[0] == fan_in
        assert w.std() == pytest.approx(math.sqrt(gain / fan_in), rel=0.15)
