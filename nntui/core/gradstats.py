"""What flows back through a network: per-layer gradient norms, update/weight ratios and
the distributions of gradients and weights, taken at the histogram cadence.

Chapter 6's init and batch-norm lessons are about how each layer's signal, forward and
backward, is scaled: with sigmoid and std 1 (or any too small scale) the gradient shrinks
layer by layer on its way back, and nothing below the top learns. These statistics make
that visible over training. They cost nothing on the steps they skip: they read what
backprop already left in the network (each Affine layer's ``grads["W"]``, the gradient the
optimizer is about to apply, penalty included) and the weights around that one update, on
the few steps a run records them (`Experiment`: the step before each histogram refresh,
and the first step, where the initial scale shows).

Shapes: L = weight layers of the network, hidden and output (W1 .. W_L).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.network import Network
from nntui.core.snapshot import LayerHistogram

#: Records a series keeps; past it every other one is dropped (the span stays), as the
#: activation histograms' history (experiment.MAX_HIST_HISTORY).
MAX_GRAD_HISTORY = 400


def norm64(a: np.ndarray) -> float:
    """The Frobenius norm of ``a`` (any shape), its squares summed in float64: a float32
    gradient's norm is then its float64 value to rounding of the elements only."""
    flat = a.ravel()
    return math.sqrt(float(np.dot(flat, flat))) if flat.dtype == np.float64 else \
        math.sqrt(float(np.square(flat, dtype=np.float64).sum()))


def value_histogram(values: np.ndarray, bins: int, layer: int, min_span: float = 0.0
                    ) -> LayerHistogram:
    """A histogram of ``values`` (any shape) on ``bins`` equal bins over their own range
    (non-finite values dropped). A range no wider than ``min_span`` counts as constant and
    gets a unit-wide range, so its bar shows (activations: 1e-12; gradients keep any
    nonzero span, a vanished gradient's ±1e-9 is the lesson).

    Equal-width bins as one scaled cast and a bincount (np.histogram's general path costs
    ~5x more); the top edge belongs to the last bin, as in np.histogram. Mean and std
    accumulate in float64. counts: (bins,) int64; edges: (bins + 1,) float64.
    """
    flat = values.ravel()
    if not np.isfinite(flat).all():  # only a diverging network: drop NaN/inf
        flat = flat[np.isfinite(flat)]
        if not len(flat):
            flat = np.zeros(1, dtype=values.dtype)
    lo, hi = float(flat.min()), float(flat.max())
    if not hi - lo > min_span:
        lo, hi = lo - 0.5, hi + 0.5
    scaled = flat - flat.dtype.type(lo) if flat.dtype == np.float32 else flat - lo
    scaled *= bins / (hi - lo)
    idx = scaled.astype(np.intp)
    np.clip(idx, 0, bins - 1, out=idx)
    counts = np.bincount(idx, minlength=bins)
    edges = np.linspace(lo, hi, bins + 1)
    mean, std = float(flat.mean(dtype=np.float64)), float(flat.std(dtype=np.float64))
    return LayerHistogram(layer, counts, edges, mean, std)


@dataclass(frozen=True)
class GradientRecord:
    """One training step's statistics. grad_norm, update_ratio: (L,) float64; the
    histograms: one per weight layer (layer = 1 .. L), empty when not asked for."""

    iteration: int
    grad_norm: np.ndarray
    update_ratio: np.ndarray
    grad_histograms: tuple[LayerHistogram, ...] = ()
    weight_histograms: tuple[LayerHistogram, ...] = ()


class UpdateWatch:
    """Taken just before an optimizer update, finished just after: the step's gradient
    norms (from the gradients the update is about to apply) and ‖ΔW‖/‖W‖ per layer (the
    weights before the update are copied: these steps only)."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.grads = [a.grads["W"] for a in net.affines]
        self.grad_norm = np.array([norm64(g) for g in self.grads])
        self.before = [W.copy() for W in net.weight_matrices()]

    def finish(self, iteration: int, bins: int = 0) -> GradientRecord:
        """The record, once the update is applied; with ``bins``, also the histograms of
        the gradients it applied and of the weights it left."""
        ratios = []
        for old, new in zip(self.before, self.net.weight_matrices(), strict=True):
            size = norm64(old)
            ratios.append(norm64(new - old) / size if size > 0 else math.nan)
        grad_h: tuple[LayerHistogram, ...] = ()
        weight_h: tuple[LayerHistogram, ...] = ()
        if bins:
            grad_h = tuple(value_histogram(g, bins, i) for i, g in enumerate(self.grads, 1))
            weight_h = tuple(value_histogram(w, bins, i)
                             for i, w in enumerate(self.net.weight_matrices(), 1))
        return GradientRecord(iteration, self.grad_norm, np.array(ratios), grad_h, weight_h)


def watched_update(net: Network, update: Callable[[], None], iteration: int,
                   bins: int = 0) -> GradientRecord:
    """Run ``update`` (the optimizer's step on ``net``) and return its `GradientRecord`."""
    watch = UpdateWatch(net)
    update()
    return watch.finish(iteration, bins)


class GradientHistory:
    """A series' gradient records, bounded to MAX_GRAD_HISTORY (thinned as the histogram
    history: every other one dropped, first and last kept)."""

    def __init__(self, limit: int = MAX_GRAD_HISTORY) -> None:
        self.limit = limit
        self.records: list[GradientRecord] = []

    def add(self, record: GradientRecord) -> None:
        self.records.append(record)
        if len(self.records) > self.limit:
            del self.records[1:-1:2]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(iterations (m,) int64, grad_norm (m, L), update_ratio (m, L)): fresh copies."""
        return history_arrays(self.records)

    def histogram_history(self, kind: str) -> tuple[tuple[int, tuple[LayerHistogram, ...]], ...]:
        """(iteration, histograms) of "gradients" or "weights" at every record that has them."""
        attr = "grad_histograms" if kind == "gradients" else "weight_histograms"
        return tuple((r.iteration, getattr(r, attr)) for r in self.records
                     if getattr(r, attr))


def history_arrays(records: Sequence[GradientRecord]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`GradientHistory.arrays` of any list of records (layers: the first record's)."""
    if not records:
        return np.zeros(0, np.int64), np.zeros((0, 0)), np.zeros((0, 0))
    its = np.array([r.iteration for r in records], dtype=np.int64)
    return its, np.stack([r.grad_norm for r in records]), \
        np.stack([r.update_ratio for r in records])
