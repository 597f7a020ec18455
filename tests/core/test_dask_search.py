"""hparam-search on a Dask cluster (`--executor dask`): a LocalCluster on 127.0.0.1 with two
worker processes gives the same trials and results as the local run for a seed; a worker
that dies mid-trial costs one retry, a trial that kills its worker twice is marked failed
and the search goes on. Without `distributed`, `--executor dask` says what to install.

The cluster tests skip only when `distributed` is not importable (it is in the `test`
extra, so CI runs them); trials are tiny, the CI box has two cores.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.core.data import load
from nntui.core.errors import UserError
from nntui.core.search import HparamSearch, SearchSettings
from nntui.core.trial import TrialData, TrialTask, blas_limited_trial

SETTINGS = SearchSettings(hidden=(16,), batch_size=40, epochs=2, trials=6, round2_trials=2,
                          top_k=2, lr_log_range=(-3.0, 0.0), workers=2, seed=7)


@pytest.fixture(scope="module")
def dataset():
    return load("digits", train_size=200, val_fraction=0.2, seed=0)


def run_to_end(search: HparamSearch) -> HparamSearch:
    try:
        while not search.done:
            search.step()
    finally:
        search.close()
    return search


def trial_rows(search: HparamSearch) -> list[tuple]:
    snap = search.snapshot()
    return [(t.index, t.round, t.lr, t.weight_decay, t.val_acc, tuple(t.val_curve))
            for t in snap.trials]


def test_without_distributed_dask_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    from nntui.core.dask_pool import require_distributed

    with pytest.raises(UserError, match=r"pip install 'nntui\[dask\]'"):
        require_distributed()
    result = CliRunner().invoke(app, ["run", "hparam-search", "--headless", "--executor",
                                      "dask", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "nntui: the dask executor needs the distributed package: pip install 'nntui[dask]'")


def test_executor_must_be_local_or_dask() -> None:
    result = CliRunner().invoke(app, ["run", "hparam-search", "--headless", "--executor",
                                      "spark"])
    assert result.exit_code == 2
    assert "executor must be one of local, dask (got 'spark')" in result.stderr


# -- on a LocalCluster ------------------------------------------------------------------------
try:
    import distributed
except ImportError:  # the only reason these tests skip: `pip install -e '.[test]'` has it
    distributed = None
needs_distributed = pytest.mark.skipif(distributed is None, reason="distributed is not "
                                       "installed (pip install 'nntui[dask]')")


def _die_in_trials(marker_dir: str, task: TrialTask, data: TrialData):
    """Kills its worker process in trial 1 (the first time only) and in trial 2 (always)."""
    marker = Path(marker_dir) / f"trial-{task.index}"
    if task.index == 2 or (task.index == 1 and not marker.exists()):
        marker.touch()
        os._exit(1)
    return blas_limited_trial(task, data)


@pytest.fixture(scope="module")
def client():
    import cloudpickle
    import dask

    # The test's own trial function travels by value (workers cannot import tests/).
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    # No rescheduling by the scheduler itself: the search's own retry is what is tested.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1,
                                           processes=True, dashboard_address=None)
    c = distributed.Client(cluster, set_as_default=False)
    yield c
    c.close()
    cluster.close()


@needs_distributed
def test_dask_gives_the_local_trials_and_results(dataset, client) -> None:
    from nntui.core.dask_pool import DaskPool

    local = run_to_end(HparamSearch(dataset, SearchSettings(**{**SETTINGS.__dict__,
                                                               "workers": 1})))
    pools: list[DaskPool] = []

    def make(data: TrialData) -> DaskPool:
        pools.append(DaskPool(client, data, close_client=False))
        return pools[-1]

    search = HparamSearch(dataset, SETTINGS, make)
    search.step()
    # The data went to both workers once, before any trial.
    holders = client.who_has(pools[0]._data)[pools[0]._data.key]
    assert len(holders) == 2 and pools[0].slots == 2
    run_to_end(search)
    assert trial_rows(search) == trial_rows(local)
    assert len(trial_rows(search)) == 6 and search.failed == []
    assert search.snapshot().message == local.snapshot().message
    assert search.report().series[0].test_acc == local.report().series[0].test_acc


@needs_distributed
def test_worker_death_is_retried_once_then_the_trial_is_marked_failed(
        dataset, client, tmp_path: Path) -> None:
    from nntui.core.dask_pool import DaskPool

    fn = functools.partial(_die_in_trials, str(tmp_path))
    search = HparamSearch(dataset, SETTINGS, lambda data: DaskPool(
        client, data, slots=1, fn=fn, close_client=False))
    local = run_to_end(HparamSearch(dataset, SearchSettings(**{**SETTINGS.__dict__,
                                                               "workers": 1})))
    run_to_end(search)
    assert search.done and search.iteration == 6
    assert [i for i, _ in search.failed] == [2]
    assert "KilledWorker" in search.failed[0][1]
    rows, expected = trial_rows(search), trial_rows(local)
    assert rows[1] == expected[1]  # trial 1 died once, its retry gave the same result
    assert math.isnan(rows[2][4]) and rows[2][5] == ()
    for i in (0, 3):
        assert rows[i] == expected[i]
    assert np.isfinite(search.report().series[0].test_acc)
    client.wait_for_workers(2, timeout=30)  # the nannies restarted the killed workers


@needs_distributed
def test_unreachable_scheduler_fails_in_time() -> None:
    from nntui.core.dask_pool import connect

    started = time.monotonic()
    with pytest.raises(UserError, match=r"cannot reach the Dask scheduler at "
                       r"tcp://127.0.0.1:9 within 6 s"):
        connect("tcp://127.0.0.1:9")
    assert time.monotonic() - started < 10
