"""A fully connected network, like the book's ``MultiLayerNetExtend``.

Layer order per hidden layer i: Affine_i -> [BatchNorm_i] -> activation_i -> [Dropout_i];
then Affine_out -> SoftmaxCrossEntropy.  Weight decay (L2) and L1 apply to the Affine
weights only, never to biases or batch-norm parameters (as in the book).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.activations import ACTIVATIONS
from nntui.core.init import init_weight, weight_std
from nntui.core.layers import (
    Affine,
    BatchNorm,
    Dropout,
    Layer,
    SoftmaxCrossEntropy,
)
from nntui.core.packed import PackedRows

DTYPES: tuple[str, ...] = ("float32", "float64")


class FlatList(list):
    """A list of arrays that are consecutive views of the 1-D buffer ``flat``, in order.

    Optimizers use ``flat`` to update every parameter with one NumPy call per operation.
    """

    flat: np.ndarray


@dataclass(frozen=True)
class NetworkConfig:
    """Architecture and regularisation of a ``Network``; validated on construction."""

    input_size: int
    hidden_sizes: tuple[int, ...]
    output_size: int
    activation: str = "relu"
    init: str | float = "he"  # "he", "xavier", or a fixed std
    batch_norm: bool = False  # Affine -> BatchNorm -> activation
    dropout: float = 0.0  # ratio; Dropout after each hidden activation when > 0
    l2: float = 0.0  # loss += ½·l2·Σ‖W‖², grad += l2·W  (weights only)
    l1: float = 0.0  # loss += l1·Σ|W|,   grad += l1·sign(W)  (l1 + l2 = elastic net)
    bias: bool = True
    dtype: str = "float32"  # or "float64"

    def __post_init__(self) -> None:
        # Accept any sequence for hidden_sizes (a list from JSON/CLI) but store a tuple so
        # the config stays hashable and immutable.
        object.__setattr__(self, "hidden_sizes", tuple(self.hidden_sizes))
        for name in ("input_size", "output_size"):
            _check_positive_int(name, getattr(self, name))
        for i, h in enumerate(self.hidden_sizes):
            _check_positive_int(f"hidden_sizes[{i}]", h)
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}"
            )
        try:
            weight_std(self.init, 1)
        except ValueError as exc:
            raise ValueError(f"init: {exc}") from None
        if not 0.0 <= float(self.dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout!r}")
        for name in ("l2", "l1"):
            v = float(getattr(self, name))
            if not np.isfinite(v) or v < 0.0:
                raise ValueError(f"{name} must be a finite number >= 0, got {v!r}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {self.dtype!r}")


def backpropagate(layers: Sequence[Layer], last_layer: SoftmaxCrossEntropy,
                  affines: Sequence[Affine], config: NetworkConfig) -> None:
    """The backward pass after a training forward pass: from the loss layer down to the
    first layer (whose input gradient is never used, so not computed), then the L1/L2
    penalty's gradient added to every weight gradient. For a `Network` and, on (S, ...)
    stacks, for `nntui.core.stack.NetworkStack` alike."""
    dout = last_layer.backward()
    for layer in layers[:0:-1]:
        dout = layer.backward(dout)
    layers[0].backward(dout, need_dx=False)  # type: ignore[call-arg]
    if config.l2 or config.l1:
        for a in affines:
            W, gW = a.params["W"], a.grads["W"]
            if config.l2:
                gW += config.l2 * W
            if config.l1:
                gW += config.l1 * np.sign(W)


def _check_positive_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


class Network:
    """Multi-layer perceptron with softmax cross-entropy loss.

    x: (N, input_size), cast to the config dtype; t: (N,) int class labels.
    ``params``/``grads`` are the layers' own arrays in the order of ``param_names``;
    optimizers update ``params`` in place and ``gradient()`` overwrites ``grads`` in place.
    Both lists are ``FlatList``s: their arrays are views of one contiguous buffer each
    (``params.flat``, ``grads.flat``), which lets an optimizer update everything at once.
    """

    def __init__(self, config: NetworkConfig, rng: np.random.Generator) -> None:
        self.last_data_loss = float("nan")  # cross-entropy of the last gradient() pass
        self.config = config
        self.dtype = np.dtype(config.dtype)
        c = config
        sizes = (c.input_size, *c.hidden_sizes, c.output_size)
        self.layers: list[Layer] = []
        self.affines: list[Affine] = []
        self.activations: list[Layer] = []  # the hidden activation layers, in order
        self.batch_norms: list[BatchNorm] = []
        self.dropouts: list[Dropout] = []
        self.param_names: list[str] = []
        self._owners: list[tuple[Layer, str]] = []  # (layer, key) of each parameter

        weights = [
            init_weight(rng, sizes[i], sizes[i + 1], c.init, self.dtype)
            for i in range(len(sizes) - 1)
        ]
        # One draw seeds dropout whatever the config, so two networks built from one rng
        # state get identical weights with or without dropout (fair comparisons).
        drop_rng = np.random.default_rng(int(rng.integers(0, 2**63)))

        n_hidden = len(c.hidden_sizes)
        for i, w in enumerate(weights):
            idx = i + 1
            b = np.zeros(w.shape[1], dtype=self.dtype) if c.bias else None
            affine = Affine(w, b)
            self._add(affine, {"W": f"W{idx}", "b": f"b{idx}"})
            self.affines.append(affine)
            if i == n_hidden:
                break  # output layer: no BN/activation/dropout
            if c.batch_norm:
                bn = BatchNorm(
                    np.ones(w.shape[1], dtype=self.dtype), np.zeros(w.shape[1], dtype=self.dtype)
                )
                self._add(bn, {"gamma": f"gamma{idx}", "beta": f"beta{idx}"})
                self.batch_norms.append(bn)
            act = ACTIVATIONS[c.activation]()
            self._add(act, {})
            self.activations.append(act)
            if c.dropout > 0.0:
                drop = Dropout(c.dropout, drop_rng)
                self._add(drop, {})
                self.dropouts.append(drop)
        self.last_layer = SoftmaxCrossEntropy()
        self.params, self.grads = self._flatten()

    def _add(self, layer: Layer, names: dict[str, str]) -> None:
        self.layers.append(layer)
        for key in layer.params:
            self.param_names.append(names[key])
            self._owners.append((layer, key))

    def __setstate__(self, state: dict) -> None:
        # Pickle and deepcopy copy each view as an independent array, so the flat buffers
        # would no longer alias the layers' parameters; rebuild them.
        self.__dict__.update(state)
        self.params, self.grads = self._flatten()

    @property
    def n_params(self) -> int:
        """Numbers in the parameter buffer (``params.flat``)."""
        return sum(layer.params[key].size for layer, key in self._owners)

    def layout(self) -> list[tuple[int, str, slice, tuple[int, ...]]]:
        """Where each parameter lives: (index in ``layers``, key, its slice of the flat
        buffers, its shape), in ``param_names`` order."""
        index = {id(layer): i for i, layer in enumerate(self.layers)}
        out, offset = [], 0
        for layer, key in self._owners:
            shape = layer.params[key].shape
            end = offset + layer.params[key].size
            out.append((index[id(layer)], key, slice(offset, end), shape))
            offset = end
        return out

    def bind(self, flat_p: np.ndarray, flat_g: np.ndarray) -> None:
        """Move every parameter and gradient into the given 1-D buffers of ``n_params``
        numbers (e.g. rows of a stack's buffers, `nntui.core.stack`), values kept."""
        self.params, self.grads = self._flatten(flat_p, flat_g)

    def _flatten(self, flat_p: np.ndarray | None = None, flat_g: np.ndarray | None = None
                 ) -> tuple[FlatList, FlatList]:
        """Move every parameter and gradient into views of two contiguous 1-D buffers (new
        ones unless given) and hand those views to the layers, so optimizers can update
        all at once (``flat``)."""
        total = self.n_params
        flat_p = np.empty(total, dtype=self.dtype) if flat_p is None else flat_p
        flat_g = np.zeros(total, dtype=self.dtype) if flat_g is None else flat_g
        params, grads = FlatList(), FlatList()
        params.flat, grads.flat = flat_p, flat_g
        offset = 0
        for layer, key in self._owners:
            arr = layer.params[key]
            end = offset + arr.size
            pv = flat_p[offset:end].reshape(arr.shape)
            pv[...] = arr
            layer.params[key] = pv
            gv = flat_g[offset:end].reshape(arr.shape)
            gv[...] = layer.grads[key]
            layer.grads[key] = gv
            params.append(pv)
            grads.append(gv)
            offset = end
        return params, grads

    # ------------------------------------------------------------------ forward

    def as_input(self, x: np.ndarray | PackedRows) -> np.ndarray | PackedRows:
        """x in the network's dtype (no copy when it already is)."""
        if isinstance(x, PackedRows):
            return x.astype(self.dtype)
        return np.asarray(x, dtype=self.dtype)

    def predict(self, x: np.ndarray | PackedRows, train: bool = False) -> np.ndarray:
        """Logits (N, output_size). x: (N, input_size), or PackedRows of such rows (the
        first layer skips their all-zero columns: nntui.core.packed)."""
        x = self.as_input(x)
        if train:
            for layer in self.layers:
                x = layer.forward(x, True)
            return x
        # Inference: the first layer makes a new array, which the others may then
        # overwrite (Layer.infer): no temporary per layer.
        x = self.layers[0].forward(x, False)
        for layer in self.layers[1:]:
            x = layer.infer(x)
        return x

    def penalty(self) -> float:
        """The L1/L2 penalty of the current weights (0.0 without either)."""
        c = self.config
        total = 0.0
        if c.l2:
            # dot of the flattened weights: one BLAS call, no W**2 temporary.
            total += 0.5 * c.l2 * sum(float(np.dot(W.ravel(), W.ravel())) for W in self._ws())
        if c.l1:
            total += c.l1 * sum(float(np.abs(W).sum()) for W in self._ws())
        return total

    def _ws(self) -> list[np.ndarray]:
        return [a.params["W"] for a in self.affines]

    def loss(self, x: np.ndarray, t: np.ndarray, train: bool = False) -> float:
        """Mean cross-entropy of the batch plus the L1/L2 penalty."""
        return self.last_layer.forward(self.predict(x, train), t) + self.penalty()

    def gradient(self, x: np.ndarray | PackedRows, t: np.ndarray) -> float:
        """One training forward pass and backward pass; fills ``self.grads`` in place.
        x as in `predict`.

        Returns the loss of that same pass (including the penalty), so a training loop
        need not run a second forward pass to log it, as the book's loop does; the
        cross-entropy alone is left in ``last_data_loss``.
        """
        data_loss = self.last_layer.forward(self.predict(x, True), t)
        self.last_data_loss = data_loss
        loss = data_loss + self.penalty()
        backpropagate(self.layers, self.last_layer, self.affines, self.config)
        return loss

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = 2048) -> float:
        """Fraction of correct argmax predictions in inference mode, in chunks of
        ``batch_size`` rows to bound memory.  0.0 for an empty set."""
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        n = len(t)
        if n == 0:
            return 0.0
        correct = 0
        for start in range(0, n, batch_size):
            logits = self.predict(x[start : start + batch_size], train=False)
            correct += int(np.count_nonzero(logits.argmax(axis=1) == t[start : start + batch_size]))
        return correct / n

    def hidden_activations(self, x: np.ndarray) -> list[np.ndarray]:
        """Inference-mode output of each hidden activation layer, shapes (N, hidden_i)
        (taken before dropout)."""
        x = self.as_input(x)
        acts = set(map(id, self.activations))
        out: list[np.ndarray] = []
        for layer in self.layers:
            x = layer.forward(x, False)
            if id(layer) in acts:
                out.append(x)
        return out

    def weight_matrices(self) -> list[np.ndarray]:
        """The Affine weight matrices W1..W_L (the live arrays, not copies)."""
        return self._ws()

    # ------------------------------------------------------------------ state

    def state(self) -> dict[str, np.ndarray]:
        """Deep copy of every parameter plus the batch-norm running statistics
        (``running_mean{i}``/``running_var{i}``)."""
        st = {name: p.copy() for name, p in zip(self.param_names, self.params, strict=True)}
        for i, bn in enumerate(self.batch_norms, start=1):
            st[f"running_mean{i}"] = bn.running_mean.copy()
            st[f"running_var{i}"] = bn.running_var.copy()
        return st

    def _state_arrays(self) -> dict[str, np.ndarray]:
        arrs = dict(zip(self.param_names, self.params, strict=True))
        for i, bn in enumerate(self.batch_norms, start=1):
            arrs[f"running_mean{i}"] = bn.running_mean
            arrs[f"running_var{i}"] = bn.running_var
        return arrs

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        """Copy ``state`` (from ``state()``) into the existing arrays, in place, so the
        optimizer's references stay valid.  Keys and shapes must match exactly."""
        arrs = self._state_arrays()
        if set(state) != set(arrs):
            missing = sorted(set(arrs) - set(state))
            extra = sorted(set(state) - set(arrs))
            raise ValueError(f"state does not match network: missing {missing}, extra {extra}")
        for name, arr in arrs.items():
            src = np.asarray(state[name])
            if src.shape != arr.shape:
                raise ValueError(f"state[{name!r}] has shape {src.shape}, expected {arr.shape}")
        for name, arr in arrs.items():
            np.copyto(arr, state[name], casting="same_kind")
