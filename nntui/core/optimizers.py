"""Parameter update rules, as in the book's ``common/optimizer.py``.

``update(params, grads)`` takes parallel lists of arrays and changes ``params`` in place (the
network keeps references to them).  Per-parameter state (velocity, squared-gradient sums,
Adam moments) is allocated on the first update, keyed by list position, with each
parameter's dtype.  ``lr`` is a plain attribute so a schedule can set it every step.

Fast path: when both lists carry a ``flat`` attribute (``Network`` hands out
``network.FlatList``s
whose arrays are consecutive views of one 1-D buffer), the rule runs once on the two flat
buffers instead of once per array.  Every rule is elementwise, so the result is bit-for-bit
the same; it just saves ~20 NumPy calls per step (about 45 us of a 1.3 ms training step).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

EPS = 1e-7  # the book's constant in AdaGrad/RMSprop/Adam denominators
#: Scratch shapes a thread keeps at most (past it the pool starts afresh).
SCRATCH_SHAPES = 16

_LOCAL = threading.local()  # per thread: a driver's mapper updates series on several


def scratch_pair(like: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two scratch arrays shaped as `like`, shared by every optimizer on this thread.

    An update's scratch holds nothing from one call to the next, so optimizers need not
    own theirs: with a pair each, a race of five 120k-parameter networks streams ~4 MB of
    scratch through the cache every step; with one shared pair it stays in cache (about
    6 % of the race's training time, measured). Per thread, since series may be updated
    on several at once.
    """
    pool: dict | None = getattr(_LOCAL, "pool", None)
    if pool is None or len(pool) >= SCRATCH_SHAPES:
        pool = _LOCAL.pool = {}
    key = (like.shape, like.dtype.str)
    pair = pool.get(key)
    if pair is None:
        pair = pool[key] = (np.empty_like(like), np.empty_like(like))
    return pair


def _scaled_step(
    p: np.ndarray, g: np.ndarray, h: np.ndarray, lr: float, tmp: np.ndarray, tmp2: np.ndarray
) -> None:
    """p -= lr * g / (sqrt(h) + EPS) in place; `tmp`, `tmp2` (shape of p) are scratch.

    The same operations in the same order as the expression (so the same rounding),
    without allocating its four temporaries every step.
    """
    np.sqrt(h, out=tmp)
    tmp += EPS
    np.multiply(g, lr, out=tmp2)
    tmp2 /= tmp
    p -= tmp2


class Optimizer:
    """Base class.  Subclasses implement ``_update`` on parallel lists of arrays."""

    def __init__(self, lr: float) -> None:
        self.lr = float(lr)

    def update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update ``params`` in place from ``grads`` (same order and shapes)."""
        fp = getattr(params, "flat", None)
        fg = getattr(grads, "flat", None)
        # Guards against lists whose views were copied apart from the buffer. (Not `.base
        # is flat`: a buffer that is itself a view, a row of a stack's, is not their base.)
        if (
            fp is not None
            and fg is not None
            and np.may_share_memory(params[0], fp)
            and np.may_share_memory(grads[0], fg)
            and np.may_share_memory(params[-1], fp)
            and np.may_share_memory(grads[-1], fg)
        ):
            self._update([fp], [fg])
        else:
            self._update(params, grads)

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        raise NotImplementedError  # pragma: no cover

    @staticmethod
    def _scratch(params: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Two scratch arrays per parameter (`scratch_pair`: the update is on the training
        hot path, where fresh temporaries of the whole parameter vector cost more than the
        math). Parameters of one shape get the same pair: they are updated one by one."""
        return [scratch_pair(p) for p in params]

    @staticmethod
    def _state(store: list[np.ndarray] | None, params: list[np.ndarray]) -> list[np.ndarray]:
        return [np.zeros_like(p) for p in params] if store is None else store


class SGD(Optimizer):
    """W <- W - lr * grad."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        # A scratch buffer avoids allocating lr*grad every step (the training hot path).
        for p, g, (tmp, _) in zip(params, grads, self._scratch(params), strict=True):
            np.multiply(g, self.lr, out=tmp)
            p -= tmp


class Momentum(Optimizer):
    """v <- momentum * v - lr * grad;  W <- W + v."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = float(momentum)
        self.v: list[np.ndarray] | None = None

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.v = self._state(self.v, params)
        for p, g, v, (tmp, _) in zip(params, grads, self.v, self._scratch(params),
                                     strict=True):
            v *= self.momentum
            np.multiply(g, self.lr, out=tmp)  # lr * g without a fresh array per step
            v -= tmp
            p += v


