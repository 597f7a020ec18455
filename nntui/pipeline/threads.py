"""Series stepped on several threads: the second core for a headless run.

A run's step holds one independent piece of work per series (`Experiment.use_map`). NumPy
releases the GIL inside BLAS and most array loops, so two threads stepping different
series keep two cores busy. Only a run with nobody else to serve uses this: the dashboard
keeps its second core for drawing and keys (DESIGN.md "Drawing").

Results do not depend on the thread count: each series reads the shared mini-batch and
writes only its own weights, history and random generator.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from nntui.core.errors import UserError
from nntui.i18n import _

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable that sets the thread count of headless runs (1 = one thread).
THREADS_ENV = "NNTUI_THREADS"
#: Most threads worth using: Python between the array calls holds the GIL, so more than
#: a few threads on one step's 2-32 series gain nothing (measured: 2 give ~1.6x).
MAX_THREADS = 4


def headless_threads(environ: dict[str, str] | None = None) -> int:
    """Threads for a headless run: NNTUI_THREADS if set (UserError unless a whole number
    ≥ 1), else the cores this process may use, at most MAX_THREADS."""
    env = os.environ if environ is None else environ
    raw = env.get(THREADS_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise UserError(_("{assignment}: expected a whole number ≥ 1").format(
                assignment=f"{THREADS_ENV}={raw!r}"))
        return value
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


class SeriesThreads:
    """A `Mapper` over `threads` threads: the caller's and threads-1 pool workers, each
    taking the next item as it becomes free (series differ in cost, e.g. batch sizes).

    Use as a context manager, or call `close()`: the workers are joined there.
    """

    def __init__(self, threads: int) -> None:
        if threads < 2:
            raise ValueError("SeriesThreads needs at least 2 threads; use serial_map")
        self.threads = threads
        self._pool = ThreadPoolExecutor(threads - 1, thread_name_prefix="nntui-series")

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        n = len(items)
        if n < 2:
            return [fn(x) for x in items]
        results: list[R | None] = [None] * n
        next_item = iter(range(n))
        take = threading.Lock()

        def work() -> None:
            while True:
                with take:
                    i = next(next_item, None)
                if i is None:
                    return
                results[i] = fn(items[i])

        helpers = [self._pool.submit(work) for _ in range(min(self.threads, n) - 1)]
        try:
            work()
        finally:
            for f in helpers:  # wait for all, then re-raise the first error there was
                f.exception()
        for f in helpers:
            f.result()
        return results  # type: ignore[return-value]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> SeriesThreads:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
