"""What an Experiment measures on a network between training steps, kept cheap.

Evaluation, not the training step, dominated the book's experiments (a 10 000-image test
pass per series per epoch costs ~30 training steps), so an experiment evaluates its live
curves on a fixed, evenly spaced subset (`even_subset`) and the full held-out set once at
the end, and the helpers here work in the network's dtype (float32) in large chunks.
"""

from __future__ import annotations

import math

import numpy as np

from nntui.core.gradstats import value_histogram
from nntui.core.layers import Affine
from nntui.core.network import Network
from nntui.core.packed import PackedRows, pack_columns
from nntui.core.snapshot import LayerHistogram

#: |w| below this counts as "zero" in the sparsity figure (L1 drives weights there).
SPARSE_EPS = 1e-3
#: Rows per inference chunk: big enough for efficient GEMMs, small enough that the
#: activations of a 10 000-image pass never sit in memory at once.
CHUNK = 2048


def even_subset(n: int, k: int | None) -> np.ndarray | None:
    """Indices (k,) of k evenly spaced rows out of n (0, n/k, 2n/k, ...), increasing;
    None when k is None or k >= n (use every row).

    Evenly spaced rather than the first k: data files are often ordered (MNIST's test set
    has its two writer populations in halves), and no random draw is needed, so adding
    the subset changes nobody's random stream.
    """
    if k is None or k >= n:
        return None
    if k < 1:
        raise ValueError(f"an evaluation subset needs at least one sample, got {k}")
    return (np.arange(k, dtype=np.int64) * n) // k


def predict_labels(net: Network, x: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """argmax class (N,) int64 of inference-mode logits, in chunks of `chunk` rows."""
    out = np.empty(len(x), dtype=np.int64)
    for start in range(0, len(x), chunk):
        out[start : start + chunk] = net.predict(x[start : start + chunk]).argmax(axis=1)
    return out


class EvalSet:
    """Fixed rows to predict again and again, cut once into chunks of `chunk` rows, each
    without the input columns that are zero in every one of its rows (core.packed:
    MNIST's blank border pixels, a fifth of the columns of 2 000 images).

    The first layer is x @ W + b: a column that is 0 in every row contributes exactly
    0 * w = 0 while w is finite, so those rows of W can be skipped. The first layer's
    GEMM is most of an inference pass (784 of ~1200 multiply-adds per row per hidden
    unit), so this cuts evaluation by up to a fifth. Logits differ from the full product
    by float rounding only (another summation order). A network with non-finite weights
    in a dropped row (0 * inf = NaN) gets the full chunk, so NaN still shows.

    x: (N, D) the rows as given; chunks: (rows, packed) per chunk, packed None where
    packing does not pay (or the rows are narrower than `min_width`).
    """

    def __init__(self, x: np.ndarray, chunk: int = CHUNK, min_width: int = 0) -> None:
        self.x = x
        self.chunks: list[tuple[np.ndarray, PackedRows | None]] = []
        for start in range(0, len(x), chunk):
            rows = x[start : start + chunk]
            # By default any width: a narrow input's inference still gains (unlike a
            # training step, the gather is paid once, here, not per batch).
            self.chunks.append((rows, pack_columns(rows, min_width=min_width)))

    def __len__(self) -> int:
        return len(self.x)

    def predict_labels(self, net: Network) -> np.ndarray:
        """argmax class (N,) int64 of `net`'s inference-mode logits, as `predict_labels`."""
        first = net.layers[0] if net.layers else None
        W = first.params["W"] if isinstance(first, Affine) else None
        out = np.empty(len(self.x), dtype=np.int64)
        start = 0
        for rows, packed in self.chunks:
            x: np.ndarray | PackedRows = rows
            if (packed is not None and W is not None and packed.dtype == W.dtype
                    and np.isfinite(W[packed.dropped]).all()):
                x = packed
            out[start : start + len(rows)] = net.predict(x).argmax(axis=1)
            start += len(rows)
        return out


def accuracy(labels: np.ndarray, t: np.ndarray) -> float:
    """Fraction of `labels` (N,) equal to `t` (N,); NaN for an empty set."""
    if not len(t):
        return float("nan")
    return int(np.count_nonzero(labels == t)) / len(t)


def histograms(net: Network, probe: np.ndarray, bins: int) -> tuple[LayerHistogram, ...]:
    """One histogram per hidden layer of the activations on `probe` (P, D).

    Works on the activations' own dtype (float32): no float64 copy; mean and std still
    accumulate in float64. counts: (bins,) int64; edges: (bins + 1,) float64.
    """
    return tuple(value_histogram(a, bins, i, min_span=1e-12)
                 for i, a in enumerate(net.hidden_activations(probe), start=1))


def weight_stats(net: Network) -> dict[str, float]:
    """sparsity (share of |w| < SPARSE_EPS) over every weight matrix and in the first one
    alone (sparsity_W1: where L1 cuts off whole input pixels, MNIST's blank borders), and
    weight_norm (‖W‖ over every weight matrix).

    Taken at every evaluation of every series, so matrix by matrix, with no concatenated
    copy: the squares are summed by BLAS in float32 (sdot), to ~1e-6 of the float64 sum.
    """
    matrices = net.weight_matrices()
    small = [int(np.count_nonzero(np.abs(w) < SPARSE_EPS)) for w in matrices]
    squares = 0.0
    for w in matrices:
        flat = w.ravel()
        squares += float(np.dot(flat, flat))
    return {
        "sparsity": sum(small) / sum(w.size for w in matrices),
        "sparsity_W1": small[0] / matrices[0].size,
        "weight_norm": math.sqrt(squares),
    }
