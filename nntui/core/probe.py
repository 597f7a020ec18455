"""Forward-only activation histograms (book §6.2.2, figures 6-10 .. 6-14) as a Run.

Random inputs x ~ randn(samples, width) go through `layers` fully connected layers of
`width` units with no bias; each series is one (activation, weight init) pair and records a
histogram of every layer's output. One step pushes one fresh input batch through every
series and adds its counts to the histograms (the book does a single step). Histogram
ranges follow the book's plots: (0, 1) for sigmoid and ReLU-like units, (-1, 1) for tanh;
values outside the range are not counted (as `plt.hist(range=...)`), but `mean`/`std`
cover every value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.activations import ACTIVATIONS
from nntui.core.init import init_weight
from nntui.core.run import CountedRun, FinalReport
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot

#: Histogram range per activation; anything not listed uses (0, 1).
RANGES: dict[str, tuple[float, float]] = {"tanh": (-1.0, 1.0)}


@dataclass(frozen=True)
class ProbeSpec:
    """One (activation, init) pair. init: "he", "xavier" or a fixed std."""

    name: str
    activation: str
    init: str | float


class _Probe:
    def __init__(self, spec: ProbeSpec, width: int, layers: int, bins: int, rng) -> None:
        if spec.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {spec.activation!r}")
        self.spec = spec
        self.weights = [
            init_weight(rng, width, width, spec.init, np.float64) for _ in range(layers)
        ]
        lo, hi = RANGES.get(spec.activation, (0.0, 1.0))
        self.edges = np.linspace(lo, hi, bins + 1)
        self.counts = np.zeros((layers, bins), dtype=np.int64)
        # Running sums over every value seen, for exact means/stds across steps.
        self.n = 0
        self.sums = np.zeros(layers)
        self.sq_sums = np.zeros(layers)
        self.saturated = np.zeros(layers)  # values within 10 % of the range's ends


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
    ) -> None:
        if not specs:
            raise ValueError("an activation probe needs at least one series")
        seqs = np.random.SeedSequence(seed).spawn(1 + len(specs))
        # Every series sees the same inputs (one Generator), and draws its own weights.
        self._input_rng = np.random.default_rng(seqs[0])
        self._probes = [
            _Probe(s, width, layers, bins, np.random.default_rng(q))
            for s, q in zip(specs, seqs[1:], strict=True)
        ]
        super().__init__(steps)
        self.samples, self.width = int(samples), int(width)

    def _advance(self, iteration: int) -> None:
        x = self._input_rng.standard_normal((self.samples, self.width))
        for p in self._probes:
            act = ACTIVATIONS[p.spec.activation]()
            a = x
            lo, hi = p.edges[0], p.edges[-1]
            margin = 0.1 * (hi - lo)
            for i, w in enumerate(p.weights):
                a = act.forward(a @ w, False)
                counts, _ = np.histogram(a, bins=p.edges)
                near_end = np.count_nonzero((a <= lo + margin) | (a >= hi - margin))
                with self._lock:
                    p.counts[i] += counts
                    p.sums[i] += float(a.sum())
                    p.sq_sums[i] += float(np.square(a).sum())
                    p.saturated[i] += near_end
            with self._lock:
                p.n += a.size

    def snapshot(self) -> Snapshot:
        with self._lock:
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
        hists: list[LayerHistogram] = []
        extra: dict[str, float] = {}
        if p.n:
            mean = p.sums / p.n
            std = np.sqrt(np.maximum(p.sq_sums / p.n - mean**2, 0.0))
            hists = [
                LayerHistogram(i + 1, p.counts[i].copy(), p.edges.copy(), mean[i], std[i])
                for i in range(len(p.weights))
            ]
            extra = {
                "last_mean": float(mean[-1]),
                "last_std": float(std[-1]),
                "last_saturated": float(p.saturated[-1] / p.n),
            }
        return SeriesSnapshot(name=p.spec.name, histograms=tuple(hists), extra=extra)

    def report(self) -> FinalReport | None:
        return None
