"""Learning-rate schedules: lr as a function of the iteration number.

``lr_at(base_lr, iteration, total)`` with 0-based ``iteration`` and ``total`` iterations:

- warm-up (``warmup`` > 0): for iteration < warmup, lr = base_lr * (iteration + 1) / warmup,
  a straight line reaching base_lr at iteration warmup - 1 (starting above 0 so no step is
  wasted).  The decay below then runs on t = iteration - warmup.
- ``constant``: base_lr.
- ``step``: base_lr * gamma ** (t // step_size)              (drops every step_size its).
- ``exponential``: base_lr * gamma ** (t / step_size)         (smooth version of step).
- ``cosine``: lo + (base_lr - lo) * (1 + cos(pi * t / T)) / 2, T = total - warmup - 1,
  lo = min_ratio * base_lr; reaches lo at the last iteration (total - 1) and stays there.

For every kind the lr never falls below ``min_ratio * base_lr``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCHEDULES: tuple[str, ...] = ("constant", "step", "exponential", "cosine")


@dataclass(frozen=True)
class Schedule:
    kind: str = "constant"  # constant | step | exponential | cosine
    warmup: int = 0  # linear warm-up iterations
    step_size: int = 500  # iterations per decay step (step, exponential)
    gamma: float = 0.5  # decay factor per step_size iterations
    min_ratio: float = 0.0  # floor (and cosine end value) as a fraction of base_lr

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ValueError(f"schedule kind must be one of {list(SCHEDULES)}, got {self.kind!r}")
        if isinstance(self.warmup, bool) or not isinstance(self.warmup, int) or self.warmup < 0:
            raise ValueError(f"warmup must be an integer >= 0, got {self.warmup!r}")
        if (
            isinstance(self.step_size, bool)
            or not isinstance(self.step_size, int)
            or self.step_size < 1
        ):
            raise ValueError(f"step_size must be an integer >= 1, got {self.step_size!r}")
        if not (math.isfinite(self.gamma) and self.gamma > 0.0):
            raise ValueError(f"gamma must be a positive number, got {self.gamma!r}")
        if not 0.0 <= self.min_ratio <= 1.0:
            raise ValueError(f"min_ratio must be in [0, 1], got {self.min_ratio!r}")

    def lr_at(self, base_lr: float, iteration: int, total: int) -> float:
        """Learning rate for 0-based ``iteration`` of a run of ``total`` iterations."""
        if iteration < self.warmup:
            return base_lr * (iteration + 1) / self.warmup
        t = iteration - self.warmup
        lo = self.min_ratio * base_lr
        if self.kind == "constant":
            lr = base_lr
        elif self.kind == "step":
            lr = base_lr * self.gamma ** (t // self.step_size)
        elif self.kind == "exponential":
            lr = base_lr * self.gamma ** (t / self.step_size)
        else:  # cosine
            span = max(total - self.warmup - 1, 1)  # t = span is the last iteration
            frac = min(t / span, 1.0)
            lr = lo + (base_lr - lo) * 0.5 * (1.0 + math.cos(math.pi * frac))
        return max(lr, lo)
