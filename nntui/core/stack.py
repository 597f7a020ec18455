"""Networks of one architecture trained as one stacked array: S series in one pass.

An experiment steps every series on the same mini-batch. Series that share an
architecture (batchnorm's 16 weight scales with batch norm and 16 without, the race's five
optimizers, init-compare's three initialisations) do the same small operations on arrays
of the same shapes, each one a NumPy call with its own overhead: a 784-100x5-10 network
with batch norm makes ~150 calls per step on (100, 100) arrays, where the call costs as much
as the arithmetic. `NetworkStack` keeps the S networks' parameters as (S, ...) stacks and
runs each layer once for all of them: every product is one np.matmul over the stack
(which calls BLAS once per matrix, as each network's own product does), every
elementwise pass one call. The numbers are each network's own `gradient()`'s bit for bit,
so how series are grouped (or whether they are) changes no curve.

The members stay ordinary `Network`s: their parameters and gradients become views of rows
of the stack's (S, P) buffers (`Network.bind`), so optimizers, evaluation, snapshots and
saved states see them as before.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence

import numpy as np

from nntui.core.layers import Affine, BatchNorm, Dropout, Layer, SoftmaxCrossEntropy
from nntui.core.network import Network, NetworkConfig
from nntui.core.packed import PackedRows

#: Networks per stack at most: (8, 100, 100) float32 activations still sit in a core's
#: L2 cache; larger stacks measured no faster per network.
STACK_MAX = 8


def stack_key(config: NetworkConfig) -> NetworkConfig:
    """What networks must share to be stacked: everything but their initial weights."""
    return dataclasses.replace(config, init="he")


class _StackedDropout(Layer):
    """Dropout over a stack (S, N, D): each slice's mask drawn from its own network's
    Generator, as that network's Dropout layer draws it."""

    def __init__(self, members: Sequence[Dropout]) -> None:
        super().__init__()
        self.members = tuple(members)
        self.ratio = self.members[0].ratio
        self.mask: np.ndarray | None = None
        self._uniform: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        if not train:
            return x * (1.0 - self.ratio)
        u = self._uniform
        if u is None or u.shape != x.shape:
            u = self._uniform = np.empty(x.shape, dtype=np.float32)
        for i, layer in enumerate(self.members):
            layer.rng.random(x.shape[1:], dtype=np.float32, out=u[i])
        self.mask = u > self.ratio
        return x * self.mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


class NetworkStack:
    """S >= 2 networks with one `stack_key`, trained together (see the module docstring).

    nets: the members, in order; their parameters move into the stack's buffers now.
    """

    def __init__(self, nets: Sequence[Network]) -> None:
        self.nets = tuple(nets)
        if len(self.nets) < 2:
            raise ValueError("a stack needs at least two networks")
        first = self.nets[0]
        if any(stack_key(n.config) != stack_key(first.config) for n in self.nets):
            raise ValueError("stacked networks must share their architecture")
        if any(d.fixed_mask is not None for n in self.nets for d in n.dropouts):
            raise ValueError("a fixed dropout mask (gradient checks) cannot be stacked")
        s = len(self.nets)
        self._p = np.empty((s, first.n_params), dtype=first.dtype)
        self._g = np.zeros((s, first.n_params), dtype=first.dtype)
        for i, net in enumerate(self.nets):
            net.bind(self._p[i], self._g[i])
        views: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}
        for index, key, where, shape in first.layout():
            # A column slice of a C-ordered (S, P) buffer reshapes without a copy.
            views[(index, key)] = (self._p[:, where].reshape(s, *shape),
                                   self._g[:, where].reshape(s, *shape))
        self.layers = [self._stacked(i, layer, views) for i, layer in enumerate(first.layers)]
        self.affines = [layer for layer in self.layers if isinstance(layer, Affine)]
        self.last_layer = SoftmaxCrossEntropy()

    def _stacked(self, index: int, layer: Layer,
                 views: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]]) -> Layer:
        """The stacked counterpart of the members' layer number `index`."""
        members = [n.layers[index] for n in self.nets]
        if isinstance(layer, Affine):
            bias = views.get((index, "b"))
            out: Layer = Affine(views[(index, "W")][0], None if bias is None else bias[0])
        elif isinstance(layer, BatchNorm):
            out = BatchNorm(views[(index, "gamma")][0], views[(index, "beta")][0],
                            layer.momentum, layer.eps)
            # The running averages are not parameters: stack them here, members keep views.
            for name in ("running_mean", "running_var"):
                stacked = np.stack([getattr(m, name) for m in members])
                setattr(out, name, stacked)
                for i, m in enumerate(members):
                    setattr(m, name, stacked[i])
        elif isinstance(layer, Dropout):
            return _StackedDropout(members)  # type: ignore[arg-type]
        else:  # an activation: elementwise, works on any shape (its caches start empty)
            out = copy.copy(layer)
            out.__dict__.update({k: None for k, v in vars(layer).items()
                                 if isinstance(v, np.ndarray)})
        out.grads = {key: views[(index, key)][1] for key in out.params}
        return out

    def gradient(self, x: np.ndarray | PackedRows, t: np.ndarray) -> np.ndarray:
        """Every member's `Network.gradient(x, t)` on the same batch: fills their grads,
        sets their `last_data_loss`; returns their losses (S,) (with the penalty)."""
        first = self.nets[0]
        h = first.as_input(x)
        for layer in self.layers:
            h = layer.forward(h, True)
        data_loss = self.last_layer.forward(h, t)
        dout = self.last_layer.backward()
        for layer in self.layers[:0:-1]:
            dout = layer.backward(dout)
        self.layers[0].backward(dout, need_dx=False)  # type: ignore[call-arg]
        c = first.config
        if c.l2 or c.l1:
            for a in self.affines:
                W, gW = a.params["W"], a.grads["W"]
                if c.l2:
                    gW += c.l2 * W
                if c.l1:
                    gW += c.l1 * np.sign(W)
        losses = np.empty(len(self.nets))
        for i, net in enumerate(self.nets):
            net.last_data_loss = float(data_loss[i])
            losses[i] = net.last_data_loss + net.penalty()
        return losses
