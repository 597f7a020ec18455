"""A strict parser for the IDX format used by MNIST and Fashion-MNIST (gzip or raw).

IDX layout (big-endian): two zero bytes, a type code, the number of dimensions `ndim`,
then `ndim` uint32 sizes, then the data in C order. Every structural problem becomes a
`DataError` naming the file, because the usual cause is a truncated or wrong download.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from nntui.core.data.errors import DataError

GZIP_MAGIC = b"\x1f\x8b"

# IDX type code -> big-endian NumPy dtype.
_DTYPES: dict[int, str] = {
    0x08: ">u1",
    0x09: ">i1",
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}

_FIX = "Delete it and download again, or point --data-dir at a good copy."


def read_bytes(path: Path) -> bytes:
    """Read `path`, transparently gunzipping it when it starts with the gzip magic."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(f"Cannot read {path} ({exc.strerror or exc}). {_FIX}") from exc
    if raw[:2] != GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        # EOFError: "Compressed file ended before the end-of-stream marker was reached".
        raise DataError(f"{Path(path).name} is a truncated or corrupt gzip file. {_FIX}") from exc


def parse_idx(data: bytes, *, source: str = "IDX data", ndim: int | None = None) -> np.ndarray:
    """Parse IDX bytes into an array of the stored dtype and shape (native byte order).

    `ndim` (if given) is the required number of dimensions: 3 for images (N, rows, cols),
    1 for labels (N,). The byte count must match the header exactly.
    """
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise DataError(f"{source} is not an IDX file (wrong magic number). {_FIX}")
    dims_n = data[3]
    if ndim is not None and dims_n != ndim:
        raise DataError(
            f"{source} has {dims_n} dimensions where {ndim} were expected "
            f"(wrong file in the wrong place?). {_FIX}"
        )
    header = 4 + 4 * dims_n
    if len(data) < header:
        raise DataError(f"{source} is truncated (incomplete header). {_FIX}")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=dims_n, offset=4))
    dtype = np.dtype(_DTYPES[data[2]])
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "longer than its header says"
        raise DataError(f"{source} is {what} ({len(data)} bytes, header says {expected}). {_FIX}")
    arr = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="), copy=False)


def read_idx(path: Path, *, ndim: int | None = None) -> np.ndarray:
    """Read and parse one IDX file (gzip or raw); see `parse_idx`."""
    return parse_idx(read_bytes(path), source=Path(path).name, ndim=ndim)


def load_image_label_pair(
    images_path: Path,
    labels_path: Path,
    *,
    image_hw: tuple[int, int],
    n_classes: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Read an image file and its label file and check that they belong together.

    Returns images (N, rows, cols) uint8 and labels (N,) uint8 (read-only views of the
    file bytes; callers convert).
    """
    images = read_idx(images_path, ndim=3)
    labels = read_idx(labels_path, ndim=1)
    name = Path(images_path).name
    if images.dtype != np.uint8 or labels.dtype != np.uint8:
        raise DataError(f"{name} or {Path(labels_path).name} is not unsigned-byte data. {_FIX}")
    if images.shape[1:] != image_hw:
        raise DataError(
            f"{name} holds {images.shape[1]}x{images.shape[2]} images, "
            f"expected {image_hw[0]}x{image_hw[1]}. {_FIX}"
        )
    if images.shape[0] != labels.shape[0]:
        raise DataError(
            f"{name} has {images.shape[0]} images but {Path(labels_path).name} has "
            f"{labels.shape[0]} labels. {_FIX}"
        )
    if labels.size and int(labels.max()) >= n_classes:
        raise DataError(
            f"{Path(labels_path).name} has label {int(labels.max())}, outside 0-{n_classes - 1}. "
            f"{_FIX}"
        )
    return images, labels
