"""MNIST and Fashion-MNIST: locate (download or --data-dir) and read the four IDX files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nntui.core.data.dataset import check_split_args
from nntui.core.data.errors import DataError
from nntui.core.data.idx import check_images, check_labels, check_regular_file, open_idx, read_idx
from nntui.i18n import N_, _, join_list

IMAGE_HW = (28, 28)
N_TRAIN, N_TEST = 60000, 10000
CLASS_NAMES: dict[str, tuple[str, ...]] = {
    "mnist": tuple(str(d) for d in range(10)),
    "fashion-mnist": (
        # Stored in results files as they are; N_ marks them for the report's Japanese.
        N_("T-shirt/top"),
        N_("Trouser"),
        N_("Pullover"),
        N_("Dress"),
        N_("Coat"),
        N_("Sandal"),
        N_("Shirt"),
        N_("Sneaker"),
        N_("Bag"),
        N_("Ankle boot"),
    ),
}
# Standard stems; some copies use "train-images.idx3-ubyte" (dot instead of dash).
STEMS = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def _find(folder: Path, stem: str) -> Path | None:
    """The file for `stem` in `folder`: .gz or raw, dash or dot spelling. Something of that
    name that is not a readable regular file (a folder, a pipe, a broken link) is a
    DataError naming it, not "missing"."""
    dotted = stem.replace("-idx", ".idx")
    for name in (f"{stem}.gz", stem, f"{dotted}.gz", dotted):
        path = folder / name
        if os.path.lexists(path):
            check_regular_file(path)
            return path
    return None


def locate_local(name: str, folder: Path) -> list[Path]:
    """The four IDX paths inside a user-given folder, or a DataError listing what is missing."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DataError(
            _("--data-dir {folder} is not a folder; give the folder holding the four {name} "
              "IDX files.").format(folder=folder, name=name)
        )
    found = [_find(folder, stem) for stem in STEMS]
    missing = [stem for stem, path in zip(STEMS, found, strict=True) if path is None]
    if missing:
        raise DataError(
            _("--data-dir {folder} lacks {missing}; put the four {name} IDX files there (gzip "
              "or raw).").format(folder=folder, name=name,
                                 missing=join_list(m + "[.gz]" for m in missing))
        )
    return [p for p in found if p is not None]


def locate(
    name: str,
    data_dir: Path | None,
    progress: Callable[[str, int, int], None] | None,
) -> list[Path]:
    """Paths of train images/labels and test images/labels, downloading if needed."""
    if data_dir is not None:
        return locate_local(name, data_dir)
    from nntui.core.data.download import SOURCES, fetch_dataset  # lazy: urllib/ssl are slow

    folder = fetch_dataset(name, progress=progress)
    return [folder / spec.name for spec in SOURCES[name].files]


#: Rows converted per chunk: 4096 x 784 bytes = 3 MB of uint8 at a time.
_CHUNK_ROWS = 4096


def read_split(
    name: str,
    paths: list[Path],
    train_size: int | None,
    val_fraction: float,
    seed: int,
) -> tuple[np.ndarray, ...]:
    """(x_train (N-V, 784), t_train, x_val (V, 784), t_val, x_test (M, 784), t_test): pixels
    float32 in [0, 1], labels uint8; the same split as `dataset.split_train_val`.

    Pixels go from the file straight into the final float32 array, a chunk of rows at a
    time, so the only full-size array is that result (fashion-mnist: 188 MB, not 188 MB
    plus 47 MB of bytes plus a 47 MB uint8 copy). Only the first `train_size` rows are
    converted; the rest of the file is still read to verify it. With a validation split,
    rows land directly at their shuffled place: x_val and x_train are the two parts of one
    array (no gather copy).
    """
    n_classes = len(CLASS_NAMES[name])
    t_pool = read_idx(paths[1], ndim=1)
    check_labels(paths[1], t_pool, n_classes)
    t_test = read_idx(paths[3], ndim=1)
    check_labels(paths[3], t_test, n_classes)
    with open_idx(paths[0], ndim=3) as stream:
        check_images(stream, len(t_pool), paths[1].name, IMAGE_HW)
        n = check_split_args(name, len(t_pool), train_size, val_fraction)
        n_val = int(n * val_fraction)
        order = np.random.default_rng(seed).permutation(n) if n_val else None
        # place[i]: where file row i goes; order[k] is the file row at place k.
        place = np.argsort(order) if order is not None else None
        x = _read_float_rows(stream, n, place)
        stream.finish()
    with open_idx(paths[2], ndim=3) as stream:
        check_images(stream, len(t_test), paths[3].name, IMAGE_HW)
        x_test = _read_float_rows(stream, len(t_test), None)
        stream.finish()
    t = t_pool[:n] if order is None else t_pool[:n][order]
    return x[n_val:], t[n_val:], x[:n_val], t[:n_val], x_test, t_test


def read_rows(
    name: str, paths: list[Path], pick: Callable[[int], np.ndarray]
) -> tuple[np.ndarray, ...]:
    """(x_rows (R, 784) float32, t_rows (R,), x_test, t_test): only the training rows that
    ``pick(pool size)`` returns (ascending, unique file rows), converted as `read_split`
    converts them; the rest of the file is read to verify it. What a K-seed run loads:
    the union of its seeds' subsets, in one pass (`nntui.core.data.subsets`)."""
    n_classes = len(CLASS_NAMES[name])
    t_pool = read_idx(paths[1], ndim=1)
    check_labels(paths[1], t_pool, n_classes)
    t_test = read_idx(paths[3], ndim=1)
    check_labels(paths[3], t_test, n_classes)
    rows = np.asarray(pick(len(t_pool)), dtype=np.int64)
    d = IMAGE_HW[0] * IMAGE_HW[1]
    x = np.empty((len(rows), d), dtype=np.float32)
    scale = np.float32(1.0 / 255.0)
    with open_idx(paths[0], ndim=3) as stream:
        check_images(stream, len(t_pool), paths[1].name, IMAGE_HW)
        buf = np.empty((min(len(t_pool), _CHUNK_ROWS), d), dtype=np.uint8)
        for start in range(0, len(t_pool), _CHUNK_ROWS):
            chunk = buf[: min(_CHUNK_ROWS, len(t_pool) - start)]
            stream.read_into(chunk)
            lo, hi = np.searchsorted(rows, (start, start + len(chunk)))
            if hi > lo:
                np.multiply(chunk[rows[lo:hi] - start], scale, out=x[lo:hi])
        stream.finish()
    with open_idx(paths[2], ndim=3) as stream:
        check_images(stream, len(t_test), paths[3].name, IMAGE_HW)
        x_test = _read_float_rows(stream, len(t_test), None)
        stream.finish()
    return x, t_pool[rows], x_test, t_test


def _read_float_rows(stream, n: int, place: np.ndarray | None) -> np.ndarray:
    """The next `n` images of `stream` as (n, 784) float32 / 255; row i goes to place[i]."""
    d = IMAGE_HW[0] * IMAGE_HW[1]
    out = np.empty((n, d), dtype=np.float32)
    buf = np.empty((min(n, _CHUNK_ROWS), d), dtype=np.uint8)
    scale = np.float32(1.0 / 255.0)
    for start in range(0, n, _CHUNK_ROWS):
        rows = buf[: min(_CHUNK_ROWS, n - start)]
        stream.read_into(rows)
        if place is None:
            np.multiply(rows, scale, out=out[start : start + len(rows)])
        else:
            out[place[start : start + len(rows)]] = rows * scale
    return out
