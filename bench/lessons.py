"""Every preset's claims (`Preset.claims`) on seeds nothing was tuned or tested on.

    python bench/lessons.py                       # every claim x offered dataset, 20 seeds
    python bench/lessons.py --only dropout,weight-decay --datasets digits --seeds 5
    python bench/lessons.py --tuning --only dropout --set epochs=100 -v   # while tuning

A claim *holds* on a run when the mean effect over the run's seeds (the preset's default
K, `seeds`) passes its bound (`nntui.presets.claims.judge`); each row prints on how many
of the runs it held, the median effect and the size the Look-for states. The last line
says how many rows held on at least 18 of 20.

Seeds (base seeds; a run with K seeds uses base .. base+K-1, and K <= 20, so every range
below is disjoint from the others):
  tests (tests/presets/test_lessons*.py):   bases < 100
  tuning (--tuning, what defaults were chosen on):  100, 120, 140, ... (< 1000)
  proof (the default):                       1000, 1020, ..., 1380
  recheck (--recheck): a claim restated after it failed on the proof seeds is proved
    again on these, which nothing else uses:  2000, 2020, ..., 2380

Datasets: digits (bundled); mnist from the real t10k files (--mnist DIR): the first 5 000
images are the training pool (a preset's `train_size` takes its first N, further seeds a
seeded choice of N from the pool), the last 5 000 test; fashion-mnist (60 000 / 10 000)
from --data-dir (Debian's dataset-fashion-mnist). Runs are spread over --jobs processes,
each on one BLAS thread. Live evaluations do not change what a run trains (they use no
random numbers), so runs without early stopping evaluate at the end only: the same
finals, a few times faster.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROOF_BASES = tuple(1000 + 20 * i for i in range(20))
TUNING_BASES = tuple(100 + 20 * i for i in range(45))
RECHECK_BASES = tuple(2000 + 20 * i for i in range(20))
DATASETS = ("digits", "mnist", "fashion-mnist", "spiral", "moons", "circles", "xor")
MNIST_POOL = 5000
NEEDED = 18  # of 20: a claim that holds on fewer is not the lesson


@dataclass(frozen=True)
class Job:
    preset: str
    dataset: str
    base: int
    overrides: tuple[tuple[str, str], ...]
    book: bool
    mnist: str
    fashion: str


@dataclass(frozen=True)
class Outcome:
    job: Job
    seconds: float
    #: per claim index: (mean effect, holds, wins, K, each seed's effect)
    claims: tuple[tuple[float, bool, int, int, tuple[float, ...]], ...]
    #: per series: (test acc, gap, final loss) on the run's mean, for -v
    series: tuple[tuple[str, float, float, float], ...]


def _mnist_pool(folder: str):
    from nntui.core.data import Dataset
    from nntui.core.data.idx import load_image_label_pair

    d = Path(folder)
    images, labels = load_image_label_pair(d / "t10k-images-idx3-ubyte.gz",
                                           d / "t10k-labels-idx1-ubyte.gz",
                                           image_hw=(28, 28), n_classes=10)
    x = images.reshape(len(images), -1).astype("float32") / 255.0
    t = labels.astype("int64")
    p = MNIST_POOL
    return Dataset("mnist", x[:p], t[:p], x[:0], t[:0], x[p:], t[p:], (28, 28),
                   tuple(str(i) for i in range(10)))


def build(job: Job):
    """The run `nntui run PRESET --dataset D --seed BASE` builds (t10k for mnist)."""
    from nntui.core.data.subsets import draw_seeds
    from nntui.presets import get_preset
    from nntui.presets.kinds.search import make_search
    from nntui.presets.kinds.train import TrainBuilder, seed_list

    preset = get_preset(job.preset)
    overrides = dict(job.overrides)
    if job.preset == "hparam-search":
        overrides.setdefault("workers", "1")  # the bench's processes are the parallelism
    config = preset.resolve(dataset=job.dataset, seed=job.base, overrides=overrides,
                            book=job.book)
    if job.dataset == "fashion-mnist":
        run = preset.build(config, data_dir=Path(job.fashion))
    elif job.dataset != "mnist":
        run = preset.build(config)
    else:
        pool = _mnist_pool(job.mnist)
        size = config.get("train_size")
        if job.preset == "hparam-search":
            (data,) = draw_seeds(pool, int(size), [job.base], float(config["val_fraction"]))
            return preset, config, make_search(config, data)
        builder = preset.builder
        assert isinstance(builder, TrainBuilder)
        data = draw_seeds(pool, int(size) if size is not None else None, seed_list(config),
                          builder.val_share(config))
        run = builder.make_seeds(config, data)
    return preset, config, run


def _evaluate_at_end(run) -> None:
    """Live evaluations only at the end (see the module docstring), unless a series stops
    early (it decides on every evaluation)."""
    from nntui.core.experiment import Experiment

    for exp in getattr(run, "runs", (run,)):
        if not isinstance(exp, Experiment) or any(s.spec.early_stopping for s in exp._series):
            continue
        exp.settings = replace(exp.settings, eval_every=exp.total, live_histograms=False)


def run_job(job: Job) -> Outcome:
    from nntui.core.blas import limit_blas_threads
    from nntui.core.run import close_run
    from nntui.presets.claims import judge

    started = time.perf_counter()
    with limit_blas_threads(1):
        preset, config, run = build(job)
        _evaluate_at_end(run)
        try:
            while not run.done:
                run.step()
            snap, report = run.snapshot(), run.report()
        finally:
            close_run(run)
    classes = 3 if job.dataset == "spiral" else 2 if job.dataset in ("moons", "circles",
                                                                      "xor") else 10
    results = []
    for claim in preset.claims_for(job.dataset, book=job.book):
        r = judge(claim, snap, report, dataset=job.dataset, classes=classes)
        results.append((r.effect, r.holds, r.won, r.k, r.effects))
    tested = {r.name: r.test_acc for r in report.series} if report else {}
    series = tuple((s.name, tested.get(s.name, s.last_test_acc),
                    s.last_train_acc - tested.get(s.name, s.last_test_acc), s.final_loss())
                   for s in snap.series[:8])
    return Outcome(job, time.perf_counter() - started, tuple(results), series)


def _fmt(x: float) -> str:
    return f"{x:+.4f}" if abs(x) < 10 else f"{x:+.3g}"


def table(done: dict[tuple[str, str], list[Outcome]], names: list[str], *,
          book: bool) -> tuple[list[str], int]:
    """Print one row per claim x dataset (held k/n, median effect, ...); return the rows
    and how many held on at least NEEDED/20 of their runs."""
    from nntui.presets import PRESETS
    from nntui.presets.claims import METRICS

    rows, good = [], 0
    head = (f"{'preset':<24}{'dataset':<14}{'claim':<52}{'held':>7}{'median':>10}"
            f"{'sd':>8}{'stated':>9}{'bound':>9}{'wins':>8}{'s/run':>7}")
    for (name, ds), outs in sorted(done.items(), key=lambda kv: (names.index(kv[0][0]),
                                                                 DATASETS.index(kv[0][1]))):
        preset = PRESETS[name]
        for i, claim in enumerate(preset.claims_for(ds, book=book)):
            effects = [o.claims[i][0] for o in outs]
            held = sum(o.claims[i][1] for o in outs)
            wins = sum(o.claims[i][2] for o in outs)
            seeds = sum(o.claims[i][3] for o in outs)
            vs = f" vs {claim.baseline}" if claim.baseline else ""
            what = f"{claim.technique}{vs}: {METRICS[claim.metric]}"[:50]
            stated = "" if claim.stated is None else f"{claim.stated:g}"
            ok = held >= round(NEEDED / 20 * len(outs))
            good += ok
            rows.append(
                f"{name:<24}{ds:<14}{what:<52}{held:>4}/{len(outs):<2}"
                f"{_fmt(statistics.median(effects)):>10}"
                f"{statistics.pstdev(effects) if len(effects) > 1 else 0.0:>8.4f}{stated:>9}"
                f"{claim.bound_for(ds):>9g}{wins:>4}/{seeds:<3}"
                f"{statistics.median(o.seconds for o in outs):>6.1f}" + ("" if ok else "  FAIL"))
    print(head)
    print("\n".join(rows))
    return rows, good


def claim_ids(job: Job) -> list[str]:
    """What each of the job's claims measures ("technique|metric|better|baseline"): a
    record is judged again only by the claims it measured (a restated claim with the same
    count but another direction or series must not take an old record's effects)."""
    from nntui.presets import PRESETS

    return [f"{c.technique}|{c.metric}|{c.better}|{c.baseline}"
            for c in PRESETS[job.preset].claims_for(job.dataset, book=job.book)]


def from_records(files: list[Path], bases: tuple[int, ...], names: list[str] | None,
                 book: bool) -> dict[tuple[str, str], list[Outcome]]:
    """The outcomes kept by --record in `files` (JSON lines), for `bases` only; a run
    recorded twice (same preset, dataset, base, book) counts once, the later record.

    Each claim is judged anew against today's bound (`Claim.passes`), so a bound restated
    after a run was recorded is what the table checks; a record trained on another number
    of seeds than the preset's K today measured another mean and is left out (counted in
    the `stale` line), as is one recorded with "claim_ids" other than today's (records
    from before those were kept are matched by their number of claims only)."""
    from nntui.presets import PRESETS

    latest: dict[tuple[str, str, int], Outcome] = {}
    stale = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if (r["base"] not in bases or bool(r.get("book")) != book
                    or r["preset"] not in PRESETS or (names and r["preset"] not in names)):
                continue
            preset, ds = PRESETS[r["preset"]], r["dataset"]
            k = int(preset.resolve(dataset=ds, seed=r["base"], book=book).get("seeds", 1))
            today = preset.claims_for(ds, book=book)
            job = Job(r["preset"], ds, r["base"], (), book, "", "")
            if (len(r["claims"]) != len(today) or any(int(c[3]) != k for c in r["claims"])
                    or r.get("claim_ids", claim_ids(job)) != claim_ids(job)):
                stale += 1
                continue
            claims = tuple((float(c[0]), claim.passes(float(c[0]), ds), int(c[2]), int(c[3]),
                            tuple(c[4])) for c, claim in zip(r["claims"], today))
            latest[(r["preset"], ds, r["base"])] = Outcome(job, float(r["seconds"]), claims, ())
    if stale:
        print(f"{stale} recorded runs left out: trained on another number of seeds or "
              "claims than the preset has today")
    done: dict[tuple[str, str], list[Outcome]] = {}
    for (name, ds, _base), o in sorted(latest.items()):
        done.setdefault((name, ds), []).append(o)
    return done


def main(argv: list[str] | None = None) -> int:
    from nntui.presets import PRESETS

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated presets (default: all with "
                    "claims)")
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--seeds", type=int, default=20, help="runs per claim and dataset")
    ap.add_argument("--jobs", type=int, default=2, help="processes")
    ap.add_argument("--tuning", action="store_true", help="tuning seeds, not proof seeds")
    ap.add_argument("--recheck", action="store_true",
                    help="the recheck seeds: for a claim restated after the proof")
    ap.add_argument("--first", type=int, default=0, help="skip this many bases")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--book", action="store_true", help="the book's setting and claims")
    ap.add_argument("--mnist", default=os.environ.get("NNTUI_TEST_MNIST_DIR",
                                                       "/work/shared/data/mnist"))
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist",
                    help="Fashion-MNIST IDX files")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    ap.add_argument("--record", type=Path, help="append every run (JSON lines) to this file")
    ap.add_argument("--from", dest="records", type=Path, nargs="+", metavar="FILE",
                    help="train nothing: the table of the runs kept in these --record files "
                    "(the proof, --recheck or --tuning bases; --only, --book apply)")
    args = ap.parse_args(argv)

    names = [n for n in args.only.split(",") if n] or [n for n, p in PRESETS.items()
                                                       if p.claims]
    kind = "tuning" if args.tuning else "recheck" if args.recheck else "proof"
    all_bases = {"tuning": TUNING_BASES, "recheck": RECHECK_BASES, "proof": PROOF_BASES}[kind]
    bases = all_bases[args.first:args.first + args.seeds]
    if args.records:
        done = from_records(args.records, bases, [n for n in args.only.split(",") if n],
                            args.book)
        order = [n for n in PRESETS if any(k[0] == n for k in done)]
        rows, good = table(done, order, book=args.book)
        print(f"claims held on >= {NEEDED}/20 of their runs: {good} of {len(rows)} "
              f"({sum(len(v) for v in done.values())} recorded runs, {kind} bases)")
        return 0 if good == len(rows) else 1
    overrides = tuple(tuple(s.split("=", 1)) for s in args.set)
    jobs = [Job(n, ds, b, overrides, args.book, args.mnist, args.data_dir)  # type: ignore[arg-type]
            for n in names for ds in args.datasets.split(",")
            if ds in PRESETS[n].datasets and PRESETS[n].claims_for(ds, book=args.book)
            and (not args.book or PRESETS[n].book_differs(ds))
            for b in bases]
    # The slowest first (the real image sets, then digits, then the 2-D sets), so the
    # processes finish together instead of one trailing on a long run.
    jobs.sort(key=lambda j: ("fashion-mnist", "mnist", "digits").index(j.dataset)
              if j.dataset in ("fashion-mnist", "mnist", "digits") else 3)
    print(f"{len(jobs)} runs ({kind} bases "
          f"{bases[0]}..{bases[-1]}), {args.jobs} processes", flush=True)
    done: dict[tuple[str, str], list[Outcome]] = {}
    started = time.perf_counter()
    cpu = 0.0
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_job, j) for j in jobs]
        for f in as_completed(futures):
            o = f.result()
            cpu += o.seconds
            done.setdefault((o.job.preset, o.job.dataset), []).append(o)
            if args.record is not None:
                with args.record.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"preset": o.job.preset, "dataset": o.job.dataset,
                                         "base": o.job.base, "book": o.job.book,
                                         "seconds": round(o.seconds, 2),
                                         "claims": o.claims,
                                         "claim_ids": claim_ids(o.job)}) + "\n")
            if args.verbose:
                cells = "  ".join(f"{e:+.3f}{'' if h else '!'}({w}/{k})"
                                  for e, h, w, k, _each in o.claims)
                if o.claims and o.claims[0][3] > 1:  # the first claim's effect on each seed
                    cells += "  [" + " ".join(f"{x:+.3f}" for x in o.claims[0][4]) + "]"
                ser = "  ".join(f"{n} {t:.3f}/{g:.3f}" for n, t, g, _l in o.series)
                print(f"  {o.job.preset} {o.job.dataset} {o.job.base}: {cells}   [{ser}] "
                      f"{o.seconds:.0f}s", flush=True)
    rows, good = table(done, names, book=args.book)
    wall = time.perf_counter() - started
    print(f"claims held on >= {NEEDED}/20 of their runs: {good} of {len(rows)}; "
          f"{len(jobs)} runs, {cpu:.0f} s of run time, {wall:.0f} s wall, "
          f"load {os.getloadavg()[0]:.1f}")
    return 0 if good == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
