"""One trial of a hyperparameter search: train one (lr, λ) setting like the book's Trainer.

A trial depends only on its own task and the shared data, so it runs the same in process
or in a pool worker (`init_worker` / `worker_trial` are what the pool calls).
"""

from __future__ import annotations

import math
import signal
from dataclasses import dataclass, field

import numpy as np

from nntui.core.blas import limit_blas_threads
from nntui.core.evaluate import EvalSet, accuracy
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.packed import MIN_WIDTH, pack_columns
from nntui.core.run import iterations_per_epoch


@dataclass(frozen=True)
class TrialTask:
    """One trial's setting; all a worker needs besides the shared data. Picklable."""

    index: int
    round: int
    lr: float
    weight_decay: float
    seed: int


@dataclass(frozen=True)
class TrialResult:
    """val_acc/train_acc/train_loss: (epochs,) per-epoch curves (NaN after a divergence);
    state: the trained network's parameters (to test the chosen one without retraining)."""

    index: int
    val_acc: np.ndarray
    train_acc: np.ndarray
    train_loss: np.ndarray
    state: dict[str, np.ndarray] = field(repr=False)

    @property
    def final_val(self) -> float:
        v = float(self.val_acc[-1]) if len(self.val_acc) else math.nan
        return v


@dataclass(frozen=True)
class TrialData:
    x_train: np.ndarray
    t_train: np.ndarray
    x_val: np.ndarray
    t_val: np.ndarray
    n_classes: int
    hidden: tuple[int, ...]
    batch_size: int
    epochs: int


def trial_network(data: TrialData, weight_decay: float) -> NetworkConfig:
    return NetworkConfig(
        input_size=data.x_train.shape[1],
        hidden_sizes=data.hidden,
        output_size=data.n_classes,
        l2=weight_decay,
    )


def run_trial(task: TrialTask, data: TrialData) -> TrialResult:
    """Train one setting like the book's Trainer: SGD, batches drawn with replacement,
    int(epochs * iter_per_epoch) iterations, accuracies after every epoch."""
    # A search samples learning rates that diverge on purpose: their overflow must not print
    # NumPy warnings, which a worker process writes straight over the dashboard. The
    # non-finite loss ends the trial below. errstate is per thread and per process.
    with np.errstate(all="ignore"):
        return _train_trial(task, data)


def _train_trial(task: TrialTask, data: TrialData) -> TrialResult:
    rng = np.random.default_rng(task.seed)
    net = Network(trial_network(data, task.weight_decay), rng)
    opt = OptimizerConfig("sgd", lr=task.lr).build()
    n = len(data.x_train)
    per_epoch = iterations_per_epoch(n, data.batch_size)
    iterations = int(data.epochs * per_epoch)
    every = max(1, round(per_epoch))
    val, train, losses = [], [], []
    epoch_loss: list[float] = []
    # Inputs wide enough (MNIST) go in without their all-zero columns (core.packed): the
    # batches as drawn, the two fixed evaluation sets once.
    val_set = EvalSet(data.x_val, min_width=MIN_WIDTH)
    train_set = EvalSet(data.x_train, min_width=MIN_WIDTH)
    for it in range(iterations):
        idx = rng.integers(0, n, data.batch_size)
        x = data.x_train[idx]
        packed = pack_columns(x)
        loss = net.gradient(x if packed is None else packed, data.t_train[idx])
        if not math.isfinite(loss):
            break
        opt.update(net.params, net.grads)
        epoch_loss.append(loss)
        if (it + 1) % every == 0:
            val.append(accuracy(val_set.predict_labels(net), data.t_val))
            train.append(accuracy(train_set.predict_labels(net), data.t_train))
            losses.append(float(np.mean(epoch_loss)))
            epoch_loss = []
    epochs = iterations // every
    pad = [math.nan] * (epochs - len(val))  # a diverged trial keeps NaN for the rest
    return TrialResult(
        index=task.index,
        val_acc=np.array(val + pad),
        train_acc=np.array(train + pad),
        train_loss=np.array(losses + pad),
        state=net.state(),
    )


def failed_result(index: int) -> TrialResult:
    """A trial that could not run (its worker died twice): no epochs, no weights."""
    empty = np.zeros(0)
    return TrialResult(index, empty, empty.copy(), empty.copy(), state={})


# -- worker process side -------------------------------------------------------------------
_WORKER_DATA: TrialData | None = None


def init_worker(data: TrialData) -> None:
    global _WORKER_DATA
    _WORKER_DATA = data
    # Ctrl-C in the terminal reaches the whole process group: the parent alone decides
    # (it terminates the workers), instead of every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_blas_threads(1)  # two trials on a 2-core VM: one BLAS thread each


def worker_trial(task: TrialTask) -> TrialResult:
    assert _WORKER_DATA is not None
    return run_trial(task, _WORKER_DATA)


def blas_limited_trial(task: TrialTask, data: TrialData) -> TrialResult:
    """`run_trial` on one BLAS thread: what a Dask worker runs (its data comes scattered)."""
    with limit_blas_threads(1):
        return run_trial(task, data)
