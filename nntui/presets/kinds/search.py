"""The "search" kind: random hyperparameter search in worker processes (core.search)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.presets.base import Progress
from nntui.presets.common import as_float, as_int, as_sizes
from nntui.presets.compute import Compute
from nntui.presets.kinds.train import load_dataset
from nntui.presets.params import ConfigError, RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.pools import PoolFactory
    from nntui.core.search import HparamSearch, SearchSettings


def _log_range(config: RunConfig, name: str) -> tuple[float, float]:
    lo, hi = as_float(config, f"{name}_log_min"), as_float(config, f"{name}_log_max")
    if not lo < hi:
        raise ConfigError(
            _("{low_key} must be smaller than {high_key} (got {low} and {high})").format(
                low_key=f"{name}_log_min", high_key=f"{name}_log_max", low=f"{lo:g}",
                high=f"{hi:g}")
        )
    return lo, hi


def split_trials(trials: int, round2_share: float) -> tuple[int, int]:
    """`trials` in total -> (round-1 trials, round-2 trials).

    Round 2 gets floor(trials × round2_share) of them, round 1 the rest and always at least
    one: 100 trials at 0.2 are 80 + 20, 10 are 8 + 2, 3 are 3 + 0 (no second round).
    """
    n2 = math.floor(trials * round2_share + 1e-9)  # 0.29 × 100 is 28.999…: still 29
    n2 = max(0, min(n2, trials - 1))
    return trials - n2, n2


def search_settings(config: RunConfig) -> SearchSettings:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.search import SearchSettings

    trials = as_int(config, "trials")
    _round1, round2 = split_trials(trials, as_float(config, "round2_share"))
    return SearchSettings(
        hidden=as_sizes(config),
        batch_size=as_int(config, "batch_size"),
        epochs=as_int(config, "epochs"),
        trials=trials,
        round2_trials=round2,
        top_k=as_int(config, "top_k"),
        lr_log_range=_log_range(config, "lr"),
        wd_log_range=_log_range(config, "wd"),
        margin=as_float(config, "margin"),
        workers=as_int(config, "workers"),
        seed=config.seed,
    )


def pool_factory(config: RunConfig) -> PoolFactory | None:
    """Where trials run: None (local processes, `workers` of them) or a Dask cluster, which
    is connected to now (ConfigError naming what to install or which address failed)."""
    if config.get("executor", "local") != "dask":
        return None
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.dask_pool import DaskPoolFactory

    return DaskPoolFactory(str(config.get("scheduler") or ""))


def make_search(config: RunConfig, dataset: Dataset) -> HparamSearch:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.search import HparamSearch

    return HparamSearch(dataset, search_settings(config), pool_factory(config))


def build_search(
    config: RunConfig, data_dir: Path | None, progress: Progress | None,
    compute: Compute | None = None,
) -> HparamSearch:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.search import HparamSearch

    settings = search_settings(config)  # validate before a possibly long data load
    pool = pool_factory(config)  # and reach the cluster first, too
    try:
        dataset = load_dataset(
            config, data_dir, progress, val_fraction=as_float(config, "val_fraction")
        )
    except BaseException:
        if pool is not None:
            pool.close()  # type: ignore[attr-defined]
        raise
    return HparamSearch(dataset, settings, pool)
