"""`nntui runs` on a history of 1 000 runs: wall time of the whole command.

A temporary history (NNTUI_RUNS_DIR) is filled with N run folders made by copying one real
finished run (a short optimizer race: config.json, metrics.csv, summary.json, report.json,
replay.npz, run.json) under fresh ids and start times, so the list reads N real records.
Then ``nntui runs`` (the console script next to this Python, else on PATH; output to a
pipe, as wide as it is) runs in a fresh process each time after one untimed warm-up, and
``nntui runs --all`` once more the same way (every row formatted, not only the newest 30);
``nntui runs path`` (the same start-up, no run read) is the baseline, measured alternately
with the list in one sitting. ``work_ms``: the list's own work in this process (read
every record, format the newest 30), median of the repeats. Bytecode goes to a private
temporary cache, as an installed package has its own.

Last line: ``runs=<N> list_ms=<median> list_all_ms=<median> path_ms=<median>
work_ms=<median> target_ms=300``.

    python bench/runs_list.py [--runs 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 300


def nntui_script() -> str:
    here = Path(sys.executable).with_name("nntui")
    found = str(here) if here.exists() else shutil.which("nntui")
    if found is None:
        sys.exit("no `nntui` script next to this Python or on PATH")
    return found


def fill(root: Path, n: int) -> None:
    """``n`` copies of one real run in ``root`` (ids and start times of their own)."""
    os.environ["NNTUI_RUNS_DIR"] = str(root / "seed")
    from nntui.headless.run import run_headless

    code = run_headless("optimizer-race", overrides={"iterations": "60"},
                        stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    (template,) = [p for p in (root / "seed").iterdir() if p.is_dir()]
    record = json.loads((template / "run.json").read_text())
    history = root / "runs"
    history.mkdir()
    start = time.time() - n * 60
    for i in range(n):
        rid = f"{i:08x}"
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(start + 60 * i))
        folder = history / f"{stamp}-{rid}"
        shutil.copytree(template, folder)
        (folder / ".lock").touch()
        record.update(id=rid, started=start + 60 * i, ended=start + 60 * i + 5,
                      changed={"lr_sgd": f"{0.01 * (1 + i % 7):g}"})
        (folder / "run.json").write_text(json.dumps(record))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    took = (time.perf_counter() - began) * 1000
    if done.returncode != 0:
        sys.exit(done.stderr.decode())
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    script = nntui_script()
    with tempfile.TemporaryDirectory(prefix="nntui-bench-runs-") as tmp:
        root = Path(tmp)
        fill(root, args.runs)
        env = {**os.environ, "NNTUI_RUNS_DIR": str(root / "runs"),
               "PYTHONPYCACHEPREFIX": str(root / "pycache"), "OPENBLAS_NUM_THREADS": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {"list_ms": ["runs"], "list_all_ms": ["runs", "--all"],
                    "path_ms": ["runs", "path"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():
            timed([script, *cmd], env)  # warm-up: bytecode, disk cache
        for _ in range(args.repeat):  # alternated: A B C A B C ...
            for name, cmd in commands.items():
                times[name].append(timed([script, *cmd], env))
        os.environ["NNTUI_RUNS_DIR"] = env["NNTUI_RUNS_DIR"]
        times["work_ms"] = [own_work() for _ in range(args.repeat)]
        for name, ts in times.items():
            print(f"{name}: " + " ".join(f"{t:.0f}" for t in ts))
        med = {name: statistics.median(ts) for name, ts in times.items()}
        print(f"runs={args.runs} " + " ".join(f"{k}={v:.0f}" for k, v in med.items())
              + f" target_ms={TARGET_MS}")


def own_work() -> float:
    """ms to read every record and format the newest 30 rows, in this process."""
    from nntui.runs import listing
    from nntui.runs.history import records, short_ids

    began = time.perf_counter()
    found = records()
    shorts = short_ids(r.id for r in found)
    listing.fit([listing.header(), *(listing.row(r, shorts[r.id]) for r in found[:30])],
                None)
    return (time.perf_counter() - began) * 1000


if __name__ == "__main__":
    main()
