"""The GEMM floor: what the matrix products of a training run alone cost on this machine.

A fully connected network's training step is three GEMMs per layer (forward x @ W, the
weight gradient h.T @ d, the input gradient d @ W.T; the first layer's input gradient is
never needed) plus elementwise work. Timing just those products, in float32 on one BLAS
thread, gives the fastest any NumPy implementation of the same shapes could run: the
ceiling `bench/train_step.py` compares one step with, and the floor
`bench/book_experiments.py` compares whole experiments with.

Shared by both scripts (imported as a sibling module: run them as `python bench/X.py`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np

#: Rows per inference chunk, as nntui.core.evaluate.CHUNK.
EVAL_CHUNK = 2048


def weights(sizes: Sequence[int], rng: np.random.Generator) -> list[np.ndarray]:
    """He-scaled float32 weight matrices (sizes[i], sizes[i + 1])."""
    return [
        (rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32)
        for a, b in zip(sizes[:-1], sizes[1:])
    ]


def train_gemms(ws: Sequence[np.ndarray]) -> Callable[[np.ndarray], None]:
    """One training step's GEMMs on a batch x (B, sizes[0]): forward, dW of every layer,
    dx of every layer but the first."""

    def step(x: np.ndarray) -> None:
        hs, h = [x], x
        for w in ws:
            h = h @ w
            hs.append(h)
        d = h
        for k in range(len(ws) - 1, -1, -1):
            _ = hs[k].T @ d
            if k:
                d = d @ ws[k].T

    return step


def forward_gemms(ws: Sequence[np.ndarray]) -> Callable[[np.ndarray], None]:
    """An inference pass's GEMMs on x (N, sizes[0])."""

    def fwd(x: np.ndarray) -> None:
        h = x
        for w in ws:
            h = h @ w

    return fwd


Clock = Callable[[], float]


def per_call_seconds(fn: Callable[[], None], seconds: float = 0.6, rounds: int = 5,
                     clock: Clock = time.perf_counter) -> float:
    """Median over `rounds` timed rounds (after one warm-up call) of the seconds one call of
    `fn` takes on `clock` (time.process_time: CPU seconds, which a busy machine's other
    processes inflate less than wall time); each round repeats it for ~seconds / rounds."""
    fn()
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, int(seconds / rounds / once))
    times = []
    for _ in range(rounds):
        t0 = clock()
        for _ in range(reps):
            fn()
        times.append((clock() - t0) / reps)
    return statistics.median(times)


def step_seconds(sizes: Sequence[int], batch: int, seconds: float = 0.6,
                 clock: Clock = time.perf_counter) -> float:
    """Seconds of one training step's GEMMs: layer widths `sizes`, `batch` rows."""
    rng = np.random.default_rng(0)
    step = train_gemms(weights(sizes, rng))
    xs = [rng.random((batch, sizes[0]), dtype=np.float32) for _ in range(4)]
    i = iter(range(10**9))
    return per_call_seconds(lambda: step(xs[next(i) % 4]), seconds, clock=clock)


def eval_seconds(sizes: Sequence[int], rows: int, seconds: float = 0.4,
                 clock: Clock = time.perf_counter) -> float:
    """Seconds of the inference GEMMs on `rows` rows (chunks of EVAL_CHUNK, as nntui)."""
    if rows <= 0:
        return 0.0
    rng = np.random.default_rng(1)
    fwd = forward_gemms(weights(sizes, rng))
    full, rest = divmod(rows, EVAL_CHUNK)
    total = 0.0
    for n, count in ((EVAL_CHUNK, full), (rest, 1)):
        if n and count:
            x = rng.random((n, sizes[0]), dtype=np.float32)
            total += count * per_call_seconds(lambda x=x: fwd(x), seconds, clock=clock)
    return total
