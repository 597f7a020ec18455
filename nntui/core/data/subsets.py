"""The training data of each seed of a K-seed run (`nntui.core.seeds`): its own subset.

A preset that trains on `train_size` samples (the book's overfitting setups: the first 300)
shows a lesson that rides on *which* 300 images it got as much as on the initial weights.
So every seed of a K-seed run draws its own subset: the first seed (the run's base seed)
keeps the book's first `train_size` rows, so a one-seed run is exactly the run it always
was; every other seed takes a seeded choice of `train_size` rows of the pool, kept in
file order. Each seed then holds out its own validation part (`split_train_val`, with
its own seed). Test data is the same for every seed: the seeds are compared on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from nntui.core.data.dataset import Dataset, check_split_args, split_train_val

#: Mixed into a seed's Generator for its subset, so the choice of rows is not the same
#: stream as the seed's other uses (validation split, weights, batches).
SUBSET_TAG = 0x5EED5


def seed_rows(pool: int, n: int, seeds: Sequence[int]) -> list[np.ndarray]:
    """Per seed, the ascending rows (n,) of a pool of `pool` rows it trains on: the first n
    for ``seeds[0]`` (the book's choice), a seeded choice of n rows for every other seed
    (all of them when n >= pool)."""
    out = []
    for k, seed in enumerate(seeds):
        if k == 0 or n >= pool:
            out.append(np.arange(min(n, pool), dtype=np.int64))
        else:
            rng = np.random.default_rng((int(seed), SUBSET_TAG))
            out.append(np.sort(rng.choice(pool, n, replace=False)).astype(np.int64))
    return out


def split_seeds(pool: Dataset, rows: Sequence[np.ndarray], seeds: Sequence[int],
                val_fraction: float) -> list[Dataset]:
    """One Dataset per seed: the pool's training rows ``rows[k]`` (indices into
    ``pool.x_train``), with ``val_fraction`` of them held out by ``seeds[k]`` (exactly as
    `split_train_val` holds them out for a one-seed run). Test data is shared."""
    out = []
    for picked, seed in zip(rows, seeds, strict=True):
        x, t = pool.x_train[picked], pool.t_train[picked]
        x_tr, t_tr, x_va, t_va = split_train_val(x, t, len(picked), val_fraction, int(seed))
        out.append(dataclasses.replace(pool, x_train=x_tr, t_train=t_tr, x_val=x_va,
                                       t_val=t_va))
    return out


def draw_seeds(pool: Dataset, train_size: int | None, seeds: Sequence[int],
               val_fraction: float = 0.0) -> list[Dataset]:
    """Each seed's Dataset out of an in-memory `pool` (its training split is the whole
    pool, its test split the test data; no validation split yet): ``train_size`` rows
    per seed as `seed_rows` picks them (None: every row, the same for every seed).
    Raises DataError for a train_size the pool cannot give."""
    n = check_split_args(pool.name, len(pool.x_train), train_size, val_fraction)
    if n == len(pool.x_train) and not int(n * val_fraction):
        return [pool] * len(seeds)  # every row, nothing held out: one copy serves all
    return split_seeds(pool, seed_rows(len(pool.x_train), n, seeds), seeds, val_fraction)
