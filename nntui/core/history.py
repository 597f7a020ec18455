"""Append-only, growable NumPy buffers that back a run's History.

The training thread appends; readers take copies under the run's lock (see Experiment).
Appending is amortised O(1) (capacity doubles) so a 10 000-iteration run never re-copies
its whole history every step.
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


class SeriesHistory:
    """What one series has recorded: per-iteration loss and per-evaluation accuracies."""

    def __init__(self) -> None:
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
