"""Bad data files and cache/network faults: each is one DataError that names the file and
says what to do, and nothing half-written is left in the cache."""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from nntui.core.data import DataError, load
from nntui.core.data import download as dl
from nntui.core.data.dataset import split_train_val
from nntui.core.data.idx import parse_idx
from tests.core.data_helpers import idx_bytes, leftovers, raw_reply, sha256, small_mnist

FILES = small_mnist()
IMG = "train-images-idx3-ubyte.gz"
LAB = "train-labels-idx1-ubyte.gz"
T_LAB = "t10k-labels-idx1-ubyte.gz"
REPO = Path(__file__).resolve().parents[2]
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def _gz(arr: np.ndarray) -> bytes:
    return gzip.compress(idx_bytes(arr), mtime=0)


def _raw_images() -> bytes:
    return gzip.decompress(FILES[IMG])


def _flip(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 0xFF
    return bytes(out)


def _header(n: int, code: int = 0x08, dims: tuple[int, ...] = (28, 28)) -> bytes:
    return bytes([0, 0, code, 1 + len(dims)]) + b"".join(
        d.to_bytes(4, "big") for d in (n, *dims)
    )


# (case id, file name, new content (None: a special file made by the test), message part)
BAD_FILES: list[tuple[str, str, bytes | None, str]] = [
    ("empty", IMG, b"", "not an IDX file"),
    ("empty-gzip", IMG, gzip.compress(b""), "not an IDX file"),
    ("wrong-magic", IMG, b"PK\x03\x04" + _raw_images()[4:], "not an IDX file"),
    ("wrong-type-code", IMG, b"\x00\x00\x07\x03" + _raw_images()[4:], "not an IDX file"),
    ("html-page", IMG, b"<html><body>Not found</body></html>", "not an IDX file"),
    ("header-only", IMG, _raw_images()[:10], "incomplete header"),
    ("truncated-raw", IMG, _raw_images()[:-100], "truncated"),
    ("truncated-gzip", IMG, FILES[IMG][: len(FILES[IMG]) // 2], "truncated or corrupt gzip"),
    ("gzip-crc", IMG, _flip(FILES[IMG], len(FILES[IMG]) - 6), "truncated or corrupt gzip"),
    ("gzip-bitflip", IMG, _flip(FILES[IMG], 200), "corrupt"),
    ("longer-than-header", IMG, _raw_images() + b"\x00" * 5, "longer than its header"),
    ("labels-as-images", IMG, FILES[LAB], "1 dimensions where 3"),
    ("images-as-labels", LAB, FILES[IMG], "3 dimensions where 1"),
    ("count-over-data-raw", IMG, _header(100) + _raw_images()[16:], "header promises"),
    ("count-absurd-gzip", IMG, gzip.compress(_header(4_000_000_000) + b"\x00" * 784), "promises"),
    ("too-few-labels", LAB, _gz(np.arange(11) % 10), "12 images but"),
    ("too-many-labels", LAB, _gz(np.arange(13) % 10), "12 images but"),
    ("test-count-mismatch", T_LAB, _gz(np.arange(5) % 10), "6 images but"),
    ("label-out-of-range", LAB, _gz(np.array([0] * 11 + [10])), "label 10, outside 0-9"),
    ("label-255", T_LAB, _gz(np.array([255] * 6)), "label 255, outside 0-9"),
    ("labels-not-bytes", LAB, bytes([0, 0, 0x0C, 1]) + (12).to_bytes(4, "big") + b"\0" * 48,
     "not unsigned-byte"),
    ("images-27x28", IMG, _gz(np.zeros((12, 27, 28))), "27x28 images, expected 28x28"),
    ("directory", IMG, None, "is a folder where an IDX file should be"),
    ("fifo", IMG, None, "not a regular file"),
    ("broken-link", LAB, None, "Cannot read"),
    ("unreadable", T_LAB, None, "Cannot read"),
]
TODO = ("Delete it and download again", "Remove or rename it")


def _make_special(case: str, path: Path) -> None:
    if case == "directory":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)  # reading it would block forever: it must be refused, not read
    elif case == "broken-link":
        path.symlink_to(path.parent / "no-such-file")
    elif case == "unreadable":
        if ROOT:
            # root reads any mode-000 file; /proc/self/mem is a regular file whose first
            # read fails with EIO for everyone.
            if not Path("/proc/self/mem").exists():
                pytest.skip("running as root without /proc: no way to make an unreadable file")
            path.symlink_to("/proc/self/mem")
        else:
            path.write_bytes(FILES[T_LAB])
            path.chmod(0)


def _open_and_close_writer(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # not a FIFO, or nobody reading it: nothing to unblock
        pass


def _data_dir(tmp_path: Path, case: str, name: str, content: bytes | None) -> Path:
    folder = tmp_path / "idx"
    folder.mkdir()
    for fname, data in FILES.items():
        if fname != name:
            (folder / fname).write_bytes(data)
    if content is None:
        _make_special(case, folder / name)
    else:
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.parametrize("train_size", [None, 5], ids=["all-rows", "first-5"])
@pytest.mark.parametrize(("case", "name", "content", "part"), BAD_FILES,
                         ids=[c[0] for c in BAD_FILES])
def test_bad_data_file_is_one_clear_error(tmp_path, case, name, content, part, train_size):
    folder = _data_dir(tmp_path, case, name, content)
    before = sorted(p.name for p in folder.iterdir())
    # If a FIFO were opened for reading, the read would wait for a writer forever: after
    # 5 s a writer comes and goes, so such a bug fails this test instead of hanging it.
    unblock = threading.Timer(5.0, _open_and_close_writer, [folder / name])
    unblock.start()
    try:
        with pytest.raises(DataError) as err:
            load("mnist", data_dir=folder, train_size=train_size)
    finally:
        unblock.cancel()
        unblock.join()
    msg = str(err.value)
    assert part in msg, msg
    assert "\n" not in msg
    assert name in msg, msg  # it names the file at fault ...
    assert any(t in msg for t in TODO), msg  # ... and says what to do
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there


def test_train_size_still_reads_the_whole_file(tmp_path):
    """Only 5 rows are wanted, but a file cut short after them is still reported."""
    folder = _data_dir(tmp_path, "x", IMG, gzip.compress(_raw_images()[:-784]))
    assert len(_raw_images()) > 16 + 5 * 784 + 784
    with pytest.raises(DataError, match=f"{IMG} is truncated"):
        load("mnist", data_dir=folder, train_size=5)


@pytest.mark.parametrize(("train_size", "val_fraction", "seed"),
                         [(None, 0.0, 0), (7, 0.0, 0), (None, 0.25, 3), (10, 0.5, 1)])
def test_streamed_loader_equals_the_whole_file_reference(tmp_path, train_size, val_fraction,
                                                         seed):
    """Rows streamed into float32 at their shuffled place give exactly the arrays of
    parsing the whole files, then splitting (split_train_val) and scaling."""
    folder = _data_dir(tmp_path, "x", IMG, FILES[IMG])
    ds = load("fashion-mnist", data_dir=folder, train_size=train_size,
              val_fraction=val_fraction, seed=seed)
    x = parse_idx(gzip.decompress(FILES[IMG])).reshape(12, 784)
    t = parse_idx(gzip.decompress(FILES[LAB]))
    n = train_size or 12
    x_tr, t_tr, x_va, t_va = split_train_val(x[:n], t[:n], n, val_fraction, seed)
    scale = np.float32(1 / 255)
    for got, want in ((ds.x_train, x_tr.astype(np.float32) * scale),
                      (ds.x_val, x_va.astype(np.float32) * scale)):
        assert got.dtype == np.float32 and got.shape == want.shape
        assert got.tobytes() == want.tobytes()
    assert ds.t_train.tolist() == t_tr.tolist() and ds.t_val.tolist() == t_va.tolist()
    x_te = parse_idx(gzip.decompress(FILES["t10k-images-idx3-ubyte.gz"])).reshape(6, 784)
    assert ds.x_test.tobytes() == (x_te.astype(np.float32) * scale).tobytes()
    assert len(ds.x_val) == int(n * val_fraction)


# -- the download cache ------------------------------------------------------------------------
def _mirror(monkeypatch, loopback, files=FILES, prefix="m1") -> str:
    base = loopback.serve(prefix, files)
    monkeypatch.setenv("NNTUI_MNIST_MIRROR", base)
    return base


def test_same_size_corrupt_cached_file_is_caught_by_its_hash(monkeypatch, loopback, tiny_mnist):
    _mirror(monkeypatch, loopback)
    load("mnist")
    target = tiny_mnist / LAB
    good = target.read_bytes()
    target.write_bytes(_flip(good, len(good) // 2))  # same size, one byte different
    before = len(loopback.hits)
    ds = load("mnist")
    assert loopback.hits[before:] == [f"/m1/{LAB}"]  # only that file fetched again
    assert target.read_bytes() == good
    assert ds.t_train.tolist() == [i % 10 for i in range(12)]


def test_downloaded_files_are_readable_and_not_executable(monkeypatch, loopback, tiny_mnist):
    old = os.umask(0o077)  # even a strict umask must not make them private
    try:
        _mirror(monkeypatch, loopback)
        load("mnist")
    finally:
        os.umask(old)
    for name in FILES:
        mode = stat.S_IMODE((tiny_mnist / name).stat().st_mode)
        assert mode == 0o644, f"{name}: {oct(mode)}"


def test_a_folder_in_place_of_a_cached_file(monkeypatch, loopback, tiny_mnist):
    _mirror(monkeypatch, loopback)
    (tiny_mnist / IMG).mkdir(parents=True)
    with pytest.raises(DataError, match=f"{IMG} is a folder where a downloaded file should go"):
        load("mnist")
    assert loopback.hits == []
    assert (tiny_mnist / IMG).is_dir()  # never deleted: it may hold someone's files


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs (read-only)")
def test_read_only_cache_folder(monkeypatch, loopback, tiny_mnist):
    """/sys/kernel exists and refuses new files even to root (chmod would not stop root)."""
    _mirror(monkeypatch, loopback)
    with pytest.raises(DataError) as err:
        dl.fetch_dataset("mnist", dest_dir=Path("/sys/kernel"))
    msg = str(err.value)
    assert "/sys/kernel is not writable" in msg and "NNTUI_CACHE_DIR" in msg
    assert loopback.hits == [f"/m1/{IMG}"]  # nothing more once the first file had nowhere to go
    monkeypatch.setenv("NNTUI_CACHE_DIR", "/sys/nntui-cache")
    with pytest.raises(DataError, match=r"/sys/nntui-cache/mnist cannot be created .*--data-dir"):
        load("mnist")


FULL_DISK = """
import resource, signal, sys
from nntui.core.data import DataError, download as dl
from tests.core.data_helpers import sha256, small_mnist
files = small_mnist()
names = sys.argv[3].split(",")
specs = tuple(dl.FileSpec(n, sha256(files[n]), len(files[n])) for n in names)
dl.SOURCES["mnist"] = dl.Source("MNIST", "NNTUI_MNIST_MIRROR", (sys.argv[1],), specs)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
try:
    dl.fetch_dataset("mnist")
except DataError as exc:
    print(exc)
    sys.exit(2)
"""


@pytest.mark.parametrize(("names", "limit"), [
    ([IMG], 1000),  # a large write fails at once
    ([LAB], 20),  # a small file stays in the write buffer: it fails when the file is closed
], ids=["in-write", "at-close"])
def test_full_disk_leaves_nothing(loopback, tiny_mnist, names, limit):
    """A file-size limit stands in for a full disk (works as root, unlike a small quota)."""
    assert len(FILES[names[0]]) > limit
    base = loopback.serve("m1", FILES)
    env = {**os.environ, "NNTUI_CACHE_DIR": str(tiny_mnist.parent), "no_proxy": "*"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FULL_DISK), base, str(limit), ",".join(names)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    msg = proc.stdout.strip()
    assert msg.startswith(f"Cannot write {tiny_mnist / names[0]} (File too large)"), msg
    assert "free some space" in msg and "Traceback" not in proc.stderr
    assert leftovers(tiny_mnist) == []


# -- a connection cut anywhere -------------------------------------------------------------------
def _cut_points() -> list[int]:
    reply = raw_reply(FILES[IMG])
    head = len(reply) - len(FILES[IMG])
    fixed = [0, 1, 9, 12, head - 3, head, head + 1, head + 100, len(reply) - 1]
    rng = np.random.default_rng(14)
    return fixed + sorted(int(v) for v in rng.integers(head, len(reply), 5))


@pytest.mark.parametrize("cut", _cut_points())
def test_download_cut_at_any_byte_leaves_nothing_and_a_retry_works(
    monkeypatch, loopback, tiny_mnist, cut
):
    base = _mirror(monkeypatch, loopback)
    loopback.modes[f"/m1/{IMG}"] = f"cut:{cut}"
    with pytest.raises(DataError) as err:
        load("mnist")
    msg = str(err.value)
    assert msg.startswith("MNIST could not be downloaded (") and IMG in msg, msg
    assert "retry" in msg and "\n" not in msg
    assert leftovers(tiny_mnist) == []  # not even a .part file
    del loopback.modes[f"/m1/{IMG}"]
    ds = load("mnist")
    assert ds.x_train.shape == (12, 784) and base
    for name, data in FILES.items():
        assert sha256((tiny_mnist / name).read_bytes()) == sha256(data)
    assert leftovers(tiny_mnist) == sorted(FILES)
