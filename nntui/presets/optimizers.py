"""Presets about how parameters are updated: optimizers, learning-rate schedules, batch size
(book §6.1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets import common as c
from nntui.presets.base import Preset
from nntui.presets.claims import Claim
from nntui.presets.common import as_float, as_int
from nntui.presets.kinds.paths import PATH_OPTIMIZERS, build_paths
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.params import Param, RunConfig, taught
from nntui.presets.view import PresetView

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec
    from nntui.core.schedules import Schedule

IMAGES = ("digits", "mnist", "fashion-mnist")
ANY_DATA = (*IMAGES, "spiral", "moons", "circles", "xor")
#: Where the race's finding holds (bench/lessons.py): on xor every method ends at the
#: same noise floor, and on circles and moons RMSprop's loss can spike at the end (on
#: moons to 27 times SGD's, tuning seed 440).
RACE_DATA = (*IMAGES, "spiral")

# -- optimizer-paths ------------------------------------------------------------------------
_PATH_LRS = {"lr_sgd": 0.95, "lr_momentum": 0.1, "lr_adagrad": 1.5, "lr_adam": 0.3,
             "lr_rmsprop": 0.1, "lr_nesterov": 0.1}

OPTIMIZER_PATHS = Preset(
    name="optimizer-paths",
    title=N_("Optimizer paths on a 2-D bowl"),
    explanation=N_(
        "Six optimizers start at (-7, 2) on f(x, y) = x²/20 + y², a bowl forty times steeper "
        "along y than along x, and take 30 steps with the book's learning rates (figure "
        "6-8). The gradient points mostly along y, not toward the minimum at (0, 0), so the "
        "way each method uses it shows in the shape of its path."),
    look_for=N_(
        "SGD zig-zags along y; Momentum rolls like a ball; AdaGrad heads almost straight in; "
        "Adam rolls like a ball but sways less in y."),
    budget_key="steps",
    params=(
        c.steps(30, N_("updates per optimizer")),
        *(c.lr(v, k, c.LR_HELP[k[3:]]) for k, v in _PATH_LRS.items()),
        c.ratio("momentum", 0.9, N_("momentum α (Momentum, Nesterov)")),
        Param("start_x", -7.0, "float", N_("start point x")),
        Param("start_y", 2.0, "float", N_("start point y")),
    ),
    series=tuple(name for name, _, _ in PATH_OPTIMIZERS),
    builder=build_paths,
    view=PresetView(
        panels=("paths", "loss"),
        # The value of the function along each path: exact, nothing to smooth.
        loss_label="f(x, y)",
        smooth_loss=False,
        summary_columns=(N_("y_sign_changes"), N_("path_ratio"), N_("distance")),
    ),
    datasets=(),
    default_dataset="none",
)

# -- optimizer-race -------------------------------------------------------------------------
#: (series, optimizer, lr key, book lr)
RACE: tuple[tuple[str, str, str, float], ...] = (
    ("SGD", "sgd", "lr_sgd", 0.01),
    ("Momentum", "momentum", "lr_momentum", 0.01),
    ("AdaGrad", "adagrad", "lr_adagrad", 0.01),
    ("Adam", "adam", "lr_adam", 0.001),
    ("RMSprop", "rmsprop", "lr_rmsprop", 0.01),
)


def race_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    net = network(config, dataset)
    return [
        spec(
            name,
            net,
            optimizer(
                opt,
                lr=as_float(config, key),
                momentum=as_float(config, "momentum"),
                decay_rate=as_float(config, "decay_rate"),
            ),
        )
        for name, opt, key, _ in RACE
    ]


OPTIMIZER_RACE = Preset(
    name="optimizer-race",
    title=N_("Optimizer race on real data"),
    explanation=N_(
        "The same 5-layer ReLU network (100 units per hidden layer, He init) is trained with "
        "SGD, Momentum, AdaGrad, Adam and RMSprop on identical mini-batches of 128 for 2000 "
        "iterations, with the book's learning rates (figure 6-9). Every series starts from "
        "the same weights and sees the same data in the same order, so the curves differ "
        "only by the update rule. RMSprop, not in the book's figure, runs at 0.003: at 0.01 "
        "(--book) it ends behind SGD on Fashion-MNIST."),
    look_for=N_(
        "SGD is clearly the slowest: the momentum and adaptive methods fall together and end "
        "with a loss at least 10 times lower than SGD's (smoothed, last tenth of the run)."),
    look_for_on=(
        ("mnist", N_(
            "SGD is clearly the slowest: Momentum, AdaGrad and Adam end with a loss at least "
            "10 times lower than SGD's; RMSprop usually lower still, but on about one seed in "
            "six a late jump leaves it only 3 to 7 times lower (smoothed, last tenth of the "
            "run).")),
        ("fashion-mnist", N_(
            "SGD is the slowest: the momentum and adaptive methods fall together and end with "
            "a loss about a quarter lower than SGD's (smoothed, last tenth of the run); "
            "clothes are harder to fit than digits.")),
        ("spiral", N_(
            "SGD is the slowest: Momentum, AdaGrad and Adam end with a loss about half of "
            "SGD's or less; RMSprop at 0.003 ends only a little below it.")),
    ),
    book_look_for_on=(
        ("mnist", N_(
            "SGD is clearly the slowest: Momentum, AdaGrad and Adam end with a loss at least "
            "10 times lower than SGD's; RMSprop at the book-style 0.01 only about half as "
            "low (smoothed, last tenth of the run).")),
        ("fashion-mnist", N_(
            "SGD is the slowest of the book's four: Momentum, AdaGrad and Adam end with a "
            "loss about 30 % lower than SGD's; RMSprop at 0.01 ends level with SGD (within "
            "±15 %): on clothes that rate is too large.")),
        ("spiral", N_(
            "SGD is the slowest: Momentum, AdaGrad and Adam end with about half SGD's loss "
            "or less. RMSprop at the book's 0.01 is erratic: usually about 30 % below SGD, "
            "but on about one seed in ten it jumps late and ends level or above.")),
    ),
    book_claims=(
        *(Claim(name, "final_loss", "lower", -0.9, baseline="SGD", relative=True,
                stated=-0.99, datasets=("digits", "mnist"))
          for name, *_ in RACE[1:4]),
        Claim("RMSprop", "final_loss", "lower", -0.9, baseline="SGD", relative=True,
              stated=-1.0, datasets=("digits",)),
        Claim("RMSprop", "final_loss", "lower", -0.2, baseline="SGD", relative=True,
              stated=-0.5, datasets=("mnist",)),
        *(Claim(name, "final_loss", "lower", -0.15, baseline="SGD", relative=True,
                stated=-0.3, datasets=("fashion-mnist",))
          for name, *_ in RACE[1:4]),
        Claim("RMSprop", "final_loss", "within", 0.15, baseline="SGD", relative=True,
              stated=0.03, datasets=("fashion-mnist",)),
        *(Claim(name, "final_loss", "lower", -0.3, baseline="SGD", relative=True,
                stated=-0.6, datasets=("spiral",))
          for name, *_ in RACE[1:4]),
        # Erratic at 0.01 on spiral: below SGD on 17 of the 20 proof seeds, at most 10 %
        # above on the other three (bound chosen there); 19 of the 20 recheck seeds within
        # it, one ended 87 % above.
        Claim("RMSprop", "final_loss", "lower", 0.15, baseline="SGD", relative=True,
              stated=-0.3, datasets=("spiral",)),
    ),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(128),
        c.hidden((100, 100, 100, 100)),
        *(c.lr(lr, key, c.LR_HELP[opt]) for _name, opt, key, lr in RACE
          if key != "lr_rmsprop"),
        # RMSprop at the book-style 0.01 ends behind SGD on Fashion-MNIST and barely ahead
        # on MNIST (measured, seeds 0-3); 0.001 is slow on MNIST: 0.003 races with the others.
        taught(c.lr(0.003, "lr_rmsprop", c.LR_HELP["rmsprop"]), book=0.01),
        c.ratio("momentum", 0.9, N_("Momentum α")),
        c.ratio("decay_rate", 0.99, N_("RMSprop decay rate")),
        c.eval_every(100),
        c.seeds(),
        c.smoothing(),
    ),
    series=tuple(name for name, *_ in RACE),
    # Live points on 1 000 samples of each split: the book's race evaluates nothing live
    # (it plots the loss); the end uses every sample.
    claims=(
        *(Claim(name, "final_loss", "lower", -0.9, baseline="SGD", relative=True,
                stated=-0.99, datasets=("digits", "mnist"))
          for name, *_ in RACE[1:4]),
        Claim("RMSprop", "final_loss", "lower", -0.9, baseline="SGD", relative=True,
              stated=-0.99, datasets=("digits",)),
        # MNIST, restated after the proof seeds: at -0.9 RMSprop held on 17 of 20 (median
        # -1.000; on 3 seeds a late jump left it at -0.63 to -0.76, and on 3 of 10 tuning
        # seeds at -0.82 to -0.96); rechecked at -0.5 (bench/lessons.py --recheck).
        Claim("RMSprop", "final_loss", "lower", -0.5, baseline="SGD", relative=True,
              stated=-0.99, datasets=("mnist",)),
        *(Claim(name, "final_loss", "lower", -0.15, baseline="SGD", relative=True,
                stated=-0.28, datasets=("fashion-mnist",))
          for name, *_ in RACE[1:]),
        *(Claim(name, "final_loss", "lower", -0.3, baseline="SGD", relative=True,
                stated=-0.6, datasets=("spiral",))
          for name, *_ in RACE[1:4]),
        Claim("RMSprop", "final_loss", "lower", 0.0, baseline="SGD", relative=True,
              stated=-0.3, datasets=("spiral",)),
    ),
    builder=TrainBuilder(race_series, live_eval=1_000),
    view=PresetView(
        panels=("loss", "accuracy", "histograms", "boundary"),
    ),
    datasets=RACE_DATA,
)

# -- lr-schedules ---------------------------------------------------------------------------
#: Series names are identifiers (results files); N_ marks them for the legends' Japanese.
SCHEDULE_SERIES = (N_("constant"), N_("step"), N_("exponential"), N_("cosine"),
                   N_("warmup+cosine"))
#: Every decaying schedule's loss jumps less than the constant rate's over the last fifth
#: (digits, MNIST). Restated after the proof seeds: at -0.5 exponential held on 16 of 20
#: and the others on 18 (medians -0.73 to -0.80, sd 0.15-0.20); rechecked at -0.3.
_CALMER = (
    *(Claim(name, "loss_noise", "lower", -0.3, baseline="constant", relative=True,
            stated=-0.75, datasets=("digits",)) for name in SCHEDULE_SERIES[1:]),
    *(Claim(name, "loss_noise", "lower", -0.25, baseline="constant", relative=True,
            stated=-0.55, datasets=("mnist",)) for name in SCHEDULE_SERIES[1:]),
)
_ENDS_LOWER = tuple(Claim(name, "final_loss", "lower", 0.0, baseline="constant")
                    for name in SCHEDULE_SERIES[1:])


def schedules_of(config: RunConfig) -> tuple[Schedule, ...]:
    """The five series' schedules, in SCHEDULE_SERIES order."""
    # core loads on the first build or draw, not with the catalog
    from nntui.core.schedules import Schedule

    step_size = as_int(config, "step_size")
    gamma = as_float(config, "gamma")
    return (
        Schedule("constant"),
        Schedule("step", step_size=step_size, gamma=gamma),
        Schedule("exponential", step_size=step_size, gamma=gamma),
        Schedule("cosine"),
        Schedule("cosine", warmup=as_int(config, "warmup")),
    )


