"""What an experiment file may say: every knob a training preset uses, nothing else.

An experiment file is TOML: shared settings at the top, then one `[[series]]` table per
compared network. A series key at the top level is the default for every series; a series
sets only what differs. The keys and their allowed values are declared here as `Param`s, so
a file, `--set` and the settings form share one validator and one wording of the messages.

The resolved definition is frozen (`ExperimentDef`); `nntui.experiments.source` turns it
into a `Preset` the existing pipeline (headless and dashboard) runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from nntui.i18n import N_, _
from nntui.presets import common as c
from nntui.presets.params import Param, Value

#: Copies of the core's names (importing core here would load NumPy with the catalog);
#: tests check they stay equal to core.optimizers.OPTIMIZERS, core.layers.ACTIVATIONS,
#: core.schedules.SCHEDULES and core.data.registry.DATASET_NAMES.
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
ACTIVATION_NAMES = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "swish")
SCHEDULE_NAMES = ("constant", "step", "exponential", "cosine")
DATASETS = ("digits", "mnist", "fashion-mnist", "spiral", "moons", "circles", "xor")
IMAGE_DATASETS = ("digits", "mnist", "fashion-mnist")
TWO_D_DATASETS = ("spiral", "moons", "circles", "xor")
#: init: "he", "xavier", or a fixed standard deviation (a number > 0).
INIT_NAMES = ("he", "xavier")

@dataclass(frozen=True)
class InitParam(Param):
    """init: "he", "xavier" or a fixed std. Kept as text ("0.01") so the settings form and
    `--set init=0.01` edit it like any text; `init_value` turns it into what core takes."""

    def allowed(self) -> str:
        return _("he, xavier or a fixed std (a number > 0), e.g. 0.01")

    def validate(self, value: object) -> Value:
        if isinstance(value, str) and value.strip().lower() in INIT_NAMES:
            return value.strip().lower()
        try:
            std = float(value) if not isinstance(value, bool) else math.nan  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self._fail(value) from None
        if not (math.isfinite(std) and std > 0):
            raise self._fail(value)
        return repr(std)


def init_value(text: Value) -> str | float:
    """The validated init text -> "he", "xavier" or the std as a float (NetworkConfig.init)."""
    return text if text in INIT_NAMES else float(text)  # type: ignore[arg-type]


#: What a series may set (and the top level may set as every series' default); the help
#: texts are marked for the catalog and translated where shown (the settings form).
SERIES_PARAMS: tuple[Param, ...] = (
    Param("optimizer", "sgd", "str", N_("update rule"), choices=OPTIMIZER_NAMES),
    c.lr(0.01),
    c.ratio("momentum", 0.9, N_("momentum α (momentum, nesterov)")),
    c.ratio("decay_rate", 0.99, N_("RMSprop decay rate")),
    c.ratio("beta1", 0.9, N_("Adam β₁")),
    c.ratio("beta2", 0.999, N_("Adam β₂")),
    Param("schedule", "constant", "str", N_("learning-rate schedule"), choices=SCHEDULE_NAMES),
    Param("warmup", 0, "int", N_("linear warm-up iterations"), low=0),
    Param("step_size", 500, "int", N_("iterations per decay step (step, exponential)"), low=1),
    Param("gamma", 0.5, "float", N_("decay factor per step_size iterations"), low=0.0,
          high=1.0, low_open=True),
    Param("min_ratio", 0.0, "float", N_("lr floor as a fraction of lr"), low=0.0, high=1.0),
    InitParam("init", "he", "str", N_("weight init: he, xavier or a fixed std such as 0.01")),
    Param("activation", "relu", "str", N_("hidden-layer activation"), choices=ACTIVATION_NAMES),
    Param("batch_norm", False, "bool", N_("Affine → BatchNorm → activation")),
    c.ratio("dropout", 0.0, N_("dropout ratio after each hidden activation")),
    c.non_negative("l1", 0.0, N_("λ₁ of the L1 penalty λ₁Σ|W|")),
    c.non_negative("l2", 0.0, N_("λ₂ of the L2 penalty (weight decay) ½λ₂‖W‖²")),
    c.non_negative("input_noise", 0.0, N_("std of Gaussian noise added to each training batch")),
    Param("augment", False, "bool", N_("shift/rotate/flip training images at random")),
    Param("augment_shift", 2, "int", N_("augmentation: largest shift in pixels"), low=0, high=8),
    Param("augment_degrees", 10.0, "float", N_("augmentation: largest rotation in degrees"),
          low=0.0, high=180.0),
    Param("augment_flip", False, "bool", N_("augmentation: mirror left-right at random")),
    Param("early_stopping", 0, "int", N_("patience in evaluations (0 = off; needs val_fraction)"),
          low=0),
    c.batch_size(100),
    c.hidden((100, 100)),
)

#: Settings only the top level has (the budget is `iterations` or `epochs`, not both).
SHARED_PARAMS: tuple[Param, ...] = (
    c.iterations(1000),
    c.epochs(20),
    c.train_size(1000),
    Param("val_fraction", 0.0, "float", N_("fraction of the training samples held out for "
             "validation (early stopping needs it)"), low=0.0, high=1.0, high_open=True),
    c.eval_every(100),
    c.ratio("label_noise", 0.0, N_("fraction of training and validation labels made wrong")),
    c.seeds(),
    c.smoothing(),
)

#: Text keys of the top level (shown by the picker and the dashboard).
TEXT_KEYS = ("title", "about", "look_for")
TOP_KEYS = ("dataset", *TEXT_KEYS, *(p.key for p in SHARED_PARAMS),
            *(p.key for p in SERIES_PARAMS), "series")
SERIES_KEYS = ("name", *(p.key for p in SERIES_PARAMS))

#: Names people reach for that mean a key of ours ("did you mean 'lr'?" for learning_rate).
ALIASES = {
    "learning_rate": "lr", "weight_decay": "l2", "lambda": "l2", "lr_schedule": "schedule",
    "patience": "early_stopping", "noise": "input_noise", "batchnorm": "batch_norm",
    "hidden_sizes": "hidden", "layers": "hidden", "steps": "iterations",
    "shift": "augment_shift", "degrees": "augment_degrees", "flip": "augment_flip",
    "optim": "optimizer", "seed": "--seed on the command line", "batch": "batch_size",
    "weight_init": "init", "act": "activation", "dataset_name": "dataset",
}

PARAMS = {p.key: p for p in (*SHARED_PARAMS, *SERIES_PARAMS)}
SERIES_DEFAULTS: dict[str, Value] = {p.key: p.default for p in SERIES_PARAMS}


@dataclass(frozen=True)
class SeriesDef:
    """One `[[series]]` table: its name and only the keys it sets (validated)."""

    name: str
    values: tuple[tuple[str, Value], ...]

    def get(self, key: str) -> Value | None:
        return dict(self.values).get(key)


@dataclass(frozen=True)
class ExperimentDef:
    """A validated experiment file.

    shared: the top-level settings the file sets (validated values, file order); every
    other setting takes its schema default. series: in file order, names unique.
    """

    path: Path
    name: str
    title: str
    about: str
    look_for: str
    dataset: str
    shared: tuple[tuple[str, Value], ...]
    series: tuple[SeriesDef, ...]

    @property
    def budget_key(self) -> str:
        return "epochs" if "epochs" in dict(self.shared) else "iterations"

    def value(self, series: SeriesDef, key: str) -> Value:
        """A series setting in force: the series' own, else the shared one, else the
        schema default."""
        own = series.get(key)
        if own is not None:
            return own
        return dict(self.shared).get(key, SERIES_DEFAULTS[key])

    def differing(self) -> tuple[str, ...]:
        """The series keys whose values are not the same for every series."""
        keys = []
        for key in SERIES_DEFAULTS:
            if len({self.value(s, key) for s in self.series}) > 1:
                keys.append(key)
        return tuple(keys)
