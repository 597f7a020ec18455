"""The book's six ch06 experiments, side by side: the book's own script, then nntui's preset.

For each experiment, in one sitting and alternating (book, nntui, nntui on one thread,
book, ...), this runs

- the book's script, unchanged, under the book's own Python (`bench/book_runner.py`:
  MNIST t10k as both splits, one BLAS thread, prints go to /dev/null);
- `nntui run PRESET --headless --book --dataset mnist --data-dir TMP` (TMP holds the t10k
  files under the t10k and the train names: the same data) at nntui's default threads,
  and with NNTUI_THREADS=1 (hparam-search: `--workers 1` too, since its trials run in
  worker processes);
- optionally an older nntui (`--baseline-nntui`) the same way, for before/after figures
  from the same sitting;

and prints both times and their ratio (never a stored figure: this machine's speed
changes from day to day). It also measures, in the same sitting, the experiment's GEMM
floor: the matrix products alone of the work nntui did (every series' forward, dW and dx
GEMMs of every training step it took, and the forward GEMMs of every row it evaluated
for its accuracy curves and final figures: metrics.csv of the run says which), float32,
one BLAS thread (`bench/gemm_floor.py`), and nntui's one-thread time as a fraction of it.

The book's seconds cover its script (data load, training, evaluation, plotting); nntui's
the whole process (start-up, data load, training, evaluation, charts, results files).
Each is also timed in CPU seconds (user + system): on this shared 2-core machine other
processes stretch wall time far more than CPU time, so the one-thread figures are
compared in CPU seconds too ("per core"), and the GEMM floor is CPU seconds. Medians over
`--repeat` sittings; the 1-minute load average is printed before and after each preset.

    python bench/book_experiments.py [--only batchnorm,optimizer-race] [--repeat 1]
        [--dlfs DIR] [--book-python PY] [--mnist DIR] [--baseline-nntui EXE]

Paths default to the environment: DLFS_DIR (a checkout of oreilly-japan/
deep-learning-from-scratch), BOOK_PY (a Python with numpy and matplotlib), MNIST_DIR (a
folder with t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz).
Last line: a JSON object {"load": [...], "presets": {PRESET: {"book_s", "book_cpu_s",
"floor_cpu_s", "nntui_s", "nntui_1t_s", "nntui_1t_cpu_s", "ratio", "ratio_1t",
"ratio_1t_cpu", "of_floor_1t", ["before": {the same nntui figures}]}}}; of_floor_1t is
floor CPU s / nntui one-thread CPU s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import gemm_floor

HERE = Path(__file__).resolve().parent
SCRIPTS = {
    "dropout": "overfit_dropout.py",
    "weight-decay": "overfit_weight_decay.py",
    "batchnorm": "batch_norm_test.py",
    "optimizer-race": "optimizer_compare_mnist.py",
    "init-compare": "weight_init_compare.py",
    "hparam-search": "hyperparameter_optimization.py",
}
#: Where this project's sandbox keeps them; every one is an option and an env variable.
DEFAULTS = {"DLFS_DIR": "/work/dlfs", "BOOK_PY": "/work/bookvenv/bin/python",
            "MNIST_DIR": "/work/shared/data/mnist"}
IDX = ("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz")


def load() -> float:
    return os.getloadavg()[0]


def data_dir(mnist: Path, into: Path) -> Path:
    """`into` holding the t10k files under their own and the train names (symlinks)."""
    into.mkdir(parents=True, exist_ok=True)
    for stem in IDX:
        src = (mnist / f"t10k-{stem}").resolve()
        if not src.is_file():
            sys.exit(f"book_experiments: {src} not found (--mnist DIR or MNIST_DIR)")
        for split in ("t10k", "train"):
            (into / f"{split}-{stem}").symlink_to(src)
    return into


def run_book(py: str, dlfs: Path, mnist: Path, script: str) -> tuple[float, float]:
    """(wall s, CPU s) of the book's script (bench/book_runner.py times it)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    proc = subprocess.run([py, str(HERE / "book_runner.py"), str(dlfs), str(mnist), script],
                          capture_output=True, text=True, env=env)
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    if proc.returncode != 0 or "seconds=" not in last:
        sys.exit(f"book_experiments: the book's {script} failed:\n{proc.stderr[-2000:]}")
    fields = dict(f.split("=") for f in last.split() if "=" in f)
    return float(fields["seconds"]), float(fields["cpu"])


