"""How an Experiment's series share one iteration: the batch, and who trains with whom.

Every series trains on the same mini-batch, gathered (and packed: `nntui.core.packed`)
once per batch size. Series with the same architecture and batch size that train on the
batch as it is (no noise, no augmentation) are stepped together as `NetworkStack`s of at
most STACK_MAX; the others one by one. The grouping never changes a number (a stack's
results are each network's own bit for bit), so it may follow the thread count: a group is
split into at least as many stacks as there are threads to step them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.data import Dataset
from nntui.core.network import Network
from nntui.core.packed import PackedRows, pack_columns
from nntui.core.specs import SeriesSpec
from nntui.core.stack import STACK_MAX, NetworkStack, stack_key


def transforms(spec: SeriesSpec) -> bool:
    """Whether a series trains on its own copy of each batch (noise or augmentation)."""
    return spec.input_noise > 0 or spec.augment


@dataclass(frozen=True)
class Batch:
    """One mini-batch: x (B, D) as drawn, x_in what untransformed series train on (x, or x
    packed without its all-zero columns), t (B,) labels."""

    x: np.ndarray
    x_in: np.ndarray | PackedRows
    t: np.ndarray


def shared_batches(dataset: Dataset, idx: np.ndarray, specs: Sequence[SeriesSpec],
                   default_size: int) -> dict[int, Batch]:
    """The batch of every batch size among `specs`: the first `size` of the rows `idx`,
    gathered once (and packed once, when a series trains on it as it is)."""
    out: dict[int, Batch] = {}
    for spec in specs:
        size = spec.batch_size or default_size
        if size not in out:
            x = dataset.x_train[idx[:size]]
            packed = pack_columns(x) if any(not transforms(s) for s in specs) else None
            out[size] = Batch(x, x if packed is None else packed, dataset.t_train[idx[:size]])
    return out


@dataclass(frozen=True)
class Unit:
    """Series stepped together: their positions in the active list, and their stack (None
    for a series stepped alone)."""

    members: tuple[int, ...]
    stack: NetworkStack | None


def plan(specs: Sequence[SeriesSpec], default_size: int, parts: int) -> list[tuple[int, ...]]:
    """Positions in `specs` grouped into units: same stack key and batch size, no input
    transforms; each group cut into ceil(n / STACK_MAX) or more (up to `parts`) nearly
    equal runs, in order. Ordered by first member."""
    groups: dict[object, list[int]] = {}
    for i, spec in enumerate(specs):
        key = (i,) if transforms(spec) else (
            stack_key(spec.network), spec.batch_size or default_size)
        groups.setdefault(key, []).append(i)
    units: list[tuple[int, ...]] = []
    for members in groups.values():
        n = len(members)
        pieces = min(n, max(math.ceil(n / STACK_MAX), parts))
        bounds = [round(k * n / pieces) for k in range(pieces + 1)]
        units += [tuple(members[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    return sorted(units)


class SeriesGroups:
    """The units of the current active series, rebuilt (restacked) only when the active
    series or the thread count change: a diverged series leaves its stack."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._units: list[Unit] = []

    def units(self, specs: Sequence[SeriesSpec], nets: Sequence[Network],
              default_size: int, parts: int) -> list[Unit]:
        key = (tuple(map(id, nets)), parts)
        if key != self._key:
            self._units = [
                Unit(m, NetworkStack([nets[i] for i in m]) if len(m) > 1 else None)
                for m in plan(specs, default_size, parts)
            ]
            self._key = key
        return self._units
