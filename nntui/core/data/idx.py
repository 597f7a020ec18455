"""A strict, streaming reader for the IDX format used by MNIST and Fashion-MNIST (gzip or raw).

IDX layout (big-endian): two zero bytes, a type code, the number of dimensions `ndim`,
then `ndim` uint32 sizes, then the data in C order. Every structural problem becomes one
`DataError` naming the file, because the usual cause is a truncated or wrong download.

Files are read straight into NumPy arrays in chunks (no whole-file `bytes` copy), so reading
the 47 MB of Fashion-MNIST training pixels needs that array and nothing of its size besides.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from nntui.core.data.errors import DataError, os_reason
from nntui.i18n import N_, _

GZIP_MAGIC = b"\x1f\x8b"
#: zlib cannot expand data by more than ~1032x; a header promising more is corrupt.
_MAX_GZIP_RATIO = 1100

# IDX type code -> big-endian NumPy dtype.
_DTYPES: dict[int, str] = {
    0x08: ">u1",
    0x09: ">i1",
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}

_FIX = N_("Delete it and download again, or point --data-dir at a good copy.")


def _fail(message: str, **fields: object) -> DataError:
    """A DataError of `message` (marked with _() by the caller, with a `{fix}` field for the
    shared advice) in the active language."""
    return DataError(message.format(fix=_(_FIX), **fields))


@dataclass(frozen=True)
class IdxHeader:
    """What an IDX header promises: element dtype (big-endian), shape, header length."""

    dtype: np.dtype
    shape: tuple[int, ...]
    size: int  # bytes of the header itself

    @property
    def payload(self) -> int:
        """Bytes of data that must follow the header."""
        return int(np.prod(self.shape, dtype=np.int64)) * self.dtype.itemsize


def check_regular_file(path: Path) -> os.stat_result:
    """stat `path`, or a DataError when it is missing, a folder, a pipe or a device."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _fail(_("Cannot read {path} ({reason}). {fix}"), path=path,
                    reason=os_reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise _fail(_("{path} is a folder where an IDX file should be. Remove or rename it."),
                    path=path)
    if not stat.S_ISREG(st.st_mode):  # reading a FIFO would block forever
        raise _fail(_("{path} is not a regular file (a pipe or device?). {fix}"), path=path)
    return st


def parse_header(head: bytes, *, source: str, ndim: int | None) -> IdxHeader:
    """Validate the first 4 + 4*ndim bytes (pass at least 4; more is needed for the dims)."""
    if len(head) < 4 or head[0] != 0 or head[1] != 0 or head[2] not in _DTYPES:
        raise _fail(_("{source} is not an IDX file (wrong magic number). {fix}"), source=source)
    dims_n = head[3]
    if ndim is not None and dims_n != ndim:
        raise _fail(_("{source} has {got} dimensions where {ndim} were expected (wrong file in "
                      "the wrong place?). {fix}"), source=source, got=dims_n, ndim=ndim)
    size = 4 + 4 * dims_n
    if len(head) < size:
        raise _fail(_("{source} is truncated (incomplete header). {fix}"), source=source)
    shape = tuple(int(d) for d in np.frombuffer(head, dtype=">u4", count=dims_n, offset=4))
    return IdxHeader(np.dtype(_DTYPES[head[2]]), shape, size)


def parse_idx(data: bytes, *, source: str = "IDX data", ndim: int | None = None) -> np.ndarray:
    """Parse in-memory IDX bytes into an array of the stored dtype and shape (native order).

    `ndim` (if given) is the required number of dimensions: 3 for images (N, rows, cols),
    1 for labels (N,). The byte count must match the header exactly.
    """
    header = parse_header(data[: 4 + 4 * 255], source=source, ndim=ndim)
    expected = header.size + header.payload
    if len(data) != expected:
        text = (_("{source} is truncated ({size} bytes, header says {expected}). {fix}")
                if len(data) < expected else
                _("{source} is longer than its header says ({size} bytes, header says "
                  "{expected}). {fix}"))
        raise _fail(text, source=source, size=len(data), expected=expected)
    arr = np.frombuffer(data, dtype=header.dtype, offset=header.size).reshape(header.shape)
    return arr.astype(header.dtype.newbyteorder("="), copy=False)


