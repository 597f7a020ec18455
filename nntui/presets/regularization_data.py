"""Overfitting fought through the data and the schedule (the source articles): early stopping
on validation loss, input noise and data augmentation. The shared overfitting setup lives in
`nntui.presets.regularization`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.claims import Claim
from nntui.presets.common import as_float, as_int
from nntui.presets.kinds.train import TrainBuilder, network, spec
from nntui.presets.optimizers import IMAGES
from nntui.presets.params import Param, taught
from nntui.presets.regularization import (
    AUGMENT,
    EARLY_STOP,
    FULL_RUN,
    NOISE,
    OVERFIT,
    PLAIN,
    optimizer_param,
    preset_optimizer,
)
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec
    from nntui.presets.params import RunConfig


# -- early-stopping -------------------------------------------------------------------------
def early_stopping_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    patience = as_int(config, "patience")
    net = network(config, dataset)
    # Momentum drives the training loss to ~0 quickly, after which the validation loss
    # climbs steadily (over-confident mistakes): a clear minimum to stop at.
    opt = preset_optimizer(config)
    return [
        spec(FULL_RUN, net, opt),
        spec(EARLY_STOP, net, opt, early_stopping=patience),
    ]


EARLY_STOPPING = Preset(
    name="early-stopping",
    title=N_("Early stopping on validation loss"),
    explanation=N_(
        "The first 1000 training samples are split: 20 % become validation data the network "
        "never trains on. As in real data, some labels are wrong: `label_noise` (30 %) of "
        "the training and validation labels are replaced by another class; test labels stay "
        "true. Both series start from the same weights and train with Momentum on the same "
        "batches; the second checks its validation loss every epoch, stops once it has not "
        "improved for `patience` epochs, and restores the weights from its best epoch. "
        "Each series trains on 5 seeds: about 10 s on digits, a minute on MNIST."),
    look_for=N_(
        "Validation loss falls, then rises as the network memorises the wrong labels; the "
        "early stopper halts shortly after the minimum (after about a sixth of the epochs), "
        "keeps its best weights and ends about 15 points higher in test accuracy on digits "
        "(10 on Fashion-MNIST, 3.5 on MNIST)."),
    budget_key="epochs",
    params=(
        c.epochs(100),
        c.train_size(1000),
        c.val_fraction(0.2),
        c.batch_size(60),
        c.hidden((100, 100, 100)),
        c.lr(0.02),
        optimizer_param("momentum"),
        c.ratio("label_noise", 0.3, N_("fraction of training and validation labels made "
                                        "wrong (test labels stay true)")),
        Param("patience", 10, "int", N_("epochs without improvement before stopping"), low=1),
        c.seeds(5),
        c.smoothing(),
    ),
    series=(FULL_RUN, EARLY_STOP),
    claims=(
        Claim(EARLY_STOP, "test_acc", "higher", 0.02, baseline=FULL_RUN, stated=0.12,
              datasets=("digits", "fashion-mnist")),
        Claim(EARLY_STOP, "test_acc", "higher", 0.0, baseline=FULL_RUN, stated=0.035,
              datasets=("mnist",)),
        Claim(EARLY_STOP, "stop_share", "lower", 0.5, stated=0.17),
    ),
    builder=TrainBuilder(early_stopping_series, val_fraction=0.2),
    view=PresetView(
        panels=("loss", "accuracy", "table"),
        loss_on_validation=True,
        show_gap=True,
    ),
    datasets=IMAGES,
)


# -- noise-and-augmentation -----------------------------------------------------------------
def noise_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    net = network(config, dataset)
    noise = as_float(config, "noise")
    return [
        spec(PLAIN, net, preset_optimizer(config)),
        spec(NOISE, net, preset_optimizer(config), input_noise=noise),
        spec(
            AUGMENT, net, preset_optimizer(config), augment=True,
            augment_shift=as_int(config, "shift"), augment_degrees=as_float(config, "degrees"),
            augment_flip=bool(config["flip"]),
        ),
    ]


NOISE_AND_AUGMENTATION = Preset(
    name="noise-and-augmentation",
    title=N_("Input noise and data augmentation"),
    explanation=N_(
        "Three copies of one network start from the same weights and train on "
        "`train_size` images. The first sees them as they are; the second sees each training "
        "batch with Gaussian noise added to every pixel; the third sees each image turned by "
        "up to `degrees` and shifted by up to `shift` pixels at random. Test images are never "
        "changed. Both make the few images look like more data. On 8x8 digits a one-pixel "
        "shift moves an eighth of the image, so the default only rotates; Fashion-MNIST "
        "(1000 images, 100 epochs) is only shifted: its shoes all face one way. Each series "
        "trains on 5 seeds on digits, 3 elsewhere: about 15 s on digits, a minute on MNIST, "
        "two on Fashion-MNIST."),
    look_for=N_(
        "All three memorise their training images. Noise narrows the train–test gap by "
        "about 2 points and ends within ±2 points in test accuracy (about 1 higher); "
        "rotating 8×8 digits changes little: augmentation ends within ±1.5 points of the "
        "plain network."),
    look_for_on=(
        ("mnist", N_(
            "All three memorise their training images, but augmentation ends with the "
            "train–test gap about 4 points narrower and test accuracy that much higher; "
            "noise about 3.5 points.")),
        ("fashion-mnist", N_(
            "In 100 epochs the plain network nearly memorises its 1000 images; shifting "
            "them narrows the train–test gap by about 8 points and noise by about 4, but "
            "neither raises test accuracy reliably: both end within ±5 points of the plain "
            "network, usually 1–2 lower.")),
    ),
    book_look_for_on=(
        ("fashion-mnist", N_(
            "On 300 Fashion-MNIST images for 150 epochs with rotations (the digits' "
            "settings) both narrow the train–test gap, augmentation by about 3 points and "
            "noise by about 2, but neither raises test accuracy: both end about 1–2 points "
            "lower.")),
    ),
    # Restated after the proof seeds: "within ±5 points, nothing reliable" failed on 4 of
    # 20 because augmentation narrowed the gap by more (every run narrowed it: augmentation
    # -0.017 to -0.099, noise -0.003 to -0.041; test accuracy -0.11 to +0.009).
    book_claims=(
        Claim(AUGMENT, "gap", "lower", -0.01, baseline=PLAIN, stated=-0.034,
              datasets=("fashion-mnist",)),
        Claim(NOISE, "gap", "lower", 0.0, baseline=PLAIN, stated=-0.019,
              datasets=("fashion-mnist",)),
        *(Claim(name, "test_acc", "lower", 0.02, baseline=PLAIN, stated=-0.015,
                datasets=("fashion-mnist",)) for name in (NOISE, AUGMENT)),
    ),
    budget_key="epochs",
    params=(
        # Fashion-MNIST: 300 images never let augmentation win (measured, 3 seeds); on
        # 1000 images in 100 epochs both narrow the gap (test accuracy the same or lower).
        taught(c.epochs(150), fashion_mnist=100),
        taught(c.train_size(300), fashion_mnist=1000),
        *OVERFIT[1:],
        c.lr(0.05),
        c.non_negative("noise", 0.3, N_("std of the Gaussian noise added to input pixels")),
        taught(Param("shift", 0, "int", N_("augmentation: largest shift in pixels"), low=0, high=8),
               fashion_mnist=1),
        taught(Param("degrees", 10.0, "float", N_("augmentation: largest rotation in degrees"),
                     low=0.0, high=180.0), fashion_mnist=0.0),
        Param("flip", False, "bool", N_("augmentation: mirror left-right at random")),
        taught(c.seeds(3), digits=5),
        c.smoothing(),
    ),
    series=(PLAIN, NOISE, AUGMENT),
    claims=(
        Claim(NOISE, "gap", "lower", -0.005, baseline=PLAIN, stated=-0.018,
              datasets=("digits",)),
        Claim(NOISE, "test_acc", "within", 0.02, baseline=PLAIN, stated=0.01,
              datasets=("digits",)),
        Claim(AUGMENT, "test_acc", "within", 0.015, baseline=PLAIN, stated=0.005,
              datasets=("digits",)),
        Claim(NOISE, "gap", "lower", -0.01, baseline=PLAIN, stated=-0.035,
              datasets=("mnist",)),
        Claim(NOISE, "test_acc", "higher", 0.01, baseline=PLAIN, stated=0.035,
              datasets=("mnist",)),
        Claim(AUGMENT, "gap", "lower", -0.01, baseline=PLAIN, stated=-0.037,
              datasets=("mnist",)),
        Claim(AUGMENT, "test_acc", "higher", 0.01, baseline=PLAIN, stated=0.037,
              datasets=("mnist",)),
        Claim(AUGMENT, "gap", "lower", -0.03, baseline=PLAIN, stated=-0.08,
              datasets=("fashion-mnist",)),
        Claim(NOISE, "gap", "lower", -0.01, baseline=PLAIN, stated=-0.038,
              datasets=("fashion-mnist",)),
        Claim(AUGMENT, "test_acc", "within", 0.05, baseline=PLAIN, stated=-0.018,
              datasets=("fashion-mnist",)),
        Claim(NOISE, "test_acc", "within", 0.05, baseline=PLAIN, stated=-0.014,
              datasets=("fashion-mnist",)),
    ),
    builder=TrainBuilder(noise_series),
    view=PresetView(
        panels=("accuracy", "loss", "table"),
        show_gap=True,
    ),
    datasets=IMAGES,
)
