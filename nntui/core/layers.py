"""Layers with forward/backward passes, modeled on the book's ``common/layers.py``.

Conventions shared by every layer:

- ``params`` / ``grads`` are dicts with the same keys (empty for parameter-free layers).
  ``grads`` arrays are allocated once and overwritten in place by ``backward`` so that a
  network (and its optimizer) can hold stable references to them.
- ``forward(x, train)`` takes a 2-D batch ``x`` of shape (N, D) and returns a new array; it
  never modifies ``x``.
- ``backward(dout)`` returns ``dL/dx`` with the shape of the last forward input and never
  modifies ``dout`` (the book's ReLU zeroes ``dout`` in place; we do not).
- Stacks: Affine, BatchNorm and SoftmaxCrossEntropy also take a stack of S batches
  (S, N, D) when their parameters carry the same leading axis (W: (S, D_in, D_out);
  b, gamma, beta: (S, D)); `nntui.core.stack` trains S networks that way. Every product is
  then one np.matmul over the stack, which calls BLAS once per matrix exactly as the 2-D
  product does, so each slice's numbers are the 2-D layer's bit for bit.
"""

from __future__ import annotations

import numpy as np

from nntui.core.packed import PackedRows


def _dot_into(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out[...] = a @ b (np.matmul: stacks too), straight into ``out`` when the dtypes
    allow (no temporary; a strided ``out``, a row of a stack's buffer, is fine)."""
    if a.dtype == out.dtype and b.dtype == out.dtype:
        np.matmul(a, b, out=out)
    else:
        out[...] = a @ b


def _t(a: np.ndarray) -> np.ndarray:
    """The transpose of a matrix or of every matrix of a stack (a view; the method, not
    np.swapaxes, whose Python wrapper costs as much as the call on the hot path)."""
    return a.swapaxes(-1, -2)


def _rows(v: np.ndarray) -> np.ndarray:
    """A per-column vector (D,) or stack of them (S, D) shaped to broadcast over the rows
    of a batch (N, D) or stack (S, N, D): (1, D) or (S, 1, D), a view."""
    return v[..., None, :]


class _ColumnSums:
    """Column sums of a batch (N, D) -> (D,), or of a stack (S, N, D) -> (S, D), as a BLAS
    GEMV with a ones vector: on (100, 100) float32 ~4x faster than NumPy's reduction over
    short columns (and bit for bit the same for a stack as for each of its batches)."""

    def __init__(self) -> None:
        self._ones: np.ndarray | None = None

    def ones(self, a: np.ndarray) -> np.ndarray:
        n = a.shape[-2]
        ones = self._ones
        if ones is None or ones.shape[0] != n or ones.dtype != a.dtype:
            ones = self._ones = np.ones(n, dtype=a.dtype)
        return ones

    def __call__(self, a: np.ndarray) -> np.ndarray:
        return self.ones(a) @ a

    def into(self, a: np.ndarray, out: np.ndarray) -> None:
        _dot_into(self.ones(a), a, out)


class Layer:
    """Base class: a parameter-free identity layer."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def infer(self, x: np.ndarray) -> np.ndarray:
        """``forward(x, train=False)``, allowed to overwrite and return ``x`` itself: for an
        array the caller owns (`Network.predict` passes every layer but the first the array
        the layer before it made). Elementwise layers override it to skip a temporary."""
        return self.forward(x, False)


class Affine(Layer):
    """y = x @ W + b.  x: (N, D_in), W: (D_in, D_out), b: (D_out,) or None, y: (N, D_out);
    or a stack: x (N, D_in) shared or (S, N, D_in), W (S, D_in, D_out), b (S, D_out),
    y (S, N, D_out).

    x may also be `PackedRows` (the batch without its all-zero columns, see
    nntui.core.packed): y is then x.x @ W[x.cols] + b, the same value with fewer
    multiply-adds, and dW is 0 in the rows of the dropped columns.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray | None = None) -> None:
        super().__init__()
        self.params["W"] = W
        if b is not None:
            self.params["b"] = b
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.x: np.ndarray | PackedRows | None = None
        self._sums = _ColumnSums()  # db = ones @ dout: a GEMV
        self._kept: np.ndarray | None = None  # one W matrix's scratch for packed inputs

    @property
    def W(self) -> np.ndarray:
        return self.params["W"]

    def _scratch(self, k: int) -> np.ndarray:
        """A (k, D_out) scratch view, reused every step and, in a stack, by every slice in
        turn (one matrix's worth stays in cache; one per slice would not)."""
        W = self.params["W"]
        shape = W.shape[-2:]
        if self._kept is None or self._kept.shape != shape or self._kept.dtype != W.dtype:
            self._kept = np.empty(shape, dtype=W.dtype)
        return self._kept[:k]

    def forward(self, x: np.ndarray | PackedRows, train: bool) -> np.ndarray:
        self.x = x
        W = self.params["W"]
        if isinstance(x, PackedRows):
            kept = self._scratch(len(x.cols))
            if W.ndim == 2:
                out = np.matmul(x.x, W.take(x.cols, axis=0, out=kept))
            else:
                # Slice by slice, so each gathered W[s] is multiplied while it is in cache
                # (a stack's W is megabytes: gathered whole it is read from memory twice).
                out = np.empty((len(W), len(x), W.shape[-1]), dtype=W.dtype)
                for w, o in zip(W, out):
                    np.matmul(x.x, w.take(x.cols, axis=0, out=kept), out=o)
        else:
            out = np.matmul(x, W)
        b = self.params.get("b")
        if b is not None:
            out += _rows(b)  # in place: out is our own fresh array
        return out

    def backward(self, dout: np.ndarray, need_dx: bool = True) -> np.ndarray | None:
        """Fill dW (D_in, D_out) and db (D_out,); return dx (N, D_in) (stacks: each with
        the leading series axis).

        ``need_dx=False`` skips dx: a network's first layer has no one to pass it to, and for
        784-wide input that GEMM is about a third of the whole backward pass.
        """
        x = self.x
        assert x is not None, "backward() called before forward()"
        gW = self.grads["W"]
        if isinstance(x, PackedRows):
            kept = self._scratch(len(x.cols))
            # Slice by slice as in forward (a 2-D layer is a stack of one: [None] views).
            stack = gW.ndim == 3
            for g, d in zip(gW if stack else gW[None], dout if stack else dout[None]):
                _dot_into(x.x.T, d, kept)
                g[x.dropped] = 0  # x.T @ dout is exactly 0 there
                g[x.cols] = kept
        else:
            _dot_into(_t(x), dout, gW)
        if "b" in self.grads:
            # db = column sums of dout (see _ColumnSums).
            self._sums.into(dout, self.grads["b"])
        if not need_dx:
            return None
        return np.matmul(dout, _t(self.params["W"]))


class BatchNorm(Layer):
    """Batch normalisation over the batch axis (book ch. 6.3).  x, y: (N, D); gamma, beta,
    running_mean, running_var: (D,); or a stack: x, y (S, N, D), the others (S, D).

    Training normalises with the batch's mean/variance and updates the running averages
    ``running = momentum * running + (1 - momentum) * batch``; inference (train=False) uses
    the running averages.  The running mean starts at 0 and the running variance at 1 (the
    book starts the variance at 0, which makes inference before the first update divide by
    sqrt(eps) and blow activations up ~1000x; starting at 1 makes it the identity instead).
    """

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.9,
        # The book writes ``10e-7`` here, which is 1e-6, not the 1e-7 of its optimizers and
        # loss; kept as written so batch-norm gradients match the book's to rounding
        # (with 1e-7 they differ by ~7e-6 of the largest gradient).
        eps: float = 10e-7,
    ) -> None:
        super().__init__()
        self.params["gamma"] = gamma
        self.params["beta"] = beta
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.ones_like(gamma)
        self.xn: np.ndarray | None = None
        self.std: np.ndarray | None = None  # (1, D) (stack: (S, 1, D))
        self._sums = _ColumnSums()
        self._tmp: np.ndarray | None = None  # a product's scratch, reused every step

    def _scratch(self, like: np.ndarray) -> np.ndarray:
        """A scratch array shaped as `like` (the layer's input), reused across steps."""
        tmp = self._tmp
        if tmp is None or tmp.shape != like.shape or tmp.dtype != like.dtype:
            tmp = self._tmp = np.empty_like(like)
        return tmp

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        gamma, beta = self.params["gamma"], self.params["beta"]
        if train:
            n = x.shape[-2]
            mu = self._sums(x) / n
            xc = x - _rows(mu)
            var = self._sums(np.multiply(xc, xc, out=self._scratch(xc))) / n
            std = _rows(np.sqrt(var + self.eps))
            xc /= std  # now xn: the centred values are not needed again
            self.xn, self.std = xc, std
            m = self.momentum
            # In place so references held elsewhere (state snapshots use copies) stay valid.
            self.running_mean *= m
            self.running_mean += (1.0 - m) * mu
            self.running_var *= m
            self.running_var += (1.0 - m) * var
        else:
            scale, shift = self._folded()
            out = x * scale
            out += shift
            return out
        out = _rows(gamma) * self.xn
        out += _rows(beta)
        return out

    def _folded(self) -> tuple[np.ndarray, np.ndarray]:
        """Inference is affine per column: (scale, shift) shaped for the rows (two passes
        over x instead of four)."""
        scale = self.params["gamma"] / np.sqrt(self.running_var + self.eps)
        return _rows(scale), _rows(self.params["beta"] - self.running_mean * scale)

    def infer(self, x: np.ndarray) -> np.ndarray:
        scale, shift = self._folded()
        x *= scale
        x += shift
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """The book's step-by-step backward, simplified to the closed form
        dx = (gamma / std) * (dout - mean(dout) - xn * mean(dout * xn))."""
        n = dout.shape[-2]
        xn, std = self.xn, self.std
        tmp = self._scratch(dout)
        dbeta = self._sums(dout)
        dgamma = self._sums(np.multiply(xn, dout, out=tmp))
        self.grads["beta"][...] = dbeta
        self.grads["gamma"][...] = dgamma
        dx = dout - _rows(dbeta / n)
        dx -= np.multiply(xn, _rows(dgamma / n), out=tmp)
        dx *= _rows(self.params["gamma"]) / std
        return dx


