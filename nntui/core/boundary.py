"""Decision boundaries of 2-D datasets: a grid over the training data and each network's
predicted class on it (the dashboard shades it; `Experiment` evaluates it with the curves)."""

from __future__ import annotations

import numpy as np

from nntui.core.network import Network

#: (x_min, x_max, y_min, y_max) of the input window a grid covers.
Extent = tuple[float, float, float, float]


def boundary_grid(x: np.ndarray, resolution: tuple[int, int]) -> tuple[np.ndarray, Extent]:
    """Grid points (rows*cols, 2) covering the points ``x`` (n, 2) with a 10 % margin, row
    by row from the top (largest y, as drawn on screen), and the window they cover."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = 0.1 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    rows, cols = resolution
    gx = np.linspace(lo[0], hi[0], cols)
    gy = np.linspace(hi[1], lo[1], rows)  # top row = largest y, as drawn on screen
    xx, yy = np.meshgrid(gx, gy)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1).astype(x.dtype)
    return grid, (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def predict_grid(net: Network, grid: np.ndarray, resolution: tuple[int, int]) -> np.ndarray:
    """The predicted class (rows, cols) of every grid point."""
    rows, cols = resolution
    return np.argmax(net.predict(grid), axis=1).reshape(rows, cols)
