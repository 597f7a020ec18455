"""Training-step throughput: nntui's Network + SGD vs the book's algorithm.

784-100-100-100-100-10, batch 128, ReLU, He init, SGD lr 0.01, random data from a seeded
Generator, one BLAS thread.  "ours" is ``Network.gradient`` + ``SGD.update`` in float32;
"book" is a straightforward float64 re-implementation of the book's MultiLayerNet and
training loop (OrderedDict of layers; gradient() runs loss() then backward; the loop then
computes the loss again for logging).

Run: python bench/train_step.py [--seconds S]
Last line: ``samples/s ours=<n> book=<n> gemm=<n> ratio=<ours/book> of_gemm=<ours/gemm>``
(of_gemm: the step's share of the GEMM-only ceiling, bench/gemm_floor.py).
"""

from __future__ import annotations

import argparse
import time
from collections import OrderedDict
from collections.abc import Callable

import gemm_floor
import numpy as np

from nntui.core.blas import blas_info, limit_blas_threads
from nntui.core.network import Network, NetworkConfig
from nntui.core.optimizers import SGD

SIZES = (784, 100, 100, 100, 100, 10)
BATCH = 128
LR = 0.01


# --------------------------------------------------------------------------- the book's code


class BookRelu:
    def __init__(self) -> None:
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class BookAffine:
    def __init__(self, W, b) -> None:
        self.W, self.b = W, b
        self.x = None
        self.original_x_shape = None
        self.dW = self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


def book_softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def book_cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class BookSoftmaxWithLoss:
    def __init__(self) -> None:
        self.loss = self.y = self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = book_softmax(x)
        self.loss = book_cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx


class BookMultiLayerNet:
    def __init__(self, sizes, rng: np.random.Generator, weight_decay_lambda: float = 0.0):
        self.hidden_layer_num = len(sizes) - 2
        self.weight_decay_lambda = weight_decay_lambda
        self.params = {}
        for idx in range(1, len(sizes)):
            scale = np.sqrt(2.0 / sizes[idx - 1])  # He
            self.params["W" + str(idx)] = scale * rng.standard_normal((sizes[idx - 1], sizes[idx]))
            self.params["b" + str(idx)] = np.zeros(sizes[idx])
        self.layers = OrderedDict()
        for idx in range(1, self.hidden_layer_num + 1):
            self.layers["Affine" + str(idx)] = BookAffine(
                self.params["W" + str(idx)], self.params["b" + str(idx)]
            )
            self.layers["Activation_function" + str(idx)] = BookRelu()
        idx = self.hidden_layer_num + 1
        self.layers["Affine" + str(idx)] = BookAffine(
            self.params["W" + str(idx)], self.params["b" + str(idx)]
        )
        self.last_layer = BookSoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        weight_decay = 0
        for idx in range(1, self.hidden_layer_num + 2):
            W = self.params["W" + str(idx)]
            weight_decay += 0.5 * self.weight_decay_lambda * np.sum(W**2)
        return self.last_layer.forward(y, t) + weight_decay

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for idx in range(1, self.hidden_layer_num + 2):
            layer = self.layers["Affine" + str(idx)]
            grads["W" + str(idx)] = layer.dW + self.weight_decay_lambda * layer.W
            grads["b" + str(idx)] = layer.db
        return grads


class BookSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            params[key] -= self.lr * grads[key]


# --------------------------------------------------------------------------- timing


def _round(step: Callable[[int], None], n_batches: int, seconds: float) -> float:
    """samples/s of one timed round of about ``seconds``."""
    steps = 0
    t0 = time.perf_counter()
    while True:
        step(steps % n_batches)
        steps += 1
        if steps % 5 == 0 and time.perf_counter() - t0 >= seconds:
            return steps * BATCH / (time.perf_counter() - t0)


def _compare(
    variants: dict[str, Callable[[int], None]], n_batches: int, seconds: float, rounds: int = 5
) -> dict[str, float]:
    """Best samples/s per variant over ``rounds`` interleaved rounds (after a warm-up), so a
    burst of load from other processes hits every variant alike."""
    for step in variants.values():
        for i in range(5):
            step(i)
    best = dict.fromkeys(variants, 0.0)
    for _ in range(rounds):
        for name, step in variants.items():
            best[name] = max(best[name], _round(step, n_batches, seconds / rounds))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="timed seconds per variant")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    n_batches = 16
    x64 = rng.random((n_batches * BATCH, SIZES[0]))
    t = rng.integers(0, SIZES[-1], n_batches * BATCH)
    x32 = x64.astype(np.float32)
    xb32 = [x32[i * BATCH : (i + 1) * BATCH] for i in range(n_batches)]
    xb64 = [x64[i * BATCH : (i + 1) * BATCH] for i in range(n_batches)]
    tb = [t[i * BATCH : (i + 1) * BATCH] for i in range(n_batches)]

    with limit_blas_threads(1):
        for info in blas_info():
            print(
                f"BLAS: {info.get('internal_api')} {info.get('version')} "
                f"kernel={info.get('architecture')} threads={info.get('num_threads')}"
            )

        cfg = NetworkConfig(SIZES[0], SIZES[1:-1], SIZES[-1], activation="relu", init="he")
        net = Network(cfg, np.random.default_rng(1))
        opt = SGD(lr=LR)

        def ours(i: int) -> None:
            net.gradient(xb32[i], tb[i])  # returns the loss: no second forward pass
            opt.update(net.params, net.grads)

        book_net = BookMultiLayerNet(SIZES, np.random.default_rng(1))
        book_opt = BookSGD(lr=LR)

        def book(i: int) -> None:
            grads = book_net.gradient(xb64[i], tb[i])
            book_opt.update(book_net.params, grads)
            book_net.loss(xb64[i], tb[i])  # the book's loop logs the loss this way

        # The GEMMs alone (forward, dW, dx except the input layer's): the ceiling for any
        # NumPy implementation of this step on this machine (bench/gemm_floor.py).
        gemm_step = gemm_floor.train_gemms(net.weight_matrices())

        def gemm_only(i: int) -> None:
            gemm_step(xb32[i])

        best = _compare({"gemm": gemm_only, "ours": ours, "book": book}, n_batches, args.seconds)
        gemm_sps, ours_sps, book_sps = best["gemm"], best["ours"], best["book"]

    print(f"GEMM-only ceiling (float32, same shapes):      {gemm_sps:,.0f} samples/s")
    print(f"ours (float32, Network.gradient + SGD.update): {ours_sps:,.0f} samples/s")
    print(f"book (float64, gradient + update + loss):      {book_sps:,.0f} samples/s")
    print(f"samples/s ours={ours_sps:.0f} book={book_sps:.0f} gemm={gemm_sps:.0f} "
          f"ratio={ours_sps / book_sps:.2f} of_gemm={ours_sps / gemm_sps:.2f}")


if __name__ == "__main__":
    main()
