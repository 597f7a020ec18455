"""Generated 2-D classification sets for decision-boundary views: own NumPy code.

Every set is a fixed function of (name, noise): the points come from a fixed internal
seed, so the test split never changes and `load(seed=...)` only changes the validation
split, exactly as for the image sets. Rows are shuffled (with that fixed seed) so that
the first N rows, which `train_size` keeps, are class-balanced on average.

Sizes: spiral 3 classes x 200 train / 100 test; moons, circles, xor 2 classes x 300
train / 150 test. `noise` is the std of Gaussian jitter added to the raw coordinates
(before standardization); defaults are in `DEFAULT_NOISE`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nntui.core.data.errors import DataError
from nntui.i18n import N_, _

DEFAULT_NOISE: dict[str, float] = {"spiral": 0.08, "moons": 0.1, "circles": 0.06, "xor": 0.1}
PER_CLASS_TRAIN: dict[str, int] = {"spiral": 200, "moons": 300, "circles": 300, "xor": 300}
CLASS_NAMES: dict[str, tuple[str, ...]] = {
    # Stored in results files as they are; N_ marks them for the report's Japanese.
    "spiral": (N_("arm 0"), N_("arm 1"), N_("arm 2")),
    "moons": (N_("upper moon"), N_("lower moon")),
    "circles": (N_("outer ring"), N_("inner ring")),
    "xor": ("x*y<0", "x*y>0"),
}
_SEEDS = {"spiral": 101, "moons": 102, "circles": 103, "xor": 104}  # fixed forever


def _spiral(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Three interleaved arms (CS231n style): radius 0.05..1, each winds 4 rad; n per arm."""
    xs, ts = [], []
    for k in range(3):
        r = rng.uniform(0.05, 1.0, n)
        theta = 2 * np.pi * k / 3 + 4.0 * r
        xs.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        ts.append(np.full(n, k))
    return np.concatenate(xs), np.concatenate(ts)


def _moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (as sklearn's make_moons), n points each."""
    a = rng.uniform(0.0, np.pi, n)
    b = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(a), np.sin(a)])
    lower = np.column_stack([1.0 - np.cos(b), 0.5 - np.sin(b)])
    return np.concatenate([upper, lower]), np.repeat([0, 1], n)


def _circles(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """An outer ring of radius 1 and an inner ring of radius 0.5, n points each."""
    a = rng.uniform(0.0, 2 * np.pi, 2 * n)
    radius = np.repeat([1.0, 0.5], n)
    x = np.column_stack([np.cos(a), np.sin(a)]) * radius[:, None]
    return x, np.repeat([0, 1], n)


def _xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in [-1, 1]^2 labelled by the sign of x*y, n per class.

    Points closer than 0.05 to an axis are pushed out so the clean labels are unambiguous.
    """
    xs = []
    for label in (0, 1):
        p = rng.uniform(0.05, 1.0, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
        # force the quadrant sign: label 1 -> x*y > 0, label 0 -> x*y < 0
        p[:, 1] = np.abs(p[:, 1]) * np.sign(p[:, 0]) * (1.0 if label else -1.0)
        xs.append(p)
    return np.concatenate(xs), np.repeat([0, 1], n)


_GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "spiral": _spiral,
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
}


def check_noise(name: str, noise: float | None) -> float:
    """The noise to use for `name`: the default when None, else a finite value >= 0."""
    if noise is None:
        return DEFAULT_NOISE[name]
    try:
        value = float(noise)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0.0 <= value <= 10.0:  # also rejects NaN / inf
        raise DataError(_("noise for {name} must be between 0 and 10, got {got}.").format(
            name=name, got=repr(noise)))
    return value


def generate(name: str, noise: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Raw (unstandardized) x_train (N, 2) float64, t_train (N,), x_test (M, 2), t_test (M,)."""
    rng = np.random.default_rng(_SEEDS[name])
    n_tr = PER_CLASS_TRAIN[name]
    out = []
    for n in (n_tr, n_tr // 2):  # train pool, then test pool: independent draws
        x, t = _GENERATORS[name](n, rng)
        x = x + rng.normal(0.0, 1.0, x.shape) * noise
        order = rng.permutation(len(t))
        out += [x[order], t[order].astype(np.int64)]
    return out[0], out[1], out[2], out[3]


def standardize(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale both with the train pool's per-feature mean/std; float32 (N, 2), (M, 2)."""
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std[std == 0] = 1.0
    return (
        ((x_train - mean) / std).astype(np.float32),
        ((x_test - mean) / std).astype(np.float32),
    )