class Dropout(Layer):
    """Book-style dropout (not "inverted"): train multiplies by a 0/1 mask that keeps each
    unit with probability 1 - ratio; inference multiplies by (1 - ratio).

    Book-style keeps the training-time gradient scale of the book's experiment, so the
    dropout preset reproduces its numbers.  ``fixed_mask`` (see ``set_mask``) replaces the
    random draw, for gradient checks.
    """

    def __init__(self, ratio: float, rng: np.random.Generator) -> None:
        super().__init__()
        if not 0.0 <= ratio < 1.0:
            raise ValueError(f"dropout ratio must be in [0, 1), got {ratio!r}")
        self.ratio = float(ratio)
        self.rng = rng
        self.mask: np.ndarray | None = None
        self.fixed_mask: np.ndarray | None = None

    def set_mask(self, mask: np.ndarray | None) -> None:
        """Use ``mask`` (bool, same shape as the input) in every training forward; None
        goes back to random masks."""
        self.fixed_mask = None if mask is None else np.asarray(mask, dtype=bool)

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        if not train:
            return x * (1.0 - self.ratio)
        if self.fixed_mask is not None:
            if self.fixed_mask.shape != x.shape:
                raise ValueError(
                    f"fixed dropout mask has shape {self.fixed_mask.shape}, input {x.shape}"
                )
            self.mask = self.fixed_mask
        else:
            # float32 uniforms: half the bytes of float64 and plenty of resolution for a
            # keep/drop decision.
            self.mask = self.rng.random(x.shape, dtype=np.float32) > self.ratio
        return x * self.mask

    def infer(self, x: np.ndarray) -> np.ndarray:
        x *= 1.0 - self.ratio
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


