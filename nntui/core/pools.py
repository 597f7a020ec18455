"""Where a hyperparameter search runs its trials: any concurrent.futures executor.

`TrialPool` is the small interface the search needs: submit one `TrialTask`, get a
`concurrent.futures.Future` of its `TrialResult`; shut down. `LocalPool` wraps a
ProcessPoolExecutor whose workers receive the shared data once (pool initializer); the Dask
pool (`nntui.core.dask_pool`) wraps `distributed.Client.get_executor()` and scatters the data
once. The search code is the same for both: it only sees futures.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from nntui.core.trial import TrialData, TrialResult, TrialTask, init_worker, worker_trial


class TrialPool(Protocol):
    """Runs trials somewhere else. `slots`: how many trials to keep in flight."""

    slots: int

    def submit(self, task: TrialTask) -> Future[TrialResult]: ...

    def shutdown(self) -> None:
        """Cancel queued trials and release the workers (waits for running ones locally)."""


#: Makes the pool for a search's shared data (called on the first parallel step).
PoolFactory = Callable[[TrialData], TrialPool]


def mp_context() -> multiprocessing.context.BaseContext:
    """forkserver (or spawn): forking a process that has threads (the TUI) is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalPool:
    """`workers` processes on this machine; each gets the data once, by its initializer.

    A worker process that dies breaks a ProcessPoolExecutor for good: the next submit
    starts a fresh pool, so the search can retry the trial that was running.
    """

    def __init__(self, data: TrialData, workers: int) -> None:
        self.slots = workers
        self._data = data
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.slots, mp_context=mp_context(),
                                   initializer=init_worker, initargs=(self._data,))

    def submit(self, task: TrialTask) -> Future[TrialResult]:
        try:
            return self._pool.submit(worker_trial, task)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new()
            return self._pool.submit(worker_trial, task)

    def shutdown(self) -> None:
        """Cancel queued trials and end the workers now: a trial still running is not
        waited for (one MNIST trial takes seconds; quitting must take under one). Its
        process is terminated, then joined, so none outlives the run."""
        _terminate_workers(self._pool)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM every worker process of `pool` (their results are not wanted any more).

    Python 3.14 has `ProcessPoolExecutor.terminate_workers()`; before it the processes are
    only reachable as the private `_processes` mapping (pid -> Process)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()


def local_pool(workers: int) -> PoolFactory:
    def make(data: TrialData) -> TrialPool:
        return LocalPool(data, workers)

    return make