def run_nntui(exe: list[str], preset: str, data: Path, out: Path, one_thread: bool
              ) -> tuple[float, float]:
    """(wall s, CPU s) of one headless run, the whole process; exits on failure. The CPU
    seconds are the process's own (os.wait4): a search's worker processes are not in it."""
    cmd = [*exe, "run", preset, "--headless", "--book", "--dataset", "mnist",
           "--data-dir", str(data), "--seed", "0", "--out", str(out)]
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", NNTUI_CACHE_DIR=str(out) + "-cache")
    env.pop("NNTUI_THREADS", None)
    if one_thread:
        env["NNTUI_THREADS"] = "1"
        if preset == "hparam-search":  # its trials run in `workers` processes
            cmd += ["--workers", "1"]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"book_experiments: {' '.join(cmd)} exited {proc.returncode}:\n"
                     f"{err.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


# -- the GEMM floor ------------------------------------------------------------------------


@dataclass
class Work:
    """The GEMMs of a run: training steps per (layer widths, batch rows) and inference
    passes per (layer widths, rows)."""

    steps: Counter = field(default_factory=Counter)
    passes: Counter = field(default_factory=Counter)

    def seconds(self) -> float:
        """CPU seconds of all of it (time.process_time)."""
        cpu = time.process_time
        total = 0.0
        for (sizes, batch), n in self.steps.items():
            total += n * gemm_floor.step_seconds(sizes, batch, clock=cpu)
        for (sizes, rows), n in self.passes.items():
            total += n * gemm_floor.eval_seconds(sizes, rows, clock=cpu)
        return total


def train_work(preset: str, data: Path, metrics: Path, summary: Path) -> Work:
    """What a lockstep-training preset's run computed, from its metrics.csv: a row with a
    loss (or a NaN loss: the step that diverged) is a training step; a row with an
    accuracy is an evaluation, on the live subsets, the last one of a series that did not
    diverge on every sample (core.experiment)."""
    from nntui.core.run import close_run
    from nntui.pipeline.request import RunChoices, resolve_run

    req = resolve_run(RunChoices(preset, dataset="mnist", book=True), data_dir=data)
    exp = req.preset.build(req.config, data_dir=data, progress=None)
    try:
        st, ds = exp.settings, exp.dataset
        specs = {s.name: s for s in exp.specs}
    finally:
        close_run(exp)
    n_eval = len(ds.x_train) if st.eval_train_samples is None else min(
        st.eval_train_samples, len(ds.x_train))
    live = (min(n_eval, st.eval_live_train or n_eval)
            + min(len(ds.x_test), st.eval_live_test or len(ds.x_test)))
    full = n_eval + len(ds.x_test)
    diverged = {name for name, s in json.loads(summary.read_text())["series"].items()
                if s["diverged"]}
    steps: Counter = Counter()
    evals: Counter = Counter()
    with metrics.open() as f:
        for row in csv.DictReader(f):
            acc = row["train_acc"] or row["test_acc"]
            if acc:
                evals[row["series"]] += 1
            if row["loss"] or not acc:
                steps[row["series"]] += 1
    work = Work()
    for name, spec in specs.items():
        net = spec.network
        sizes = (net.input_size, *net.hidden_sizes, net.output_size)
        batch = spec.batch_size or st.batch_size
        work.steps[(sizes, batch)] += steps[name]
        finished = name not in diverged
        work.passes[(sizes, live + len(ds.x_val))] += evals[name] - finished
        work.passes[(sizes, full + len(ds.x_val))] += finished
    return work


