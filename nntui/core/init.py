"""Weight initialisation scales (book ch. 6.2).

The book draws every weight matrix as ``std * randn(fan_in, fan_out)``; the only thing that
changes between "std 0.01", Xavier and He is the scale ``std``, so that is all this module
computes.
"""

from __future__ import annotations

import math

import numpy as np

INIT_NAMES: tuple[str, ...] = ("he", "xavier")


def weight_std(init: str | float, fan_in: int) -> float:
    """Standard deviation of the initial weights of a layer with ``fan_in`` inputs.

    ``"he"`` -> sqrt(2 / fan_in) (for ReLU), ``"xavier"`` -> sqrt(1 / fan_in) (the book's
    simplified Xavier, for sigmoid/tanh), a positive float -> that fixed std.
    """
    if isinstance(fan_in, bool) or not isinstance(fan_in, (int, np.integer)) or fan_in < 1:
        raise ValueError(f"fan_in must be a positive integer, got {fan_in!r}")
    if isinstance(init, str):
        name = init.strip().lower()
        if name == "he":
            return math.sqrt(2.0 / fan_in)
        if name == "xavier":
            return math.sqrt(1.0 / fan_in)
        raise ValueError(f"init must be 'he', 'xavier' or a positive float std, got {init!r}")
    # bool is an int subclass; True as a std is almost certainly a mistake.
    if isinstance(init, bool) or not isinstance(init, (int, float, np.integer, np.floating)):
        raise ValueError(f"init must be 'he', 'xavier' or a positive float std, got {init!r}")
    std = float(init)
    if not math.isfinite(std) or std <= 0.0:
        raise ValueError(f"init std must be a positive finite number, got {init!r}")
    return std


def init_weight(
    rng: np.random.Generator,
    fan_in: int,
    fan_out: int,
    init: str | float,
    dtype: np.dtype | str = np.float32,
) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix ``weight_std(init, fan_in) * N(0, 1)`` in ``dtype``.

    Drawn in float64 then cast, so float32 and float64 networks built from the same seed
    start from the same (rounded) weights.
    """
    std = weight_std(init, fan_in)
    w = rng.standard_normal((fan_in, fan_out))
    w *= std
    return w.astype(dtype, copy=False)
