"""Optimizers share one scratch pair per thread (optimizers.scratch_pair): interleaved
updates of several optimizers, and updates on two threads at once, give each optimizer's
own numbers."""

from __future__ import annotations

import threading

import numpy as np

from nntui.core import optimizers
from nntui.core.optimizers import OPTIMIZERS, SCRATCH_SHAPES, scratch_pair


def _problem(seed: int, n: int = 4096) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(n).astype(np.float32)]
    grads = [[rng.standard_normal(n).astype(np.float32) for _ in range(1)] for _ in range(6)]
    return params, grads


def _run(name: str, seed: int, steps: int = 6) -> np.ndarray:
    params, grads = _problem(seed)
    opt = OPTIMIZERS[name](lr=0.01)
    for k in range(steps):
        opt.update(params, grads[k])
    return params[0]


def test_interleaved_optimizers_match_each_one_alone() -> None:
    """Five optimizers of one shape updated in turn, as a race does, all on the same
    scratch: each ends where it ends alone."""
    alone = {name: _run(name, seed) for seed, name in enumerate(OPTIMIZERS)}
    problems = {name: _problem(seed) for seed, name in enumerate(OPTIMIZERS)}
    opts = {name: OPTIMIZERS[name](lr=0.01) for name in OPTIMIZERS}
    for k in range(6):
        for name, opt in opts.items():
            params, grads = problems[name]
            opt.update(params, grads[k])
    for name in OPTIMIZERS:
        np.testing.assert_array_equal(problems[name][0][0], alone[name], err_msg=name)


def test_scratch_is_shared_within_a_thread_and_private_to_it() -> None:
    x = np.zeros((7, 3), dtype=np.float32)
    a, b = scratch_pair(x), scratch_pair(x)
    assert a[0] is b[0] and a[1] is b[1] and a[0] is not a[1]
    assert a[0].shape == (7, 3) and a[0].dtype == np.float32
    assert scratch_pair(x.astype(np.float64))[0].dtype == np.float64  # per dtype too
    seen: list[tuple[np.ndarray, np.ndarray]] = []
    t = threading.Thread(target=lambda: seen.append(scratch_pair(x)))
    t.start()
    t.join()
    assert not np.shares_memory(seen[0][0], a[0]) and not np.shares_memory(seen[0][1], a[1])


def test_two_threads_updating_at_once_get_their_own_numbers() -> None:
    names = ("adam", "rmsprop")
    expected = [_run(name, seed, steps=6) for seed, name in enumerate(names)]
    got: list[np.ndarray | None] = [None, None]
    start = threading.Barrier(2)

    def work(i: int) -> None:
        params, grads = _problem(i)
        opt = OPTIMIZERS[names[i]](lr=0.01)
        start.wait()
        for k in range(6):
            opt.update(params, grads[k])
        got[i] = params[0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(2):
        np.testing.assert_array_equal(got[i], expected[i])


def test_the_pool_stays_bounded() -> None:
    for n in range(1, 3 * SCRATCH_SHAPES):
        scratch_pair(np.zeros(n, dtype=np.float32))
    assert len(optimizers._LOCAL.pool) <= SCRATCH_SHAPES
