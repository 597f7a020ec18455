"""The "train" kind: lockstep training of several networks (`core.experiment.Experiment`).

A preset of this kind supplies a *series factory*: RunConfig + Dataset -> the SeriesSpecs it
compares. This module does the rest the same way for every such preset: load the dataset
(first `train_size` samples, optional validation split), turn an epoch budget into
iterations like the book, pick the evaluation cadence (live curves on a subset, the
full sets at the end: see `TrainSettings`), and build the Experiment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nntui.presets.base import Progress
from nntui.presets.common import as_int, as_sizes
from nntui.presets.compute import Compute
from nntui.presets.params import RunConfig

if TYPE_CHECKING:  # the catalog is imported at startup; NumPy and core load on first build
    from nntui.core.data import Dataset
    from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
    from nntui.core.network import NetworkConfig
    from nntui.core.optimizers import OptimizerConfig
    from nntui.core.run import Run

SeriesFactory = Callable[[RunConfig, "Dataset"], "Sequence[SeriesSpec]"]

#: Evaluations per run for iteration budgets when a preset has no `eval_every`.
DEFAULT_EVALS = 20
#: Samples of each split behind each live point of a run with more series than one plot
#: shows (batchnorm's 32). The book evaluates 1 000 training samples per epoch there; 500
#: train + 500 test rows cost the same and draw both curves. The end uses every sample.
MANY_SERIES, LIVE_MANY = 8, 500


def load_dataset(
    config: RunConfig,
    data_dir: Path | None,
    progress: Progress | None,
    *,
    val_fraction: float = 0.0,
) -> Dataset:
    """The config's dataset: first `train_size` samples if the preset has that key (the
    book's overfitting setups), with `val_fraction` of them held out by the seed."""
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import load

    size = config.get("train_size")
    return load(
        config.dataset,
        train_size=int(size) if size is not None else None,
        val_fraction=val_fraction,
        seed=config.seed,
        data_dir=data_dir,
        progress=progress,
    )


