"""Presets about what flows through a network: weight init, activation functions, batch
normalization (book §6.2-6.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.claims import Claim
from nntui.presets.common import as_float
from nntui.presets.kinds.histograms import PROBE_SERIES, build_histograms
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import ANY_DATA, IMAGES
from nntui.presets.params import Param, RunConfig
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec

# -- activation-histograms ------------------------------------------------------------------
ACTIVATION_HISTOGRAMS = Preset(
    name="activation-histograms",
    title=N_("Activation histograms by weight init"),
    explanation=N_(
        "1000 random inputs (randn, 100 values each) go forward through 5 layers of 100 "
        "units with no bias. Each of sigmoid, tanh and ReLU is tried with weights drawn at "
        "std 1, std 0.01, Xavier √(1/n) and He √(2/n), and the histogram of every layer's "
        "output is drawn (figures 6-10 to 6-14), once, without training, as in the book. "
        "With lr above 0 (e.g. --set lr=0.1 --set steps=100) a readout on top also learns "
        "the classes a fixed random teacher gives the inputs, so that w shows each layer's "
        "distribution over training. The gradient-flow panel shows how the gradient of "
        "that readout's loss reaches each layer. Healthy layers keep a spread of values; "
        "collapsed ones stop passing gradient or information."),
    # Measured (tuning seeds 100-280, the forward pass): W1's ‖∂L/∂W‖ is 170-2 100 times
    # below the last layer's for sigmoid Xavier/He and ~5e7 for std 0.01, but only 3.4-5.4
    # times for std 1 (its large weights carry the gradient past the flat slopes);
    # tanh and ReLU with Xavier or He stay within 3.5 times.
    look_for=N_(
        "sigmoid std 1 piles up at 0 and 1 (slope near 0), std 0.01 at 0.5; Xavier stays "
        "spread; ReLU He even, std 0.01 collapses to 0. Gradient flow: sigmoid's shrinks by "
        "hundreds back to W1 with Xavier or He, only 3-6 times with std 1 (big weights "
        "carry it); tanh, ReLU Xavier/He: within 4 times."),
    budget_key="steps",
    params=(
        # The book's forward pass by default: training moves the distributions and blurs
        # the lesson (after 100 steps ReLU He saturates more than Xavier in the last layer).
        c.steps(1, N_("steps: forward passes of fresh random inputs (added to the "
                      "histograms when lr is 0), or training steps")),
        Param("lr", 0.0, "float", N_("learning rate of the training steps (0: forward "
                                     "passes only, as the book)"), low=0.0),
        c.batch_size(100),
        Param("samples", 1000, "int", N_("random input rows per pass"), low=1),
        Param("width", 100, "int", N_("units per layer (and input size)"), low=1),
        Param("layers", 5, "int", N_("layers"), low=1, high=20),
        Param("bins", 30, "int", N_("histogram bins"), low=2, high=200),
    ),
    series=PROBE_SERIES,
    builder=build_histograms,
    view=PresetView(
        panels=("histograms", "gradients", "table"),
        summary_columns=(N_("last_mean"), N_("last_std"), N_("last_saturated")),
        histogram_range="shared",
    ),
    datasets=(),
    default_dataset="none",
)

# -- init-compare ---------------------------------------------------------------------------
INIT_SERIES = ("std=0.01", "Xavier", "He")


def init_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    inits: tuple[str | float, ...] = (as_float(config, "small_std"), "xavier", "he")
    return [
        spec(name, network(config, dataset, init=init), opt)
        for name, init in zip(INIT_SERIES, inits, strict=True)
    ]


INIT_COMPARE = Preset(
    name="init-compare",
    title=N_("Weight initialization: std 0.01 vs Xavier vs He"),
    explanation=N_(
        "Three copies of a 5-layer ReLU network (100 units per hidden layer) train with SGD "
        "(lr 0.01, batch 128, 2000 iterations) and differ only in the scale of their initial "
        "weights: a fixed std of 0.01, Xavier √(1/n) or He √(2/n), n = fan-in (figure 6-15). "
        "Too small a scale shrinks the signal layer by layer until nothing is learnt."),
    look_for=N_(
        "std=0.01 stays flat at the chance level (ln 10 ≈ 2.3 for ten classes, ln 2 for two, "
        "within 2 %); Xavier and He both learn (to at most half the chance loss), He faster: "
        "its loss ends below Xavier's on every dataset."),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(128),
        c.hidden((100, 100, 100, 100)),
        c.lr(0.01),
        Param("small_std", 0.01, "float", N_("the fixed std of the first series"), low=0.0,
              low_open=True),
        c.eval_every(100),
        c.seeds(),
        c.smoothing(),
    ),
    series=INIT_SERIES,
    claims=(
        Claim("std=0.01", "chance_loss", "within", 0.02, reference=1.0, stated=0.0),
        Claim("He", "final_loss", "lower", 0.0, baseline="Xavier"),
        Claim("Xavier", "chance_loss", "lower", 0.5, stated=0.12),
    ),
    builder=TrainBuilder(init_series),
    view=PresetView(
        panels=("loss", "accuracy", "histograms", "gradients"),
        histogram_range="shared",
    ),
    datasets=ANY_DATA,
)

# -- activations ----------------------------------------------------------------------------
#: (series, activation, init matched to it)
ACTIVATION_FUNCS: tuple[tuple[str, str, str], ...] = (
    ("sigmoid", "sigmoid", "xavier"),
    ("tanh", "tanh", "xavier"),
    ("ReLU", "relu", "he"),
    ("Leaky ReLU", "leaky_relu", "he"),  # technique names: no catalog entry
    ("ELU", "elu", "he"),
    ("Swish", "swish", "he"),
)


def activation_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(name, network(config, dataset, activation=act, init=init), opt)
        for name, act, init in ACTIVATION_FUNCS
    ]


ACTIVATIONS = Preset(
    name="activations",
    title=N_("Activation functions side by side"),
    explanation=N_(
        "One 5-layer network (100 units per hidden layer) trained with SGD on the same "
        "batches, six times: with sigmoid, tanh, ReLU, Leaky ReLU, ELU and Swish (SiLU). "
        "sigmoid and tanh start from Xavier weights, the ReLU family from He weights, as the "
        "book recommends. sigmoid's gradient is at most 0.25, so it shrinks on its way back "
        "through every layer."),
    look_for=N_(
        "The ReLU family and tanh drop quickly, to under a third of the chance loss "
        "(ln 10 ≈ 2.3 for ten classes); sigmoid stays on or near its plateau at the chance "
        "level (above 0.6 of it; on digits and MNIST the whole run), far behind the others: "
        "its gradients vanish."),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(128),
        c.hidden((100, 100, 100, 100)),
        c.lr(0.1),
        c.eval_every(100),
        c.seeds(),
        c.smoothing(),
    ),
    series=tuple(name for name, *_ in ACTIVATION_FUNCS),
    claims=(
        Claim("sigmoid", "chance_loss", "higher", 0.6, stated=1.0),
        *(Claim(name, "chance_loss", "lower", 0.3, stated=0.05)
          for name, *_ in ACTIVATION_FUNCS[1:]),
    ),
    builder=TrainBuilder(activation_series),
    view=PresetView(
        panels=("loss", "accuracy", "histograms", "boundary", "gradients"),
    ),
    # sigmoid escapes its plateau on spiral and moons: the look-for would not hold there.
    datasets=(*IMAGES, "circles", "xor"),
)

# -- batchnorm ------------------------------------------------------------------------------
#: The book's 16 weight scales, np.logspace(0, -4, num=16) (without importing NumPy here).
BN_SCALES: tuple[float, ...] = tuple(10.0 ** (-4.0 * i / 15) for i in range(16))


def bn_name(scale: float, batch_norm: bool) -> str:
    return f"{'BN' if batch_norm else 'plain'} w={scale:.2g}"


BN_SERIES: tuple[str, ...] = tuple(bn_name(w, bn) for w in BN_SCALES for bn in (True, False))
#: The names without BN, spelled out so the catalog can give their legends Japanese ("BN
#: w=…" needs none); tests check they are exactly the names `bn_name` makes.
PLAIN_NAMES = (
    N_("plain w=1"), N_("plain w=0.54"), N_("plain w=0.29"), N_("plain w=0.16"),
    N_("plain w=0.086"), N_("plain w=0.046"), N_("plain w=0.025"), N_("plain w=0.014"),
    N_("plain w=0.0074"), N_("plain w=0.004"), N_("plain w=0.0022"), N_("plain w=0.0012"),
    N_("plain w=0.00063"), N_("plain w=0.00034"), N_("plain w=0.00018"), N_("plain w=0.0001"),
)
#: The sweep panel's two curves (legend names: N_ marks "no BN" for the catalog). Not
#: "plain": that word is noise-and-augmentation's untouched copy, one msgid for both, and
#: Japanese names the two apart (「BN なし」 here, 「なし」 there).
BN_CURVES = ("BN", N_("no BN"))
#: series name -> (curve, weight scale): the sweep panel's two curves (figure 6-19 at once).
_BN_SWEEP = {bn_name(w, bn): (BN_CURVES[0] if bn else BN_CURVES[1], w) for w in BN_SCALES
             for bn in (True, False)}


def bn_sweep(name: str) -> tuple[str, float] | None:
    """Where the series ``name`` sits on batchnorm's sweep: ("BN" | "no BN", scale)."""
    return _BN_SWEEP.get(name)


