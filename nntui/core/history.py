"""Append-only, growable NumPy buffers that back a run's History, bounded in length.

The training thread appends; readers take copies under the run's lock (see Experiment).
Appending is amortised O(1) (capacity doubles) so a 10 000-iteration run never re-copies
its whole history every step.

A series' history is bounded (`SeriesHistory`): once it holds `limit` points, the older
ones (all but the newest quarter) are decimated, each run of 4 consecutive points
becoming the 2 that hold its minimum and maximum (in iteration order). Spikes, the lowest
loss and the best accuracy survive every round, the newest points stay at full
resolution, and a 10^6-iteration run holds at most `limit` points per column (memory
bounded by the capacity, the next power of two times 256). Runs shorter than the limit
(every preset's default) are recorded point for point.
"""

from __future__ import annotations

import numpy as np


class Buffer:
    """A 1-D array that grows by appending. `view()` is the filled part (no copy)."""

    __slots__ = ("_data", "_n")

    def __init__(self, dtype: type = np.float64, capacity: int = 256) -> None:
        self._data = np.empty(capacity, dtype=dtype)
        self._n = 0

    def append(self, value: float) -> None:
        if self._n == len(self._data):
            grown = np.empty(2 * len(self._data), dtype=self._data.dtype)
            grown[: self._n] = self._data
            self._data = grown
        self._data[self._n] = value
        self._n += 1

    def __len__(self) -> int:
        return self._n

    def view(self) -> np.ndarray:
        """The filled part, shape (len,). Callers that hand it to another thread copy it."""
        return self._data[: self._n]

    def copy(self) -> np.ndarray:
        return self._data[: self._n].copy()

    def capacity(self) -> int:
        """Allocated length (what the buffer costs in memory)."""
        return len(self._data)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only `rows` (ascending indices into the filled part), in place."""
        kept = self._data[rows]
        self._n = len(kept)
        self._data[: self._n] = kept


#: Points a series keeps per column at most (loss record; evaluations: EVAL_LIMIT). Twice
#: the longest default run (5 000 iterations), so every default is kept point for point;
#: the dashboard copies and decimates the whole record on every tick, so a larger bound
#: costs frame time on long runs (measured at 50 000: 15.4 ms a frame after 10 minutes).
LOSS_LIMIT = 10_000
EVAL_LIMIT = 10_000


def decimate_rows(key: np.ndarray, recent: int) -> np.ndarray:
    """Row indices to keep of a column `key` (n,): the older n - recent rows in groups of 4,
    each reduced to the rows of its min and max (NaN counts as neither while the group
    has a number), then every one of the newest rows. Shape (k,), ascending."""
    n = len(key)
    old = max(0, (n - recent) // 4 * 4)
    if old == 0:
        return np.arange(n)
    groups = key[:old].reshape(-1, 4)
    nan = np.isnan(groups)
    lo = np.argmin(np.where(nan, np.inf, groups), axis=1)
    hi = np.argmax(np.where(nan, -np.inf, groups), axis=1)
    # A flat (or all-NaN) group: its min and max are one point; keep the last one too.
    hi = np.where(hi == lo, np.where(lo == 3, 0, 3), hi)
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    base = np.arange(0, old, 4)
    kept = np.stack([base + first, base + second], axis=1).ravel()
    return np.concatenate([kept, np.arange(old, n)])


def _bound(columns: tuple[Buffer, ...], key: Buffer, limit: int) -> None:
    """Decimate every column alike (rows stay aligned) once `key` holds `limit` rows."""
    if len(key) < limit:
        return
    rows = decimate_rows(key.view(), limit // 4)
    for column in columns:
        column.keep(rows)


class SeriesHistory:
    """What one series has recorded: per-iteration loss and per-evaluation accuracies,
    bounded to `loss_limit` loss points and `eval_limit` evaluations (min/max decimation
    of the older points, keyed on the loss and on the test accuracy)."""

    def __init__(self, loss_limit: int = LOSS_LIMIT, eval_limit: int = EVAL_LIMIT) -> None:
        self.loss_limit = loss_limit
        self.eval_limit = eval_limit
        self.loss_it = Buffer(np.int64)
        self.loss = Buffer(np.float64)
        self.eval_it = Buffer(np.int64, 64)
        self.eval_epoch = Buffer(np.float64, 64)
        self.train_acc = Buffer(np.float64, 64)
        self.val_acc = Buffer(np.float64, 64)
        self.test_acc = Buffer(np.float64, 64)
        self.val_loss = Buffer(np.float64, 64)

    def record_loss(self, iteration: int, loss: float) -> None:
        self.loss_it.append(iteration)
        self.loss.append(loss)
        _bound((self.loss_it, self.loss), self.loss, self.loss_limit)

    def record_eval(
        self,
        iteration: int,
        epoch: float,
        train_acc: float,
        val_acc: float,
        test_acc: float,
        val_loss: float,
    ) -> None:
        self.eval_it.append(iteration)
        self.eval_epoch.append(epoch)
        self.train_acc.append(train_acc)
        self.val_acc.append(val_acc)
        self.test_acc.append(test_acc)
        self.val_loss.append(val_loss)
        _bound((self.eval_it, self.eval_epoch, self.train_acc, self.val_acc, self.test_acc,
                self.val_loss), self.test_acc, self.eval_limit)
