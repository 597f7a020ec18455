"""Limit BLAS threads for training.

On this 2-core VM two BLAS threads collapse (5-15x slower) when the other core is busy
drawing the UI, so training runs on one thread (DESIGN.md, "Pitfalls").
"""

from __future__ import annotations

from typing import Any

from threadpoolctl import threadpool_info, threadpool_limits


def limit_blas_threads(n: int = 1) -> threadpool_limits:
    """Limit BLAS to ``n`` threads.

    Use as a context manager (``with limit_blas_threads(1): ...``) to restore the previous
    limit on exit, or call it plainly to set the limit for the rest of the process (keep the
    return value to call ``restore_original_limits()`` later).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"BLAS thread count must be a positive integer, got {n!r}")
    # threadpoolctl limits only the libraries already loaded: limiting before NumPy (and
    # its OpenBLAS) is imported would silently leave training on every core.
    import numpy  # noqa: F401

    return threadpool_limits(limits=n, user_api="blas")


def blas_info() -> list[dict[str, Any]]:
    """threadpoolctl's description of the loaded BLAS libraries (kernel, version, threads)."""
    return [i for i in threadpool_info() if i.get("user_api") == "blas"]
