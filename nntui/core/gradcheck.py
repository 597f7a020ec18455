"""Gradient checking: analytic backprop vs central finite differences (book ch. 5.7)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nntui.core.network import Network

TINY = 1e-30  # denominator floor so two all-zero gradients compare as equal


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """d f / d x by central differences (f(x+h) - f(x-h)) / 2h, element by element.

    ``f`` reads ``x`` (e.g. a layer's parameter array) by reference; each element is
    perturbed in place and restored, also if ``f`` raises.  Returns an array shaped like x.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        idx = it.multi_index
        orig = x[idx]
        try:
            x[idx] = orig + h
            f_plus = f()
            x[idx] = orig - h
            f_minus = f()
        finally:
            x[idx] = orig
        grad[idx] = (f_plus - f_minus) / (2.0 * h)
        it.iternext()
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = TINY) -> float:
    """max |a - b| / max(max(|a| + |b|), floor): scale-free, 0 for identical arrays.

    ``floor`` bounds the denominator from below; raise it to compare gradients that are
    exactly zero in theory (whose finite differences are pure rounding noise) absolutely.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.size == 0:
        return 0.0
    den = float(np.max(np.abs(a) + np.abs(b)))
    return float(np.max(np.abs(a - b))) / max(den, floor, TINY)


def check_network(net: Network, x: np.ndarray, t: np.ndarray) -> dict[str, float]:
    """Relative error between ``net.gradient`` and numerical gradients of the training loss,
    per parameter name.

    Requires a float64 network (float32 differences drown in rounding).  Dropout masks are
    drawn once and held fixed for the whole check, and the network's state (including the
    batch-norm running statistics the training forward passes update) is restored after.

    Errors are relative to each parameter's own gradient scale, but the denominator is
    floored at 1e-3 x the largest gradient entry in the network: a bias feeding batch norm
    has an exactly-zero true gradient (BN subtracts the batch mean), and comparing ~1e-17
    with ~1e-11 finite-difference noise would otherwise report an error of 1.0.
    """
    if net.dtype != np.float64:
        raise ValueError(f"check_network needs a float64 network, got {net.dtype}")
    saved = net.state()
    try:
        net.predict(x, train=True)  # draws a mask in every dropout layer
        for d in net.dropouts:
            d.set_mask(d.mask)
        net.gradient(x, t)
        analytic = [g.copy() for g in net.grads]
        floor = 1e-3 * max((float(np.max(np.abs(g))) for g in analytic if g.size), default=0.0)
        errors: dict[str, float] = {}
        for name, p, g in zip(net.param_names, net.params, analytic, strict=True):
            num = numerical_gradient(lambda: net.loss(x, t, train=True), p)
            errors[name] = relative_error(g, num, floor)
        return errors
    finally:
        for d in net.dropouts:
            d.set_mask(None)
        net.load_state(saved)
