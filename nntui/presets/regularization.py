"""Presets about overfitting and what reduces it (book §6.4 and the source articles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.claims import Claim
from nntui.presets.common import as_float
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import IMAGES
from nntui.presets.params import Param, RunConfig, taught
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec
    from nntui.core.optimizers import OptimizerConfig

#: The book's overfitting setup: 300 samples, 7 layers, batch 100 (SGD 0.01 in the book).
OVERFIT = (
    c.train_size(300),
    c.batch_size(100),
    c.hidden((100, 100, 100, 100, 100, 100)),
)
OPTIMIZERS = ("sgd", "momentum", "adam")

# Series names: identifiers in results files, in English; N_ marks them for the legends.
NO_DECAY, WITH_DECAY = N_("no decay"), N_("weight decay")
NO_DROPOUT, WITH_DROPOUT = N_("no dropout"), N_("dropout")
FULL_RUN, EARLY_STOP = N_("full run"), N_("early stop")
PLAIN, NOISE, AUGMENT = N_("plain"), N_("noise"), N_("augment")


def optimizer_param(default: str, *, book: str | None = None) -> Param:
    return taught(
        Param("optimizer", default, "str", N_("update rule of every series"), choices=OPTIMIZERS),
        book=book,
    )


def preset_optimizer(config: RunConfig) -> OptimizerConfig:
    """The preset's optimizer: `optimizer` (sgd unless set) at `lr`."""
    name = config.get("optimizer", "sgd")
    return optimizer(str(name), lr=as_float(config, "lr"))


# -- weight-decay ---------------------------------------------------------------------------
#: What the book's λ = 0.1 shows on MNIST and Fashion-MNIST (their default and --book).
_DECAY_IMAGES = (
    Claim(WITH_DECAY, "weight_norm", "lower", -0.3, baseline=NO_DECAY, relative=True,
          stated=-0.44, datasets=("mnist", "fashion-mnist")),
    Claim(WITH_DECAY, "gap", "lower", -0.02, baseline=NO_DECAY, stated=-0.06,
          datasets=("mnist",)),
    Claim(WITH_DECAY, "gap", "lower", -0.06, baseline=NO_DECAY, stated=-0.15,
          datasets=("fashion-mnist",)),
    Claim(WITH_DECAY, "train_acc", "lower", 0.95, stated=0.83,
          datasets=("mnist", "fashion-mnist")),
    Claim(WITH_DECAY, "test_acc", "within", 0.1, baseline=NO_DECAY, stated=-0.06,
          datasets=("mnist", "fashion-mnist")),
)

def decay_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    lam = as_float(config, "weight_decay")
    return [
        spec(NO_DECAY, network(config, dataset), preset_optimizer(config)),
        spec(WITH_DECAY, network(config, dataset, l2=lam), preset_optimizer(config)),
    ]


