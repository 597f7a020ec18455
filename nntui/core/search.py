"""Random hyperparameter search (book §6.5) as a Run, optionally over worker processes.

`trials` is the total number of trials; `round2_trials` of them belong to round 2, so round 1
runs `trials - round2_trials` (at least one). Round 1 samples settings lr = 10^U(lr range),
λ = 10^U(λ range) (weight decay); each trial trains a fresh network for `epochs` epochs on
the training split and is ranked by its final validation accuracy. Round 2 narrows both
log-ranges to the top `top_k` round-1 trials' min/max (± `margin` decades) and samples its
`round2_trials` there. The test split is used once, at the very end, for the chosen setting
only.

Reproducibility: every uniform draw and every per-trial seed comes from one Generator up
front (round 2's draws too: they are only *mapped* onto the narrowed ranges later), and a
trial depends only on its own task, so the results are identical whether trials run in
process (workers=1) or in a pool, whatever order they finish in.

Parallel runs go through a `TrialPool` (`nntui.core.pools`): by default a process pool on
this machine ("forkserver" or "spawn": forking a process that has threads, as the TUI's,
is unsafe), or any other concurrent.futures executor such as a Dask cluster's
(`nntui.core.dask_pool`). A trial whose future fails (its worker died, say) is submitted once
more; failing again, it is marked failed (NaN curves, never ranked first) and the search
goes on. Drivers must call `close()` (see `nntui.core.run.close_run`) when they stop a
search early; it is harmless after the end.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace

import numpy as np

from nntui.core.blas import limit_blas_threads
from nntui.core.data import Dataset
from nntui.core.network import Network
from nntui.core.pools import PoolFactory, TrialPool, local_pool
from nntui.core.run import FinalReport, SeriesReport, iterations_per_epoch, series_report
from nntui.core.snapshot import SeriesSnapshot, Snapshot, Trial
from nntui.core.trial import (
    TrialData,
    TrialResult,
    TrialTask,
    failed_result,
    run_trial,
    trial_network,
)
from nntui.i18n import _

_EMPTY = np.zeros(0)
#: Times a trial may come back cancelled by the executor (not run) before it counts failed.
MAX_DROPPED = 5


@dataclass(frozen=True)
class SearchSettings:
    """Everything a search needs besides the data (book defaults, MNIST sizes aside)."""

    hidden: tuple[int, ...] = (100,) * 6
    batch_size: int = 100
    epochs: int = 50
    trials: int = 100  # in total, both rounds
    round2_trials: int = 20  # of `trials`, run in the narrowed ranges
    top_k: int = 5
    lr_log_range: tuple[float, float] = (-6.0, -2.0)
    wd_log_range: tuple[float, float] = (-8.0, -4.0)
    margin: float = 0.25  # decades added on each side of the top trials' span in round 2
    workers: int = 1
    seed: int = 0

    @property
    def round1_trials(self) -> int:
        return self.trials - self.round2_trials


def _narrow(
    best: list[TrialTask], lo_hi: tuple[float, float], key: str, margin: float
) -> tuple[float, float]:
    logs = [math.log10(getattr(t, key)) for t in best]
    lo, hi = min(logs) - margin, max(logs) + margin
    return max(lo, lo_hi[0] - margin), min(hi, lo_hi[1] + margin)


class HparamSearch:
    """Implements the Run protocol; one step collects at least one finished trial.

    pool: where trials run (default: `settings.workers` local processes, or this process
    when that is 1).
    """

    def __init__(self, dataset: Dataset, settings: SearchSettings,
                 pool: PoolFactory | None = None) -> None:
        if len(dataset.x_val) == 0:
            raise ValueError("a hyperparameter search needs a validation split")
        if not 0 <= settings.round2_trials < settings.trials or settings.workers < 1:
            raise ValueError(
                "trials must be >= 1, 0 <= round2_trials < trials (round 1 needs a trial) "
                "and workers >= 1"
            )
        self.dataset = dataset
        self.settings = settings
        self._data = TrialData(
            dataset.x_train, dataset.t_train, dataset.x_val, dataset.t_val,
            dataset.n_classes, tuple(settings.hidden), settings.batch_size, settings.epochs,
        )
        rng = np.random.default_rng(settings.seed)
        n1, n2 = settings.round1_trials, settings.round2_trials
        # Every random number is drawn here, before any trial runs (see module docstring).
        self._u1 = rng.random((n1, 2))
        self._seeds1 = rng.integers(0, 2**63, n1)
        self._u2 = rng.random((n2, 2))
        self._seeds2 = rng.integers(0, 2**63, n2)
        self.ranges: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._tasks: list[TrialTask] = []
        self._pending: deque[TrialTask] = deque()
        self._add_round(1, settings.lr_log_range, settings.wd_log_range)
        self._results: dict[int, TrialResult] = {}
        self._best: TrialResult | None = None
        self._test: tuple[float, SeriesReport] | None = None
        self._pool_factory = pool
        self._pool: TrialPool | None = None
        self._running: dict[Future[TrialResult], TrialTask] = {}
        self._attempts: dict[int, int] = {}  # trial index -> submissions so far
        self._dropped: dict[int, int] = {}  # trial index -> times the executor dropped it
        self.failed: list[tuple[int, str]] = []  # (trial index, why) of trials given up
        self._closed = False
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self._message = self._range_message(1)

    # -- Run protocol ---------------------------------------------------------------------
    @property
    def iteration(self) -> int:
        """Steps done so far (cheap; no snapshot needed)."""
        return len(self._results)

    @property
    def total(self) -> int:
        """Every trial of both rounds: round 2's trials are part of `trials`."""
        return self.settings.trials

    @property
    def done(self) -> bool:
        return len(self._results) >= self.total or self._closed

    def step(self) -> None:
        if self.done:
            return
        started = time.perf_counter()
        if not self._pending and not self._running and len(self._tasks) < self.total:
            self._start_round2()
        if self.settings.workers == 1 and self._pool_factory is None:
            task = self._pending.popleft()
            with limit_blas_threads(1):  # same arithmetic as a pool worker, bit for bit
                self._collect(run_trial(task, self._data))
        else:
            self._step_parallel()
        if len(self._results) >= self.total:
            self._finish()
        self._elapsed += time.perf_counter() - started

    def snapshot(self) -> Snapshot:
        with self._lock:
            trials = tuple(self._trial(t) for t in self._tasks)
            best = self._best_series()
            done_n = len(self._results)
            message = self._message
        s = self.settings
        per_trial = int(s.epochs * iterations_per_epoch(len(self._data.x_train), s.batch_size))
        return Snapshot(
            iteration=done_n,
            total=self.total,
            epoch=0.0,
            elapsed_s=self._elapsed,
            samples_per_s=done_n * per_trial * s.batch_size / self._elapsed
            if self._elapsed > 0 else 0.0,
            done=self.done,
            series=(best,),
            unit="trial",
            trials=trials,
            message=message,
        )

    def report(self) -> FinalReport | None:
        if self._test is None:
            return None
        return FinalReport(self.dataset.class_names, (self._test[1],))

    def close(self) -> None:
        """Stop the worker pool, cancelling queued trials; harmless after the end and when
        called twice. Safe to call from another thread while `step()` runs (the TUI closes
        from its UI thread), and a search stopped this way is done. Trials still running
        are not waited for (one MNIST trial takes seconds; quitting must take under one):
        their workers are terminated, then joined, so no process outlives the run.
        """
        with self._lock:
            if len(self._results) < self.total:
                self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown()  # a LocalPool terminates its workers (core.pools)
        elif callable(getattr(self._pool_factory, "close", None)):
            self._pool_factory.close()  # type: ignore[union-attr]  # e.g. a Dask client

    # -- internals ------------------------------------------------------------------------
    @property
    def best(self) -> TrialResult | None:
        return self._best

    def _add_round(self, rnd: int, lr_r: tuple[float, float], wd_r: tuple[float, float]) -> None:
        u, seeds = (self._u1, self._seeds1) if rnd == 1 else (self._u2, self._seeds2)
        start = len(self._tasks)
        for i, ((a, b), seed) in enumerate(zip(u, seeds, strict=True)):
            lr = 10.0 ** (lr_r[0] + a * (lr_r[1] - lr_r[0]))
            wd = 10.0 ** (wd_r[0] + b * (wd_r[1] - wd_r[0]))
            task = TrialTask(start + i, rnd, float(lr), float(wd), int(seed))
            self._tasks.append(task)
            self._pending.append(task)
        self.ranges.append((lr_r, wd_r))

    def _start_round2(self) -> None:
        s = self.settings
        ranked = sorted(self._results.values(), key=_rank_key)
        top = [self._tasks[r.index] for r in ranked[: s.top_k]]
        lr_r = _narrow(top, s.lr_log_range, "lr", s.margin)
        wd_r = _narrow(top, s.wd_log_range, "weight_decay", s.margin)
        with self._lock:
            self._add_round(2, lr_r, wd_r)
            self._message = self._range_message(2)

    def _range_message(self, rnd: int) -> str:
        (l0, l1), (w0, w1) = self.ranges[-1]
        return _("round {round}: lr 10^[{lr_low}, {lr_high}], λ 10^[{wd_low}, {wd_high}]").format(
            round=rnd, lr_low=f"{l0:.2f}", lr_high=f"{l1:.2f}", wd_low=f"{w0:.2f}",
            wd_high=f"{w1:.2f}")

    def _step_parallel(self) -> None:
        with self._lock:
            if self._closed:
                return
            if self._pool is None:
                make = self._pool_factory or local_pool(self.settings.workers)
                self._pool = make(self._data)
            pool = self._pool
        try:
            while self._pending and len(self._running) < pool.slots:
                task = self._pending[0]
                self._running[pool.submit(task)] = task
                self._attempts[task.index] = self._attempts.get(task.index, 0) + 1
                self._pending.popleft()
        except RuntimeError:  # "cannot schedule new futures after shutdown": closed meanwhile
            if self._closed:
                return
            raise
        finished, _pending = wait(list(self._running), return_when=FIRST_COMPLETED)
        if self._closed:  # results that arrive after close() are not wanted any more
            return
        for fut in sorted(finished, key=lambda f: self._running[f].index):
            self._finished(fut, self._running.pop(fut))

    def _finished(self, fut: Future[TrialResult], task: TrialTask) -> None:
        """Collect a finished future: its result; or, when it failed (its worker died), run
        it once more, and mark it failed the second time. A future the executor dropped
        without running it (a Dask cluster whose workers all lost the data) does not count
        as an attempt: the pool re-sends the data on the next submit."""
        if fut.cancelled():
            self._attempts[task.index] -= 1
            self._dropped[task.index] = self._dropped.get(task.index, 0) + 1
            if self._dropped[task.index] <= MAX_DROPPED:
                self._pending.appendleft(task)
                return
            error: BaseException | None = RuntimeError(_("the executor dropped it every time"))
        else:
            error = fut.exception()
        if error is None:
            self._collect(fut.result())
        elif self._attempts[task.index] < 2:  # retried once
            self._pending.appendleft(task)
        else:
            why = f"{type(error).__name__}: {error}"
            self.failed.append((task.index, why))
            self._collect(failed_result(task.index))
            with self._lock:
                self._message = _("trial {index} failed twice ({why}); going on").format(
                    index=task.index, why=why)

    def _collect(self, result: TrialResult) -> None:
        with self._lock:
            self._results[result.index] = result
            # Only the best trial's weights are kept; the rest would only cost memory.
            if self._best is None or _rank_key(result) < _rank_key(self._best):
                if self._best is not None:
                    old = self._best
                    self._results[old.index] = replace(old, state={})
                self._best = result
            else:
                self._results[result.index] = replace(result, state={})

    def _finish(self) -> None:
        """Shut the pool and evaluate the chosen setting on the test split, once."""
        self.close()
        best = self._best
        assert best is not None
        task = self._tasks[best.index]
        if not best.state:  # every trial failed: nothing to test
            with self._lock:
                self._message = _("all {total} trials failed: {why}").format(
                    total=self.total, why=self.failed[-1][1])
            return
        ds = self.dataset
        net = Network(trial_network(self._data, task.weight_decay), np.random.default_rng(0))
        net.load_state(best.state)
        pred = np.argmax(net.predict(ds.x_test), axis=1)
        report = series_report("best", ds.t_test, pred, ds.n_classes)
        acc = report.test_acc
        with self._lock:
            self._test = (acc, report)
            self._message = _(
                "best: trial {index} (round {round}) lr={lr} λ={wd} val={val} test={test}"
            ).format(index=task.index, round=task.round, lr=f"{task.lr:.3g}",
                     wd=f"{task.weight_decay:.3g}", val=f"{best.final_val:.3f}",
                     test=f"{acc:.3f}")

    def _trial(self, task: TrialTask) -> Trial:
        r = self._results.get(task.index)
        if r is None:
            return Trial(task.index, task.round, task.lr, task.weight_decay)
        last_train = r.train_acc[np.isfinite(r.train_acc)]
        return Trial(
            index=task.index,
            round=task.round,
            lr=task.lr,
            weight_decay=task.weight_decay,
            val_acc=r.final_val,
            train_acc=float(last_train[-1]) if len(last_train) else math.nan,
            val_curve=r.val_acc.copy(),
            done=True,
        )

    def _best_series(self) -> SeriesSnapshot:
        b = self._best
        if b is None:
            return SeriesSnapshot(name="best")
        task = self._tasks[b.index]
        per_epoch = iterations_per_epoch(len(self._data.x_train), self.settings.batch_size)
        every = max(1, round(per_epoch))
        n = len(b.val_acc)
        eval_it = (np.arange(1, n + 1) * every).astype(np.int64)
        test = np.full(n, math.nan)
        if self._test is not None and n:
            test[-1] = self._test[0]
        return SeriesSnapshot(
            name="best",
            loss_it=eval_it.copy(),
            loss=b.train_loss.copy(),
            eval_it=eval_it,
            eval_epoch=np.arange(1, n + 1, dtype=np.float64),
            train_acc=b.train_acc.copy(),
            val_acc=b.val_acc.copy(),
            test_acc=test,
            val_loss=np.full(n, math.nan),
            diverged=not math.isfinite(b.final_val),
            extra={"trial": float(b.index), "lr": task.lr, "weight_decay": task.weight_decay},
        )


def _rank_key(r: TrialResult) -> tuple[float, int]:
    """Sort key: higher final validation accuracy first, then lower index (deterministic)."""
    v = r.final_val
    return (-(v if math.isfinite(v) else -1.0), r.index)
