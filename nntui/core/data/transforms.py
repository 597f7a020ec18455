"""Per-batch training-time transforms: Gaussian noise and small shifts/rotations.

Vectorised NumPy only (no scipy); every random draw comes from the caller's Generator so
runs stay reproducible. Applied to training batches only, never to validation/test data.
"""

from __future__ import annotations

import numpy as np


def add_gaussian_noise(
    x: np.ndarray,
    std: float,
    rng: np.random.Generator,
    *,
    clip: tuple[float, float] | None = None,
) -> np.ndarray:
    """x + N(0, std^2) noise, same shape (N, D) and dtype; a new array.

    Not clipped by default, because the same call serves standardized 2-D toys (where
    [0, 1] would be wrong); pass ``clip=(0.0, 1.0)`` to keep noisy images inside the
    valid pixel range.
    """
    if not std >= 0.0:  # also rejects NaN
        raise ValueError(f"noise std must be >= 0, got {std!r}")
    out = x + rng.normal(0.0, std, size=x.shape).astype(x.dtype, copy=False)
    if clip is not None:
        np.clip(out, clip[0], clip[1], out=out)
    return out.astype(x.dtype, copy=False)


def shift_rotate(
    x: np.ndarray,
    input_shape: tuple[int, ...],
    shifts: np.ndarray,
    degrees: np.ndarray,
) -> np.ndarray:
    """Rotate each image about its centre, then shift it; bilinear, zeros outside.

    x (N, H*W); shifts (N, 2) as (rows down, cols right) in pixels; degrees (N,),
    positive = counter-clockwise as displayed (row 0 at the top). Returns (N, H*W) in
    x's dtype. Integer shifts with 0 degrees move pixels exactly (no blur).
    """
    if len(input_shape) != 2:
        raise ValueError(f"image transforms need a 2-D input_shape, got {input_shape}")
    h, w = input_shape
    n = x.shape[0]
    imgs = x.reshape(n, h * w).astype(np.float32, copy=False)
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float32)  # (H, W) output pixel grid
    theta = np.deg2rad(np.asarray(degrees, dtype=np.float64)).astype(np.float32)
    cos, sin = np.cos(theta)[:, None, None], np.sin(theta)[:, None, None]
    shifts = np.asarray(shifts, dtype=np.float32)
    # Inverse map: output pixel p came from R(-theta) (p - shift - c) + c.
    dy = rows[None] - shifts[:, 0, None, None] - cy  # (N, H, W)
    dx = cols[None] - shifts[:, 1, None, None] - cx
    # A CCW turn on screen (rows grow downward) is a clockwise turn in (row, col) maths.
    src_r = cos * dy + sin * dx + cy
    src_c = -sin * dy + cos * dx + cx
    r0 = np.floor(src_r)
    c0 = np.floor(src_c)
    fr, fc = src_r - r0, src_c - c0
    r0 = r0.astype(np.int64)
    c0 = c0.astype(np.int64)
    batch = np.arange(n)[:, None, None] * (h * w)
    flat = imgs.reshape(-1)
    out = np.zeros((n, h, w), dtype=np.float32)
    for dr, dc, wgt in (
        (0, 0, (1 - fr) * (1 - fc)),
        (0, 1, (1 - fr) * fc),
        (1, 0, fr * (1 - fc)),
        (1, 1, fr * fc),
    ):
        rr, cc = r0 + dr, c0 + dc
        inside = (rr >= 0) & (rr < h) & (cc >= 0) & (cc < w)
        idx = batch + np.clip(rr, 0, h - 1) * w + np.clip(cc, 0, w - 1)
        out += np.where(inside, flat[idx], 0.0) * wgt
    return out.reshape(n, h * w).astype(x.dtype, copy=False)


def augment_images(
    x: np.ndarray,
    input_shape: tuple[int, ...],
    rng: np.random.Generator,
    max_shift: int = 2,
    max_degrees: float = 10.0,
    flip: bool = False,
) -> np.ndarray:
    """Random per-sample integer shifts in [-max_shift, max_shift] px (rows and cols
    independently) and rotations uniform in [-max_degrees, max_degrees]; (N, D) -> (N, D).

    With `flip`, each image is also mirrored left-right with probability 1/2 (clothes
    look alike mirrored; digits do not, so it is off by default).

    Bilinear sampling keeps values inside the input range (e.g. [0, 1]). Draws exactly
    3 * N numbers' worth from `rng` (4 * N with `flip`) in a fixed order, so a seed fixes
    the result.
    """
    if max_shift < 0 or not max_degrees >= 0:
        raise ValueError(f"max_shift and max_degrees must be >= 0, got {max_shift}, {max_degrees}")
    n = x.shape[0]
    shifts = rng.integers(-max_shift, max_shift + 1, size=(n, 2))
    degrees = rng.uniform(-max_degrees, max_degrees, size=n)
    out = shift_rotate(x, input_shape, shifts, degrees)
    if flip:
        mirror = rng.random(n) < 0.5
        h, w = input_shape
        images = out.reshape(n, h, w)
        images[mirror] = images[mirror, :, ::-1]
        out = images.reshape(n, h * w)
    return out