def batchnorm_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(bn_name(w, bn), network(config, dataset, init=w, batch_norm=bn), opt)
        for w in BN_SCALES
        for bn in (True, False)
    ]


BATCHNORM = Preset(
    name="batchnorm",
    title=N_("Batch normalization across weight scales"),
    explanation=N_(
        "A 6-layer ReLU network (5 hidden layers of 100) trains on the first 1000 training "
        "samples for 20 epochs (SGD lr 0.01, batch 100), with and without batch normalization "
        "(Affine → BatchNorm → ReLU), for each of 16 initial weight scales from 1 down to "
        "0.0001 (figure 6-18): 32 networks. Batch norm rescales every layer's input to zero "
        "mean and unit variance, so the starting scale matters much less."),
    look_for=N_(
        "With batch norm almost every scale learns (train accuracy above 0.5 at 14 or more "
        "of the 16 scales; at least 10); without it only a narrow band of scales does, the "
        "small ones stay at chance: batch norm learns at 6 or more scales more."),
    budget_key="epochs",
    params=(
        c.epochs(20),
        c.train_size(1000),
        c.batch_size(100),
        c.hidden((100, 100, 100, 100, 100)),
        c.lr(0.01),
        c.seeds(),
        c.smoothing(),
    ),
    series=BN_SERIES,
    claims=(
        Claim("BN", "scales_learnt", "higher", 10.0, stated=14.0, sweep=bn_sweep),
        Claim("BN", "scales_learnt", "higher", 6.0, baseline=BN_CURVES[1], stated=11.0,
              sweep=bn_sweep),
    ),
    builder=TrainBuilder(batchnorm_series),
    view=PresetView(
        panels=("sweep", "accuracy", "loss", "table", "gradients"),
        sweep=bn_sweep,
        sweep_label=N_("weight scale"),
        # Series 17-24 (w 0.0074 ... 0.0012): batch norm learns, plain stays at chance.
        # The first group (w 1 ... 0.16) is where plain does as well or better.
        start_focus=16,
    ),
    datasets=IMAGES,
)
