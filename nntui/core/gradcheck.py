"""Gradient checking: analytic backprop vs central finite differences (book ch. 5.7)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nntui.core.activations import ELU, LeakyReLU, ReLU
from nntui.core.network import Network

TINY = 1e-30  # denominator floor so two all-zero gradients compare as equal
H = 1e-5  # finite-difference step (float64: truncation and rounding errors both ~1e-10)
#: A sample whose input to a ReLU lies within REACH_H * h of 0 is left out: a step of h in
#: one parameter moves a pre-activation by h times an input or weight (at most a few here),
#: so closer than that the step can cross the kink.
REACH_H = 10.0


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = H) -> np.ndarray:
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


@dataclass(frozen=True)
class NetworkCheck:
    """What `check_network` found, per parameter name (in ``net.param_names`` order).

    errors:  relative error between backprop and central differences over the compared
             coordinates (0.0 if none were compared; NaN for all if kinks left fewer
             samples than the network needs).
    on_kink: coordinates left out of the comparison because they sit on the kink of the L1
             penalty |w| (0 for every parameter when the network has no L1 term).
    """

    errors: dict[str, float]
    on_kink: dict[str, int]
    samples_on_kink: int = 0  # samples of the batch left out (see `kink_samples`)

    @property
    def worst(self) -> float:
        return max(self.errors.values(), default=0.0)

    @property
    def skipped(self) -> int:
        """Weights left out (L1's kink), over all parameters."""
        return sum(self.on_kink.values())


def kink_mask(net: Network, p: np.ndarray, h: float = H) -> np.ndarray:
    """Boolean mask, shaped like ``p``, of the coordinates whose central difference is
    meaningless because an L1 penalty's |w| has its kink within ``h``.

    For |w| < h the two probes w ± h straddle 0, so (|w+h| − |w−h|) / 2h = w/h: the
    difference measures a slope anywhere in (−1, 1) where backprop rightly uses sign(w)
    (the subgradient).  Off the kink the difference of |w| is exact.  Only the weight
    matrices carry the penalty (biases, gamma, beta do not).
    """
    if not net.config.l1 or not any(p is w for w in net.weight_matrices()):
        return np.zeros(p.shape, dtype=bool)
    return np.abs(p) < h


def _kinked(layer: object) -> bool:
    """Activation whose slope jumps at 0 (ELU only when alpha != 1)."""
    if isinstance(layer, ELU):
        return layer.alpha != 1.0
    return isinstance(layer, (ReLU, LeakyReLU))


def kink_samples(net: Network, x: np.ndarray, reach: float) -> np.ndarray:
    """(N,) bool: samples with an input to a kinked activation (ReLU) within ``reach`` of 0.

    Runs the training forward pass (dropout masks must be fixed, as `check_network` does).
    There the central difference of any upstream parameter may straddle the kink and
    measure a blend of the two slopes, although backprop is right (ReLU's input is exactly
    0 at most by chance, but 10 units x 4 samples x 3 checks x 6 networks meet a |z| ~1e-6
    every so often).
    """
    near = np.zeros(len(x), dtype=bool)
    z = x
    for layer in net.layers:
        if _kinked(layer):
            near |= np.any(np.abs(z) < reach, axis=1)
        z = layer.forward(z, True)
    return near


def _off_the_kinks(
    net: Network, x: np.ndarray, t: np.ndarray, reach: float
) -> tuple[np.ndarray, np.ndarray, int]:
    """The batch without the samples `kink_samples` flags, and how many were left out.

    With batch norm a sample's pre-activations depend on the rest of the batch, so the
    search repeats until no sample is near a kink (or none is left)."""
    dropped = 0
    while len(x):
        near = kink_samples(net, x, reach)
        if not near.any():
            break
        keep = ~near
        x, t = x[keep], t[keep]
        for d in net.dropouts:
            d.set_mask(d.fixed_mask[keep])
        dropped += int(np.count_nonzero(near))
    return x, t, dropped


def check_network(
    net: Network, x: np.ndarray, t: np.ndarray, h: float = H
) -> NetworkCheck:
    """Relative error between ``net.gradient`` and numerical gradients of the training loss,
    per parameter name.

    Requires a float64 network (float32 differences drown in rounding).  Dropout masks are
    drawn once and held fixed for the whole check, and the network's state (including the
    batch-norm running statistics the training forward passes update) is restored after.

    Errors are relative to each parameter's own gradient scale, but the denominator is
    floored at 1e-3 x the largest gradient entry in the network: a bias feeding batch norm
    has an exactly-zero true gradient (BN subtracts the batch mean), and comparing ~1e-17
    with ~1e-11 finite-difference noise would otherwise report an error of 1.0.

    Kinks, where the central difference and not backprop is wrong, are stepped around and
    counted: with an L1 penalty, weights within ``h`` of 0 are left out (``on_kink``, see
    `kink_mask`; with 784 x 10 first-layer weights about one lies that close and would
    report an error of up to l1 / gradient scale, ~1e-2); samples with a ReLU input within
    REACH_H * h of 0 are left out of the batch (``samples_on_kink``, see `kink_samples`).
    Every other coordinate is still compared, so a wrong gradient shows.
    """
    if net.dtype != np.float64:
        raise ValueError(f"check_network needs a float64 network, got {net.dtype}")
    saved = net.state()
    try:
        net.predict(x, train=True)  # draws a mask in every dropout layer
        for d in net.dropouts:
            d.set_mask(d.mask)
        x, t, dropped = _off_the_kinks(net, x, t, REACH_H * h)
        if len(x) < (2 if net.batch_norms else 1):  # batch norm over one sample: degenerate
            nan = {name: float("nan") for name in net.param_names}
            return NetworkCheck(nan, dict.fromkeys(net.param_names, 0), dropped)
        net.gradient(x, t)
        analytic = [g.copy() for g in net.grads]
        floor = 1e-3 * max((float(np.max(np.abs(g))) for g in analytic if g.size), default=0.0)
        errors: dict[str, float] = {}
        on_kink: dict[str, int] = {}
        for name, p, g in zip(net.param_names, net.params, analytic, strict=True):
            keep = ~kink_mask(net, p, h)
            num = numerical_gradient(lambda: net.loss(x, t, train=True), p, h)
            errors[name] = relative_error(g[keep], num[keep], floor)
            on_kink[name] = int(keep.size - np.count_nonzero(keep))
        return NetworkCheck(errors, on_kink, dropped)
    finally:
        for d in net.dropouts:
            d.set_mask(None)
        net.load_state(saved)
