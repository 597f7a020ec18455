"""Run one of the book's ch06 scripts unchanged, on MNIST t10k as both splits, and time it.

Runs under the book's own Python (numpy + matplotlib; nntui need not be installed there):

    BOOK_PY bench/book_runner.py DLFS_DIR MNIST_DIR SCRIPT     (e.g. batch_norm_test.py)

The book's `dataset.mnist.load_mnist` downloads MNIST; a stand-in module returns the t10k
set from MNIST_DIR as both the training and the test split (what nntui gets from
`--data-dir` with the t10k files under the train names too), normalised to float32 as the
book does. plt.show() is a no-op and the script's prints go to /dev/null. The time covers
the script itself (its data load, training, evaluation and plotting), not the Python
start-up or the numpy/matplotlib imports; cpu is the process's user + system seconds over
the same span. Last line: `book SCRIPT seconds=<s> cpu=<s>`.
"""

import gzip
import os
import runpy
import sys
import time
import types

import numpy as np


def load_t10k(mnist_dir):
    """(x (10000, 784) float32 in [0, 1], t (10000,) uint8) from the gzip IDX files."""
    with gzip.open(os.path.join(mnist_dir, "t10k-images-idx3-ubyte.gz"), "rb") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(os.path.join(mnist_dir, "t10k-labels-idx1-ubyte.gz"), "rb") as f:
        t = np.frombuffer(f.read(), np.uint8, offset=8)
    return x.astype(np.float32) / 255.0, t


def install_dataset_module(mnist_dir):
    def load_mnist(normalize=True, flatten=True, one_hot_label=False):
        x, t = load_t10k(mnist_dir)
        x = x if normalize else (x * 255).astype(np.uint8)
        if not flatten:
            x = x.reshape(-1, 1, 28, 28)
        if one_hot_label:
            t = np.eye(10, dtype=np.float32)[t]
        return (x.copy(), t.copy()), (x.copy(), t.copy())

    pkg = types.ModuleType("dataset")
    mod = types.ModuleType("dataset.mnist")
    mod.load_mnist = load_mnist
    pkg.mnist = mod
    sys.modules["dataset"] = pkg
    sys.modules["dataset.mnist"] = mod


def main():
    dlfs, mnist_dir, script = sys.argv[1:4]
    mnist_dir = os.path.abspath(mnist_dir)
    ch06 = os.path.join(dlfs, "ch06")
    sys.path[:0] = [ch06, dlfs]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.show = lambda *a, **k: None
    install_dataset_module(mnist_dir)
    os.chdir(ch06)
    real_stdout = sys.stdout
    with open(os.devnull, "w") as devnull:
        sys.stdout = devnull
        t0, c0 = time.perf_counter(), time.process_time()
        runpy.run_path(os.path.join(ch06, script), run_name="__main__")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        sys.stdout = real_stdout
    print(f"book {script} seconds={seconds:.2f} cpu={cpu:.2f}")


if __name__ == "__main__":
    main()
