"""Datasets for nntui: bundled digits, downloaded (Fashion-)MNIST, generated 2-D toys.

Public API (stable; other packages import only from here)::

    load(name, *, train_size=None, val_fraction=0.0, seed=0, data_dir=None, noise=None,
         progress=None) -> Dataset
    load_seeds(name, *, seeds, train_size=None, val_fraction=0.0, ...) -> list[Dataset]
    describe() -> list[DatasetInfo]
    cache_dir() -> Path
    DATASET_NAMES, Dataset, DatasetInfo, DataError

Pure NumPy + stdlib (platformdirs for the cache folder). The downloader (urllib, ssl)
is imported only when a download is actually needed, to keep startup fast.
"""

from nntui.core.data.cache import cache_dir
from nntui.core.data.dataset import Dataset, DatasetInfo
from nntui.core.data.errors import DataError
from nntui.core.data.registry import DATASET_NAMES, describe, load, load_seeds

__all__ = [
    "DATASET_NAMES",
    "DataError",
    "Dataset",
    "DatasetInfo",
    "cache_dir",
    "describe",
    "load",
    "load_seeds",
]