WEIGHT_DECAY = Preset(
    name="weight-decay",
    title=N_("Weight decay against overfitting"),
    explanation=N_(
        "A 7-layer network (6 hidden layers of 100) trains on only 300 training samples for "
        "201 epochs, enough to memorise them. The second copy adds ½λ‖W‖² to the loss, which "
        "pulls every weight toward zero by λW each step (figures 6-20 and 6-21). Both start "
        "from the same weights and see the same batches; test accuracy is measured on data "
        "neither trains on. On MNIST and Fashion-MNIST the default is the book's setting "
        "(SGD lr 0.01, λ = 0.1). On the 8×8 digits that λ costs as much test accuracy as "
        "train accuracy, so digits uses λ = 0.005 with Momentum. Each series trains on 8 seeds "
        "on digits, 3 elsewhere (own weights, batches and 300 images each; the first seed "
        "the first 300): about 25 s on digits, a minute on MNIST."),
    look_for=N_(
        "Both memorise the 300 samples (train accuracy 1.0); with weight decay the weights "
        "end about a quarter smaller, the train–test gap about half a point narrower and "
        "test accuracy that much higher (a small effect: a single seed "
        "favours decay only about 2 times in 3)."),
    look_for_on=(
        ("mnist", N_(
            "As in figure 6-21: with λ = 0.1 train accuracy stays near 0.88 instead of 1.0 and "
            "the train–test gap narrows by about 6 points, but test accuracy does not rise: it "
            "ends about 5 points lower (the book measured 0.792 vs 0.788).")),
        ("fashion-mnist", N_(
            "As in figure 6-21: with λ = 0.1 train accuracy stays near 0.78 instead of 1.0 "
            "and the train–test gap narrows by about 15 points, but test accuracy does not "
            "rise: it ends about 6 points lower.")),
    ),
    book_look_for=N_(
        "On 8×8 digits the book's λ = 0.1 keeps train accuracy below 1.0 (about 0.89) but "
        "costs as much test accuracy (about 11 points): the train–test gap does not narrow "
        "(it ends within ±4 points)."),
    budget_key="epochs",
    params=(
        c.epochs(201),
        *OVERFIT,
        c.lr(0.01),
        taught(optimizer_param("sgd"), digits="momentum", book="sgd"),
        taught(
            c.non_negative("weight_decay", 0.1, N_("λ of the ½λ‖W‖² penalty (second series)")),
            digits=0.005, book=0.1,
        ),
        taught(c.seeds(3), digits=8),
        c.smoothing(),
    ),
    series=(NO_DECAY, WITH_DECAY),
    claims=(
        Claim(WITH_DECAY, "weight_norm", "lower", -0.15, baseline=NO_DECAY, relative=True,
              stated=-0.24, datasets=("digits",)),
        # Restated after the proof seeds: at bound ±0.003 over 5 seeds these held on 16
        # of 20 (median effect 0.006, the runs' sd 0.004); the mean of 8 seeds above 0 is
        # the part that holds (rechecked on seeds of their own, bench/lessons.py --recheck).
        Claim(WITH_DECAY, "gap", "lower", 0.0, baseline=NO_DECAY, stated=-0.006,
              datasets=("digits",)),
        Claim(WITH_DECAY, "test_acc", "higher", 0.0, baseline=NO_DECAY, stated=0.006,
              datasets=("digits",)),
        *_DECAY_IMAGES,
    ),
    # --book on MNIST and Fashion-MNIST is the default; on digits it shows something else.
    book_claims=(
        Claim(WITH_DECAY, "train_acc", "lower", 0.97, stated=0.89, datasets=("digits",)),
        Claim(WITH_DECAY, "gap", "within", 0.04, baseline=NO_DECAY, stated=0.0,
              datasets=("digits",)),
        Claim(WITH_DECAY, "test_acc", "lower", -0.04, baseline=NO_DECAY, stated=-0.11,
              datasets=("digits",)),
        *_DECAY_IMAGES,
    ),
    builder=TrainBuilder(decay_series),
    view=PresetView(
        panels=("gap", "accuracy", "histograms", "table"),
        show_gap=True,
    ),
    datasets=IMAGES,
)


# -- dropout --------------------------------------------------------------------------------
def dropout_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    ratio = as_float(config, "dropout")
    return [
        spec(NO_DROPOUT, network(config, dataset), preset_optimizer(config)),
        spec(WITH_DROPOUT, network(config, dataset, dropout=ratio), preset_optimizer(config)),
    ]


