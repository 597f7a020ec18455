"""The "gradcheck" kind: backprop vs numerical gradients for several network variants."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets.base import Progress
from nntui.presets.common import as_int, as_sizes
from nntui.presets.compute import Compute
from nntui.presets.kinds.train import load_dataset
from nntui.presets.params import RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.gradrun import CheckSpec, GradientCheckRun

#: (series name, NetworkConfig overrides): every layer type gets checked at least once.
CHECK_VARIANTS: tuple[tuple[str, dict[str, object]], ...] = (
    ("ReLU", {}),
    ("sigmoid", {"activation": "sigmoid", "init": "xavier"}),
    ("tanh", {"activation": "tanh", "init": "xavier"}),
    (N_("batch norm"), {"batch_norm": True}),
    # tanh, not ReLU: with few units a sample whose inputs are all dropped puts a ReLU
    # exactly at its kink (pre-activation = bias = 0), where finite differences see half a
    # slope; that is an artefact of the check, not a bug.
    (N_("dropout"), {"dropout": 0.3, "activation": "tanh", "init": "xavier"}),
    ("L1+L2", {"l1": 0.01, "l2": 0.1}),
)
CHECK_SERIES: tuple[str, ...] = tuple(name for name, _ in CHECK_VARIANTS)


def check_specs(config: RunConfig, dataset: Dataset) -> list[CheckSpec]:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.gradrun import CheckSpec
    from nntui.core.network import NetworkConfig

    hidden = as_sizes(config)
    return [
        CheckSpec(
            name,
            NetworkConfig(
                input_size=dataset.n_features,
                hidden_sizes=hidden,
                output_size=dataset.n_classes,
                dtype="float64",  # float32 differences drown in rounding
                **kw,  # type: ignore[arg-type]
            ),
        )
        for name, kw in CHECK_VARIANTS
    ]


def make_check(config: RunConfig, dataset: Dataset) -> GradientCheckRun:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.gradrun import GradientCheckRun

    return GradientCheckRun(
        dataset,
        check_specs(config, dataset),
        batch=as_int(config, "batch_size"),
        steps=as_int(config, "steps"),
        seed=config.seed,
    )


def build_gradcheck(
    config: RunConfig, data_dir: Path | None, progress: Progress | None,
    compute: Compute | None = None,
) -> GradientCheckRun:
    return make_check(config, load_dataset(config, data_dir, progress))