class IdxStream:
    """An open IDX file positioned after its header; read the data with `read_into`."""

    def __init__(self, fh: BinaryIO, header: IdxHeader, source: str) -> None:
        self.fh = fh
        self.header = header
        self.source = source
        self.done = 0  # payload bytes read so far

    def read_into(self, out: np.ndarray) -> None:
        """Fill the C-contiguous `out` with the next out.nbytes payload bytes."""
        view = memoryview(out.reshape(-1).view(np.uint8))
        pos = 0
        while pos < len(view):
            got = self.fh.readinto(view[pos:])
            if not got:
                self._truncated(self.done + pos)
            pos += got
        self.done += pos

    def finish(self) -> None:
        """Read (and discard) whatever payload is left, then require the end of the file:
        a truncated or over-long file, or a gzip CRC error, is caught even when the caller
        only wanted the first rows."""
        scratch = np.empty(1 << 20, dtype=np.uint8)
        left = self.header.payload - self.done
        while left > 0:
            chunk = scratch[: min(left, len(scratch))]
            self.read_into(chunk)
            left -= len(chunk)
        if self.fh.read(1):
            raise _fail(_("{source} is longer than its header says. {fix}"), source=self.source)

    def _truncated(self, done: int) -> None:
        expected = self.header.size + self.header.payload
        raise _fail(_("{source} is truncated ({size} bytes of data, header says {expected}). "
                      "{fix}"), source=self.source, size=self.header.size + done,
                    expected=expected)


@contextmanager
def open_idx(path: Path, *, ndim: int | None = None) -> Iterator[IdxStream]:
    """Open an IDX file (gzip or raw), check its header, yield an `IdxStream`.

    Every read error inside the block (I/O error, corrupt gzip) becomes a DataError
    naming the file.
    """
    path = Path(path)
    st = check_regular_file(path)
    source = path.name
    try:
        with open(path, "rb") as raw:
            gz = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            fh: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw  # type: ignore[assignment]
            head = fh.read(4)
            if len(head) == 4:
                head += fh.read(4 * head[3])
            header = parse_header(head, source=source, ndim=ndim)
            # Refuse impossible promises before allocating anything for them.
            room = st.st_size * _MAX_GZIP_RATIO if gz else st.st_size - header.size
            if header.payload > room:
                raise _fail(_("{source} is truncated or corrupt (its header promises {payload} "
                              "bytes of data; the file is {size} bytes). {fix}"), source=source,
                            payload=f"{header.payload:,}", size=f"{st.st_size:,}")
            yield IdxStream(fh, header, source)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # EOFError: "Compressed file ended before the end-of-stream marker was reached".
        raise _fail(_("{source} is a truncated or corrupt gzip file. {fix}"),
                    source=source) from exc
    except OSError as exc:
        raise _fail(_("Cannot read {path} ({reason}). {fix}"), path=path,
                    reason=os_reason(exc)) from exc


def read_idx(path: Path, *, ndim: int | None = None) -> np.ndarray:
    """Read a whole IDX file (gzip or raw) into an array of its dtype and shape."""
    with open_idx(path, ndim=ndim) as stream:
        header = stream.header
        try:
            arr = np.empty(header.shape, dtype=header.dtype)
        except MemoryError as exc:
            raise _fail(_("{source} is too large to load ({shape})."), source=stream.source,
                        shape=header.shape) from exc
        stream.read_into(arr)
        stream.finish()
    return arr.astype(header.dtype.newbyteorder("="), copy=False)


def check_labels(path: Path, labels: np.ndarray, n_classes: int) -> None:
    """Labels must be unsigned bytes in 0 .. n_classes - 1."""
    if labels.dtype != np.uint8:
        raise _fail(_("{source} is not unsigned-byte data. {fix}"), source=Path(path).name)
    if labels.size and int(labels.max()) >= n_classes:
        raise _fail(_("{source} has label {label}, outside 0-{top}. {fix}"),
                    source=Path(path).name, label=int(labels.max()), top=n_classes - 1)


def check_images(stream: IdxStream, n_labels: int, labels_name: str, image_hw: tuple[int, int]):
    """An image stream must hold unsigned bytes, `image_hw` images, one per label."""
    h = stream.header
    name = stream.source
    if h.dtype != np.uint8:
        raise _fail(_("{source} is not unsigned-byte data. {fix}"), source=name)
    if h.shape[1:] != image_hw:
        raise _fail(_("{source} holds {got} images, expected {want}. {fix}"), source=name,
                    got=f"{h.shape[1]}x{h.shape[2]}", want=f"{image_hw[0]}x{image_hw[1]}")
    if h.shape[0] != n_labels:
        raise _fail(_("{source} has {images} images but {labels_file} has {labels} labels. "
                      "{fix}"), source=name, images=h.shape[0], labels_file=labels_name,
                    labels=n_labels)


def load_image_label_pair(
    images_path: Path,
    labels_path: Path,
    *,
    image_hw: tuple[int, int],
    n_classes: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Read an image file and its label file and check that they belong together.

    Returns images (N, rows, cols) uint8 and labels (N,) uint8.
    """
    labels = read_idx(labels_path, ndim=1)
    check_labels(labels_path, labels, n_classes)
    with open_idx(images_path, ndim=3) as stream:
        check_images(stream, len(labels), Path(labels_path).name, image_hw)
        images = np.empty(stream.header.shape, dtype=np.uint8)
        stream.read_into(images)
        stream.finish()
    return images, labels