def schedule_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    net = network(config, dataset)
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(name, net, opt, schedule=s)
        for name, s in zip(SCHEDULE_SERIES, schedules_of(config), strict=True)
    ]


def lr_plan(config: RunConfig, iterations: Sequence[int]) -> list[list[float]]:
    """Per series (SCHEDULE_SERIES order): the learning rate its optimizer uses at each of
    ``iterations`` (0-based) of the run: the schedules themselves, for the lr panel."""
    base, total = as_float(config, "lr"), as_int(config, "iterations")
    return [[s.lr_at(base, int(i), total) for i in iterations] for s in schedules_of(config)]


LR_SCHEDULES = Preset(
    name="lr-schedules",
    title=N_("Learning-rate schedules"),
    explanation=N_(
        "One network and one SGD learning rate, five ways to change that rate over the run: "
        "keep it constant, halve it every step_size iterations (step decay), decay it smoothly "
        "(exponential), follow half a cosine down to zero, or ramp it up linearly for "
        "`warmup` iterations before the cosine. A large rate moves fast but bounces; a small "
        "one settles. Small batches of 8 and a large rate make the bouncing easy to see. "
        "Each series trains on 3 seeds (one seed's ending is too noisy to compare): about "
        "10 s on digits (the dashboard paces it to about 30 s, so the warm-up can be "
        "watched: + runs it at full speed), a minute on MNIST."),
    look_for=N_(
        "The lr panel (narrow screens: the lr column) follows each design: warm-up starts "
        "slowest, step decay halves in jumps, cosine ends near 0. As the rate decays the "
        "loss calms down: over the last fifth it jumps about 75 % less than the constant "
        "rate's (at least a third less) and ends lower."),
    look_for_on=(
        ("mnist", N_(
            "The lr panel (narrow screens: the lr column) follows each design: warm-up "
            "starts slowest, step decay halves in jumps, cosine ends near 0. As the rate "
            "decays the loss calms down: over the last fifth it jumps about 55 % less than "
            "the constant rate's and ends lower.")),
        ("fashion-mnist", N_(
            "The lr panel (narrow screens: the lr column) follows each design: warm-up "
            "starts slowest, step decay halves in jumps, cosine ends near 0. As the rate "
            "decays the loss calms down: over the last fifth it jumps about 17 % less than "
            "the constant rate's and ends lower.")),
    ),
    book_look_for_on=(
        ("fashion-mnist", N_(
            "At lr 0.3 (the other datasets' rate; Fashion-MNIST's default is 0.1) the "
            "constant rate fails: test accuracy about 0.38 (0.25–0.5). The decaying "
            "schedules still learn: test accuracy about 0.73, mostly 0.2 to 0.5 above it, "
            "and their loss ends far lower.")),
    ),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(8),
        c.hidden((100, 100)),
        # Fashion-MNIST's constant rate at 0.3 does not bounce, it fails (test 0.25-0.46).
        taught(c.lr(0.3), fashion_mnist=0.1),
        Param("step_size", 500, "int", N_("iterations per decay step (step, exponential)"),
              low=1),
        Param("gamma", 0.5, "float", N_("decay factor per step_size iterations"),
              low=0.0, high=1.0, low_open=True),
        Param("warmup", 200, "int", N_("linear warm-up iterations (warmup+cosine)"), low=0),
        c.eval_every(100),
        c.seeds(3),
        # Batches of 8 at lr 0.3 make the loss jump by decades: at 0.9 five jagged curves
        # merge into one block; 0.995 (about 200 iterations) gives each series a line,
        # the focused one's raw loss faint under it. Display only: claims read the raw loss.
        c.smoothing(0.995),
    ),
    series=SCHEDULE_SERIES,
    claims=(
        *_CALMER,
        *(Claim(name, "loss_noise", "lower", -0.08, baseline="constant", relative=True,
                stated=-0.17, datasets=("fashion-mnist",)) for name in SCHEDULE_SERIES[1:]),
        *_ENDS_LOWER,
    ),
    # --book differs on Fashion-MNIST only (lr 0.3): there the constant rate fails and its
    # loss sits still on a plateau, so "jumps less" is no lesson (it held on 17 of 20
    # proof seeds); what the screen shows is the failure and the schedules that learn.
    book_claims=(
        *_CALMER,
        Claim("constant", "test_acc", "lower", 0.5, stated=0.38, datasets=("fashion-mnist",)),
        *(Claim(name, "test_acc", "higher", 0.1, baseline="constant", stated=0.35,
                datasets=("fashion-mnist",)) for name in SCHEDULE_SERIES[1:]),
        *_ENDS_LOWER,
    ),
    builder=TrainBuilder(schedule_series),
    view=PresetView(
        # The lr panel shows the schedules themselves (narrow: the table's lr column).
        panels=("loss", "lr", "accuracy", "table"),
        summary_columns=(N_("lr"),),
        lr_plan=lr_plan,
        # On digits the run ends in ~2 s: the dashboard paces it to ~30 s so the warm-up
        # can be watched (the same steps and numbers; headless runs at full speed).
        watch_seconds=20.0,
    ),
    datasets=IMAGES,
)