class Nesterov(Optimizer):
    """Nesterov accelerated gradient in the book's reformulation (Bengio et al. 2012,
    arXiv 1212.0901; the book's ``common/optimizer.py`` after its "Fix Nesterov update
    function" commit):  W <- W + m*m*v - (1 + m)*lr*g  with the *old* v, then
    v <- m*v - lr*g.  (Updating v first, as the book's earlier code did, drifts from it.)"""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = float(momentum)
        self.v: list[np.ndarray] | None = None

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.v = self._state(self.v, params)
        m = self.momentum
        for p, g, v in zip(params, grads, self.v, strict=True):
            p += m * m * v  # v from the previous step: the order matters
            p -= (1.0 + m) * self.lr * g
            v *= m
            v -= self.lr * g


class AdaGrad(Optimizer):
    """h <- h + g*g;  W <- W - lr * g / (sqrt(h) + 1e-7)."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)
        self.h: list[np.ndarray] | None = None

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.h = self._state(self.h, params)
        tmps = self._scratch(params)
        for p, g, h, (tmp, tmp2) in zip(params, grads, self.h, tmps, strict=True):
            np.multiply(g, g, out=tmp)
            h += tmp
            _scaled_step(p, g, h, self.lr, tmp, tmp2)


class RMSprop(Optimizer):
    """h <- decay*h + (1 - decay)*g*g;  W <- W - lr * g / (sqrt(h) + 1e-7)."""

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99) -> None:
        super().__init__(lr)
        self.decay_rate = float(decay_rate)
        self.h: list[np.ndarray] | None = None

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.h = self._state(self.h, params)
        d = self.decay_rate
        tmps = self._scratch(params)
        for p, g, h, (tmp, tmp2) in zip(params, grads, self.h, tmps, strict=True):
            h *= d
            np.multiply(g, 1.0 - d, out=tmp)  # ((1 - d) * g) * g, the same rounding order
            tmp *= g
            h += tmp
            _scaled_step(p, g, h, self.lr, tmp, tmp2)


class Adam(Optimizer):
    """Adam as in the book: m += (1-b1)(g-m); v += (1-b2)(g²-v);
    W -= lr_t * m / (sqrt(v) + 1e-7) with lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        super().__init__(lr)
        self.beta1 = float(beta1)
        self.beta2 = float(beta2)
        self.iter = 0
        self.m: list[np.ndarray] | None = None
        self.v: list[np.ndarray] | None = None

    def _update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.m = self._state(self.m, params)
        self.v = self._state(self.v, params)
        self.iter += 1
        b1, b2 = self.beta1, self.beta2
        # A Python float, not np.sqrt's NumPy float64: that would turn the float32 update
        # below into float64 (NEP 50). math.sqrt rounds exactly as np.sqrt does.
        lr_t = self.lr * math.sqrt(1.0 - b2**self.iter) / (1.0 - b1**self.iter)
        tmps = self._scratch(params)
        for p, g, m, v, (tmp, tmp2) in zip(params, grads, self.m, self.v, tmps, strict=True):
            # In place through scratch arrays, operation for operation as the formula.
            np.subtract(g, m, out=tmp)
            tmp *= 1.0 - b1
            m += tmp
            np.multiply(g, g, out=tmp)
            tmp -= v
            tmp *= 1.0 - b2
            v += tmp
            _scaled_step(p, m, v, lr_t, tmp, tmp2)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}


@dataclass(frozen=True)
class OptimizerConfig:
    """Which optimizer and its hyperparameters; fields an optimizer does not use are
    ignored (e.g. ``momentum`` for Adam)."""

    name: str = "sgd"
    lr: float = 0.01
    momentum: float = 0.9
    decay_rate: float = 0.99
    beta1: float = 0.9
    beta2: float = 0.999

    def __post_init__(self) -> None:
        if self.name not in OPTIMIZERS:
            raise ValueError(f"optimizer name must be one of {list(OPTIMIZERS)}, got {self.name!r}")
        lr = float(self.lr)
        if not np.isfinite(lr) or lr <= 0.0:
            raise ValueError(f"lr must be a positive finite number, got {self.lr!r}")
        for field in ("momentum", "decay_rate", "beta1", "beta2"):
            v = float(getattr(self, field))
            if not 0.0 <= v < 1.0:
                raise ValueError(f"{field} must be in [0, 1), got {v!r}")

    def build(self) -> Optimizer:
        n = self.name
        if n in ("momentum", "nesterov"):
            return OPTIMIZERS[n](lr=self.lr, momentum=self.momentum)
        if n == "rmsprop":
            return RMSprop(lr=self.lr, decay_rate=self.decay_rate)
        if n == "adam":
            return Adam(lr=self.lr, beta1=self.beta1, beta2=self.beta2)
        return OPTIMIZERS[n](lr=self.lr)
