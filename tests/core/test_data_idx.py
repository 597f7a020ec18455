"""The IDX parser and --data-dir: real MNIST test files plus hand-made broken ones."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from nntui.core.data import DataError, load
from nntui.core.data.idx import load_image_label_pair, parse_idx, read_idx
from tests.core.conftest import SHARED_MNIST
from tests.core.data_helpers import STEMS, idx_bytes, small_mnist


@pytest.fixture(scope="module")
def shared_mnist() -> Path:
    if not (SHARED_MNIST / "SHA256SUMS").is_file():
        pytest.skip(f"real MNIST test files not found at {SHARED_MNIST.resolve()}")
    return SHARED_MNIST


def test_real_mnist_t10k(shared_mnist: Path):
    for line in (shared_mnist / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((shared_mnist / name).read_bytes()).hexdigest() == digest
    images, labels = load_image_label_pair(
        shared_mnist / "t10k-images-idx3-ubyte.gz",
        shared_mnist / "t10k-labels-idx1-ubyte.gz",
        image_hw=(28, 28),
        n_classes=10,
    )
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and set(np.unique(labels).tolist()) == set(range(10))
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]  # the well-known first test labels
    assert 0 < images.mean() < 60 and images.max() == 255


def test_data_dir_reads_real_files(shared_mnist: Path, tmp_path: Path):
    # Only t10k is shared; stand it in for the train files too (raw train, gz test).
    for stem in STEMS:
        src = shared_mnist / f"{stem.replace('train', 't10k')}.gz"
        if stem.startswith("train"):
            (tmp_path / stem).write_bytes(gzip.decompress(src.read_bytes()))
        else:
            (tmp_path / f"{stem}.gz").symlink_to(src.resolve())
    ds = load("mnist", data_dir=tmp_path, train_size=300)
    assert ds.x_train.shape == (300, 784) and ds.x_test.shape == (10000, 784)
    np.testing.assert_array_equal(ds.x_train, ds.x_test[:300])  # train_size = first 300
    assert ds.input_shape == (28, 28) and ds.n_classes == 10 and ds.n_features == 784


def write_set(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_data_dir_fashion_raw_and_dotted_names(tmp_path: Path):
    files = {
        k.removesuffix(".gz").replace("-idx", ".idx"): gzip.decompress(v)
        for k, v in small_mnist().items()
    }
    ds = load("fashion-mnist", data_dir=write_set(tmp_path, files))
    assert ds.x_train.shape == (12, 784) and ds.class_names[0] == "T-shirt/top"


def test_data_dir_missing_file_is_named(tmp_path: Path):
    files = small_mnist()
    del files["t10k-labels-idx1-ubyte.gz"]
    with pytest.raises(DataError, match=r"lacks t10k-labels-idx1-ubyte\[\.gz\]"):
        load("mnist", data_dir=write_set(tmp_path, files))
    with pytest.raises(DataError, match="is not a folder"):
        load("mnist", data_dir=tmp_path / "nope")


def test_gzip_and_raw_parse_the_same(tmp_path: Path):
    arr = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a").write_bytes(idx_bytes(arr))
    (tmp_path / "a.gz").write_bytes(gzip.compress(idx_bytes(arr)))
    np.testing.assert_array_equal(read_idx(tmp_path / "a", ndim=3), arr)
    np.testing.assert_array_equal(read_idx(tmp_path / "a.gz", ndim=3), arr)


def test_other_dtypes_parse():
    data = bytes([0, 0, 0x0B, 1]) + (2).to_bytes(4, "big") + (258).to_bytes(2, "big") * 2
    assert parse_idx(data).tolist() == [258, 258]


GOOD = idx_bytes(np.zeros((2, 28, 28), dtype=np.uint8))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x00\x01" + GOOD[2:], "wrong magic"),
        (b"PK\x03\x04" + GOOD[4:], "wrong magic"),
        (b"", "wrong magic"),
        (GOOD[:10], "incomplete header"),
        (GOOD[:-1], "truncated"),
        (GOOD + b"\x00", "longer than its header"),
        (bytes([0, 0, 8, 1]) + GOOD[4:], "1 dimensions where 3"),
    ],
)
def test_broken_idx(data: bytes, match: str):
    with pytest.raises(DataError, match=match):
        parse_idx(data, source="x.idx", ndim=3)


def test_truncated_gzip(tmp_path: Path):
    gz = gzip.compress(GOOD)
    (tmp_path / "t.gz").write_bytes(gz[: len(gz) // 2])
    with pytest.raises(DataError, match="truncated or corrupt gzip"):
        read_idx(tmp_path / "t.gz")


@pytest.mark.parametrize(
    ("labels", "images", "match"),
    [
        (np.zeros(3), np.zeros((2, 28, 28)), "2 images but .* 3 labels"),
        (np.array([0, 10]), np.zeros((2, 28, 28)), "label 10, outside 0-9"),
        (np.zeros(2), np.zeros((2, 27, 28)), "27x28 images, expected 28x28"),
    ],
)
def test_mismatched_pair(tmp_path: Path, labels, images, match):
    (tmp_path / "i").write_bytes(idx_bytes(images))
    (tmp_path / "l").write_bytes(idx_bytes(labels))
    with pytest.raises(DataError, match=match):
        load_image_label_pair(tmp_path / "i", tmp_path / "l", image_hw=(28, 28), n_classes=10)
