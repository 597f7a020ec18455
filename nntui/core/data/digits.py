"""The 8x8 handwritten digits bundled with scikit-learn, read without importing sklearn.

`import sklearn` costs about a second; the CSV it ships is all we need. The first load
parses it and stores the arrays as a small .npz in cache_dir(); later loads read that.
"""

from __future__ import annotations

import gzip
import importlib.util
import zipfile
from pathlib import Path

import numpy as np

from nntui.core.data.cache import atomic_file, cache_dir
from nntui.core.data.errors import DataError
from nntui.i18n import _

N_SAMPLES = 1797
N_TEST = 360  # 20 % held out, rounded up (as sklearn's train_test_split(test_size=0.2))
_TEST_SEED = 20240607  # fixed forever: the digits test split must never change
_CACHE_NAME = "digits-v1.npz"


def bundled_csv() -> Path:
    """Path of sklearn/datasets/data/digits.csv.gz, found without importing sklearn."""
    try:
        spec = importlib.util.find_spec("sklearn")
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for loc in locations:
        path = Path(loc) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            return path
    raise DataError(
        _("The digits dataset ships with scikit-learn, which is not installed; "
          "run `pip install scikit-learn`, or use --dataset spiral.")
    )


def cache_path() -> Path:
    """Where the parsed digits arrays are cached."""
    return cache_dir() / "digits" / _CACHE_NAME


def _parse_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Parse the bundled CSV: 1797 rows of 64 pixel values (0-16) and a label."""
    try:
        with gzip.open(path, "rt") as fh:
            table = np.loadtxt(fh, delimiter=",", dtype=np.float64)
    except (OSError, EOFError, ValueError) as exc:
        raise DataError(
            _("scikit-learn's digits file {path} is unreadable ({reason}); reinstall "
              "scikit-learn, or use --dataset spiral.").format(path=path, reason=exc)
        ) from exc
    if table.shape != (N_SAMPLES, 65):
        raise DataError(
            _("scikit-learn's digits file {path} has shape {shape}, expected {expected}; "
              "reinstall scikit-learn, or use --dataset spiral.").format(
                path=path, shape=table.shape, expected=(N_SAMPLES, 65))
        )
    return table[:, :64].astype(np.uint8), table[:, 64].astype(np.uint8)


def _read_cache(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """The cached (pixels (1797, 64) uint8, labels (1797,) uint8), or None if unusable."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            pixels, labels = npz["pixels"], npz["labels"]
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    if pixels.shape != (N_SAMPLES, 64) or labels.shape != (N_SAMPLES,):
        return None
    if pixels.dtype != np.uint8 or labels.dtype != np.uint8:
        return None
    return pixels, labels


def _write_cache(path: Path, pixels: np.ndarray, labels: np.ndarray) -> None:
    """Store the parsed arrays; a read-only cache only costs speed, so errors are ignored."""
    try:
        with atomic_file(path) as (_tmp, fh):
            np.savez(fh, pixels=pixels, labels=labels)
    except (DataError, OSError):
        pass


def load_arrays() -> tuple[np.ndarray, np.ndarray]:
    """All 1797 digits in sklearn's order: pixels (1797, 64) uint8 in 0..16, labels uint8."""
    path = cache_path()
    cached = _read_cache(path)
    if cached is not None:
        return cached
    pixels, labels = _parse_csv(bundled_csv())
    _write_cache(path, pixels, labels)
    return pixels, labels


def split_indices() -> tuple[np.ndarray, np.ndarray]:
    """Fixed (train_idx (1437,), test_idx (360,)), each in file order, never overlapping."""
    test = np.sort(np.random.default_rng(_TEST_SEED).permutation(N_SAMPLES)[:N_TEST])
    mask = np.ones(N_SAMPLES, dtype=bool)
    mask[test] = False
    return np.flatnonzero(mask), test
