"""The `Dataset` container and the train/validation split shared by every dataset."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.core.data.errors import DataError
from nntui.i18n import _


@dataclass(frozen=True, eq=False)  # eq=False: comparing arrays with == is ambiguous
class Dataset:
    """A classification dataset, already split and scaled.

    Shapes (N train rows, V validation rows, M test rows, D features):
        x_train (N, D) float32, t_train (N,) int64
        x_val   (V, D) float32, t_val   (V,) int64   (V == 0 when val_fraction == 0)
        x_test  (M, D) float32, t_test  (M,) int64

    Images (digits, mnist, fashion-mnist) are flattened row-major and scaled to [0, 1].
    The 2-D toy sets are standardized (zero mean, unit variance per feature, using the
    statistics of the full generated training pool) so that one learning rate fits all.
    """

    name: str
    x_train: np.ndarray
    t_train: np.ndarray
    x_val: np.ndarray
    t_val: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    input_shape: tuple[int, ...]
    class_names: tuple[str, ...]

    def __post_init__(self) -> None:
        # Cheap structural checks: a wrong shape here would otherwise surface much later
        # as an obscure matmul error inside a worker thread.
        d = int(np.prod(self.input_shape))
        for split in ("train", "val", "test"):
            x = getattr(self, f"x_{split}")
            t = getattr(self, f"t_{split}")
            if x.ndim != 2 or x.shape[1] != d or t.shape != (x.shape[0],):
                raise ValueError(
                    f"{self.name}: x_{split} {x.shape} / t_{split} {t.shape} "
                    f"do not match input_shape {self.input_shape}"
                )

    @property
    def n_features(self) -> int:
        """D, the length of one flattened sample."""
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Number of classes; labels are 0 .. n_classes - 1."""
        return len(self.class_names)


@dataclass(frozen=True)
class DatasetInfo:
    """What `describe()` reports about one dataset (for `nntui data list` and the TUI)."""

    name: str
    kind: str  # "bundled" | "download" | "generated"
    description: str
    cached: bool  # files are present in cache_dir() (always False for generated sets)
    size_bytes: int  # bytes on disk in cache_dir() (0 when nothing is cached)
    n_train: int  # size of the full training pool before train_size / val_fraction
    n_test: int
    input_shape: tuple[int, ...]


def check_split_args(name: str, pool: int, train_size: int | None, val_fraction: float) -> int:
    """Validate `train_size` / `val_fraction` against a pool of `pool` rows; return N."""
    if train_size is None:
        n = pool
    else:
        if isinstance(train_size, bool) or not isinstance(train_size, (int, np.integer)):
            raise DataError(
                _("train_size must be a whole number between 1 and {pool} for {name}, got "
                  "{got}.").format(pool=pool, name=name, got=repr(train_size))
            )
        n = int(train_size)
        if not 1 <= n <= pool:
            raise DataError(_("train_size must be between 1 and {pool} for {name}, got "
                              "{got}.").format(pool=pool, name=name, got=n))
    try:
        frac = float(val_fraction)
    except (TypeError, ValueError):
        frac = float("nan")
    if not 0.0 <= frac < 1.0:  # also rejects NaN
        raise DataError(_("val_fraction must be in [0, 1) (e.g. 0.2), got {got}.").format(
            got=repr(val_fraction)))
    return n  # int(n * frac) < n for frac < 1, so at least one training row remains


def split_train_val(
    x: np.ndarray, t: np.ndarray, n: int, val_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Take the first `n` rows in file order, then hold out a seeded validation part.

    Like the book: `train_size` keeps the FIRST n training samples (ch. 6 overfitting uses
    the first 300 MNIST images); the hyperparameter search then shuffles those with the
    seed and holds out the first ``int(n * val_fraction)`` as validation
    (``shuffle_dataset`` + ``validation_rate``). With val_fraction == 0 nothing is
    shuffled and the train rows stay in file order. Returns copies (x_tr, t_tr, x_va, t_va)
    of shapes (n - V, D), (n - V,), (V, D), (V,).
    """
    x, t = x[:n], t[:n]
    n_val = int(n * val_fraction)
    if n_val == 0:
        return x.copy(), t.copy(), x[:0].copy(), t[:0].copy()
    order = np.random.default_rng(seed).permutation(n)
    va, tr = order[:n_val], order[n_val:]
    return x[tr], t[tr], x[va], t[va]
