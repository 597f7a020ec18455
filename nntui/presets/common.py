"""Parameter declarations shared by many presets, so every preset names things alike.

Keys: `iterations`, `epochs`, `trials`, `steps` (budgets), `batch_size`, `lr`, `lr_<series>`,
`hidden`, `train_size`, `weight_decay`, `dropout`, `eval_every`, `smoothing`, ...
"""

from __future__ import annotations

from nntui.i18n import N_
from nntui.presets.params import Param, RunConfig


def iterations(default: int) -> Param:
    return Param("iterations", default, "int", N_("training iterations (mini-batches)"), low=1)


def epochs(default: int) -> Param:
    return Param(
        "epochs", default, "int",
        N_("epochs; iterations = epochs x max(train_size / batch_size, 1), as in the book"),
        low=1,
    )


def steps(default: int, help: str) -> Param:
    """`help`: marked with N_() by the caller (every help text is shown through _())."""
    return Param("steps", default, "int", help, low=1)


def batch_size(default: int, key: str = "batch_size") -> Param:
    return Param(key, default, "int", N_("mini-batch size"), low=1)


#: The help of each optimizer's own learning rate (`lr_<name>`), spelled out for the catalog.
LR_HELP = {
    "sgd": N_("SGD learning rate"),
    "momentum": N_("Momentum learning rate"),
    "adagrad": N_("AdaGrad learning rate"),
    "adam": N_("Adam learning rate"),
    "rmsprop": N_("RMSprop learning rate"),
    "nesterov": N_("Nesterov learning rate"),
}


def lr(default: float, key: str = "lr", what: str = N_("learning rate")) -> Param:
    return Param(key, default, "float", what, low=0.0, low_open=True)


def hidden(default: tuple[int, ...]) -> Param:
    return Param("hidden", default, "ints", N_("hidden layer sizes, e.g. 100,100,100"))


def train_size(default: int) -> Param:
    return Param(
        "train_size", default, "int", N_("use the first N training samples (as the book)"),
        low=1,
    )


def ratio(key: str, default: float, help: str) -> Param:
    """A fraction in [0, 1): dropout ratio, validation fraction, momentum, ..."""
    return Param(key, default, "float", help, low=0.0, high=1.0, high_open=True)


def val_fraction(default: float = 0.2) -> Param:
    """The held-out share of the training samples; > 0 because these presets need it."""
    return Param(
        "val_fraction", default, "float",
        N_("fraction of the training samples held out for validation"),
        low=0.0, high=1.0, low_open=True, high_open=True,
    )


def non_negative(key: str, default: float, help: str) -> Param:
    return Param(key, default, "float", help, low=0.0)


def eval_every(default: int) -> Param:
    return Param(
        "eval_every", default, "int", N_("iterations between accuracy evaluations"), low=1
    )


#: Most seeds a run may train at once (`seeds`): each one costs a whole run.
MAX_SEEDS = 20


def seeds(default: int = 1) -> Param:
    """How many seeds every series trains on (nntui.core.seeds): the curves are their
    mean; the band and "wins on k of K" show the spread. Every training preset has it."""
    return Param(
        "seeds", default, "int",
        N_("seeds every series trains on (own weights, batches and training images each): "
           "the curves show their mean; the run takes about this many times as long"),
        low=1, high=MAX_SEEDS, beside_book=True,
    )


def smoothing(default: float = 0.9) -> Param:
    return ratio("smoothing", default,
                 N_("EMA weight for the smoothed loss curve (display only)"))


# -- typed access to a resolved config (values are validated by their Param already) --------
def as_int(config: RunConfig, key: str) -> int:
    value = config[key]
    assert isinstance(value, int) and not isinstance(value, bool), key
    return value


def as_float(config: RunConfig, key: str) -> float:
    value = config[key]
    assert isinstance(value, (int, float)) and not isinstance(value, bool), key
    return float(value)


def as_sizes(config: RunConfig, key: str = "hidden") -> tuple[int, ...]:
    value = config[key]
    assert isinstance(value, tuple), key
    return tuple(int(v) for v in value)
