"""What K seeds cost: a K-seed run against K times one seed, in one sitting.

    python bench/seed_cost.py                        # dropout on digits, K = 3, 3 pairs
    python bench/seed_cost.py --preset weight-decay --k 5 --pairs 5 --threads 2

Runs the preset's default on one seed and on K seeds, alternating (one, K, one, K, ...)
so both see the same machine load, through the driver headless runs use (`--threads`
series threads, one BLAS thread). Prints each pair and, last, the medians of
time(K seeds) / (K x time(one seed)) in CPU time (what a busy shared machine does not
inflate) and in wall time: at most 1.0 means the K-seed run costs no more than K separate
runs would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(preset: str, dataset: str, k: int, seed: int, threads: int,
          overrides: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds to build and run the preset to the end (report included) on k
    seeds. The CPU time of this process is what a shared machine's load does not inflate."""
    from nntui.core.run import close_run
    from nntui.pipeline.drive import TrainingDriver
    from nntui.presets import get_preset

    p = get_preset(preset)
    config = p.resolve(dataset=dataset, seed=seed, overrides={**overrides, "seeds": str(k)})
    started, cpu = time.perf_counter(), time.process_time()
    run = p.build(config)
    try:
        TrainingDriver(run, threads=threads).loop()
        run.snapshot()
        run.report()
    finally:
        close_run(run)
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", default="dropout")
    ap.add_argument("--dataset", default="digits")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    overrides = dict(s.split("=", 1) for s in args.set)
    walls, cpus = [], []
    for i in range(args.pairs):
        one = timed(args.preset, args.dataset, 1, 100 + i, args.threads, overrides)
        many = timed(args.preset, args.dataset, args.k, 100 + i, args.threads, overrides)
        walls.append(many[0] / (args.k * one[0]))
        cpus.append(many[1] / (args.k * one[1]))
        print(f"pair {i + 1}: one seed {one[0]:.2f} s ({one[1]:.2f} s CPU), {args.k} seeds "
              f"{many[0]:.2f} s ({many[1]:.2f} s CPU): {cpus[-1]:.3f} x {args.k} one-seed "
              f"runs in CPU, {walls[-1]:.3f} in wall time", flush=True)
    print(f"{args.preset} on {args.dataset}, {args.threads} thread(s): {args.k} seeds cost "
          f"{statistics.median(cpus):.3f} x {args.k} one-seed runs in CPU time, "
          f"{statistics.median(walls):.3f} in wall time (medians of {args.pairs} pairs, "
          f"load {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
