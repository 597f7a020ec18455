"""hparam-search wall time: in this process (workers=1) against a Dask LocalCluster.

Runs the same search (digits, first 1000 samples, `--trials` trials of `--epochs` epochs,
6 hidden layers of 100) in process and on a `distributed.LocalCluster` on 127.0.0.1 with
`--workers` worker processes (one thread, one BLAS thread each), checks both give the
same trials, and prints wall seconds (the cluster's start-up excluded, the client and data
scatter included). Wall time, not CPU time: the point is trials running side by side. The
machine is shared and drifts: repeat (`--repeat`) and read the best of each.

Last line: `seconds local=… dask=… speedup=…` (best of the repeats).

    python bench/dask_search.py [--trials 12] [--epochs 10] [--workers 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import distributed

    from nntui.core.dask_pool import DaskPool
    from nntui.core.data import load
    from nntui.core.search import HparamSearch, SearchSettings

    ds = load("digits", train_size=1000, val_fraction=0.2, seed=0)
    settings = SearchSettings(epochs=args.epochs, trials=args.trials,
                              round2_trials=args.trials // 5, lr_log_range=(-4.0, 0.0),
                              workers=1, seed=0)

    def run(search: HparamSearch) -> tuple[float, list[float]]:
        start = time.perf_counter()
        try:
            while not search.done:
                search.step()
        finally:
            search.close()
        seconds = time.perf_counter() - start
        return seconds, [t.val_acc for t in search.snapshot().trials]

    cluster = distributed.LocalCluster(host="127.0.0.1", n_workers=args.workers,
                                       threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    local_s, dask_s = [], []
    try:
        for i in range(args.repeat):
            seconds, local_acc = run(HparamSearch(ds, settings))
            local_s.append(seconds)
            client = distributed.Client(cluster, set_as_default=False)
            seconds, dask_acc = run(HparamSearch(ds, settings,
                                                 lambda data, c=client: DaskPool(c, data)))
            dask_s.append(seconds)
            same = local_acc == dask_acc
            print(f"repeat {i + 1}: local {local_s[-1]:.1f} s, dask ({args.workers} workers) "
                  f"{dask_s[-1]:.1f} s, same trials: {same}", flush=True)
            if not same:
                raise SystemExit("the Dask search gave other results than the local one")
    finally:
        cluster.close()
    best_local, best_dask = min(local_s), min(dask_s)
    print(f"seconds local={best_local:.1f} dask={best_dask:.1f} "
          f"speedup={best_local / best_dask:.2f}")


if __name__ == "__main__":
    main()