class SoftmaxCrossEntropy:
    """Softmax + mean cross-entropy over the batch.  x: (N, C) logits; t: (N,) int labels
    (a one-hot (N, C) array is accepted too). A stack x (S, N, C) with the same t gives
    one loss per batch, (S,).

    Computed as logsumexp(x) - x[t] after subtracting the row max, so it neither overflows
    nor takes log(0) (the book adds 1e-7 inside the log instead; losses agree to ~1e-7).
    Works on the transposed (C, N) logits: reductions over C = 10 contiguous rows are
    several times faster in NumPy than over short axis-1 rows of (N, C).
    """

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.yt: np.ndarray | None = None  # softmax probabilities, transposed (C, N)
        self.t: np.ndarray | None = None
        self._cols: np.ndarray = np.arange(0)

    @property
    def y(self) -> np.ndarray | None:
        """Softmax probabilities (N, C) of the last forward pass (a view)."""
        return None if self.yt is None else _t(self.yt)

    def forward(self, x: np.ndarray, t: np.ndarray) -> float | np.ndarray:
        """The mean loss: a float, or (S,) float array for a stack."""
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        n = x.shape[-2]
        if self._cols.shape[0] != n:
            self._cols = np.arange(n)
        zt = np.ascontiguousarray(_t(x))  # (C, N) copy: ours to modify
        zt -= zt.max(axis=-2, keepdims=True)
        e = np.exp(zt)
        s = e.sum(axis=-2, keepdims=True)  # (1, N)
        e /= s
        self.yt, self.t = e, t
        if n == 0:
            return 0.0 if x.ndim == 2 else np.zeros(x.shape[0])
        # loss_i = log(sum_c exp(z_ci)) - z_{t_i, i}
        # The gathered logits of a stack come out strided: contiguous, each row is summed
        # pairwise as a lone batch's is (bit for bit the same loss).
        picked = np.ascontiguousarray(zt[..., t, self._cols])
        loss = (np.log(s)[..., 0, :].sum(axis=-1) - picked.sum(axis=-1)) / n
        return float(loss) if x.ndim == 2 else loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """dx = dout * (softmax(x) - onehot(t)) / N, shape (N, C) (stack: (S, N, C))."""
        n = self.yt.shape[-1]
        scale = dout / n
        dxt = self.yt * scale  # fresh array: a second backward() sees the same softmax
        dxt[..., self.t, self._cols] -= scale
        return _t(dxt)  # (N, C) view of the (C, N) array; no copy needed
