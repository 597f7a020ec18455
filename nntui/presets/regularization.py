"""Presets about overfitting and what reduces it (book §6.4 and the source articles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.common import as_float, as_int
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import IMAGES
from nntui.presets.params import Param, RunConfig, taught
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec
    from nntui.core.optimizers import OptimizerConfig

#: The book's overfitting setup: 300 samples, 7 layers, batch 100 (SGD 0.01 in the book).
_OVERFIT = (
    c.train_size(300),
    c.batch_size(100),
    c.hidden((100, 100, 100, 100, 100, 100)),
)
OPTIMIZERS = ("sgd", "momentum", "adam")
#: Dropout on 300 Fashion-MNIST images: no setting tried (Adam or Momentum, ratios 0.1-0.5,
#: 2x256 or 6x100, 300-2000 samples) made the technique beat the plain network on 3 seeds,
#: so the preset does not offer it rather than teach the opposite of its title.
NOT_FASHION = ("digits", "mnist")

# Series names: identifiers in results files, in English; N_ marks them for the legends.
NO_DECAY, WITH_DECAY = N_("no decay"), N_("weight decay")
NO_DROPOUT, WITH_DROPOUT = N_("no dropout"), N_("dropout")
FULL_RUN, EARLY_STOP = N_("full run"), N_("early stop")
PLAIN, NOISE, AUGMENT = N_("plain"), N_("noise"), N_("augment")


def _optimizer_param(default: str, *, book: str | None = None) -> Param:
    return taught(
        Param("optimizer", default, "str", N_("update rule of every series"), choices=OPTIMIZERS),
        book=book,
    )


def _sgd(config: RunConfig) -> OptimizerConfig:
    """The preset's optimizer: `optimizer` (sgd unless set) at `lr`."""
    name = config.get("optimizer", "sgd")
    return optimizer(str(name), lr=as_float(config, "lr"))


# -- weight-decay ---------------------------------------------------------------------------
def decay_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    lam = as_float(config, "weight_decay")
    return [
        spec(NO_DECAY, network(config, dataset), _sgd(config)),
        spec(WITH_DECAY, network(config, dataset, l2=lam), _sgd(config)),
    ]


WEIGHT_DECAY = Preset(
    name="weight-decay",
    title=N_("Weight decay against overfitting"),
    explanation=N_(
        "A 7-layer network (6 hidden layers of 100) trains on only the first 300 training "
        "samples for 201 epochs, enough to memorise them. The second copy adds ½λ‖W‖² to "
        "the loss, which pulls every weight toward zero by λW each step (figures 6-20 and "
        "6-21). Both start from the same weights and see the same batches. Test accuracy is "
        "measured every epoch on data neither trains on. Default: SGD lr 0.05 and λ = 0.01; "
        "the book's lr 0.01 and λ = 0.1 (--book) shrink the weights so hard that test "
        "accuracy falls along with the gap."),
    look_for=N_(
        "Both memorise the 300 samples, but with weight decay the test accuracy ends higher "
        "and the train–test gap narrower: smaller weights, a smoother function."),
    book_look_for=N_(
        "As in figure 6-21: without decay train accuracy reaches 1.0 with a wide gap to "
        "test; with λ = 0.1 train stays below 1.0 and the gap narrows, though test accuracy "
        "does not rise (the book measured 0.792 vs 0.788 on MNIST)."),
    budget_key="epochs",
    params=(
        c.epochs(201),
        *_OVERFIT,
        taught(c.lr(0.05), book=0.01),
        _optimizer_param("sgd"),
        taught(
            c.non_negative("weight_decay", 0.01, N_("λ of the ½λ‖W‖² penalty (second series)")),
            book=0.1,
        ),
        c.smoothing(),
    ),
    series=(NO_DECAY, WITH_DECAY),
    builder=TrainBuilder(decay_series),
    view=PresetView(
        panels=("accuracy", "loss", "histograms", "table"),
        show_gap=True,
    ),
    datasets=IMAGES,
)


