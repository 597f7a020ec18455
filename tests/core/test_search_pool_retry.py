"""The search's own retry (`HparamSearch` over any `TrialPool`: local processes or a Dask
cluster): a trial whose worker dies is submitted once more, and a second failure marks it
failed, so an always-failing trial costs exactly two submissions; a dropped future (never
run) is not an attempt. Checked with an in-process pool that fails on purpose; the Dask
pool's slots come from the cluster's worker threads."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future

import pytest

from nntui.core.data import load
from nntui.core.search import HparamSearch, SearchSettings
from nntui.core.trial import TrialData, TrialResult, TrialTask, blas_limited_trial

SETTINGS = SearchSettings(hidden=(8,), batch_size=40, epochs=1, trials=5, round2_trials=0,
                          top_k=2, lr_log_range=(-3.0, 0.0), workers=1, seed=3)


class FailingPool:
    """Runs trials in this thread; trial `always` fails every time, `once` the first time,
    and `dropped` is cancelled (never run) the first time."""

    def __init__(self, data: TrialData, always: int, once: int, dropped: int) -> None:
        self.data = data
        self.always, self.once, self.dropped = always, once, dropped
        self.submitted: Counter[int] = Counter()
        self.slots = 1

    def submit(self, task: TrialTask) -> Future[TrialResult]:
        self.submitted[task.index] += 1
        fut: Future[TrialResult] = Future()
        n = self.submitted[task.index]
        if task.index == self.dropped and n == 1:
            fut.cancel()  # as an executor drops a queued call: cancelled, then notified
            fut.set_running_or_notify_cancel()
        elif task.index == self.always or (task.index == self.once
                                           and n == 1 + (task.index == self.dropped)):
            fut.set_exception(RuntimeError(f"worker died in trial {task.index}"))
        else:
            fut.set_result(blas_limited_trial(task, self.data))
        return fut

    def shutdown(self) -> None:
        pass


def search_on(always: int, once: int, dropped: int) -> tuple[HparamSearch, FailingPool]:
    """A whole search on a FailingPool (see there); the search and its pool."""
    data = load("digits", train_size=120, val_fraction=0.25, seed=0)
    pools: list[FailingPool] = []

    def make(trial_data: TrialData) -> FailingPool:
        pools.append(FailingPool(trial_data, always=always, once=once, dropped=dropped))
        return pools[-1]

    search = HparamSearch(data, SETTINGS, make)
    try:
        while not search.done:
            search.step()
    finally:
        search.close()
    return search, pools[0]


def test_a_failing_trial_is_submitted_exactly_twice_then_marked_failed() -> None:
    search, pool = search_on(always=2, once=1, dropped=3)
    assert pool.submitted == {0: 1, 1: 2, 2: 2, 3: 2, 4: 1}
    assert [i for i, _ in search.failed] == [2]
    assert "RuntimeError: worker died in trial 2" in search.failed[0][1]
    trials = search.snapshot().trials
    assert [t.index for t in trials] == [0, 1, 2, 3, 4] and all(t.done for t in trials)


class _Client:
    """What DaskPool asks of a Dask client, for a cluster of `workers` x `threads`."""

    def __init__(self, workers: int, threads: int) -> None:
        self._nthreads = {f"tcp://127.0.0.1:{9000 + w}": threads for w in range(workers)}

    def nthreads(self) -> dict[str, int]:
        return self._nthreads

    def scatter(self, data: object, **kw: object) -> object:
        return data

    def get_executor(self, **kw: object) -> object:
        return object()


@pytest.mark.parametrize(("workers", "threads", "slots"), [(2, 2, 4), (3, 1, 3), (1, 4, 4)])
def test_dask_pool_keeps_one_trial_in_flight_per_worker_thread(workers: int, threads: int,
                                                               slots: int) -> None:
    from nntui.core.dask_pool import DaskPool

    pool = DaskPool(_Client(workers, threads), data=None, close_client=False)  # type: ignore[arg-type]
    assert pool.slots == slots
    assert DaskPool(_Client(workers, threads), data=None, slots=1,  # type: ignore[arg-type]
                    close_client=False).slots == 1


def test_a_dropped_future_is_not_an_attempt() -> None:
    """Dropped once (never run), then its worker dies once: still retried and collected
    (the drop cost no attempt)."""
    search, pool = search_on(always=-1, once=3, dropped=3)
    assert pool.submitted[3] == 3  # dropped, died, then ran
    assert search.failed == []
