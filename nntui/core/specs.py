"""What an experiment is made of: its series (`SeriesSpec`) and what they share
(`TrainSettings`). Plain frozen configs; `nntui.core.experiment` trains them."""

from __future__ import annotations

from dataclasses import dataclass, field

from nntui.core.network import NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.schedules import Schedule

__all__ = ["SeriesSpec", "TrainSettings"]


@dataclass(frozen=True)
class SeriesSpec:
    """One compared variant: a network, its optimizer and how it sees the data.

    batch_size overrides the experiment's (the batch-size preset); input_noise is the std of
    Gaussian noise added to each training batch; augment shifts/rotates image batches by up
    to augment_shift pixels and augment_degrees degrees;
    early_stopping is the patience in evaluations (0 = off; needs a validation split).
    """

    name: str
    network: NetworkConfig
    optimizer: OptimizerConfig = field(default_factory=OptimizerConfig)
    schedule: Schedule = field(default_factory=Schedule)
    batch_size: int | None = None
    input_noise: float = 0.0
    augment: bool = False
    augment_shift: int = 2  # max shift in pixels (rows and cols) when augmenting
    augment_degrees: float = 10.0  # max rotation either way when augmenting
    augment_flip: bool = False  # also mirror left-right at random when augmenting
    early_stopping: int = 0


@dataclass(frozen=True)
class TrainSettings:
    """What every series of an experiment shares.

    eval_train_samples caps the training samples used to estimate train accuracy (the fixed
    first ones), so evaluation never dominates a run on a large set; None uses them all.
    eval_live_train / eval_live_test: the evaluations during a run use at most this many of
    those train samples / of the test split (a fixed, evenly spaced subset, the same every
    time); the last evaluation of a finished run uses all of them. None: all, every time.
    Validation data is always used whole (early stopping decides on it).
    probe_size is the fixed batch whose hidden activations make the histograms.
    live_histograms: histograms during the run (for a preset that shows them); False
    computes them only at the last evaluation (for the summary).
    stats_every: iterations at least between two live histogram updates (one costs a
    forward pass of the probe and a histogram per layer; dropout evaluates every 3
    iterations), plus one at the end.
    gradient_stats: per-layer ‖∂L/∂W‖ and update/weight ratio (nntui.core.gradstats) on the
    first step and on the step before each histogram refresh; gradient_histograms: there
    also the distributions of ∂L/∂W and of W per layer.
    """

    batch_size: int = 100
    iterations: int = 1000
    eval_every: int = 100
    seed: int = 0
    histogram_bins: int = 30
    probe_size: int = 500
    eval_train_samples: int | None = 10_000
    eval_live_train: int | None = 2_000
    eval_live_test: int | None = 2_000
    live_histograms: bool = True
    stats_every: int = 30
    gradient_stats: bool = False
    gradient_histograms: bool = False
    boundary_resolution: tuple[int, int] = (24, 48)  # rows, cols of the 2-D decision grid
