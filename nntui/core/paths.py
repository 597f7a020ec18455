"""Optimizers stepping on a 2-D function: the book's figure 6-3 .. 6-8 as a Run.

Each series is one optimizer walking on f(x, y) = x²/20 + y² (an elongated bowl whose
gradient points mostly along y) from the same start point. A step is one update of every
series; the recorded "loss" is f at the new position and `SeriesSnapshot.path` is the walk
so far, shape (k + 1, 2) after k steps (the start point first).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.history import Buffer
from nntui.core.optimizers import Optimizer, OptimizerConfig
from nntui.core.run import CountedRun, FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot

#: The window the book plots the paths in: (x_min, x_max, y_min, y_max).
EXTENT: tuple[float, float, float, float] = (-10.0, 10.0, -5.0, 5.0)


def objective(xy: np.ndarray) -> np.ndarray:
    """f(x, y) = x²/20 + y². xy: (..., 2) -> (...). Vectorised so a UI can draw contours."""
    xy = np.asarray(xy, dtype=np.float64)
    return xy[..., 0] ** 2 / 20.0 + xy[..., 1] ** 2


def gradient(xy: np.ndarray) -> np.ndarray:
    """∇f = (x/10, 2y), shape (2,)."""
    return np.array([xy[0] / 10.0, 2.0 * xy[1]])


@dataclass(frozen=True)
class PathSpec:
    """One optimizer on the function."""

    name: str
    optimizer: OptimizerConfig


class _Walker:
    def __init__(self, spec: PathSpec, start: tuple[float, float]) -> None:
        self.spec = spec
        self.opt: Optimizer = spec.optimizer.build()
        # One (2,) parameter array: the book's optimizers act element-wise on x and y, so a
        # single array updates exactly like the book's {'x': .., 'y': ..} dict.
        self.pos = np.array(start, dtype=np.float64)
        self.grad = np.zeros(2)
        self.xs = Buffer(np.float64)
        self.ys = Buffer(np.float64)
        self.loss_it = Buffer(np.int64)
        self.loss = Buffer(np.float64)
        self.diverged = False
        self._record(0)

    def _record(self, it: int) -> None:
        self.xs.append(float(self.pos[0]))
        self.ys.append(float(self.pos[1]))
        self.loss_it.append(it)
        self.loss.append(float(objective(self.pos)))


class PathRace(CountedRun):
    """Several optimizers on f from one start point. Implements the Run protocol."""

    def __init__(
        self,
        specs: Sequence[PathSpec],
        *,
        start: tuple[float, float] = (-7.0, 2.0),
        steps: int = 30,
    ) -> None:
        if not specs:
            raise ValueError("a path race needs at least one optimizer")
        if steps < 1:
            raise ValueError(f"steps must be >= 1, got {steps}")
        self.start = (float(start[0]), float(start[1]))
        super().__init__(steps)
        self._walkers = [_Walker(s, self.start) for s in specs]

    @property
    def done(self) -> bool:
        return self._iteration >= self.steps or all(w.diverged for w in self._walkers)

    def _advance(self, iteration: int) -> None:
        """One optimizer update of every series that has not diverged."""
        it = iteration + 1  # path point k is the position after k updates
        for w in self._walkers:
            if w.diverged:
                continue
            w.grad[:] = gradient(w.pos)
            w.opt.update([w.pos], [w.grad])
            with self._lock:
                if not all(math.isfinite(v) for v in w.pos):
                    w.diverged = True
                    continue
                w._record(it)

    def snapshot(self) -> Snapshot:
        with self._lock:
            series = tuple(
                SeriesSnapshot(
                    name=w.spec.name,
                    loss_it=w.loss_it.copy(),
                    loss=w.loss.copy(),
                    path=np.stack([w.xs.copy(), w.ys.copy()], axis=1),
                    diverged=w.diverged,
                    extra=_path_stats(w.xs.view(), w.ys.view()),
                )
                for w in self._walkers
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
            unit="step",
            boundary_extent=EXTENT,
        )

    def report(self) -> FinalReport | None:
        return None


def _path_stats(xs: np.ndarray, ys: np.ndarray) -> dict[str, float]:
    """Numbers that tell the paths apart: y sign changes (zig-zag), path length relative to
    the straight distance (1 = straight line), and the final distance to the minimum."""
    signs = np.sign(ys[np.abs(ys) > 1e-12])
    steps = np.hypot(np.diff(xs), np.diff(ys))
    straight = math.hypot(xs[-1] - xs[0], ys[-1] - ys[0])
    return {
        "y_sign_changes": float(np.count_nonzero(signs[1:] != signs[:-1])),
        "path_ratio": float(steps.sum() / straight) if straight > 0 else 1.0,
        "distance": float(math.hypot(xs[-1], ys[-1])),
    }
