"""Presets about tuning and sanity checks: hyperparameter search (book §6.5), gradient check,
overfitting one batch."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.claims import Claim
from nntui.presets.common import as_float
from nntui.presets.kinds.gradcheck import CHECK_SERIES, build_gradcheck
from nntui.presets.kinds.search import build_search
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import ANY_DATA, IMAGES
from nntui.presets.params import Param, RunConfig, taught
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec

# -- hparam-search --------------------------------------------------------------------------
HPARAM_SEARCH = Preset(
    name="hparam-search",
    title=N_("Random hyperparameter search"),
    explanation=N_(
        "The first 500 training samples are shuffled and 20 % held out as validation data. "
        "Each trial trains a 7-layer network (6 hidden layers of 100, SGD, batch 100) for 50 "
        "epochs with a learning rate drawn from 10^U(-4, 0) (the book: 10^U(-6, -2), --book) "
        "and a weight decay λ from 10^U(-8, -4) on a log scale, and is ranked by its final "
        "validation accuracy "
        "(figure 6-24). `trials` counts both rounds: the last `round2_share` of them (20 %: "
        "80 + 20 of the book's 100) search again in the range the best round-1 trials span; "
        "with fewer than 5 trials there is no second round. The test data is used once, at "
        "the end, for the chosen setting."),
    look_for=N_(
        "Validation accuracy climbs with the learning rate, peaks in a band (6 or more of "
        "the 8 best trials at lr 1e-2–0.3) and collapses above it as training diverges "
        "(trials above 0.5 end 30+ points below the best); below 1e-3 nothing is learnt in "
        "50 epochs (under 0.4)."),
    look_for_on=(
        ("mnist", N_(
            "Validation accuracy climbs with the learning rate, peaks in a band (6 or more "
            "of the 8 best trials at lr 1e-2–0.3) and falls above it as training diverges "
            "(trials above 0.5 end 10 to 65 points below the best, some still learning); "
            "below 1e-3 nothing is learnt in 50 epochs (under 0.4).")),
    ),
    book_look_for=N_(
        "As in figure 6-24, good trials cluster at the top of the book's range, lr ≈ 1e-3–"
        "1e-2 (the book measured its top 8 at 6e-3–1e-2); λ below ~1e-6 hardly matters. "
        "The range stops below where this network learns best (the default searches wider)."),
    budget_key="trials",
    params=(
        Param("trials", 100, "int", N_("trials in total, both rounds (round 2 is part of it)"),
              low=1),
        Param("round2_share", 0.2, "float",
              N_("share of the trials run in round 2, in the narrowed ranges: floor(trials × "
                 "share), e.g. 100 → 80 + 20, 10 → 8 + 2, 3 → 3 + 0"),
              low=0.0, high=1.0, high_open=True),
        Param("top_k", 5, "int", N_("best round-1 trials that define the round-2 ranges"), low=1),
        c.epochs(50),
        c.train_size(500),
        c.val_fraction(0.2),
        c.batch_size(100),
        c.hidden((100, 100, 100, 100, 100, 100)),
        # The book's 10^U(-6, -2) stops below where this 7-layer net learns best in 50
        # epochs (lr 1e-2-2e-1, measured): the default shows both edges of the good band.
        taught(Param("lr_log_min", -4.0, "float", N_("lower end of log10(lr)")), book=-6.0),
        taught(Param("lr_log_max", 0.0, "float", N_("upper end of log10(lr)")), book=-2.0),
        Param("wd_log_min", -8.0, "float", N_("lower end of log10(λ)")),
        Param("wd_log_max", -4.0, "float", N_("upper end of log10(λ)")),
        Param("margin", 0.25, "float", N_("decades added on each side of the round-2 ranges"),
              low=0.0),
        Param("workers", os.cpu_count() or 1, "int", N_("worker processes running trials"), low=1),
        Param("executor", "local", "str",
              N_("where trials run: local processes or a Dask cluster (needs nntui[dask] and "
                 "a scheduler)"), choices=("local", "dask")),
        Param("scheduler", os.environ.get("NNTUI_DASK_SCHEDULER", ""), "str",
              N_("Dask scheduler address, e.g. tcp://HOST:8786 (executor dask)")),
    ),
    series=(N_("best"),),
    claims=(
        Claim("best", "top_in_band", "higher", 0.75, stated=1.0),
        Claim("best", "slow_val", "lower", 0.4, stated=0.15),
        # On MNIST some trials above lr 0.5 still learn part of the way: 11 proof seeds
        # (1000-1200) gave 0.11-0.65, median 0.38, so the bound there is 0.1 (restated
        # after those seeds); the other 9 proof seeds: 8 held, one ended 0.08 below.
        Claim("best", "collapse_drop", "higher", 0.3, stated=0.6, bound_on=(("mnist", 0.1),)),
    ),
    book_claims=(Claim("best", "top_above_1e-3", "higher", 0.75, stated=1.0),),
    builder=build_search,
    view=PresetView(
        panels=("trials", "scatter", "accuracy"),
        summary_columns=(N_("trial"), N_("lr"), N_("weight_decay")),
    ),
    datasets=IMAGES,
)

# -- gradient-check -------------------------------------------------------------------------
GRADIENT_CHECK = Preset(
    name="gradient-check",
    title=N_("Gradient check: backprop vs numerical"),
    explanation=N_(
        "For six small float64 networks (ReLU, sigmoid, tanh, batch norm, dropout, L1+L2 "
        "penalties) the gradient from backpropagation is compared, parameter by parameter, "
        "with the central difference (f(x+h) − f(x−h)) / 2h, h = 1e-5, on a few training "
        "samples. The table shows the largest relative error per parameter; each step checks "
        "a new batch. Where the loss has a kink the difference, not backprop, is wrong: its "
        "two probes straddle the kink and measure a blend of the two slopes. So the check "
        "steps around kinks and counts what it left out: kink_weights, L1 weights within h "
        "of 0 (|w| bends there; about one in 784 × 10 on 28 × 28 images), and kink_samples, "
        "samples with a ReLU input within 10·h of 0. Everything else is still compared."),
    look_for=N_(
        "Every relative error stays below 1e-5, most near 1e-9: the analytic gradients are "
        "right. "
        "Nonzero kink_weights or kink_samples count points left out because they sit on a "
        "kink, where the central difference, not backprop, is wrong."),
    budget_key="steps",
    params=(
        c.steps(3, N_("batches checked")),
        Param("batch_size", 4, "int", N_("samples per checked batch (batch norm needs >= 2)"),
              low=2),
        c.hidden((10, 10)),
    ),
    series=CHECK_SERIES,
    builder=build_gradcheck,
    view=PresetView(
        panels=("table", "loss"),
        loss_label=N_("worst relative error per check"),
        smooth_loss=False,
        summary_columns=(N_("max_rel_error"), N_("kink_weights"), N_("kink_samples")),
    ),
    datasets=ANY_DATA,
)


# -- overfit-one-batch ----------------------------------------------------------------------
def one_batch_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("adam", lr=as_float(config, "lr"))
    return [spec(N_("network"), network(config, dataset), opt)]


OVERFIT_ONE_BATCH = Preset(
    name="overfit-one-batch",
    title=N_("Sanity check: overfit one small batch"),
    explanation=N_(
        "Before a long run, a quick check: a correct model and training loop can memorise a "
        "handful of samples. The network trains with Adam on only the first 20 training "
        "samples, batches drawn from those 20. If it cannot reach 100 % training accuracy, "
        "something is broken (data, labels, loss or gradients)."),
    look_for=N_(
        "Loss falls toward 0 and training accuracy reaches 100 %; test accuracy stays low "
        "(20 samples teach little)."),
    budget_key="iterations",
    params=(
        c.iterations(200),
        c.train_size(20),
        c.batch_size(20),
        c.hidden((100, 100)),
        c.lr(0.01, what=c.LR_HELP["adam"]),
        c.eval_every(10),
        c.seeds(),
        c.smoothing(0.6),
    ),
    series=(N_("network"),),
    claims=(Claim("network", "train_acc", "higher", 1.0),),
    builder=TrainBuilder(one_batch_series),
    view=PresetView(
        panels=("loss", "accuracy"),
    ),
    datasets=ANY_DATA,
)
