"""Every experiment nntui offers, in teaching order (book chapter 6 order, then the extras).

`PRESETS` maps name -> Preset; `get_preset(name)` raises ConfigError for an unknown name
(every front end looks names up through it: one message, one "did you mean").
"""

from __future__ import annotations

from collections.abc import Mapping

from nntui.i18n import _, join_list
from nntui.presets.base import Preset
from nntui.presets.initialization import (
    ACTIVATION_HISTOGRAMS,
    ACTIVATIONS,
    BATCHNORM,
    INIT_COMPARE,
)
from nntui.presets.optimizers import BATCH_SIZE, LR_SCHEDULES, OPTIMIZER_PATHS, OPTIMIZER_RACE
from nntui.presets.params import ConfigError, did_you_mean
from nntui.presets.regularization import DROPOUT, REGULARIZERS, WEIGHT_DECAY
from nntui.presets.regularization_data import EARLY_STOPPING, NOISE_AND_AUGMENTATION
from nntui.presets.tuning import GRADIENT_CHECK, HPARAM_SEARCH, OVERFIT_ONE_BATCH

_ORDER: tuple[Preset, ...] = (
    # 6.1 parameter updates
    OPTIMIZER_PATHS,
    OPTIMIZER_RACE,
    LR_SCHEDULES,
    BATCH_SIZE,
    # 6.2 weight init, activations; 6.3 batch norm
    ACTIVATION_HISTOGRAMS,
    INIT_COMPARE,
    ACTIVATIONS,
    BATCHNORM,
    # 6.4 regularization
    WEIGHT_DECAY,
    DROPOUT,
    REGULARIZERS,
    EARLY_STOPPING,
    NOISE_AND_AUGMENTATION,
    # 6.5 hyperparameters; sanity checks
    HPARAM_SEARCH,
    GRADIENT_CHECK,
    OVERFIT_ONE_BATCH,
)

PRESETS: dict[str, Preset] = {p.name: p for p in _ORDER}


def get_preset(name: str, presets: Mapping[str, Preset] | None = None) -> Preset:
    """The preset called `name` in ``presets`` (default: the built-in ones, `PRESETS`);
    ConfigError naming the closest name and listing the choices otherwise."""
    catalog = PRESETS if presets is None else presets
    try:
        return catalog[name]
    except KeyError:
        raise ConfigError(
            _("unknown preset {name};{hint} choose one of: {choices}").format(
                name=repr(name), hint=did_you_mean(name, catalog), choices=join_list(catalog))
        ) from None


__all__ = ["PRESETS", "Preset", "get_preset"]
