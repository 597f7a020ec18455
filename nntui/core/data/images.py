"""MNIST and Fashion-MNIST: locate (download or --data-dir) and read the four IDX files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from nntui.core.data.errors import DataError
from nntui.core.data.idx import load_image_label_pair

IMAGE_HW = (28, 28)
N_TRAIN, N_TEST = 60000, 10000
CLASS_NAMES: dict[str, tuple[str, ...]] = {
    "mnist": tuple(str(d) for d in range(10)),
    "fashion-mnist": (
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
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
    """The file for `stem` in `folder`: .gz or raw, dash or dot spelling."""
    dotted = stem.replace("-idx", ".idx")
    for name in (f"{stem}.gz", stem, f"{dotted}.gz", dotted):
        if (folder / name).is_file():
            return folder / name
    return None


def locate_local(name: str, folder: Path) -> list[Path]:
    """The four IDX paths inside a user-given folder, or a DataError listing what is missing."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DataError(
            f"--data-dir {folder} is not a folder; give the folder holding the four "
            f"{name} IDX files."
        )
    found = [_find(folder, stem) for stem in STEMS]
    missing = [stem for stem, path in zip(STEMS, found, strict=True) if path is None]
    if missing:
        raise DataError(
            f"--data-dir {folder} lacks {', '.join(m + '[.gz]' for m in missing)}; put the four "
            f"{name} IDX files there (gzip or raw)."
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


def read_uint8(name: str, paths: list[Path]) -> tuple[np.ndarray, ...]:
    """(x_train (N, 784) uint8, t_train (N,), x_test (M, 784) uint8, t_test (M,))."""
    n_classes = len(CLASS_NAMES[name])
    x_tr, t_tr = load_image_label_pair(paths[0], paths[1], image_hw=IMAGE_HW, n_classes=n_classes)
    x_te, t_te = load_image_label_pair(paths[2], paths[3], image_hw=IMAGE_HW, n_classes=n_classes)
    return x_tr.reshape(len(x_tr), -1), t_tr, x_te.reshape(len(x_te), -1), t_te
