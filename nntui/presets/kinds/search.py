"""The "search" kind: random hyperparameter search in worker processes (core.search)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nntui.presets.base import Progress
from nntui.presets.common import as_float, as_int, as_sizes
from nntui.presets.kinds.train import load_dataset
from nntui.presets.params import ConfigError, RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.search import HparamSearch, SearchSettings


def _log_range(config: RunConfig, name: str) -> tuple[float, float]:
    lo, hi = as_float(config, f"{name}_log_min"), as_float(config, f"{name}_log_max")
    if not lo < hi:
        raise ConfigError(
            f"{name}_log_min must be smaller than {name}_log_max (got {lo:g} and {hi:g})"
        )
    return lo, hi


def search_settings(config: RunConfig) -> SearchSettings:
    from nntui.core.search import SearchSettings

    return SearchSettings(
        hidden=as_sizes(config),
        batch_size=as_int(config, "batch_size"),
        epochs=as_int(config, "epochs"),
        trials=as_int(config, "trials"),
        round2_trials=as_int(config, "round2_trials"),
        top_k=as_int(config, "top_k"),
        lr_log_range=_log_range(config, "lr"),
        wd_log_range=_log_range(config, "wd"),
        margin=as_float(config, "margin"),
        workers=as_int(config, "workers"),
        seed=config.seed,
    )


def make_search(config: RunConfig, dataset: Dataset) -> HparamSearch:
    from nntui.core.search import HparamSearch

    return HparamSearch(dataset, search_settings(config))


def build_search(
    config: RunConfig, data_dir: Path | None, progress: Progress | None
) -> HparamSearch:
    from nntui.core.search import HparamSearch

    settings = search_settings(config)  # validate before a possibly long data load
    dataset = load_dataset(
        config, data_dir, progress, val_fraction=as_float(config, "val_fraction")
    )
    return HparamSearch(dataset, settings)
