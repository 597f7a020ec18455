"""The "paths" kind: optimizers walking on f(x, y) = x²/20 + y² (no dataset)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nntui.presets.base import Progress
from nntui.presets.common import as_float, as_int
from nntui.presets.compute import Compute
from nntui.presets.params import RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.paths import PathRace

#: (series name, optimizer, lr key) in display order. Book lrs are the keys' defaults.
PATH_OPTIMIZERS: tuple[tuple[str, str, str], ...] = (
    ("SGD", "sgd", "lr_sgd"),
    ("Momentum", "momentum", "lr_momentum"),
    ("AdaGrad", "adagrad", "lr_adagrad"),
    ("Adam", "adam", "lr_adam"),
    ("RMSprop", "rmsprop", "lr_rmsprop"),
    ("Nesterov", "nesterov", "lr_nesterov"),
)


def build_paths(
    config: RunConfig, data_dir: Path | None = None, progress: Progress | None = None,
    compute: Compute | None = None,
) -> PathRace:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.optimizers import OptimizerConfig
    from nntui.core.paths import PathRace, PathSpec

    momentum = as_float(config, "momentum")
    specs = [
        PathSpec(name, OptimizerConfig(opt, lr=as_float(config, key), momentum=momentum))
        for name, opt, key in PATH_OPTIMIZERS
    ]
    start = (as_float(config, "start_x"), as_float(config, "start_y"))
    return PathRace(specs, start=start, steps=as_int(config, "steps"))
