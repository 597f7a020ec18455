"""The book's six ch06 experiments end to end, nntui against the book's own scripts.

Each preset runs as `nntui run PRESET --headless --dataset mnist --data-dir TMP` in a
subprocess (import, data load, training, evaluation, charts: the whole experiment), with the
book's setting (REFERENCE.md). TMP holds the MNIST test files (`--mnist`, default
/work/shared/data/mnist) under both the t10k and the train names: t10k as both splits, as
REFERENCE.md's "The book's scripts end to end" measured the book's scripts.

Per run it measures wall seconds and CPU seconds: user + system of the process and of
every process under it (hparam-search's workers are children of a forkserver that nobody
reaps before exit, so /proc is polled every 0.2 s as well and the larger figure is kept;
a worker's last <0.2 s can be missed). The machine drifts ±30 %:
repeat (`--repeat`) and compare within one session.

Output: one line per preset (wall range, CPU range, book seconds, speed-up of the best and
the worst wall time), then the last line
`seconds dropout=… weight-decay=… batchnorm=… optimizer-race=… init-compare=… hparam-search=…`
(median wall seconds).

    python bench/book_experiments.py [--repeat 2] [--only dropout,batchnorm] [--mnist DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

#: REFERENCE.md, "The book's scripts end to end": seconds of the book's own scripts.
BOOK_SECONDS = {
    "dropout": 62.8,
    "weight-decay": 32.4,
    "batchnorm": 45.1,
    "optimizer-race": 51.1,
    "init-compare": 40.2,
    "hparam-search": 170.7,
}
TARGET_SPEEDUP = 4.0

#: The book's setting of each preset (REFERENCE.md table), passed explicitly with --set.
#: When `nntui run --book` exists, set USE_BOOK_FLAG = True: the one place to switch.
USE_BOOK_FLAG = True
BOOK_SETTINGS: dict[str, dict[str, str]] = {
    "dropout": {
        "train_size": "300", "hidden": "100,100,100,100,100,100", "batch_size": "100",
        "epochs": "301", "lr": "0.01", "dropout": "0.2",
    },
    "weight-decay": {
        "train_size": "300", "hidden": "100,100,100,100,100,100", "batch_size": "100",
        "epochs": "201", "lr": "0.01", "weight_decay": "0.1",
    },
    "batchnorm": {
        "train_size": "1000", "hidden": "100,100,100,100,100", "batch_size": "100",
        "epochs": "20", "lr": "0.01",
    },
    "optimizer-race": {
        "hidden": "100,100,100,100", "batch_size": "128", "iterations": "2000",
        "lr_sgd": "0.01", "lr_momentum": "0.01", "lr_adagrad": "0.01", "lr_adam": "0.001",
        "lr_rmsprop": "0.01", "momentum": "0.9", "decay_rate": "0.99",
    },
    "init-compare": {
        "hidden": "100,100,100,100", "batch_size": "128", "iterations": "2000", "lr": "0.01",
        "small_std": "0.01",
    },
    "hparam-search": {
        "train_size": "500", "val_fraction": "0.2", "hidden": "100,100,100,100,100,100",
        "batch_size": "100", "epochs": "50", "trials": "100", "lr_log_min": "-6",
        "lr_log_max": "-2", "wd_log_min": "-8", "wd_log_max": "-4",
    },
}

IDX = ("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz")


def book_args(preset: str) -> list[str]:
    """The command-line arguments that select the book's setting of `preset`."""
    if USE_BOOK_FLAG:
        return ["--book"]
    args: list[str] = []
    for key, value in BOOK_SETTINGS[preset].items():
        args += ["--set", f"{key}={value}"]
    return args


def data_dir(mnist: Path, into: Path) -> Path:
    """`into` with the t10k files under their own and the train names (symlinks)."""
    into.mkdir(parents=True, exist_ok=True)
    for stem in IDX:
        src = (mnist / f"t10k-{stem}").resolve()
        if not src.is_file():
            sys.exit(f"book_experiments: {src} not found (--mnist DIR)")
        for split in ("t10k", "train"):
            (into / f"{split}-{stem}").symlink_to(src)
    return into


def nntui_cmd() -> list[str]:
    exe = shutil.which("nntui", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "nntui"]


def _tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of `root` and every process below it, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid -> (ppid, cpu s)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After "(comm)": state ppid ... utime(12) stime(13), counted from state = 0.
        stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return {pid: stats[pid][1] for pid in tree if pid in stats}


def _poll_cpu(proc: subprocess.Popen, seen: dict[int, float]) -> None:
    while proc.poll() is None:
        for pid, cpu in _tree_cpu(proc.pid).items():
            seen[pid] = max(cpu, seen.get(pid, 0.0))
        time.sleep(0.2)


def run_once(preset: str, data: Path, out: Path) -> tuple[float, float, str]:
    """(wall s, CPU s, last output line) of one headless run; exits on failure."""
    cmd = [*nntui_cmd(), "run", preset, "--headless", "--dataset", "mnist",
           "--data-dir", str(data), "--seed", "0", "--out", str(out), *book_args(preset)]
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, text=True, env=env)
        seen: dict[int, float] = {}
        poller = threading.Thread(target=_poll_cpu, args=(proc, seen), daemon=True)
        poller.start()
        code = proc.wait()
        wall = time.perf_counter() - started
        poller.join()
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The reaped tree (exact) or the polled one (sees unreaped grandchildren), whichever
    # saw more.
    cpu = max(cpu, sum(seen.values()))
    if code != 0:
        sys.exit(f"book_experiments: {preset} exited {code}:\n{stderr}")
    lines = [ln for ln in stdout.splitlines() if ln.strip()]
    # The held-out test accuracy line (before "results: DIR"), cut to one screen line.
    return wall, cpu, (lines[-2] if len(lines) > 1 else "")[:150]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="runs per preset (default 2)")
    ap.add_argument("--only", default="", help="comma-separated presets (default: all six)")
    ap.add_argument("--mnist", type=Path, default=Path("/work/shared/data/mnist"))
    ap.add_argument("--verbose", action="store_true", help="print each run's summary line")
    args = ap.parse_args()
    presets = [p for p in args.only.split(",") if p] or list(BOOK_SETTINGS)
    unknown = sorted(set(presets) - set(BOOK_SETTINGS))
    if unknown:
        sys.exit(f"book_experiments: unknown preset(s) {unknown}; choose from "
                 f"{', '.join(BOOK_SETTINGS)}")
    medians: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="nntui-book-") as tmp:
        data = data_dir(args.mnist, Path(tmp) / "data")
        for preset in presets:
            walls, cpus = [], []
            for r in range(args.repeat):
                wall, cpu, last = run_once(preset, data, Path(tmp) / f"{preset}-{r}")
                walls.append(wall)
                cpus.append(cpu)
                if args.verbose:
                    print(f"  {preset} run {r}: {wall:.1f} s wall, {cpu:.1f} s CPU  {last}",
                          flush=True)
            book = BOOK_SECONDS[preset]
            medians[preset] = statistics.median(walls)
            print(
                f"{preset:15s} wall {min(walls):6.1f}–{max(walls):6.1f} s  "
                f"CPU {min(cpus):6.1f}–{max(cpus):6.1f} s  book {book:6.1f} s  "
                f"speed-up {book / max(walls):4.1f}–{book / min(walls):4.1f}×  "
                f"(target ≤ {book / TARGET_SPEEDUP:.1f} s)",
                flush=True,
            )
    print("seconds " + " ".join(f"{p}={medians[p]:.1f}" for p in presets))


if __name__ == "__main__":
    main()
