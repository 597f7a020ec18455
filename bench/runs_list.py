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

With ``--base DIR`` (a checkout of another version's ``nntui`` package, e.g. ``git
archive main nntui | tar -x -C DIR``) the same list runs paired instead: that version (A)
and this one (B), alternately A B A B, each as ``python -c`` importing ``nntui`` from its
own folder (the same interpreter and packages, so only the code differs); for each, the
wall time and the user+sys CPU time of the whole process (CPU time moves less with the
other processes of a busy machine), and B once more with the history's index removed
before each run (``cold``: the index is rebuilt as the list is made).

Last line: ``runs=<N> list_ms=<median> list_all_ms=<median> path_ms=<median>
work_ms=<median> target_ms=300``; with ``--base``: ``runs=<N> a_ms=<median>
b_ms=<median> a_cpu_ms=<median> b_cpu_ms=<median> b_cold_ms=<median> target_ms=300``.

    python bench/runs_list.py [--runs 1000] [--repeat 5] [--base DIR]
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
    return timed_cpu(cmd, env)[0]


def timed_cpu(cmd: list[str], env: dict[str, str], cwd: str | None = None
              ) -> tuple[float, float]:
    """(wall ms, user+sys CPU ms) of one process running ``cmd``."""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = (time.perf_counter() - began) * 1000
    err = proc.stderr.read() if proc.stderr else b""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(err.decode())
    return took, (usage.ru_utime + usage.ru_stime) * 1000


#: Runs `nntui` from the folder given first (sys.argv[1]), not from the installed one.
RUNNER = """
import sys
tree = sys.argv.pop(1)
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in repr(f)]
sys.path.insert(0, tree)
sys.argv[0] = "nntui"
from nntui.entry import main
main()
"""


def paired(root: Path, env: dict[str, str], base: Path, n: int, repeat: int) -> None:
    """A (``base``) and B (this checkout) alternately; B cold (module doc)."""
    here = Path(__file__).resolve().parents[1]
    arms = {"a": str(base), "b": str(here)}
    cmd = {k: [sys.executable, "-c", RUNNER, tree, "runs"] for k, tree in arms.items()}
    index = root / "runs" / "index.json"
    for k in arms:
        timed_cpu(cmd[k], env, cwd=str(root))  # warm-up: bytecode, disk cache, the index
    wall: dict[str, list[float]] = {"a": [], "b": [], "b_cold": []}
    cpu: dict[str, list[float]] = {"a": [], "b": [], "b_cold": []}
    for _ in range(repeat):
        for k in ("a", "b"):
            w, c = timed_cpu(cmd[k], env, cwd=str(root))
            wall[k].append(w)
            cpu[k].append(c)
        index.unlink(missing_ok=True)
        w, c = timed_cpu(cmd["b"], env, cwd=str(root))
        wall["b_cold"].append(w)
        cpu["b_cold"].append(c)
    for k in wall:
        print(f"{k} wall: " + " ".join(f"{t:.0f}" for t in wall[k]))
        print(f"{k} cpu:  " + " ".join(f"{t:.0f}" for t in cpu[k]))
    med = statistics.median
    print(f"runs={n} a_ms={med(wall['a']):.0f} "
          f"b_ms={med(wall['b']):.0f} a_cpu_ms={med(cpu['a']):.0f} "
          f"b_cpu_ms={med(cpu['b']):.0f} b_cold_ms={med(wall['b_cold']):.0f} "
          f"target_ms={TARGET_MS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", type=Path, default=None,
                        help="another version's nntui checkout: paired A/B (module doc)")
    args = parser.parse_args()
    script = nntui_script()
    with tempfile.TemporaryDirectory(prefix="nntui-bench-runs-") as tmp:
        root = Path(tmp)
        fill(root, args.runs)
        env = {**os.environ, "NNTUI_RUNS_DIR": str(root / "runs"),
               "PYTHONPYCACHEPREFIX": str(root / "pycache"), "OPENBLAS_NUM_THREADS": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.base is not None:
            paired(root, env, args.base.resolve(), args.runs, args.repeat)
            return
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
