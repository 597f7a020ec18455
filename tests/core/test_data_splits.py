"""load(): splits, determinism, digits (offline, cached), argument errors, describe()."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nntui.core.data import DATASET_NAMES, DataError, cache_dir, describe, digits, load


def rows(x: np.ndarray) -> np.ndarray:
    """Rows sorted lexicographically (a canonical multiset of rows)."""
    return x[np.lexsort(x.T[::-1])]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a, **_k):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_digits_offline_then_from_cache(data_cache: Path, offline, monkeypatch):
    ds = load("digits")
    assert ds.x_train.shape == (1437, 64) and ds.x_test.shape == (360, 64)
    assert ds.x_val.shape == (0, 64) and ds.t_val.shape == (0,)
    assert ds.x_train.dtype == np.float32 and ds.t_train.dtype == np.int64
    assert ds.x_train.min() == 0.0 and ds.x_train.max() == 1.0
    assert ds.input_shape == (8, 8) and ds.n_classes == 10 and ds.n_features == 64
    assert digits.cache_path().is_file() and digits.cache_path().is_relative_to(data_cache)

    # The second load must not parse the CSV again.
    def no_csv(_path):
        raise AssertionError("CSV parsed again")

    monkeypatch.setattr(digits, "_parse_csv", no_csv)
    again = load("digits")
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    np.testing.assert_array_equal(again.t_test, ds.t_test)


def test_corrupt_digits_cache_is_rebuilt(data_cache: Path):
    path = digits.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an npz")
    assert load("digits").x_train.shape == (1437, 64)
    assert digits._read_cache(path) is not None


def test_digits_test_split_is_fixed_and_disjoint():
    tr, te = digits.split_indices()
    assert len(tr) == 1437 and len(te) == 360 and not set(tr) & set(te)
    assert np.all(np.diff(tr) > 0) and np.all(np.diff(te) > 0)  # file order
    # Pinned: changing the held-out set would silently change every reported accuracy.
    assert te[:5].tolist() == [3, 7, 10, 11, 15]


def test_import_is_light_and_digits_needs_no_sklearn(data_cache: Path):
    code = (
        "import sys, nntui.core.data as d; d.load('digits'); d.load('spiral'); "
        "bad = [m for m in ('sklearn', 'urllib.request', 'ssl', 'textual', 'rich') "
        "if m in sys.modules]; print(bad)"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_train_size_takes_first_n(data_cache: Path):
    full = load("digits")
    part = load("digits", train_size=100)
    np.testing.assert_array_equal(part.x_train, full.x_train[:100])
    np.testing.assert_array_equal(part.t_train, full.t_train[:100])
    np.testing.assert_array_equal(part.x_test, full.x_test)  # test split never changes


@pytest.mark.parametrize("name", ["digits", "spiral"])
def test_validation_split(data_cache: Path, name: str):
    full = load(name)
    a = load(name, train_size=500, val_fraction=0.2, seed=1)
    assert a.x_train.shape[0] == 400 and a.x_val.shape[0] == 100
    # train + val is exactly the first 500 rows (a partition: nothing lost, nothing twice)
    joined = np.concatenate([a.x_train, a.x_val])
    np.testing.assert_array_equal(rows(joined), rows(full.x_train[:500]))
    np.testing.assert_array_equal(
        np.sort(np.concatenate([a.t_train, a.t_val])), np.sort(full.t_train[:500])
    )
    if name == "spiral":  # continuous points: any shared row would be a real overlap
        val_rows = {r.tobytes() for r in a.x_val}
        assert not val_rows & {r.tobytes() for r in a.x_train}
        assert not val_rows & {r.tobytes() for r in a.x_test}
    same = load(name, train_size=500, val_fraction=0.2, seed=1)
    other = load(name, train_size=500, val_fraction=0.2, seed=2)
    np.testing.assert_array_equal(same.x_val, a.x_val)
    np.testing.assert_array_equal(same.t_train, a.t_train)
    assert not np.array_equal(other.x_val, a.x_val)
    np.testing.assert_array_equal(other.x_test, a.x_test)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"train_size": 0}, r"train_size must be between 1 and 1437 for digits, got 0"),
        ({"train_size": 5000}, r"between 1 and 1437 .* got 5000"),
        ({"train_size": 1.5}, r"train_size must be a whole number .* got 1.5"),
        ({"train_size": True}, r"got True"),
        ({"val_fraction": -0.1}, r"val_fraction must be in \[0, 1\) .* got -0.1"),
        ({"val_fraction": 1.0}, r"got 1.0"),
        ({"val_fraction": float("nan")}, r"got nan"),
        ({"noise": 0.1}, r"noise applies to the generated sets"),
        ({"data_dir": Path(".")}, r"--data-dir applies to mnist and fashion-mnist only"),
    ],
)
def test_bad_arguments(data_cache: Path, kwargs: dict, match: str):
    with pytest.raises(DataError, match=match):
        load("digits", **kwargs)


def test_unknown_name_and_aliases(data_cache: Path):
    with pytest.raises(DataError, match=r"Unknown dataset 'cifar'; choose one of: digits, mnist"):
        load("cifar")
    assert load("SPIRAL").name == "spiral"


def test_describe(data_cache: Path):
    infos = {i.name: i for i in describe()}
    assert tuple(infos) == DATASET_NAMES
    assert infos["digits"].kind == "bundled" and infos["mnist"].kind == "download"
    assert infos["xor"].kind == "generated" and infos["xor"].input_shape == (2,)
    assert not infos["mnist"].cached and infos["mnist"].size_bytes == 0
    load("digits")
    assert describe()[0].cached and describe()[0].size_bytes > 0


def test_cache_dir_env_and_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("NNTUI_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv("NNTUI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "nntui"