# -- batch-size -----------------------------------------------------------------------------
BATCH_SERIES = ((N_("small"), "batch_small", 8), (N_("medium"), "batch_medium", 64),
                (N_("large"), "batch_large", 512))


def batch_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    net = network(config, dataset)
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(name, net, opt, batch_size=as_int(config, key))
        for name, key, _ in BATCH_SERIES
    ]


BATCH_SIZE = Preset(
    name="batch-size",
    title=N_("Small vs large mini-batches"),
    explanation=N_(
        "Three copies of one network train with the same learning rate and number of "
        "iterations but different mini-batch sizes (8, 64, 512 samples). A small batch gives "
        "a noisy estimate of the gradient and is cheap per step; a large batch gives a smooth "
        "estimate but costs more computation per step."),
    look_for=N_(
        "The small batch's loss is jagged, the large batch's smooth and lower per "
        "iteration: over the last fifth batch 8's loss jumps about 3 times as much as "
        "batch 64's (at least twice), which jumps about 2.5 times as much as batch 512's. "
        "Each large step costs 64 small ones' samples."),
    budget_key="iterations",
    params=(
        c.iterations(1000),
        *(c.batch_size(size, key) for _, key, size in BATCH_SERIES),
        c.hidden((100, 100)),
        c.lr(0.05),
        c.eval_every(50),
        # 3 seeds: on one, "large ends lower than small" held on 7 of 10 proof seeds on xor
        c.seeds(3),
        c.smoothing(),
    ),
    series=tuple(name for name, *_ in BATCH_SERIES),
    claims=(
        Claim("small", "loss_noise", "higher", 1.0, baseline="medium", relative=True,
              stated=2.0),
        Claim("medium", "loss_noise", "higher", 0.5, baseline="large", relative=True,
              stated=1.5),
        Claim("large", "final_loss", "lower", 0.0, baseline="small"),
    ),
    builder=TrainBuilder(batch_series, batch_key="batch_medium"),
    view=PresetView(
        panels=("loss", "accuracy", "table"),
    ),
    datasets=ANY_DATA,
)
