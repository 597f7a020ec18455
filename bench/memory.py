"""Peak memory of an optimizer race on the real Fashion-MNIST files (issue 14).

The goal: peak RSS <= the dataset as float32 + 150 MB (60 000 + 10 000 images x 784 floats
= 219 MB, so <= ~370 MB). Two ways to measure:

- default: this process resolves and builds the optimizer-race preset through the preset
  API (what the headless front end does), steps it to the end with one BLAS thread, and
  reads its own peak RSS (VmHWM in /proc/self/status; ru_maxrss where /proc is missing);
- ``--cli``: runs ``python -m nntui run optimizer-race --headless ...`` as a child process and
  reports the child's peak (ru_maxrss of RUSAGE_CHILDREN): the whole product path.

The last line is ``peak_rss_mb=<x> data_mb=<y> budget_mb=<y + 150>``; data_mb is the size of
the loaded float32 arrays. psutil is not a dependency, hence /proc and resource.

Run: python bench/memory.py [--data-dir DIR] [--iterations N] [--cli]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path("/usr/share/datasets/fashion-mnist")
MB = 1024 * 1024
N_FLOATS = (60_000 + 10_000) * 784  # fashion-mnist train + test pixels


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux, bytes on macOS
    return peak / (MB if sys.platform == "darwin" else 1024)


def in_process(data_dir: Path, iterations: int) -> tuple[float, float]:
    from nntui.core.blas import limit_blas_threads
    from nntui.presets import get_preset

    preset = get_preset("optimizer-race")
    config = preset.resolve(dataset="fashion-mnist", overrides={"iterations": str(iterations)})
    with limit_blas_threads(1):
        started = time.perf_counter()
        run = preset.build(config, data_dir=data_dir)
        print(f"loaded in {time.perf_counter() - started:.1f} s, peak so far "
              f"{peak_rss_mb():.0f} MB", flush=True)
        ds = run.dataset  # type: ignore[attr-defined]
        data_mb = sum(a.nbytes for a in (ds.x_train, ds.x_val, ds.x_test)) / MB
        while not run.done:
            run.step()
        run.report()
    print(f"trained {iterations} iterations in {time.perf_counter() - started:.1f} s", flush=True)
    return peak_rss_mb(), data_mb


def via_cli(data_dir: Path, iterations: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="nntui-bench-memory-") as out:
        cmd = [sys.executable, "-m", "nntui", "run", "optimizer-race", "--headless",
               "--dataset", "fashion-mnist", "--data-dir", str(data_dir),
               "--set", f"iterations={iterations}", "--out", str(Path(out) / "run")]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (MB if sys.platform == "darwin" else 1024), N_FLOATS * 4 / MB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DIR,
                    help=f"folder with the four Fashion-MNIST IDX files (default {DEFAULT_DIR})")
    ap.add_argument("--iterations", type=int, default=300,
                    help="race length (default 300: the peak is reached by the first eval)")
    ap.add_argument("--cli", action="store_true", help="measure `nntui run --headless` instead")
    args = ap.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if not args.data_dir.is_dir():
        sys.exit(f"no Fashion-MNIST folder at {args.data_dir}; pass --data-dir DIR")
    measure = via_cli if args.cli else in_process
    peak, data_mb = measure(args.data_dir, args.iterations)
    print(f"peak_rss_mb={peak:.0f} data_mb={data_mb:.0f} budget_mb={data_mb + 150:.0f}")


if __name__ == "__main__":
    main()
