"""Read-only views of a run, handed from the training thread to whoever draws or saves them.

A `Snapshot` is a consistent copy: the worker thread keeps appending to its History while
the UI (or the headless printer) looks at a snapshot, so every array here is a fresh copy
that no one mutates afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from nntui.core.band import BAND_CURVES, SeedBand
from nntui.i18n import _

_EMPTY_F = np.zeros(0, dtype=np.float64)
_EMPTY_I = np.zeros(0, dtype=np.int64)
_EMPTY_2D = np.zeros((0, 0), dtype=np.float64)


@dataclass(frozen=True)
class LayerHistogram:
    """Histogram of one hidden layer's activations on the fixed probe batch.

    counts: (bins,) int64; edges: (bins + 1,) float64, increasing.
    """

    layer: int
    counts: np.ndarray
    edges: np.ndarray
    mean: float
    std: float

    def to_json(self) -> dict[str, object]:
        return {
            "layer": self.layer,
            "mean": float(self.mean),
            "std": float(self.std),
            "counts": [int(c) for c in self.counts],
            "edges": [float(e) for e in self.edges],
        }


def last_finite(values: np.ndarray) -> float:
    """The last finite value of ``values`` (n,): the latest evaluation a series has (a
    diverged one leaves NaN after it); NaN when there is none."""
    finite = values[np.isfinite(values)] if len(values) else values
    return float(finite[-1]) if len(finite) else float("nan")


@dataclass(frozen=True)
class SeriesSnapshot:
    """Everything recorded so far for one compared variant (one network + optimizer).

    loss_it: (n,) iteration of every recorded loss; loss: (n,) the mini-batch loss there.
    eval_it / eval_epoch: (m,) when accuracy was evaluated; train_acc, val_acc, test_acc:
    (m,) accuracies there (NaN where a split does not exist). path: (k, 2) positions for
    2-D optimizer paths, else None. extra: named scalars a preset reports (sparsity,
    relative gradient error, ...).
    """

    name: str
    loss_it: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    loss: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    eval_it: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    eval_epoch: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    train_acc: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    val_acc: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    test_acc: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    val_loss: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    histograms: tuple[LayerHistogram, ...] = ()
    #: (iteration, histograms) at each live refresh so far (what a replay shows over time)
    histogram_history: tuple[tuple[int, tuple[LayerHistogram, ...]], ...] = ()
    #: Gradient statistics where the run takes them (nntui.core.gradstats): grad_it (m,)
    #: the training step of each record; grad_norm, update_ratio (m, L): ‖∂L/∂W‖ and
    #: ‖ΔW‖/‖W‖ of weight layers 1..L (the output layer last) at that step.
    grad_it: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    grad_norm: np.ndarray = field(default_factory=lambda: _EMPTY_2D)
    update_ratio: np.ndarray = field(default_factory=lambda: _EMPTY_2D)
    #: (step, one histogram per weight layer) of ∂L/∂W and of W, where asked for
    grad_histogram_history: tuple[tuple[int, tuple[LayerHistogram, ...]], ...] = ()
    weight_histogram_history: tuple[tuple[int, tuple[LayerHistogram, ...]], ...] = ()
    diverged: bool = False
    stopped_early: bool = False
    best_it: int | None = None
    path: np.ndarray | None = None
    boundary: np.ndarray | None = None  # (rows, cols) predicted class over a 2-D input grid
    extra: dict[str, float] = field(default_factory=dict)
    #: `extra` as it was at the evaluation before the last: what a K-seed mean uses for a
    #: seed read one evaluation ahead of the others (`nntui.core.seeds.up_to`).
    extra_before: dict[str, float] = field(default_factory=dict)
    #: A series trained on several seeds (`nntui.core.seeds`): the curves above are the
    #: means over the seeds, this holds every seed's curve and end. None: one seed.
    band: SeedBand | None = None
    #: (colour, marker) indices a comparison gives the series (`nntui.runs.compare`: one
    #: colour per series name, one marker family per run). None: by its position.
    style: tuple[int, int] | None = None

    @property
    def last_loss(self) -> float:
        return float(self.loss[-1]) if len(self.loss) else float("nan")

    def final_loss(self) -> float:
        """Mean loss over the last 10 % of recorded iterations (at least one point): the
        `final_loss_window` last finite losses. The headless progress line, its summary
        table and summary.json all show this number (labelled "avg of last N")."""
        ends = self._seed_ends("final_loss")
        if ends is not None:
            return ends
        k = self.final_loss_window()
        if not k:
            return float("nan")
        finite = self.loss[np.isfinite(self.loss)]
        return float(finite[-k:].mean())

    def final_loss_window(self) -> int:
        """How many of the last finite losses `final_loss` averages (0: none yet)."""
        n = int(np.isfinite(self.loss).sum()) if len(self.loss) else 0
        return max(1, n // 10) if n else 0

    @property
    def last_train_acc(self) -> float:
        ends = self._seed_ends("train_acc")
        return last_finite(self.train_acc) if ends is None else ends

    @property
    def last_val_acc(self) -> float:
        ends = self._seed_ends("val_acc")
        return last_finite(self.val_acc) if ends is None else ends

    @property
    def last_test_acc(self) -> float:
        ends = self._seed_ends("test_acc")
        return last_finite(self.test_acc) if ends is None else ends

    def _seed_ends(self, name: str) -> float | None:
        """A K-seed series whose seeds ended at different evaluations (early stopping,
        divergence): the mean of each seed's own end (`SeedFinal`), since the mean curve's
        last points average only the seeds still recording there (the end figures were
        the last seed's alone). None otherwise: the curve's end is the seeds' mean."""
        band = self.band
        if band is None or len({f.last_it for f in band.finals}) < 2:
            return None
        finite = [v for v in (getattr(f, name) for f in band.finals) if math.isfinite(v)]
        return sum(finite) / len(finite) if finite else math.nan


def cut_series(s: SeriesSnapshot, loss_end: int, eval_end: int, grad_end: int
               ) -> SeriesSnapshot:
    """`s` as it stood when these were its last records: the losses of steps up to
    ``loss_end``, the evaluations (with their histograms and seed band) up to ``eval_end``,
    the gradient records (with gradient and weight histograms) up to ``grad_end``. A replay
    scrubbed to step k cuts at (k, k, k); a K-seed mean read mid-step cuts every seed at
    the points all of them have (`nntui.core.seeds`). Everything else is kept as it is."""
    n_loss = int(np.searchsorted(s.loss_it, loss_end, side="right"))
    n_eval = int(np.searchsorted(s.eval_it, eval_end, side="right"))
    n_grad = int(np.searchsorted(s.grad_it, grad_end, side="right"))
    if (n_loss, n_eval, n_grad) == (len(s.loss_it), len(s.eval_it), len(s.grad_it)):
        return s
    band = s.band
    if band is not None:
        band = replace(band, loss=band.loss[:, :n_loss],
                       **{c: getattr(band, c)[:, :n_eval] for c in BAND_CURVES[1:]})
    return replace(
        s, loss_it=s.loss_it[:n_loss], loss=s.loss[:n_loss], band=band,
        **{k: getattr(s, k)[:n_eval] for k in (
            "eval_it", "eval_epoch", "train_acc", "val_acc", "test_acc", "val_loss")},
        histogram_history=tuple(h for h in s.histogram_history if h[0] <= eval_end),
        grad_it=s.grad_it[:n_grad], grad_norm=s.grad_norm[:n_grad],
        update_ratio=s.update_ratio[:n_grad],
        grad_histogram_history=tuple(h for h in s.grad_histogram_history if h[0] <= grad_end),
        weight_histogram_history=tuple(
            h for h in s.weight_histogram_history if h[0] <= grad_end))


@dataclass(frozen=True)
class Trial:
    """One hyperparameter-search trial (hparam-search preset)."""

    index: int
    round: int
    lr: float
    weight_decay: float
    val_acc: float = float("nan")
    train_acc: float = float("nan")
    val_curve: np.ndarray = field(default_factory=lambda: _EMPTY_F)  # (epochs,)
    done: bool = False


@dataclass(frozen=True)
class Snapshot:
    """A consistent copy of a run's progress.

    `iteration` counts the run's steps (its unit is `unit`: "iteration", "trial", "step"),
    `total` is the budget in the same unit. `elapsed_s` is time spent inside step() only,
    so pauses do not lower samples/s.
    """

    iteration: int
    total: int
    epoch: float
    elapsed_s: float
    samples_per_s: float
    done: bool
    series: tuple[SeriesSnapshot, ...]
    unit: str = "iteration"
    trials: tuple[Trial, ...] = ()
    message: str = ""  # a line the run wants shown (e.g. "round 2: narrowed ranges")
    # For 2-D data: the input-space window the series' `boundary` grids cover, and the
    # points to draw over them: (x_min, x_max, y_min, y_max), (n, 2) points, (n,) labels.
    boundary_extent: tuple[float, float, float, float] | None = None
    points: np.ndarray | None = None
    point_labels: np.ndarray | None = None
    # When the live test accuracy is measured on a subset of the test split: (samples
    # used, samples in the split); a finished run's last point uses them all. None: every
    # point uses the whole split.
    test_subset: tuple[int, int] | None = None
    # The same for the live train accuracy: (samples used, samples it estimates from).
    train_subset: tuple[int, int] | None = None
    #: The seeds every series was trained on, when more than one (each series' curves are
    #: their mean, `SeriesSnapshot.band` the spread); () for a one-seed run.
    seeds: tuple[int, ...] = ()

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.iteration / self.total)

    def test_subset_note(self) -> str:
        """What a test-accuracy curve was measured on, for its title: "" when every point
        used the whole split, else e.g. "on 2,000 of 10,000 (full set at the end)"."""
        if self.test_subset is None:
            return ""
        used, total = self.test_subset
        if self.done:
            return _("on {used} of {total} (last point: full set)").format(
                used=f"{used:,}", total=f"{total:,}")
        return _("on {used} of {total} (full set at the end)").format(
            used=f"{used:,}", total=f"{total:,}")

    def train_subset_note(self) -> str:
        """What a live train-accuracy curve was measured on: "" when on every training
        sample it estimates from, else e.g. "on 500 of 1,000"."""
        if self.train_subset is None:
            return ""
        used, total = self.train_subset
        return _("on {used} of {total}").format(used=f"{used:,}", total=f"{total:,}")

    def eta_s(self) -> float | None:
        """Seconds left at the current pace, None before there is a pace."""
        if self.iteration <= 0 or self.elapsed_s <= 0 or self.done:
            return None if not self.done else 0.0
        per_step = self.elapsed_s / self.iteration
        return per_step * max(0, self.total - self.iteration)


def series_groups(n: int, size: int) -> list[range]:
    """Split n series into the fewest consecutive groups of at most `size`, sized evenly
    (32 -> 4 × 8, 10 -> 2 × 5): how the dashboard and the headless charts show runs with
    more series than one plot can name."""
    if n <= size:
        return [range(n)]
    per = math.ceil(n / math.ceil(n / size))
    return [range(a, min(a + per, n)) for a in range(0, n, per)]
