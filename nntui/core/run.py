"""The one interface every kind of experiment offers to its drivers (TUI worker, headless CLI).

An experiment is stepped synchronously: `step()` does one unit of work (one training
iteration of every series, one optimizer step on a 2-D function, one search trial, ...).
The caller owns any thread and decides when to stop (the dashboard's `TrainingDriver`, the
headless progress loop); core never starts threads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

import numpy as np

from nntui.core.metrics import confusion_matrix, precision_recall_f1
from nntui.core.snapshot import Snapshot


@dataclass(frozen=True)
class SeriesReport:
    """Held-out test metrics of one series, computed once when a run ends.

    precision / recall / f1: (C,) per class; confusion: (C, C), rows = true class.
    """

    name: str
    test_acc: float
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    confusion: np.ndarray
    #: A K-seed run's (`nntui.core.seeds`): every seed's test accuracy, in seed order;
    #: test_acc is their mean, the other figures those of the seeds' pooled predictions.
    per_seed: tuple[float, ...] = ()


def series_report(name: str, t_true: np.ndarray, pred: np.ndarray, n_classes: int
                  ) -> SeriesReport:
    """Test metrics of one series from true labels ``t_true`` (n,) and predicted classes
    ``pred`` (n,): the one place a run's report numbers are computed."""
    cm = confusion_matrix(t_true, pred, n_classes)
    p, r, f1 = precision_recall_f1(cm)
    acc = float(np.trace(cm) / max(1, cm.sum()))
    return SeriesReport(name, acc, p, r, f1, cm)


@dataclass(frozen=True)
class FinalReport:
    class_names: tuple[str, ...]
    series: tuple[SeriesReport, ...]


T = TypeVar("T")
R = TypeVar("R")

#: ``mapper(fn, items)`` returns ``[fn(x) for x in items]``, in order. A run whose step
#: holds independent pieces of work (one per series) runs them through the mapper it was
#: given (`Experiment.use_map`): a driver may pass one that spreads them over threads; core
#: itself never starts a thread, and the results do not depend on the mapper.
Mapper = Callable[[Callable[[T], R], Sequence[T]], list[R]]


def serial_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """The default `Mapper`: one item after the other, on the calling thread."""
    return [fn(x) for x in items]


def iterations_per_epoch(n_train: int, batch_size: int) -> float:
    """The book's max(train_size / batch_size, 1): iterations that make one epoch."""
    return max(n_train / batch_size, 1.0)


@runtime_checkable
class Run(Protocol):
    """What a driver needs from any experiment."""

    @property
    def total(self) -> int:
        """Budget in steps (unit given by snapshot().unit)."""
        ...

    @property
    def done(self) -> bool:
        """True once the budget is spent or every series has stopped."""
        ...

    def step(self) -> None:
        """Do one unit of work. A no-op once done."""
        ...

    def snapshot(self) -> Snapshot:
        """A consistent copy of the progress so far; safe to call from another thread."""
        ...

    def report(self) -> FinalReport | None:
        """Test-set metrics once done (None for runs that have no test set)."""
        ...


class CountedRun:
    """Bookkeeping shared by runs that do a fixed number of steps: the step counter, the
    budget, the time spent inside step() and the lock that snapshot() takes.

    Subclasses implement `_advance(iteration)`, the work of step `iteration` (0-based), and
    may widen `done` (e.g. "or every series diverged") and add `_after_step(iteration)`,
    run once the counter says ``iteration`` steps are done (e.g. a periodic evaluation);
    both are timed as part of the step.
    """

    def __init__(self, steps: int) -> None:
        self.steps = int(steps)
        self._iteration = 0
        self._elapsed = 0.0
        self._lock = threading.Lock()

    @property
    def iteration(self) -> int:
        """Steps done so far (cheap; no snapshot needed)."""
        return self._iteration

    @property
    def total(self) -> int:
        return self.steps

    @property
    def done(self) -> bool:
        return self._iteration >= self.steps

    def step(self) -> None:
        """Do one step; a no-op once done."""
        if self.done:
            return
        started = time.perf_counter()
        # A runaway series overflows on its way to NaN/inf: an outcome it reports
        # (diverged=True), not RuntimeWarnings sprayed over the terminal.
        with np.errstate(all="ignore"):
            self._advance(self._iteration)
            self._iteration += 1
            self._after_step(self._iteration)
        self._elapsed += time.perf_counter() - started

    def _advance(self, iteration: int) -> None:
        raise NotImplementedError

    def _after_step(self, iterations_done: int) -> None:
        """Hook after the counter advanced; nothing by default."""


def close_run(run: Run) -> None:
    """Release what a run holds outside this process (hparam-search's worker pool).

    Runs that hold nothing have no `close`; drivers call this whatever the run is.
    """
    close = getattr(run, "close", None)
    if callable(close):
        close()
