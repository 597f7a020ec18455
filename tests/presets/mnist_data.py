"""The real MNIST test set (../shared/data/mnist, t10k) as datasets for preset tests.

Only the 10 000 test images are available here, so a Dataset is built from them directly,
as REFERENCE.md's "measured" column does: the first N images train, the rest (or the last
M) test. Tests that use it are marked slow and skipped, visibly, when the folder is absent.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from nntui.core.data import Dataset
from nntui.core.data.idx import load_image_label_pair

#: Beside the checkout (../shared/data/mnist); NNTUI_TEST_MNIST_DIR points elsewhere (a git
#: worktree one level deeper, another machine's copy).
MNIST_DIR = Path(os.environ.get("NNTUI_TEST_MNIST_DIR") or
                 Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist")
IMAGES = MNIST_DIR / "t10k-images-idx3-ubyte.gz"
LABELS = MNIST_DIR / "t10k-labels-idx1-ubyte.gz"

needs_mnist = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (IMAGES.is_file() and LABELS.is_file()),
        reason=f"real MNIST t10k files not found in {MNIST_DIR}",
    ),
]


@lru_cache(maxsize=1)
def pixels() -> tuple[np.ndarray, np.ndarray]:
    """(10000, 784) float32 in [0, 1] and (10000,) int64 labels."""
    images, labels = load_image_label_pair(IMAGES, LABELS, image_hw=(28, 28), n_classes=10)
    x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255.0)
    return x, labels.astype(np.int64)


def t10k(n_train: int, n_test: int | None = None, val_fraction: float = 0.0,
         seed: int = 0, *, test_next: bool = False) -> Dataset:
    """First n_train images train (a seeded val_fraction of them validate); the last n_test
    (default: all the rest) test, or with `test_next` the n_test right after the train ones."""
    x, t = pixels()
    n_test = len(x) - n_train if n_test is None else n_test
    assert n_train + n_test <= len(x)
    first = n_train if test_next else len(x) - n_test
    x_tr, t_tr = x[:n_train], t[:n_train]
    x_va, t_va = x_tr[:0], t_tr[:0]
    if val_fraction:
        order = np.random.default_rng(seed).permutation(n_train)
        n_val = int(n_train * val_fraction)
        x_va, t_va = x_tr[order[:n_val]], t_tr[order[:n_val]]
        x_tr, t_tr = x_tr[order[n_val:]], t_tr[order[n_val:]]
    return Dataset(
        name="mnist", x_train=x_tr, t_train=t_tr, x_val=x_va, t_val=t_va,
        x_test=x[first:first + n_test], t_test=t[first:first + n_test], input_shape=(28, 28),
        class_names=tuple(str(d) for d in range(10)),
    )


#: The training pool of the lesson tests and bench/lessons.py: the first POOL t10k images
#: (a preset's train_size takes its first N, further seeds a seeded choice of N); the
#: last 10 000 - POOL are the test split.
POOL = 5000


@lru_cache(maxsize=1)
def pool() -> Dataset:
    """t10k as a pool Dataset: train = the first POOL images, test = the rest."""
    x, t = pixels()
    return Dataset(
        name="mnist", x_train=x[:POOL], t_train=t[:POOL], x_val=x[:0], t_val=t[:0],
        x_test=x[POOL:], t_test=t[POOL:], input_shape=(28, 28),
        class_names=tuple(str(d) for d in range(10)),
    )
