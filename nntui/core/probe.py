"""Activation histograms of random inputs (book §6.2.2, figures 6-10 .. 6-14) as a Run,
forward only as in the book, or training, to watch them (and the gradients) over time.

Random inputs x ~ randn(samples, width) go through `layers` fully connected layers of
`width` units with no bias; each series is one (activation, weight init) pair and records a
histogram of every layer's output. Histogram ranges follow the book's plots: (0, 1) for
sigmoid and ReLU-like units, (-1, 1) for tanh; values outside the range are not counted
(as `plt.hist(range=...)`), but `mean`/`std` cover every value.

Forward only (``lr`` 0, the book): one step pushes one fresh input batch through every
series and adds its counts to the histograms (the book does a single step). Training
(``lr`` > 0): a readout of `classes` units on top learns, by SGD on mini-batches of
`batch` fresh inputs, the class a fixed random linear "teacher" gives each input (any
network could learn it; whether it does is the init's doing); every `stats_every`-th step
(and the first and last) the histograms are taken anew on that step's whole input batch,
before its update, and kept over time. Gradient statistics (nntui.core.gradstats) come from
the backward pass of the readout's cross-entropy at those steps; forward only, that pass
is made for them alone and nothing is updated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.activations import ACTIVATIONS
from nntui.core.gradstats import GradientHistory, watched_update
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import SGD
from nntui.core.run import CountedRun, FinalReport
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot

#: Histogram range per activation; anything not listed uses (0, 1).
RANGES: dict[str, tuple[float, float]] = {"tanh": (-1.0, 1.0)}
#: Histogram refreshes a training probe takes over its run (plus the last step).
REFRESHES = 25
#: Refreshes a series keeps (a long forward-only run adds one a step): past it, every
#: other one is dropped.
MAX_HISTORY = 400


@dataclass(frozen=True)
class ProbeSpec:
    """One (activation, init) pair. init: "he", "xavier" or a fixed std."""

    name: str
    activation: str
    init: str | float


@dataclass(frozen=True)
class ProbeTraining:
    """How a probe trains: SGD at ``lr`` (0: forward only, the book) on ``batch`` rows of
    each step's inputs, towards the teacher's ``classes`` classes; gradient statistics
    (per-layer norms, update/weight ratios; with ``histograms`` also the distributions of
    ∂L/∂W and W) when ``gradient_stats``."""

    lr: float = 0.0
    batch: int = 100
    classes: int = 10
    gradient_stats: bool = False
    histograms: bool = False


class _Probe:
    def __init__(self, spec: ProbeSpec, width: int, layers: int, classes: int, bins: int,
                 rng: np.random.Generator) -> None:
        if spec.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {spec.activation!r}")
        self.spec = spec
        # The hidden weights are drawn first, in order (as the book's loop draws them);
        # the readout after them changes none.
        self.net = Network(NetworkConfig(width, (width,) * layers, classes, spec.activation,
                                         spec.init, bias=False, dtype="float64"), rng)
        lo, hi = RANGES.get(spec.activation, (0.0, 1.0))
        self.edges = np.linspace(lo, hi, bins + 1)
        self.counts = np.zeros((layers, bins), dtype=np.int64)
        # Running sums over every value counted, for exact means/stds across steps.
        self.n = 0
        self.sums = np.zeros(layers)
        self.sq_sums = np.zeros(layers)
        # values within 10 % of the range's ends where the activation saturates
        self.saturated = np.zeros(layers)
        self.history: list[tuple[int, tuple[LayerHistogram, ...]]] = []
        self.gradients = GradientHistory()
        self.loss_it: list[int] = []
        self.loss: list[float] = []
        self.diverged = False

    def reset(self) -> None:
        """Forget the counts (a training probe's histograms are each refresh's own)."""
        for a in (self.counts, self.sums, self.sq_sums, self.saturated):
            a[...] = 0
        self.n = 0

    def histograms(self) -> tuple[LayerHistogram, ...]:
        if not self.n:
            return ()
        mean = self.sums / self.n
        std = np.sqrt(np.maximum(self.sq_sums / self.n - mean**2, 0.0))
        return tuple(LayerHistogram(i + 1, self.counts[i].copy(), self.edges.copy(), mean[i],
                                    std[i]) for i in range(len(self.counts)))


class ActivationProbe(CountedRun):
    """Implements the Run protocol; `total` = steps (1 in the book)."""

    def __init__(
        self,
        specs: Sequence[ProbeSpec],
        *,
        samples: int = 1000,
        width: int = 100,
        layers: int = 5,
        bins: int = 30,
        steps: int = 1,
        seed: int = 0,
        training: ProbeTraining | None = None,
    ) -> None:
        if not specs:
            raise ValueError("an activation probe needs at least one series")
        self.training = training or ProbeTraining()
        # Children 0 .. len(specs) are the book-style probe's; the teacher's comes last,
        # so adding it changed no series' weights or inputs.
        seqs = np.random.SeedSequence(seed).spawn(2 + len(specs))
        # Every series sees the same inputs (one Generator), and draws its own weights.
        self._input_rng = np.random.default_rng(seqs[0])
        classes = self.training.classes
        self._probes = [
            _Probe(s, width, layers, classes, bins, np.random.default_rng(q))
            for s, q in zip(specs, seqs[1:-1], strict=True)
        ]
        self._teacher = np.random.default_rng(seqs[-1]).standard_normal((width, classes))
        self._opt = SGD(self.training.lr)
        super().__init__(steps)
        self.samples, self.width = int(samples), int(width)
        self._every = max(1, int(steps) // REFRESHES) if self.training.lr > 0 else 1

    @property
    def trains(self) -> bool:
        return self.training.lr > 0

    def _advance(self, iteration: int) -> None:
        x = self._input_rng.standard_normal((self.samples, self.width))
        refresh = (iteration % self._every == 0 or iteration + 1 >= self.total)
        batch = x[: self.training.batch]
        t = np.argmax(batch @ self._teacher, axis=1)
        for p in self._probes:
            if p.diverged:
                continue
            if refresh:
                self._count(p, x, iteration)
            if self.trains or (refresh and self.training.gradient_stats):
                self._backward(p, batch, t, iteration, refresh)

    def _count(self, p: _Probe, x: np.ndarray, iteration: int) -> None:
        """Histogram every layer's output for ``x`` (added up when forward only)."""
        lo, hi = p.edges[0], p.edges[-1]
        margin = 0.1 * (hi - lo)
        # ReLU saturates only at 0 (no gradient there); large outputs are not saturated,
        # they are what He keeps alive (counting them ranked He below Xavier).
        top = np.inf if p.spec.activation == "relu" else hi - margin
        acts = p.net.hidden_activations(x)
        if self.trains and not all(np.isfinite(a).all() for a in acts):
            with self._lock:  # trained past float range: its histograms stay as they were
                p.diverged = True
            return
        with self._lock:
            if self.trains:
                p.reset()
            for i, a in enumerate(acts):
                # bins + range: NumPy's equal-width path (several times faster than
                # edges given as an array), counting exactly as it does with these edges.
                # Values beyond the axis (ReLU at std 1 reaches ~1e4 on 0…1) go into its
                # end bins rather than off the chart: every value is counted.
                counts, _ = np.histogram(np.clip(a, lo, hi), bins=len(p.edges) - 1,
                                         range=(lo, hi))
                p.counts[i] += counts
                p.sums[i] += float(a.sum())
                p.sq_sums[i] += float(np.square(a).sum())
                p.saturated[i] += np.count_nonzero((a <= lo + margin) | (a >= top))
            p.n += acts[-1].size if acts else 0
            p.history.append((iteration, p.histograms()))
            if len(p.history) > MAX_HISTORY:  # thin out, keep the span (as Experiment)
                del p.history[1:-1:2]

    def _backward(self, p: _Probe, x: np.ndarray, t: np.ndarray, iteration: int,
                  refresh: bool) -> None:
        """The readout's cross-entropy backward (and, training, its SGD update)."""
        loss = p.net.gradient(x, t)
        if not math.isfinite(loss):
            with self._lock:
                p.diverged = True
            return

        def update() -> None:
            if self.trains:
                self._opt.update(p.net.params, p.net.grads)

        if refresh and self.training.gradient_stats:
            bins = len(p.edges) - 1 if self.training.histograms else 0
            record = watched_update(p.net, update, iteration, bins)
            with self._lock:
                p.gradients.add(record)
        else:
            update()
        if self.trains:
            with self._lock:
                p.loss_it.append(iteration)
                p.loss.append(p.net.last_data_loss)

    def snapshot(self) -> Snapshot:
        # A diverging series' sums overflow on their way to inf: no warning spray.
        with self._lock, np.errstate(all="ignore"):
            series = tuple(self._series(p) for p in self._probes)
            iteration = self._iteration
        return Snapshot(
            iteration=iteration,
            total=self.total,
            epoch=0.0,
            elapsed_s=self._elapsed,
            samples_per_s=iteration * self.samples / self._elapsed if self._elapsed else 0.0,
            done=self.done,
            series=series,
            unit="step",
        )

    def _series(self, p: _Probe) -> SeriesSnapshot:
        extra: dict[str, float] = {}
        hists = p.history[-1][1] if p.history else ()
        if p.n:
            mean = p.sums / p.n
            std = np.sqrt(np.maximum(p.sq_sums / p.n - mean**2, 0.0))
            extra = {
                "last_mean": float(mean[-1]),
                "last_std": float(std[-1]),
                "last_saturated": float(p.saturated[-1] / p.n),
            }
        grad_it, grad_norm, update_ratio = p.gradients.arrays()
        return SeriesSnapshot(
            name=p.spec.name, histograms=hists, extra=extra,
            loss_it=np.array(p.loss_it, dtype=np.int64), loss=np.array(p.loss),
            histogram_history=tuple(p.history),
            grad_it=grad_it, grad_norm=grad_norm, update_ratio=update_ratio,
            grad_histogram_history=p.gradients.histogram_history("gradients"),
            weight_histogram_history=p.gradients.histogram_history("weights"),
            diverged=p.diverged)

    def report(self) -> FinalReport | None:
        return None