def train_settings(
    config: RunConfig, dataset: Dataset, batch_key: str = "batch_size",
    compute: Compute | None = None,
) -> TrainSettings:
    """Budget and cadence: epoch budgets become int(epochs x iter_per_epoch) iterations and
    evaluate once per epoch; iteration budgets evaluate every `eval_every` iterations.
    `batch_key` names the batch size that defines an epoch (series may override theirs);
    ``compute``: what the front end shows as the run goes (default: everything)."""
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.experiment import TrainSettings
    from nntui.core.run import iterations_per_epoch

    batch = as_int(config, batch_key)
    n = len(dataset.x_train)
    if config.get("epochs") is not None:
        per_epoch = iterations_per_epoch(n, batch)
        iterations = max(1, int(as_int(config, "epochs") * per_epoch))
        every = max(1, round(per_epoch))
    else:
        iterations = as_int(config, "iterations")
        every = config.get("eval_every")
        every = int(every) if every is not None else max(1, iterations // DEFAULT_EVALS)
    return TrainSettings(
        batch_size=batch,
        iterations=iterations,
        eval_every=min(every, iterations),
        seed=config.seed,
        live_histograms=(compute or Compute()).live_histograms,
    )


def network(config: RunConfig, dataset: Dataset, **kw: object) -> NetworkConfig:
    """The preset's `hidden` layers between the dataset's input and class count."""
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.network import NetworkConfig

    return NetworkConfig(
        input_size=dataset.n_features,
        hidden_sizes=as_sizes(config),
        output_size=dataset.n_classes,
        **kw,  # type: ignore[arg-type]
    )


def make_experiment(
    config: RunConfig,
    dataset: Dataset,
    factory: SeriesFactory,
    batch_key: str = "batch_size",
    live_eval: int | None = None,
    compute: Compute | None = None,
) -> Experiment:
    """The Experiment for an already loaded dataset (tests pass their own, e.g. MNIST t10k).

    live_eval: samples of each split behind a live point, if not the TrainSettings default
    (LIVE_MANY when there are more than MANY_SERIES series); compute: see `train_settings`.
    """
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.experiment import Experiment

    settings = train_settings(config, dataset, batch_key, compute)
    specs = tuple(factory(config, dataset))
    if live_eval is None and len(specs) > MANY_SERIES:
        live_eval = LIVE_MANY
    if live_eval is not None:
        settings = replace(settings, eval_live_train=live_eval, eval_live_test=live_eval)
    return Experiment(dataset, specs, settings)


def flip_labels(dataset: Dataset, fraction: float, seed: int) -> Dataset:
    """A copy whose training and validation labels are wrong for `fraction` of the rows
    (each replaced by a different class, chosen by `seed`); test labels stay true.

    Real labels are noisy; a network that trains on long enough memorises the wrong ones
    too, and its test accuracy falls: what early stopping guards against.
    """
    import numpy as np  # NumPy loads on the first build, not with the catalog

    rng = np.random.default_rng([seed, 0x1AB])
    k = dataset.n_classes

    def corrupt(t: np.ndarray) -> np.ndarray:
        out = t.copy()
        rows = rng.random(len(t)) < fraction
        # Adding 1..k-1 modulo k always gives a different class.
        out[rows] = (t[rows] + rng.integers(1, k, int(rows.sum()))) % k
        return out

    return replace(
        dataset, t_train=corrupt(dataset.t_train), t_val=corrupt(dataset.t_val)
    )


def spec(name: str, net: NetworkConfig, opt: OptimizerConfig, **kw: Any) -> SeriesSpec:
    """A SeriesSpec (imported on first use; see the TYPE_CHECKING note above)."""
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.experiment import SeriesSpec

    return SeriesSpec(name, net, opt, **kw)


def optimizer(name: str, lr: float, **kw: float) -> OptimizerConfig:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.optimizers import OptimizerConfig

    return OptimizerConfig(name, lr=lr, **kw)


def seed_list(config: RunConfig) -> tuple[int, ...]:
    """The seeds a config trains on: its seed and the next `seeds` - 1 (one without that
    setting)."""
    k = config.get("seeds", 1)
    return tuple(range(config.seed, config.seed + int(k or 1)))  # type: ignore[arg-type]


def load_seed_datasets(
    config: RunConfig, data_dir: Path | None, progress: Progress | None, *,
    val_fraction: float = 0.0,
) -> list[Dataset]:
    """Each seed's dataset (`seed_list`): the first seed's is `load_dataset`'s, every other
    seed's its own choice of `train_size` samples (nntui.core.data.subsets)."""
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import load_seeds

    size = config.get("train_size")
    return load_seeds(
        config.dataset, seeds=seed_list(config),
        train_size=int(size) if size is not None else None,  # type: ignore[arg-type]
        val_fraction=val_fraction, data_dir=data_dir, progress=progress,
    )


@dataclass(frozen=True)
class TrainBuilder:
    """A preset's Builder: load the data, then `make_experiment` once per seed.

    val_fraction: the fraction held out for validation (early stopping needs one) unless
    the preset has a `val_fraction` setting; batch_key: see `train_settings`; live_eval: see
    `make_experiment`.
    """

    factory: SeriesFactory
    val_fraction: float = 0.0
    batch_key: str = "batch_size"
    live_eval: int | None = None

    def make(self, config: RunConfig, dataset: Dataset,
             compute: Compute | None = None) -> Experiment:
        """The Experiment of one seed, `config.seed`, on `dataset` (its `seeds` setting is
        `make_seeds`'s business)."""
        noise = config.get("label_noise")
        if noise:
            dataset = flip_labels(dataset, float(noise), config.seed)
        return make_experiment(config, dataset, self.factory, self.batch_key, self.live_eval,
                               compute)

    def make_seeds(self, config: RunConfig, datasets: Sequence[Dataset],
                   compute: Compute | None = None) -> Run:
        """The run of every seed of `seed_list(config)`, each on its own dataset: one
        Experiment for one seed, else a SeedRun of one Experiment per seed."""
        seeds = seed_list(config)
        if len(datasets) != len(seeds):
            raise ValueError(f"{len(seeds)} seeds need as many datasets, got {len(datasets)}")
        if len(seeds) == 1:
            return self.make(config, datasets[0], compute)
        # core (and NumPy) load on the first build, not with the catalog
        from nntui.core.seeds import SeedRun

        return SeedRun([self.make(replace(config, seed=s), d, compute)
                        for s, d in zip(seeds, datasets)], seeds)

    def val_share(self, config: RunConfig) -> float:
        """The fraction of the training samples held out for validation."""
        return float(config.get("val_fraction", self.val_fraction) or 0.0)  # type: ignore[arg-type]

    def __call__(
        self, config: RunConfig, data_dir: Path | None, progress: Progress | None,
        compute: Compute | None = None,
    ) -> Run:
        frac = self.val_share(config)
        if len(seed_list(config)) == 1:
            dataset = load_dataset(config, data_dir, progress, val_fraction=frac)
            return self.make(config, dataset, compute)
        datasets = load_seed_datasets(config, data_dir, progress, val_fraction=frac)
        return self.make_seeds(config, datasets, compute)
