"""Input rows stored without their all-zero columns, for a cheaper first layer.

MNIST-like images are mostly blank: a mini-batch of 100 MNIST digits has about a third of
its 784 pixel columns at 0 in every row (a set of 2 000 images a fifth). The first layer
is x @ W + b, and a column that is 0 in every row adds exactly 0 * w = 0 to every sum, so
it can be skipped: (x[:, cols] @ W[cols]) has the same value with a third fewer
multiply-adds, and the weight gradient x.T @ dout is exactly 0 in the skipped rows. The
first layer is most of the work of a 784-wide network (its forward and weight-gradient
GEMMs are ~60 % of a training step's), so a batch is packed once and every series that
trains on it uses the packed form (`nntui.core.layers.Affine` takes either).

The sums skip zeros, so they are added in another order than the full product's: the
values agree to float rounding, not bit for bit (the same on any thread count, since the
packing depends only on the batch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Pack only rows at least this wide: on narrow inputs (8x8 digits: 64) the gathers cost
#: more than the multiply-adds they save.
MIN_WIDTH = 256
#: Pack only when at least this share of the columns is zero in every row.
MIN_ZERO_SHARE = 0.05


@dataclass(frozen=True, eq=False)
class PackedRows:
    """Rows (N, width) given as the columns `cols` that are not zero in every row.

    x: (N, K), the kept columns (a copy; Fortran-ordered as a column gather leaves it,
    which BLAS reads as it reads C order); cols: (K,) int64, increasing; dropped:
    (width - K,) int64, the others (zero in every row).
    """

    x: np.ndarray
    cols: np.ndarray
    dropped: np.ndarray
    width: int

    def __len__(self) -> int:
        return len(self.x)

    @property
    def dtype(self) -> np.dtype:
        return self.x.dtype

    def astype(self, dtype: np.dtype) -> PackedRows:
        """The same rows in `dtype` (self when it already is)."""
        if self.x.dtype == dtype:
            return self
        return PackedRows(self.x.astype(dtype), self.cols, self.dropped, self.width)

    def unpack(self) -> np.ndarray:
        """The full rows (N, width), zeros restored."""
        out = np.zeros((len(self.x), self.width), dtype=self.x.dtype)
        out[:, self.cols] = self.x
        return out


def pack_columns(x: np.ndarray, *, min_width: int = MIN_WIDTH,
                 min_share: float = MIN_ZERO_SHARE) -> PackedRows | None:
    """`x` (N, D) as PackedRows, or None when packing would not pay (D < min_width, fewer
    than min_share of the columns zero in every row, or no rows)."""
    if x.ndim != 2 or not len(x) or x.shape[1] < min_width:
        return None
    nonzero = x.any(axis=0)  # truth of the values themselves: no (N, D) temporary
    n_zero = x.shape[1] - int(np.count_nonzero(nonzero))
    if n_zero < min_share * x.shape[1]:
        return None
    # A boolean mask gathers columns ~6x faster than their indices do (NumPy 2.x).
    return PackedRows(x[:, nonzero], np.flatnonzero(nonzero), np.flatnonzero(~nonzero),
                      x.shape[1])