# -- dropout --------------------------------------------------------------------------------
def dropout_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    ratio = as_float(config, "dropout")
    return [
        spec(NO_DROPOUT, network(config, dataset), _sgd(config)),
        spec(WITH_DROPOUT, network(config, dataset, dropout=ratio), _sgd(config)),
    ]


DROPOUT = Preset(
    name="dropout",
    title=N_("Dropout against overfitting"),
    explanation=N_(
        "The same overfitting setup as weight decay (first 300 samples, 7 layers) for 301 "
        "epochs, with and without dropout: during training each hidden unit is switched off "
        "at random with probability 0.2, at test time all units stay on (figure 6-23). The "
        "network cannot rely on any single unit. Both start from the same weights and see "
        "the same batches. Default: Adam (lr 0.001); with the book's SGD 0.01 (--book) the "
        "dropout network has not converged after 301 epochs, so its narrower gap is "
        "underfitting, not regularization."),
    look_for=N_(
        "Both memorise the 300 samples, but the dropout network ends with the higher test "
        "accuracy and the narrower train–test gap."),
    book_look_for=N_(
        "As in figure 6-23 the gap narrows and dropout's train accuracy stays well below 1.0, "
        "but at lr 0.01 it is still learning after 301 epochs: its test accuracy is far "
        "below the plain network's (book code on MNIST: 0.42–0.51 vs 0.795)."),
    budget_key="epochs",
    params=(
        c.epochs(301),
        *_OVERFIT,
        taught(c.lr(0.001), book=0.01),
        _optimizer_param("adam", book="sgd"),
        c.ratio("dropout", 0.2, N_("dropout ratio of the second series")),
        c.smoothing(),
    ),
    series=(NO_DROPOUT, WITH_DROPOUT),
    builder=TrainBuilder(dropout_series),
    view=PresetView(
        panels=("accuracy", "loss", "histograms", "table"),
        show_gap=True,
    ),
    datasets=NOT_FASHION,
)

# -- regularizers ---------------------------------------------------------------------------
REGULARIZER_SERIES = (N_("none"), "L1", "L2", N_("elastic"))


def regularizer_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    l1, l2 = as_float(config, "l1"), as_float(config, "l2")
    opt = _sgd(config)
    return [
        spec(N_("none"), network(config, dataset), opt),
        spec("L1", network(config, dataset, l1=l1), opt),
        spec("L2", network(config, dataset, l2=l2), opt),
        # Elastic net: half of each penalty, so its total strength is comparable.
        spec(N_("elastic"), network(config, dataset, l1=l1 / 2, l2=l2 / 2), opt),
    ]


REGULARIZERS = Preset(
    name="regularizers",
    title=N_("L1, L2 and elastic-net penalties"),
    explanation=N_(
        "Four copies of the overfitting network (first 300 samples, 6 hidden layers of 100, "
        "SGD lr 0.05) start from the same weights: without a penalty, with L1 (λ₁Σ|W|, which "
        "pushes every weight toward zero by the same amount each step), with L2 (½λ₂‖W‖², "
        "which shrinks each weight in proportion to its size) and with elastic net (half of "
        "each). The table reports each network's sparsity: the fraction of weights with "
        "|w| < 0.001, in the first layer (W1) and overall."),
    look_for=N_(
        "L1 drives most first-layer weights to (almost exactly) zero: the inputs it finds "
        "useless, such as blank border pixels, are cut off. L2 makes weights small but not "
        "zero, and ends with higher test accuracy and a narrower gap than no penalty."),
    budget_key="epochs",
    params=(
        c.epochs(201),
        *_OVERFIT,
        c.lr(0.05),
        # digits has 64 inputs and few blank ones: it takes a stronger pull to empty W1.
        taught(c.non_negative("l1", 0.003, N_("λ₁ of the L1 penalty λ₁Σ|W|")), digits=0.006),
        c.non_negative("l2", 0.01, N_("λ₂ of the L2 penalty ½λ₂‖W‖²")),
        c.smoothing(),
    ),
    series=REGULARIZER_SERIES,
    builder=TrainBuilder(regularizer_series),
    view=PresetView(
        panels=("accuracy", "loss", "table", "histograms"),
        summary_columns=(N_("sparsity_W1"), N_("sparsity"), N_("weight_norm")),
        show_gap=True,
    ),
    datasets=IMAGES,
)


