"""`load()` and `describe()`: one entry point over every dataset nntui knows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from nntui.core.data import digits, images, toy
from nntui.core.data.cache import cache_dir, dir_size
from nntui.core.data.dataset import Dataset, DatasetInfo, check_split_args, split_train_val
from nntui.core.data.errors import DataError
from nntui.core.data.subsets import draw_seeds, seed_rows, split_seeds
from nntui.i18n import N_, _, join_list

DATASET_NAMES: tuple[str, ...] = (
    "digits",
    "mnist",
    "fashion-mnist",
    "spiral",
    "moons",
    "circles",
    "xor",
)
GENERATED = ("spiral", "moons", "circles", "xor")
DOWNLOADED = ("mnist", "fashion-mnist")

#: Shown by `nntui data list` (translated there).
_DESCRIPTIONS = {
    "digits": N_("8x8 handwritten digits bundled with scikit-learn (1437 train / 360 test)"),
    "mnist": N_("28x28 handwritten digits, downloaded once (60000 train / 10000 test)"),
    "fashion-mnist": N_("28x28 clothing images, downloaded once (60000 train / 10000 test)"),
    "spiral": N_("3 interleaved spiral arms, 2-D (600 train / 300 test)"),
    "moons": N_("2 interleaving half circles, 2-D (600 train / 300 test)"),
    "circles": N_("2 concentric rings, 2-D (600 train / 300 test)"),
    "xor": N_("XOR quadrants, 2-D (600 train / 300 test)"),
}


def normalize_name(name: str) -> str:
    """Canonical dataset name ("Fashion_MNIST" -> "fashion-mnist") or a DataError."""
    key = str(name).strip().lower().replace("_", "-")
    if key == "fashion":
        key = "fashion-mnist"
    if key not in DATASET_NAMES:
        raise DataError(_("Unknown dataset {name}; choose one of: {choices}.").format(
            name=repr(name), choices=join_list(DATASET_NAMES)))
    return key


def load(
    name: str,
    *,
    train_size: int | None = None,
    val_fraction: float = 0.0,
    seed: int = 0,
    data_dir: Path | None = None,
    noise: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Dataset:
    """Load a dataset, split and scaled (see `Dataset` for shapes and scaling).

    - The test split is fixed per dataset (mnist/fashion-mnist: the official t10k files;
      digits: a fixed 20 % held out; toys: a fixed generated test pool).
    - `train_size` keeps the FIRST N training rows in file order (as the book does);
      None keeps all. `val_fraction` in [0, 1) then holds out ``int(N * val_fraction)``
      of those N, chosen by shuffling with `seed` (the book's hyperparameter search).
      Train/val/test never share a row; the same seed gives the same split.
    - `data_dir` (mnist, fashion-mnist only) reads the four IDX files from a folder
      instead of the cache/network; `progress(file_name, done_bytes, total_bytes)` is
      called while downloading.
    - `noise` (toy sets only) is the coordinate jitter std; None picks the default.

    Raises DataError with a one-sentence message for every user-fixable problem.
    """
    key = _checked(name, data_dir, noise)
    if key in DOWNLOADED:
        paths = images.locate(key, data_dir, progress)
        x_tr, t_tr, x_va, t_va, x_test, t_test = images.read_split(
            key, paths, train_size, val_fraction, seed
        )
        return Dataset(
            name=key,
            x_train=x_tr,
            t_train=t_tr.astype(np.int64),
            x_val=x_va,
            t_val=t_va.astype(np.int64),
            x_test=x_test,
            t_test=t_test.astype(np.int64),
            input_shape=images.IMAGE_HW,
            class_names=images.CLASS_NAMES[key],
        )
    x_pool, t_pool, x_test, t_test, scale, shape, class_names = _bundled(key, noise)
    n = check_split_args(key, len(t_pool), train_size, val_fraction)
    x_tr, t_tr, x_va, t_va = split_train_val(x_pool[:n], t_pool[:n], n, val_fraction, seed)
    return Dataset(
        name=key,
        x_train=_to_float(x_tr, scale),
        t_train=t_tr.astype(np.int64),
        x_val=_to_float(x_va, scale),
        t_val=t_va.astype(np.int64),
        x_test=_to_float(x_test, scale),
        t_test=t_test.astype(np.int64),
        input_shape=tuple(shape),
        class_names=class_names,
    )


def _checked(name: str, data_dir: Path | None, noise: float | None) -> str:
    """The dataset's key, once its options are known to apply to it (else DataError)."""
    key = normalize_name(name)
    if data_dir is not None and key not in DOWNLOADED:
        raise DataError(
            _("--data-dir applies to mnist and fashion-mnist only, not {name}.").format(name=key))
    if noise is not None and key not in GENERATED:
        raise DataError(
            _("noise applies to the generated sets ({sets}) only, not {name}.").format(
                sets=join_list(GENERATED), name=key)
        )
    return key


def _bundled(key: str, noise: float | None) -> tuple:
    """(x_pool, t_pool, x_test, t_test, scale, input shape, class names) of digits or a
    generated set: the raw training pool before `train_size` and scaling."""
    if key == "digits":
        pixels, labels = digits.load_arrays()
        tr, te = digits.split_indices()
        return (pixels[tr], labels[tr], pixels[te], labels[te], 16.0, (8, 8),
                tuple(str(d) for d in range(10)))
    x_raw, t_pool, x_te_raw, t_test = toy.generate(key, toy.check_noise(key, noise))
    x_pool, x_test = toy.standardize(x_raw, x_te_raw)
    return x_pool, t_pool, x_test, t_test, 1.0, (2,), toy.CLASS_NAMES[key]


def load_seeds(
    name: str,
    *,
    seeds: Sequence[int],
    train_size: int | None = None,
    val_fraction: float = 0.0,
    data_dir: Path | None = None,
    noise: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Dataset]:
    """One Dataset per seed of a K-seed run, in one read of the files: the first seed
    gets exactly what `load(name, train_size=..., seed=seeds[0], ...)` gives, every other
    seed its own seeded choice of `train_size` rows (`nntui.core.data.subsets`), each with
    its own validation split. Same arguments and errors as `load`."""
    key = _checked(name, data_dir, noise)
    if len(seeds) == 1:
        return [load(key, train_size=train_size, val_fraction=val_fraction, seed=seeds[0],
                     data_dir=data_dir, noise=noise, progress=progress)]
    if key in DOWNLOADED:
        per_seed: list[np.ndarray] = []

        def pick(pool: int) -> np.ndarray:
            n = check_split_args(key, pool, train_size, val_fraction)
            per_seed.extend(seed_rows(pool, n, seeds))
            return np.unique(np.concatenate(per_seed))

        x_rows, t_rows, x_test, t_test = images.read_rows(
            key, images.locate(key, data_dir, progress), pick)
        rows = np.unique(np.concatenate(per_seed))
        pool = Dataset(key, x_rows, t_rows.astype(np.int64), x_rows[:0],
                       t_rows[:0].astype(np.int64), x_test, t_test.astype(np.int64),
                       images.IMAGE_HW, images.CLASS_NAMES[key])
        return split_seeds(pool, [np.searchsorted(rows, r) for r in per_seed], seeds,
                           val_fraction)
    x_pool, t_pool, x_test, t_test, scale, shape, class_names = _bundled(key, noise)
    pool = Dataset(key, _to_float(x_pool, scale), t_pool.astype(np.int64),
                   _to_float(x_pool[:0], scale), t_pool[:0].astype(np.int64),
                   _to_float(x_test, scale), t_test.astype(np.int64), tuple(shape),
                   class_names)
    return draw_seeds(pool, train_size, seeds, val_fraction)


def _to_float(x: np.ndarray, scale: float) -> np.ndarray:
    """float32 copy of x / scale (uint8 pixels -> [0, 1]; toys are already scaled)."""
    out = x.astype(np.float32)
    if scale != 1.0:
        out *= np.float32(1.0 / scale)
    return out


def describe() -> list[DatasetInfo]:
    """One `DatasetInfo` per name in DATASET_NAMES, without reading or hashing data."""
    root = cache_dir()
    infos = []
    for name in DATASET_NAMES:
        if name == "digits":
            path = digits.cache_path()
            cached = path.is_file()
            info = ("bundled", cached, path.stat().st_size if cached else 0, 1437, 360, (8, 8))
        elif name in DOWNLOADED:
            from nntui.core.data.download import SOURCES  # lazy: urllib/ssl are slow

            folder = root / name
            cached = all(_has_size(folder / f.name, f.size) for f in SOURCES[name].files)
            info = ("download", cached, dir_size(folder), 60000, 10000, images.IMAGE_HW)
        else:
            n_tr = toy.PER_CLASS_TRAIN[name] * len(toy.CLASS_NAMES[name])
            info = ("generated", False, 0, n_tr, n_tr // 2, (2,))
        kind, cached, size, n_train, n_test, shape = info
        infos.append(
            DatasetInfo(name, kind, _DESCRIPTIONS[name], cached, size, n_train, n_test, shape)
        )
    return infos


def _has_size(path: Path, size: int) -> bool:
    """Cheap presence check for `describe()` (the SHA-256 is checked when loading)."""
    try:
        return path.stat().st_size == size
    except OSError:
        return False
