"""Gradient check as a Run: backprop vs central differences on every parameter.

Each series is one float64 network variant (ReLU, sigmoid, batch norm, dropout, ...). One
step draws a fresh batch of `batch` training samples (shared by every series) and compares
`Network.gradient` with the numerical gradient of every parameter. The recorded "loss" is
the largest relative error of that step; `extra` holds "max_rel_error" (the verdict),
"kink_weights" and "kink_samples" (what the checks left out because it sat on a kink, see
`gradcheck.check_network`) and, per parameter name, the worst relative error seen so far.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.data import Dataset
from nntui.core.gradcheck import check_network
from nntui.core.history import Buffer
from nntui.core.network import Network, NetworkConfig
from nntui.core.run import CountedRun, FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot

#: A float64 gradient check passes below this relative error. Central differences with
#: h = 1e-5 leave a truncation error of order h^2 times the third derivative, which reached
#: 1.000007e-6 with batch norm over a small batch of 2-D points (spiral, seed 1); real bugs
#: measure >= 1e-2 (a flipped ReLU sign, an L1 gradient 1.5x too large), so 1e-5 keeps the
#: two three decades apart.
TOLERANCE = 1e-5
#: `extra` keys: weights left out of one check because they sit on L1's kink at 0 (the most
#: in one check: the weights do not change between checks), and samples left out because a
#: ReLU input sat next to its kink (summed over all checks: each check draws a new batch).
KINK_WEIGHTS = "kink_weights"
KINK_SAMPLES = "kink_samples"


@dataclass(frozen=True)
class CheckSpec:
    name: str
    network: NetworkConfig  # dtype must be "float64"


class _Checked:
    def __init__(self, spec: CheckSpec, rng: np.random.Generator) -> None:
        if spec.network.dtype != "float64":
            raise ValueError(f"{spec.name}: a gradient check needs a float64 network")
        self.spec = spec
        self.net = Network(spec.network, rng)
        self.loss_it = Buffer(np.int64)
        self.loss = Buffer(np.float64)
        self.worst: dict[str, float] = {}


class GradientCheckRun(CountedRun):
    """Implements the Run protocol; `total` = number of checked batches."""

    def __init__(
        self, dataset: Dataset, specs: Sequence[CheckSpec], *, batch: int = 4, steps: int = 3,
        seed: int = 0,
    ) -> None:
        if batch < 2:  # batch norm over one sample is degenerate (REFERENCE.md)
            raise ValueError(f"a gradient check needs a batch of at least 2, got {batch}")
        seqs = np.random.SeedSequence(seed).spawn(1 + len(specs))
        self._batch_rng = np.random.default_rng(seqs[0])
        self._series = [
            _Checked(s, np.random.default_rng(q)) for s, q in zip(specs, seqs[1:], strict=True)
        ]
        self.dataset = dataset
        self.batch = min(int(batch), len(dataset.x_train))
        super().__init__(steps)

    def _advance(self, it: int) -> None:
        ds = self.dataset
        idx = self._batch_rng.choice(len(ds.x_train), self.batch, replace=False)
        x = ds.x_train[idx].astype(np.float64)
        t = ds.t_train[idx]
        for s in self._series:
            check = check_network(s.net, x, t)
            worst = check.worst  # NaN if kinks left too few samples: nothing was compared
            with self._lock:
                s.loss_it.append(it + 1)  # checks count from 1, as the status line
                s.loss.append(worst)
                if math.isfinite(worst):
                    for name, err in check.errors.items():
                        s.worst[name] = max(err, s.worst.get(name, 0.0))
                    s.worst["max_rel_error"] = max(worst, s.worst.get("max_rel_error", 0.0))
                s.worst[KINK_WEIGHTS] = max(float(check.skipped), s.worst.get(KINK_WEIGHTS, 0.0))
                s.worst[KINK_SAMPLES] = s.worst.get(KINK_SAMPLES, 0.0) + check.samples_on_kink

    def snapshot(self) -> Snapshot:
        with self._lock:
            series = tuple(
                SeriesSnapshot(
                    name=s.spec.name,
                    loss_it=s.loss_it.copy(),
                    loss=s.loss.copy(),
                    # The verdict first: narrow tables show the leading columns.
                    extra=_verdict_first(s.worst),
                )
                for s in self._series
            )
            iteration = self._iteration
        return Snapshot(
            iteration=iteration,
            total=self.total,
            epoch=0.0,
            elapsed_s=self._elapsed,
            samples_per_s=0.0,
            done=self.done,
            series=series,
            unit="check",
        )

    def report(self) -> FinalReport | None:
        return None


def _verdict_first(worst: dict[str, float]) -> dict[str, float]:
    """`worst` with "max_rel_error" (the one number that decides) as the first key and the
    kink counts (what was left out, and why) next."""
    first = {k: worst[k] for k in ("max_rel_error", KINK_WEIGHTS, KINK_SAMPLES) if k in worst}
    return {**first, **worst}
