"""Downloading (Fashion-)MNIST: mirrors, verification, atomic writes — on a loopback server."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from nntui.core.data import DataError, load
from nntui.core.data import download as dl
from tests.core.data_helpers import free_port, leftovers, sha256, small_mnist

FILES = small_mnist()  # the same bytes the tiny_mnist fixture registers


def use_mirrors(monkeypatch: pytest.MonkeyPatch, *urls: str) -> None:
    monkeypatch.setenv("NNTUI_MNIST_MIRROR", ",".join(urls))


def test_good_download_is_verified_and_reported(monkeypatch, loopback, tiny_mnist):
    use_mirrors(monkeypatch, loopback.serve("m1", FILES))
    calls: list[tuple[str, int, int]] = []
    ds = load("mnist", progress=lambda *a: calls.append(a))

    assert ds.x_train.shape == (12, 784) and ds.x_test.shape == (6, 784)
    assert ds.x_train.dtype == np.float32 and 0.0 <= ds.x_train.min() <= ds.x_train.max() <= 1.0
    assert ds.t_train.tolist() == [i % 10 for i in range(12)]
    assert leftovers(tiny_mnist) == sorted(FILES)  # no .part files
    for name, data in FILES.items():
        assert hashlib.sha256((tiny_mnist / name).read_bytes()).hexdigest() == sha256(data)
        done = [d for f, d, _t in calls if f == name]
        assert done == sorted(done) and done[-1] == len(data)
        assert {t for f, _d, t in calls if f == name} == {len(data)}

    # Second load: served from the verified cache, no request at all.
    before = len(loopback.hits)
    again = load("mnist")
    assert len(loopback.hits) == before
    np.testing.assert_array_equal(again.x_test, ds.x_test)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("corrupt", "failed verification (checksum mismatch"),
        ("short", "failed verification (checksum mismatch"),  # truncated but well-formed reply
        ("drop", "connection dropped after"),
    ],
)
def test_bad_transfer_leaves_nothing(monkeypatch, loopback, tiny_mnist, mode, expected):
    files = dict(FILES)
    target = "train-images-idx3-ubyte.gz"
    if mode == "corrupt":
        data = bytearray(files[target])
        data[100] ^= 0xFF  # same length, one byte flipped
        files[target] = bytes(data)
    base = loopback.serve("m1", files)
    if mode != "corrupt":
        loopback.modes[f"/m1/{target}"] = mode
    use_mirrors(monkeypatch, base)

    with pytest.raises(DataError) as err:
        load("mnist")
    msg = str(err.value)
    assert expected in msg and target in msg
    assert "--data-dir DIR" in msg and "--dataset digits" in msg
    assert "\n" not in msg
    assert leftovers(tiny_mnist) == []  # no final file, no temp file


@pytest.mark.parametrize("first", ["404", "refused"])
def test_second_mirror_used_when_first_fails(monkeypatch, loopback, tiny_mnist, first):
    good = loopback.serve("good", FILES)
    bad = loopback.url("missing") if first == "404" else f"http://127.0.0.1:{free_port()}/"
    use_mirrors(monkeypatch, bad, good)
    ds = load("mnist")
    assert ds.x_train.shape == (12, 784)
    assert {h.split("/")[1] for h in loopback.hits} <= {"missing", "good"}
    assert sum(h.startswith("/good/") for h in loopback.hits) == 4
    if first == "404":
        assert sum(h.startswith("/missing/") for h in loopback.hits) == 4


def test_no_network_gives_one_clear_sentence(monkeypatch, tiny_mnist, loopback):
    use_mirrors(monkeypatch, f"http://127.0.0.1:{free_port()}/", f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(DataError) as err:
        load("mnist")
    msg = str(err.value)
    assert msg.startswith("MNIST could not be downloaded (connection refused")
    assert "tried 2 mirrors" in msg and "Check your network" in msg
    assert leftovers(tiny_mnist) == []


def test_timeout_is_reported(monkeypatch, loopback, tiny_mnist):
    base = loopback.serve("slow", FILES)
    loopback.modes["/slow/train-images-idx3-ubyte.gz"] = "hang"
    use_mirrors(monkeypatch, base)
    with pytest.raises(DataError, match=r"timed out"):
        dl.fetch_dataset("mnist", timeout=0.3)
    assert leftovers(tiny_mnist) == []


def test_corrupt_cached_file_is_downloaded_again(monkeypatch, loopback, tiny_mnist):
    use_mirrors(monkeypatch, loopback.serve("m1", FILES))
    tiny_mnist.mkdir(parents=True)
    bad = tiny_mnist / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(b"\x1f\x8b garbage")
    load("mnist")
    assert bad.read_bytes() == FILES[bad.name]
    assert loopback.hits == [
        "/m1/train-images-idx3-ubyte.gz",
        "/m1/train-labels-idx1-ubyte.gz",
        "/m1/t10k-images-idx3-ubyte.gz",
        "/m1/t10k-labels-idx1-ubyte.gz",
    ]


def test_unwritable_cache_dir(monkeypatch, loopback, tiny_mnist, tmp_path):
    # Running as root ignores chmod, so make the cache path impossible instead.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NNTUI_CACHE_DIR", str(blocker / "cache"))
    use_mirrors(monkeypatch, loopback.serve("m1", FILES))
    with pytest.raises(DataError, match=r"cannot be created .*NNTUI_CACHE_DIR"):
        load("mnist")


def test_mirror_env_override_and_defaults(monkeypatch):
    monkeypatch.delenv("NNTUI_FASHION_MIRROR", raising=False)
    src = dl.SOURCES["fashion-mnist"]
    assert len(src.mirror_list()) >= 2
    monkeypatch.setenv("NNTUI_FASHION_MIRROR", " http://a/x , http://b/y/ ")
    assert src.mirror_list() == ("http://a/x/", "http://b/y/")


def test_published_checksums_cross_check():
    """The hard-coded t10k sums equal the shared SHA256SUMS (when that folder exists)."""
    from tests.core.conftest import SHARED_MNIST

    sums_file = SHARED_MNIST / "SHA256SUMS"
    if not sums_file.is_file():
        pytest.skip(f"shared MNIST folder not found at {SHARED_MNIST.resolve()}")
    published = dict(reversed(line.split()) for line in sums_file.read_text().splitlines())
    table = {f.name: f.sha256 for f in dl.SOURCES["mnist"].files}
    for name, digest in published.items():
        assert table[name] == digest


def test_oversized_reply_is_cut_short(monkeypatch, loopback, tiny_mnist):
    files = dict(FILES)
    files["t10k-labels-idx1-ubyte.gz"] = b"<html>" + b"x" * 200_000  # an error page, say
    use_mirrors(monkeypatch, loopback.serve("m1", files))
    with pytest.raises(DataError, match="more than the expected"):
        load("mnist")
    assert "t10k-labels-idx1-ubyte.gz" not in leftovers(tiny_mnist)
    assert not [n for n in leftovers(tiny_mnist) if n.endswith(".part")]


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (dl.urllib.error.URLError(dl.socket.gaierror(-2, "Name or service not known")), "no net"),
        (dl.urllib.error.URLError(OSError(101, "Network is unreachable")), "no network"),
        (TimeoutError("timed out"), "timed out"),
        (ConnectionResetError(104, "reset"), "connection dropped"),
    ],
)
def test_error_reasons(exc, reason):
    assert dl._describe_oserror(exc)[0].startswith(reason)


def test_failed_download_leaves_no_new_folder(monkeypatch, loopback, tiny_mnist, data_cache):
    """No network: neither the dataset folder nor the cache folder it made stays behind."""
    assert not data_cache.exists()
    use_mirrors(monkeypatch, f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(DataError, match="could not be downloaded"):
        load("mnist")
    assert not tiny_mnist.exists()
    assert not data_cache.exists()
    assert data_cache.parent.is_dir()  # tmp_path itself, which existed, is kept


def test_failed_download_keeps_folders_it_did_not_create(monkeypatch, loopback, tiny_mnist):
    """A folder that existed before the attempt, or got a verified file, stays."""
    use_mirrors(monkeypatch, loopback.url("missing"))  # every file 404
    tiny_mnist.mkdir(parents=True)
    with pytest.raises(DataError, match=r"HTTP 404"):
        load("mnist")
    assert tiny_mnist.is_dir() and leftovers(tiny_mnist) == []

    # A new folder that received good files before a later file failed keeps them.
    files = dict(FILES)
    del files["t10k-labels-idx1-ubyte.gz"]
    use_mirrors(monkeypatch, loopback.serve("partial", files))
    target = tiny_mnist.parent / "elsewhere" / "mnist"
    with pytest.raises(DataError, match=r"t10k-labels-idx1-ubyte\.gz"):
        dl.fetch_dataset("mnist", dest_dir=target)
    assert leftovers(target) == sorted(files)


def test_missing_dirs_and_remove_empty_dirs(tmp_path):
    from nntui.core.data.cache import missing_dirs, remove_empty_dirs

    deep = tmp_path / "a" / "b" / "c"
    assert missing_dirs(deep) == [deep, deep.parent, deep.parent.parent]
    assert missing_dirs(tmp_path) == []
    deep.mkdir(parents=True)
    (tmp_path / "a" / "keep.txt").write_text("mine")
    remove_empty_dirs([deep, deep.parent, deep.parent.parent])
    assert not deep.parent.exists()  # c and b were empty
    assert (tmp_path / "a" / "keep.txt").read_text() == "mine"  # a was not: untouched