DROPOUT = Preset(
    name="dropout",
    title=N_("Dropout against overfitting"),
    explanation=N_(
        "The same overfitting setup as weight decay (300 samples, 7 layers) for 301 epochs, "
        "with and without dropout: during training each hidden unit is switched off at "
        "random with probability `dropout`, at test time all units stay on (figure 6-23). "
        "The network cannot rely on any single unit. Both start from the same weights and "
        "see the same batches. Default: Adam (lr 0.001), ratio 0.2; with the book's SGD 0.01 "
        "(--book) the dropout network has not converged after 301 epochs, so its narrower "
        "gap is underfitting, not regularization. Fashion-MNIST gives this network little to "
        "fix, so it trains 2 wide layers (256) on 1000 images for 100 epochs at ratio 0.7. "
        "Each series trains on 5 seeds (10 on MNIST, 3 on Fashion-MNIST): about 30 s on "
        "digits, two to three minutes on MNIST, a minute or two on Fashion-MNIST."),
    look_for=N_(
        "Both memorise the 300 samples, but the dropout network ends with the train–test "
        "gap about 1 point narrower and test accuracy that much higher (on one seed "
        "the effect is about the size of the noise)."),
    look_for_on=(
        ("mnist", N_(
            "Both memorise the 300 samples, but the dropout network ends with the train–test "
            "gap about 1 point narrower and test accuracy that much higher (a single seed "
            "favours dropout only about 3 times in 4).")),
        ("fashion-mnist", N_(
            "Without dropout the network memorises its 1000 images (train accuracy 1.0); with "
            "dropout train accuracy stays near 0.94 and the train–test gap narrows by about 6 "
            "points, while test accuracy ends the same (within ±1 point).")),
    ),
    book_look_for=N_(
        "As in figure 6-23 the gap narrows and dropout's train accuracy stays well below 1.0, "
        "but at lr 0.01 it is still learning after 301 epochs: its test accuracy is far "
        "below the plain network's (book code on MNIST: 0.42–0.51 vs 0.795)."),
    budget_key="epochs",
    params=(
        taught(c.epochs(301), fashion_mnist=100),
        taught(c.train_size(300), fashion_mnist=1000),
        c.batch_size(100),
        taught(c.hidden((100, 100, 100, 100, 100, 100)), fashion_mnist=(256, 256)),
        taught(c.lr(0.001), book=0.01),
        optimizer_param("adam", book="sgd"),
        taught(c.ratio("dropout", 0.2, N_("dropout ratio of the second series")),
               fashion_mnist=0.7, book=0.2),
        taught(c.seeds(5), mnist=10, fashion_mnist=3),
        c.smoothing(),
    ),
    series=(NO_DROPOUT, WITH_DROPOUT),
    claims=(
        Claim(WITH_DROPOUT, "gap", "lower", -0.004, baseline=NO_DROPOUT, stated=-0.012,
              datasets=("digits",)),
        Claim(WITH_DROPOUT, "test_acc", "higher", 0.004, baseline=NO_DROPOUT, stated=0.012,
              datasets=("digits",)),
        # MNIST, restated after the proof seeds: at ±0.004 over 5 seeds these held on 14 of
        # 18 (median 0.010; one seed's effect has sd 0.016): 10 seeds, the mean above 0.
        Claim(WITH_DROPOUT, "gap", "lower", 0.0, baseline=NO_DROPOUT, stated=-0.009,
              datasets=("mnist",)),
        Claim(WITH_DROPOUT, "test_acc", "higher", 0.0, baseline=NO_DROPOUT, stated=0.009,
              datasets=("mnist",)),
        Claim(WITH_DROPOUT, "gap", "lower", -0.03, baseline=NO_DROPOUT, stated=-0.06,
              datasets=("fashion-mnist",)),
        Claim(WITH_DROPOUT, "test_acc", "within", 0.01, baseline=NO_DROPOUT, stated=0.0,
              datasets=("fashion-mnist",)),
    ),
    book_look_for_on=(
        ("digits", N_(
            "At the book's lr 0.01 dropout's train accuracy is still near 0.65 after 301 "
            "epochs and its test accuracy about 35 points below the plain network's: it is "
            "still learning, and on digits the train–test gap does not narrow (within ±3 "
            "points).")),
    ),
    book_claims=(
        Claim(WITH_DROPOUT, "train_acc", "lower", 0.8, stated=0.62),
        Claim(WITH_DROPOUT, "test_acc", "lower", -0.1, baseline=NO_DROPOUT, stated=-0.3),
        Claim(WITH_DROPOUT, "gap", "lower", -0.04, baseline=NO_DROPOUT, stated=-0.09,
              datasets=("mnist", "fashion-mnist")),
        Claim(WITH_DROPOUT, "gap", "within", 0.03, baseline=NO_DROPOUT, stated=0.007,
              datasets=("digits",)),
    ),
    builder=TrainBuilder(dropout_series),
    view=PresetView(
        panels=("gap", "accuracy", "histograms", "table"),
        show_gap=True,
    ),
    datasets=IMAGES,
)