# -- early-stopping -------------------------------------------------------------------------
def early_stopping_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    patience = as_int(config, "patience")
    net = network(config, dataset)
    # Momentum drives the training loss to ~0 quickly, after which the validation loss
    # climbs steadily (over-confident mistakes): a clear minimum to stop at.
    opt = _sgd(config)
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
        "improved for `patience` epochs, and restores the weights from its best epoch."),
    look_for=N_(
        "Validation loss falls, then rises as the network starts to memorise the wrong "
        "labels; the early stopper halts shortly after the minimum, keeps the weights from "
        "it, and ends with the higher test accuracy in a fraction of the training."),
    budget_key="epochs",
    params=(
        c.epochs(100),
        c.train_size(1000),
        c.val_fraction(0.2),
        c.batch_size(60),
        c.hidden((100, 100, 100)),
        c.lr(0.02),
        _optimizer_param("momentum"),
        c.ratio("label_noise", 0.3, N_("fraction of training and validation labels made "
                                        "wrong (test labels stay true)")),
        Param("patience", 10, "int", N_("epochs without improvement before stopping"), low=1),
        c.smoothing(),
    ),
    series=(FULL_RUN, EARLY_STOP),
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
        spec(PLAIN, net, _sgd(config)),
        spec(NOISE, net, _sgd(config), input_noise=noise),
        spec(
            AUGMENT, net, _sgd(config), augment=True,
            augment_shift=as_int(config, "shift"), augment_degrees=as_float(config, "degrees"),
            augment_flip=bool(config["flip"]),
        ),
    ]


NOISE_AND_AUGMENTATION = Preset(
    name="noise-and-augmentation",
    title=N_("Input noise and data augmentation"),
    explanation=N_(
        "Three copies of one network start from the same weights and train on the first "
        "`train_size` images. The first sees them as they are; the second sees each training "
        "batch with Gaussian noise added to every pixel; the third sees each image turned by "
        "up to `degrees` and shifted by up to `shift` pixels at random. Test images are never "
        "changed. Both make the few images look like more data. On 8x8 digits a one-pixel "
        "shift moves an eighth of the image, so the default only rotates; Fashion-MNIST "
        "(1000 images, 300 epochs) is only shifted: its shoes all face one way."),
    look_for=N_(
        "All three memorise their training images, but augmentation ends with higher test "
        "accuracy and a narrower train–test gap than the plain network. Noise does the same "
        "on digits and MNIST; on Fashion-MNIST, whose classes differ in fine texture, it "
        "does not."),
    budget_key="epochs",
    params=(
        # Fashion-MNIST: 300 images never let augmentation win (measured, 3 seeds); on
        # 1000 images a 1-pixel shift wins on seeds 0-2 (+0.004 to +0.008) in 300 epochs.
        taught(c.epochs(150), fashion_mnist=300),
        taught(c.train_size(300), fashion_mnist=1000),
        *_OVERFIT[1:],
        c.lr(0.05),
        c.non_negative("noise", 0.3, N_("std of the Gaussian noise added to input pixels")),
        taught(Param("shift", 0, "int", N_("augmentation: largest shift in pixels"), low=0, high=8),
               fashion_mnist=1),
        taught(Param("degrees", 10.0, "float", N_("augmentation: largest rotation in degrees"),
                     low=0.0, high=180.0), fashion_mnist=0.0),
        Param("flip", False, "bool", N_("augmentation: mirror left-right at random")),
        c.smoothing(),
    ),
    series=(PLAIN, NOISE, AUGMENT),
    builder=TrainBuilder(noise_series),
    view=PresetView(
        panels=("accuracy", "loss", "table"),
        show_gap=True,
    ),
    datasets=IMAGES,
)
