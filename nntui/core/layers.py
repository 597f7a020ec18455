"""Layers with forward/backward passes, modeled on the book's ``common/layers.py``.

Conventions shared by every layer:

- ``params`` / ``grads`` are dicts with the same keys (empty for parameter-free layers).
  ``grads`` arrays are allocated once and overwritten in place by ``backward`` so that a
  network (and its optimizer) can hold stable references to them.
- ``forward(x, train)`` takes a 2-D batch ``x`` of shape (N, D) and returns a new array; it
  never modifies ``x``.
- ``backward(dout)`` returns ``dL/dx`` with the shape of the last forward input and never
  modifies ``dout`` (the book's ReLU zeroes ``dout`` in place; we do not).
"""

from __future__ import annotations

import numpy as np


def _dot_into(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out[...] = a @ b, writing straight into ``out`` when BLAS can (no temporary)."""
    if a.dtype == out.dtype and b.dtype == out.dtype and out.flags.c_contiguous:
        np.dot(a, b, out=out)
    else:
        out[...] = a @ b


class Layer:
    """Base class: a parameter-free identity layer."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


class Affine(Layer):
    """y = x @ W + b.  x: (N, D_in), W: (D_in, D_out), b: (D_out,) or None, y: (N, D_out)."""

    def __init__(self, W: np.ndarray, b: np.ndarray | None = None) -> None:
        super().__init__()
        self.params["W"] = W
        if b is not None:
            self.params["b"] = b
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.x: np.ndarray | None = None
        self._ones: np.ndarray | None = None  # (N,) ones: db = ones @ dout is a fast GEMV

    @property
    def W(self) -> np.ndarray:
        return self.params["W"]

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.x = x
        out = x @ self.params["W"]
        b = self.params.get("b")
        if b is not None:
            out += b  # in place: out is our own fresh array
        return out

    def backward(self, dout: np.ndarray, need_dx: bool = True) -> np.ndarray | None:
        """Fill dW (D_in, D_out) and db (D_out,); return dx (N, D_in).

        ``need_dx=False`` skips dx: a network's first layer has no one to pass it to, and for
        784-wide input that GEMM is about a third of the whole backward pass.
        """
        assert self.x is not None, "backward() called before forward()"
        _dot_into(self.x.T, dout, self.grads["W"])
        if "b" in self.grads:
            # db = column sums of dout.  A BLAS GEMV with a ones vector is ~4x faster than
            # np.sum(axis=0) on (128, 100), whose reduction over short columns is slow.
            n = dout.shape[0]
            ones = self._ones
            if ones is None or ones.shape[0] != n or ones.dtype != dout.dtype:
                ones = self._ones = np.ones(n, dtype=dout.dtype)
            _dot_into(ones, dout, self.grads["b"])
        if not need_dx:
            return None
        return dout @ self.params["W"].T


class ReLU(Layer):
    """max(x, 0); the gradient passes where x > 0.

    Kept as x * mask with a float 0/1 mask: on (128, 100) float32 that is ~2x faster than
    np.maximum (which pays for NaN handling) plus a bool mask, and the backward multiply by
    a float mask avoids a bool->float cast.  NaN still propagates (NaN * 0 = NaN), so a
    diverged run is still detected.
    """

    def __init__(self) -> None:
        super().__init__()
        self.mask: np.ndarray | None = None  # float 0/1, shape of x

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        if not train:
            # Inference keeps no mask: one pass, and the training mask is not reallocated
            # for every evaluation batch shape. Same values (NaN too; -0.0 becomes 0.0).
            return np.maximum(x, 0)
        mask = self.mask
        if mask is None or mask.shape != x.shape or mask.dtype != x.dtype:
            mask = np.empty_like(x)  # reused across steps: private to this layer
        np.greater(x, 0, out=mask)
        self.mask = mask
        return x * mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Overflow-free logistic: exp(-|x|) never overflows, unlike exp(-x) for x << 0."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


class Sigmoid(Layer):
    """1 / (1 + exp(-x)); dx = dout * y * (1 - y)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.out = _sigmoid(x).astype(x.dtype, copy=False)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        y = self.out
        return dout * y * (1.0 - y)


class Tanh(Layer):
    """tanh(x); dx = dout * (1 - y²)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        y = self.out
        return dout * (1.0 - y * y)


class LeakyReLU(Layer):
    """x for x > 0, alpha * x otherwise."""

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = float(alpha)
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.mask = x > 0
        return np.where(self.mask, x, self.alpha * x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.where(self.mask, dout, self.alpha * dout)


class ELU(Layer):
    """x for x > 0, alpha * (exp(x) - 1) otherwise; dx slope there is y + alpha."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = float(alpha)
        self.mask: np.ndarray | None = None
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.mask = x > 0
        # expm1 of min(x, 0): accurate near 0 and cannot overflow for large positive x.
        neg = self.alpha * np.expm1(np.minimum(x, 0))
        self.out = np.where(self.mask, x, neg)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.where(self.mask, dout, dout * (self.out + self.alpha))


class Swish(Layer):
    """SiLU: y = x * sigmoid(x); dy/dx = s + y * (1 - s)."""

    def __init__(self) -> None:
        super().__init__()
        self.s: np.ndarray | None = None
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.s = _sigmoid(x).astype(x.dtype, copy=False)
        self.out = x * self.s
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        s, y = self.s, self.out
        return dout * (s + y * (1.0 - s))


class BatchNorm(Layer):
    """Batch normalisation over the batch axis (book ch. 6.3).  x, y: (N, D); gamma, beta: (D,).

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
        self.xc: np.ndarray | None = None
        self.xn: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self._ones: np.ndarray | None = None  # (N,) ones: column sums as one BLAS GEMV

    def _col_sum(self, a: np.ndarray) -> np.ndarray:
        """sum(a, axis=0) of (N, D) as a GEMV with a ones vector: on (100, 100) float32 ~4x
        faster than NumPy's reduction over short columns (see Affine's db)."""
        n = a.shape[0]
        ones = self._ones
        if ones is None or ones.shape[0] != n or ones.dtype != a.dtype:
            ones = self._ones = np.ones(n, dtype=a.dtype)
        return ones @ a

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        gamma, beta = self.params["gamma"], self.params["beta"]
        if train:
            n = x.shape[0]
            mu = self._col_sum(x) / n
            xc = x - mu
            var = self._col_sum(xc * xc) / n
            std = np.sqrt(var + self.eps)
            xn = xc / std
            self.xc, self.xn, self.std = xc, xn, std
            m = self.momentum
            # In place so references held elsewhere (state snapshots use copies) stay valid.
            self.running_mean *= m
            self.running_mean += (1.0 - m) * mu
            self.running_var *= m
            self.running_var += (1.0 - m) * var
        else:
            # Inference is affine per column: fold it into one scale and one shift (two
            # passes over x instead of four).
            scale = gamma / np.sqrt(self.running_var + self.eps)
            out = x * scale
            out += beta - self.running_mean * scale
            return out
        out = gamma * xn
        out += beta
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """The book's step-by-step backward, simplified to the closed form
        dx = (gamma / std) * (dout - mean(dout) - xn * mean(dout * xn))."""
        n = dout.shape[0]
        xn, std = self.xn, self.std
        dbeta = self._col_sum(dout)
        dgamma = self._col_sum(xn * dout)
        self.grads["beta"][...] = dbeta
        self.grads["gamma"][...] = dgamma
        dx = dout - dbeta / n
        dx -= xn * (dgamma / n)
        dx *= self.params["gamma"] / std
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

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


class SoftmaxCrossEntropy:
    """Softmax + mean cross-entropy over the batch.  x: (N, C) logits; t: (N,) int labels
    (a one-hot (N, C) array is accepted too).

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
        return None if self.yt is None else self.yt.T

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        n = x.shape[0]
        if self._cols.shape[0] != n:
            self._cols = np.arange(n)
        zt = np.ascontiguousarray(x.T)  # (C, N) copy: ours to modify
        zt -= zt.max(axis=0)
        e = np.exp(zt)
        s = e.sum(axis=0)  # (N,)
        e /= s
        self.yt, self.t = e, t
        if n == 0:
            return 0.0
        # loss_i = log(sum_c exp(z_ci)) - z_{t_i, i}
        return float((np.log(s).sum() - zt[t, self._cols].sum()) / n)

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """dx = dout * (softmax(x) - onehot(t)) / N, shape (N, C)."""
        n = self.yt.shape[1]
        scale = dout / n
        dxt = self.yt * scale  # fresh array: a second backward() sees the same softmax
        dxt[self.t, self._cols] -= scale
        return dxt.T  # (N, C) view of the (C, N) array; no copy needed


ACTIVATIONS: dict[str, type[Layer]] = {
    "relu": ReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "swish": Swish,
}