# -- regularizers ---------------------------------------------------------------------------
REGULARIZER_SERIES = (N_("none"), "L1", "L2", N_("elastic"))


def regularizer_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    l1, l2 = as_float(config, "l1"), as_float(config, "l2")
    opt = preset_optimizer(config)
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
        "L1 drives most first-layer weights (60–85 %) to (almost exactly) zero: the inputs "
        "it finds useless, such as blank border pixels, are cut off; elastic net, with half "
        "the pull, fewer (still 30 points or more above L2). L2 makes the weights a quarter "
        "smaller overall but hardly any zero (under 5 %)."),
    budget_key="epochs",
    params=(
        c.epochs(201),
        *OVERFIT,
        c.lr(0.05),
        # digits has 64 inputs and few blank ones: it takes a stronger pull to empty W1.
        taught(c.non_negative("l1", 0.003, N_("λ₁ of the L1 penalty λ₁Σ|W|")), digits=0.006),
        c.non_negative("l2", 0.01, N_("λ₂ of the L2 penalty ½λ₂‖W‖²")),
        c.seeds(),
        c.smoothing(),
    ),
    series=REGULARIZER_SERIES,
    claims=(
        Claim("L1", "sparsity_W1", "higher", 0.5, stated=0.75),
        Claim("elastic", "sparsity_W1", "higher", 0.25, baseline="L2", stated=0.45),
        Claim("L1", "sparsity_W1", "higher", 0.1, baseline="elastic", stated=0.22),
        Claim("L2", "sparsity_W1", "lower", 0.05, stated=0.02),
        Claim("L2", "weight_norm", "lower", -0.2, baseline="none", relative=True,
              stated=-0.25),
    ),
    # --book (no book setting: the 28×28 images' λ₁ = 0.003) on digits empties less.
    book_look_for_on=(
        ("digits", N_(
            "At λ₁ = 0.003 (the 28×28 images' strength; digits' default is 0.006) L1 drives "
            "about a third of the first-layer weights to zero, elastic net a fifth; L2 makes "
            "the weights a quarter smaller overall but hardly any zero (under 5 %).")),
    ),
    book_claims=(
        Claim("L1", "sparsity_W1", "higher", 0.25, stated=0.36, datasets=("digits",)),
        Claim("elastic", "sparsity_W1", "higher", 0.1, baseline="L2", stated=0.19,
              datasets=("digits",)),
        Claim("L1", "sparsity_W1", "higher", 0.05, baseline="elastic", stated=0.16,
              datasets=("digits",)),
        Claim("L2", "sparsity_W1", "lower", 0.05, stated=0.01, datasets=("digits",)),
        Claim("L2", "weight_norm", "lower", -0.2, baseline="none", relative=True,
              stated=-0.25, datasets=("digits",)),
    ),
    builder=TrainBuilder(regularizer_series),
    view=PresetView(
        panels=("gap", "accuracy", "table", "histograms"),
        summary_columns=(N_("sparsity_W1"), N_("sparsity"), N_("weight_norm")),
        show_gap=True,
    ),
    datasets=IMAGES,
)