def search_work(data: Path) -> Work:
    """hparam-search: every trial trains int(epochs x iter/epoch) steps and evaluates the
    validation and training splits after each epoch (core.trial); the chosen setting is
    tested once on the test split."""
    from nntui.core.run import close_run, iterations_per_epoch
    from nntui.pipeline.request import RunChoices, resolve_run

    req = resolve_run(RunChoices("hparam-search", dataset="mnist", book=True), data_dir=data)
    search = req.preset.build(req.config, data_dir=data, progress=None)
    try:
        st, ds = search.settings, search.dataset
    finally:
        close_run(search)
    sizes = (ds.x_train.shape[1], *st.hidden, ds.n_classes)
    per_epoch = iterations_per_epoch(len(ds.x_train), st.batch_size)
    every = max(1, round(per_epoch))
    steps = int(st.epochs * per_epoch)
    work = Work()
    work.steps[(sizes, st.batch_size)] += st.trials * steps
    work.passes[(sizes, len(ds.x_val))] += st.trials * (steps // every)
    work.passes[(sizes, len(ds.x_train))] += st.trials * (steps // every)
    work.passes[(sizes, len(ds.x_test))] += 1
    return work


def floor_seconds(preset: str, data: Path, out: Path) -> float:
    """CPU seconds of the GEMMs of the run whose results are in `out`, on one thread."""
    from threadpoolctl import threadpool_limits

    work = (search_work(data) if preset == "hparam-search" else
            train_work(preset, data, out / "metrics.csv", out / "summary.json"))
    with threadpool_limits(1, user_api="blas"):
        return work.seconds()


# -- the sitting ---------------------------------------------------------------------------


def nntui_exe(path: str | None) -> list[str]:
    if path:
        return [path]
    exe = shutil.which("nntui", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "nntui"]


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def describe(r: dict) -> str:
    """One line of figures (`r` as in the JSON summary)."""
    head = f"book {r['book_s']:6.1f} s (CPU {r['book_cpu_s']:6.1f}) | " if "book_s" in r else ""
    return (f"{head}nntui {r['nntui_s']:5.1f} s = {r['ratio']:4.1f}x | 1 thread "
            f"{r['nntui_1t_s']:5.1f} s = {r['ratio_1t']:4.1f}x (CPU {r['nntui_1t_cpu_s']:5.1f} s "
            f"= {r['ratio_1t_cpu']:4.1f}x), {100 * r['of_floor_1t']:3.0f} % of the GEMM floor")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    ap.add_argument("--only", default="", help="comma-separated presets (default: all six)")
    ap.add_argument("--repeat", type=int, default=1, help="sittings per preset (default 1)")
    ap.add_argument("--dlfs", type=Path, default=Path(env("DLFS_DIR", DEFAULTS["DLFS_DIR"])),
                    help="the book's code (env DLFS_DIR)")
    ap.add_argument("--book-python", default=env("BOOK_PY", DEFAULTS["BOOK_PY"]),
                    help="a Python with numpy and matplotlib for it (env BOOK_PY)")
    ap.add_argument("--mnist", type=Path, default=Path(env("MNIST_DIR", DEFAULTS["MNIST_DIR"])),
                    help="folder with the t10k IDX files (env MNIST_DIR)")
    ap.add_argument("--nntui", default=None, help="nntui executable (default: this venv's)")
    ap.add_argument("--baseline-nntui", default=None,
                    help="an older nntui executable to time alongside (before/after)")
    args = ap.parse_args()
    presets = [p for p in args.only.split(",") if p] or list(SCRIPTS)
    unknown = sorted(set(presets) - set(SCRIPTS))
    if unknown:
        sys.exit(f"book_experiments: unknown preset(s) {unknown}; choose from "
                 f"{', '.join(SCRIPTS)}")
    if not (args.dlfs / "ch06").is_dir():
        sys.exit(f"book_experiments: {args.dlfs}/ch06 not found (--dlfs or DLFS_DIR)")
    variants = {"now": nntui_exe(args.nntui)}
    if args.baseline_nntui:
        variants["before"] = [args.baseline_nntui]
    loads = [round(load(), 2)]
    results: dict[str, dict] = {}
    print(f"load {loads[0]:.2f} (1-min average; 2 cores)", flush=True)
    with tempfile.TemporaryDirectory(prefix="nntui-book-") as tmp:
        data = data_dir(args.mnist, Path(tmp) / "data")
        for preset in presets:
            book: list[tuple[float, float]] = []
            times: dict[tuple[str, bool], list[tuple[float, float]]] = {}
            floors: list[float] = []
            runs = 0
            for r in range(args.repeat):
                book.append(run_book(args.book_python, args.dlfs, args.mnist, SCRIPTS[preset]))
                order = [(v, one) for v in variants for one in (False, True)]
                for v, one in order if r % 2 == 0 else order[::-1]:  # ABBA over sittings
                    runs += 1
                    out = Path(tmp) / f"{preset}-{runs}"
                    times.setdefault((v, one), []).append(
                        run_nntui(variants[v], preset, data, out, one))
                    if v == "now" and one:
                        floors.append(floor_seconds(preset, data, out))
            b, b_cpu = median([w for w, _ in book]), median([c for _, c in book])
            floor = median(floors)
            res = {"book_s": round(b, 2), "book_cpu_s": round(b_cpu, 2),
                   "floor_cpu_s": round(floor, 2)}
            for v in variants:
                w = median([w for w, _ in times[(v, False)]])
                w1 = median([w for w, _ in times[(v, True)]])
                c1 = median([c for _, c in times[(v, True)]])
                fig = {"nntui_s": round(w, 2), "nntui_1t_s": round(w1, 2),
                       "nntui_1t_cpu_s": round(c1, 2), "ratio": round(b / w, 2),
                       "ratio_1t": round(b / w1, 2), "ratio_1t_cpu": round(b_cpu / c1, 2),
                       "of_floor_1t": round(floor / c1, 3)}
                if v == "now":
                    res.update(fig)
                else:
                    res["before"] = fig
            results[preset] = res
            loads.append(round(load(), 2))
            print(f"{preset:14s} {describe(res)}", flush=True)
            if "before" in res:
                print(f"{'  before':14s} {describe(res['before'])}", flush=True)
            print(f"{'':14s} GEMM floor {floor:.1f} CPU s [load {loads[-1]:.2f}]", flush=True)
    print(json.dumps({"load": loads, "presets": results}, separators=(",", ":")))


if __name__ == "__main__":
    main()
