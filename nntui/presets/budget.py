"""Refuse absurd runs before anything is allocated: estimate a resolved config's memory and
run time, and say which setting makes it impossible.

    check_budget(preset, config)          # raises ConfigError, else returns the Estimate
    closest("optimiser-race", PRESETS)    # -> "optimizer-race" (for "did you mean ...?")

Pure arithmetic on the config and a small table of dataset sizes (no data is read, no
network is built). The estimates are deliberately rough but on the safe side: float32
everywhere, every series' parameters with gradients and two optimizer slots, a training
batch's activations kept for backward, the evaluation chunk, the dataset as float32, one
loss point per iteration per series. Time is multiply-adds divided by a conservative share
of this machine's measured matmul speed (one BLAS thread, as training runs).
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass

from nntui.core.history import LOSS_LIMIT
from nntui.i18n import N_, _
from nntui.presets.base import Preset
from nntui.presets.params import ConfigError, RunConfig, closest

__all__ = ["Estimate", "check_budget", "closest", "estimate"]

#: (train rows, test rows, features, classes) of every dataset, before train_size.
DATASET_SHAPES: dict[str, tuple[int, int, int, int]] = {
    "digits": (1437, 360, 64, 10),
    "mnist": (60000, 10000, 784, 10),
    "fashion-mnist": (60000, 10000, 784, 10),
    "spiral": (600, 300, 2, 3),
    "moons": (600, 300, 2, 2),
    "circles": (600, 300, 2, 2),
    "xor": (600, 300, 2, 2),
    "none": (0, 0, 2, 1),
}
FLOAT = 4  # bytes: training is float32
EVAL_ROWS = 2048  # Network.accuracy's chunk
EVAL_TRAIN_CAP = 10_000  # TrainSettings.eval_train_samples
MAX_SECONDS = 7 * 24 * 3600  # a week
MEMORY_SHARE = 0.8  # of physical memory: the OS, the terminal and Python need the rest
SPEED_SHARE = 0.25  # of the measured matmul rate: small layers and NumPy overhead are slower
HISTORY_POINT = 16  # bytes per logged loss point (int64 iteration + float64 value)


@dataclass(frozen=True)
class Estimate:
    """Bytes per component and seconds of the whole run (at `madds_per_s`)."""

    parameters: int  # weights, gradients and optimizer state of every network
    activations: int  # one training batch kept for backward, plus the evaluation chunk
    data: int  # the dataset as float32 (each search worker holds its own copy)
    history: int  # logged loss points
    madds: float  # multiply-adds of the whole run
    madds_per_s: float

    @property
    def memory(self) -> int:
        return self.parameters + self.activations + self.data + self.history

    @property
    def seconds(self) -> float:
        return self.madds / self.madds_per_s


def machine_memory() -> int:
    """Physical memory in bytes (0 when the OS does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


@functools.lru_cache(maxsize=1)
def machine_speed() -> float:
    """Conservative float32 multiply-adds per second of one BLAS thread (~20 ms to measure,
    once per process): the best of a few 128x256 @ 256x256 products, times SPEED_SHARE."""
    # NumPy: only to measure this machine's speed, once, when a run is checked
    import numpy as np

    from nntui.core.blas import limit_blas_threads

    a = np.ones((128, 256), dtype=np.float32)
    b = np.ones((256, 256), dtype=np.float32)
    best = float("inf")
    with limit_blas_threads(1):
        for _round in range(3):
            start = time.perf_counter()
            for _rep in range(4):
                a @ b
            best = min(best, (time.perf_counter() - start) / 4)
    return 128 * 256 * 256 / max(best, 1e-9) * SPEED_SHARE


def _layers(config: RunConfig, n_in: int, n_out: int) -> list[tuple[int, int]]:
    """(fan_in, fan_out) of each affine layer the config builds."""
    hidden = config.get("hidden")
    if hidden is None and config.get("width") is not None:  # activation-histograms
        hidden = (int(config["width"]),) * int(config["layers"])  # type: ignore[arg-type]
        n_in, n_out = int(config["width"]), 0  # type: ignore[arg-type]
    sizes = [n_in, *(int(h) for h in (hidden or ())), n_out]
    return [(a, b) for a, b in zip(sizes, sizes[1:]) if a and b]


def _batch(config: RunConfig) -> int:
    batches = [int(v) for k, v in config.values if k.startswith("batch")]  # type: ignore[arg-type]
    return max(batches, default=1)


def estimate(preset: Preset, config: RunConfig, *, madds_per_s: float | None = None) -> Estimate:
    """The memory and run time a resolved config needs (see the module docstring)."""
    n_train, n_test, n_feat, n_cls = DATASET_SHAPES.get(config.dataset, DATASET_SHAPES["mnist"])
    if config.get("train_size") is not None:
        n_train = min(n_train, int(config["train_size"]))  # type: ignore[arg-type]
    layers = _layers(config, n_feat, n_cls)
    weights = sum(a * b + b for a, b in layers)
    madds = sum(a * b for a, b in layers)  # per sample, forward
    widths = sum(b for _fan_in, b in layers)
    batch = _batch(config)
    # A K-seed run trains every series K times (nntui.core.seeds).
    seeds = int(config.get("seeds") or 1)  # type: ignore[arg-type]
    series = len(preset.series) * seeds
    budget = int(config[preset.budget_key])  # type: ignore[arg-type]
    workers = int(config.get("workers") or 1)  # type: ignore[arg-type]
    samples = int(config.get("samples") or 0)  # type: ignore[arg-type]

    # Iterations of one network, and how many networks run them.
    if preset.budget_key == "epochs":
        iterations = budget * max(n_train / batch, 1.0)
    elif preset.budget_key == "trials":  # each trial trains one network for `epochs`
        per_trial = int(config["epochs"]) * max(n_train / batch, 1.0)  # type: ignore[arg-type]
        iterations, series = budget * per_trial, max(1, min(workers, budget))
    else:  # iterations or steps
        iterations = float(budget)

    rows = max(batch, samples, min(EVAL_ROWS, n_train + n_test) if n_train else 0)
    evals = iterations if preset.budget_key == "epochs" else iterations / 10
    eval_rows = (min(n_train, EVAL_TRAIN_CAP) + n_test) * max(1.0, evals / max(iterations, 1))
    train_madds = 3.0 * batch * madds  # forward + backward (two products)
    if preset.name == "gradient-check":  # two forward passes per checked weight
        train_madds += 2.0 * weights * batch * madds
    total_madds = series * iterations * (train_madds + eval_rows * madds / max(batch, 1))
    if samples:  # random-input histograms: one forward pass of `samples` rows per step
        total_madds += series * iterations * samples * madds
    data_copies = 1 + (workers if preset.budget_key == "trials" and workers > 1 else 0)
    data_copies += seeds - 1  # each further seed holds its own training subset (rough)
    return Estimate(
        parameters=series * weights * FLOAT * 4,  # weights, grads, two optimizer slots
        activations=series * rows * widths * FLOAT * 4,  # pre/post activation, masks, dout
        data=data_copies * (n_train + n_test) * n_feat * FLOAT,
        # Experiments bound their loss history (core.history); paths keep every step.
        history=int(series * (min(iterations, LOSS_LIMIT) if preset.budget_key in
                              ("iterations", "epochs") else iterations) * HISTORY_POINT),
        madds=total_madds,
        madds_per_s=madds_per_s if madds_per_s is not None else machine_speed(),
    )


def check_budget(
    preset: Preset,
    config: RunConfig,
    *,
    memory: int | None = None,
    madds_per_s: float | None = None,
    max_seconds: float = MAX_SECONDS,
) -> Estimate:
    """The Estimate, or a ConfigError naming the setting that makes the run impossible:
    more than MEMORY_SHARE of this machine's memory, or longer than `max_seconds`."""
    est = estimate(preset, config, madds_per_s=madds_per_s)
    total = machine_memory() if memory is None else memory
    usable = total * MEMORY_SHARE
    model = est.parameters + est.activations + est.data
    if total and model > usable:  # the model and data alone do not fit: name their cause
        key = _culprit(preset, config, est)
        raise ConfigError(
            _("{setting} needs ~{size} of memory; this machine has {total}. {hint}").format(
                setting=_setting(config, key), size=_size(model), total=_size(total),
                hint=_smaller(key))
        )
    if est.seconds > max_seconds:
        key = preset.budget_key
        raise ConfigError(
            _("{setting} would take ~{duration} at this machine's speed; at most {limit} is "
              "allowed. {hint}").format(
                setting=_setting(config, key), duration=_duration(est.seconds),
                limit=_duration(max_seconds), hint=_smaller(key))
        )
    if total and est.memory > usable:  # only the logged history is too long
        key = preset.budget_key
        raise ConfigError(
            _("{setting} needs ~{size} of memory for its history; this machine has {total}. "
              "{hint}").format(setting=_setting(config, key), size=_size(est.memory),
                               total=_size(total), hint=_smaller(key))
        )
    return est


def _culprit(preset: Preset, config: RunConfig, est: Estimate) -> str:
    """The changed setting whose return to its default saves the most memory (the preset's
    defaults always fit; "hidden" when nothing was changed)."""
    model = est.parameters + est.activations + est.data
    keys = {p.key for p in preset.params}
    best, saved = ("hidden" if "hidden" in keys else preset.budget_key), 0
    for p in preset.params:
        if config[p.key] == p.default:
            continue
        trial = estimate(preset, config.with_values(**{p.key: p.default}),
                         madds_per_s=est.madds_per_s)
        gain = model - (trial.parameters + trial.activations + trial.data)
        if gain > saved:
            best, saved = p.key, gain
    if saved == 0 and est.data >= max(est.parameters, est.activations):
        return "dataset"
    return best


def _smaller(key: str) -> str:
    """The sentence that says what to do."""
    if key == "dataset":
        return _("Choose a smaller dataset.")
    return _("Choose a smaller {key}.").format(key=key)


def _setting(config: RunConfig, key: str) -> str:
    if key == "dataset":
        return _("dataset {name}").format(name=config.dataset)
    value = config[key]
    text = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return f"{key}={text}"


def _size(n: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{max(n, 0) / 1e3:.3g} kB"


#: Duration units, largest first: (template, seconds).
_UNITS = ((N_("{n} years"), 365.25 * 86400), (N_("{n} days"), 86400),
          (N_("{n} hours"), 3600), (N_("{n} minutes"), 60))


def _duration(s: float) -> str:
    for unit, scale in _UNITS:
        if s >= scale:
            n = f"{s / scale:.3g}" if s < 1e4 * scale else f"{s / scale:.2e}"
            return _(unit).format(n=n)
    return _("{n} seconds").format(n=f"{s:.3g}")
