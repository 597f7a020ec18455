"""The disconnect matrix: lose nntui's terminal every way we know, at every moment, and
check that nothing is left behind.

Each try starts the installed ``nntui run optimizer-race --set iterations=100000 --out DIR``
in a terminal (`terminal_rigs`: our own pty, a private tmux server, ssh through a private
sshd on 127.0.0.1), waits for a moment, takes the terminal away, and measures:

- left: processes carrying the try's tag (nntui and everything it started) still running
  2 s after the cut (then killed, so the next try starts clean);
- exit_s: seconds from the cut until nntui exited (its exit code is read even when its
  parent, tmux or sshd, died first: this process is a child subreaper);
- code: nntui's exit code; expected 129 (a lost terminal is a hangup), or 0 when `q` had
  been pressed (mid-quit: the quit may also lose the race to the hangup: 0 or 129);
- results: config.json, metrics.csv and summary.json in DIR, each complete.

Moments: ``startup`` (right after the dashboard's first paint), ``mid-run`` (the iteration
counter has moved), ``paused`` (space, then 0.5 s of a still screen: no write can fail),
``mid-quit`` (``q`` sent, then the cut at once), ``mid-export`` (``e`` sent, then the cut
at once). With ``--load 2`` (default) two busy processes share the cores.

The table gives per (case, moment): tries ok, processes left, median and max exit seconds,
exit codes, complete results; then the load average seen at the cuts. Last line:
``tries=<n> failed=<f> left=<processes> max_exit_s=<s> load=<1-min average>``.
Exit code 1 when any try failed, 2 when a rig is missing (tmux, sshd).

    python bench/disconnect.py [--tries 10] [--cases close,tmux-kill-9] [--moments startup]
                               [--load 2] [--sample] [--json] [--minutes M]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from survivors import alive, kill_all, kill_survivors  # noqa: E402
from terminal_rigs import (  # noqa: E402
    TAG_VAR,
    PtyRig,
    Reaper,
    Rig,
    Sshd,
    SshRig,
    TmuxRig,
    become_subreaper,
    main_pid,
    nntui_path,
    tagged,
    zombie_code,
)

#: case name -> (rig kind, how the terminal is taken away)
CASES: dict[str, tuple[str, str]] = {
    "sighup": ("pty", "sighup"),
    "pty-closed": ("pty", "close"),
    "pty-revoked": ("pty", "revoke"),
    "eio-no-signal": ("pty", "eio"),
    "epipe": ("pty", "epipe"),
    "ssh-client-killed": ("ssh", "client"),
    "sshd-session-killed": ("ssh", "session"),
    "tmux-kill-server": ("tmux", "kill-server"),
    "tmux-kill-9": ("tmux", "kill-9"),
}
MOMENTS = ("startup", "mid-run", "paused", "mid-quit", "mid-export")
#: The cheap sample the test suite runs (one try each).
SAMPLE = [("pty-closed", "startup"), ("eio-no-signal", "paused"), ("epipe", "mid-quit"),
          ("tmux-kill-9", "startup"), ("tmux-kill-server", "mid-quit"),
          ("ssh-client-killed", "mid-export")]
LEFT_AFTER_S = 2.0
EXIT_LIMIT_S = 2.0
GIVE_UP_S = 8.0
TITLE = "Optimizer race"
_IT = re.compile(r"it ([\d,]+)/")


@dataclass
class Try:
    case: str
    moment: str
    code: int | None = None
    exit_s: float | None = None
    left: int = 0
    results: bool = False
    load: float = 0.0  # the machine's 1-min load average at the cut
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def iteration(text: str) -> int:
    found = _IT.findall(text)
    return int(found[-1].replace(",", "")) if found else -1


def wait_screen(rig: Rig, cond, timeout: float, what: str) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        rig.pump(0.02)
        text = rig.screen()
        if cond(text):
            return text
        if time.monotonic() > deadline:
            raise TimeoutError(f"never saw {what}; screen tail: {text[-300:]!r}")


def reach(rig: Rig, moment: str) -> None:
    wait_screen(rig, lambda s: TITLE in s, 60, "the dashboard")
    if moment == "startup":
        return
    first = iteration(wait_screen(rig, lambda s: iteration(s) > 0, 60, "a counter"))
    wait_screen(rig, lambda s: iteration(s) > first, 30, "the counter advance")
    if moment == "mid-quit":
        rig.send("q")
    elif moment == "mid-export":
        rig.send("e")
    elif moment == "paused":  # a still screen: nothing is written that could fail
        rig.send(" ")
        wait_screen(rig, lambda s: "paused" in s, 30, "the paused status")
        rig.pump(0.5)


def check_results(out: Path) -> str | None:
    """None when config.json, metrics.csv and summary.json are there and complete."""
    try:
        json.loads((out / "config.json").read_text())
        rows = list(csv.reader((out / "metrics.csv").read_text().splitlines()))
        summary = json.loads((out / "summary.json").read_text())
    except (OSError, ValueError) as exc:
        return f"results: {type(exc).__name__}"
    if not rows or rows[0][0] != "series" or "series" not in summary:
        return "results: malformed"
    return None


def one_try(case: str, moment: str, sshd: Sshd | None, reaper: Reaper, work: Path,
            exit_limit: float = EXIT_LIMIT_S) -> Try:
    kind, how = CASES[case]
    rig: Rig = (PtyRig(how) if kind == "pty" else TmuxRig(how) if kind == "tmux"
                else SshRig(how, sshd))  # type: ignore[arg-type]
    tag = uuid.uuid4().hex[:12]
    folder = work / tag
    folder.mkdir()
    out = folder / "out"
    env = {**os.environ, TAG_VAR: tag, "LANG": "C.UTF-8", "TERM": "xterm-256color",
           "OPENBLAS_NUM_THREADS": "1", "NNTUI_CACHE_DIR": str(folder / "cache")}
    argv = [nntui_path(), "run", "optimizer-race", "--seed", "0",
            "--set", "iterations=100000", "--out", str(out)]
    result = Try(case, moment)
    try:
        rig.start(argv, env)
        reach(rig, moment)
        pid = main_pid(tag)
        if pid is None:
            result.problems.append("nntui not found before the cut")
            return result
        result.load = round(os.getloadavg()[0], 2)
        cut = time.monotonic()
        rig.cut()
        while time.monotonic() - cut < GIVE_UP_S:
            reaper.collect()
            if pid in reaper.codes or not alive(pid):
                break
            rig.pump(0.005)
        exited = time.monotonic()
        if pid in reaper.codes:
            exited = reaper.when[pid]
        result.exit_s = round(exited - cut, 3) if not alive(pid) else None
        left = kill_survivors(lambda: tagged(tag), LEFT_AFTER_S - (time.monotonic() - cut),
                              wait=rig.pump, poll_s=0.1)
        result.left = len(left)
        time.sleep(0.05)
        reaper.collect()
        code = reaper.codes.get(pid)
        if code is None:
            code = zombie_code(pid)
        result.code = code
        if result.exit_s is None or result.exit_s > exit_limit:
            result.problems.append(f"exit after {result.exit_s} s")
        if result.left:
            result.problems.append(f"{result.left} left")
        wanted = {0, 129} if moment == "mid-quit" else {129}
        if code not in wanted:
            result.problems.append(f"code {code}")
        problem = check_results(out)
        result.results = problem is None
        if problem:
            result.problems.append(problem)
    except (TimeoutError, OSError, subprocess.SubprocessError) as exc:
        result.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        kill_all(tagged(tag))
        rig.close()
        reaper.collect()
        shutil.rmtree(folder, ignore_errors=True)
    return result


def busy_load(n: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tries", type=int, default=10)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--moments", default=",".join(MOMENTS))
    ap.add_argument("--load", type=int, default=2, help="busy processes beside the tries")
    ap.add_argument("--sample", action="store_true",
                    help="the test suite's cheap sample: a few (case, moment) pairs, once")
    ap.add_argument("--json", action="store_true", help="one JSON object per try")
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="time budget: no new round of tries starts after it (0: none); "
                         "the table says how many rounds ran")
    ap.add_argument("--exit-limit", type=float, default=EXIT_LIMIT_S,
                    help="seconds from the cut to the exit that count as on time")
    args = ap.parse_args()
    if args.sample:
        pairs = SAMPLE
        tries = 1
    else:
        pairs = [(c, m) for c in args.cases.split(",") for m in args.moments.split(",")]
        tries = args.tries
    unknown = {c for c, _ in pairs if c not in CASES} | {m for _, m in pairs if m not in MOMENTS}
    if unknown:
        print(f"disconnect.py: unknown case or moment: {sorted(unknown)}", file=sys.stderr)
        return 2
    kinds = {CASES[c][0] for c, _ in pairs}
    if "tmux" in kinds and shutil.which("tmux") is None:
        print("disconnect.py: tmux is not installed", file=sys.stderr)
        return 2
    # Stopped from outside (also when started in the background, where SIGINT is ignored):
    # the `finally` below still stops the load, sshd and whatever the current try runs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    become_subreaper()
    reaper = Reaper()
    sshd = None
    load = busy_load(args.load)
    work = Path(tempfile.mkdtemp(prefix="nntui-disconnect-"))
    rows: dict[tuple[str, str], list[Try]] = {}
    try:
        if "ssh" in kinds:
            try:
                sshd = Sshd()
            except (FileNotFoundError, RuntimeError) as exc:
                print(f"disconnect.py: {exc}", file=sys.stderr)
                return 2
        started = time.monotonic()
        for n in range(tries):
            if n and args.minutes and time.monotonic() - started > 60 * args.minutes:
                print(f"time budget of {args.minutes:g} min spent: {n} of {tries} rounds",
                      flush=True)
                break
            for case, moment in pairs:
                t = one_try(case, moment, sshd, reaper, work, args.exit_limit)
                rows.setdefault((case, moment), []).append(t)
                if args.json:
                    print(json.dumps({**asdict(t), "try": n}), flush=True)
    finally:
        for p in load:
            p.kill()
            p.wait()
        if sshd is not None:
            sshd.close()
        reaper.collect()
        shutil.rmtree(work, ignore_errors=True)
    all_tries = [t for ts in rows.values() for t in ts]
    print(f"{'case':<22}{'moment':<12}{'ok':>6}{'left':>6}{'median s':>10}{'max s':>7}  codes  "
          "results  problems")
    for (case, moment), ts in rows.items():
        exits = [t.exit_s for t in ts if t.exit_s is not None]
        codes = Counter(t.code for t in ts)
        problems = Counter(p for t in ts for p in t.problems)
        print(f"{case:<22}{moment:<12}{sum(t.ok for t in ts):>3}/{len(ts):<2}"
              f"{sum(t.left for t in ts):>6}"
              f"{statistics.median(exits) if exits else float('nan'):>10.2f}"
              f"{max(exits) if exits else float('nan'):>7.2f}  "
              f"{dict(codes)}  {sum(t.results for t in ts)}/{len(ts)}  "
              f"{dict(problems) if problems else ''}")
    exits = [t.exit_s for t in all_tries if t.exit_s is not None]
    failed = sum(not t.ok for t in all_tries)
    loads = [t.load for t in all_tries] or [os.getloadavg()[0]]
    print(f"load (1-min average at each cut): min {min(loads):.1f} "
          f"median {statistics.median(loads):.1f} max {max(loads):.1f}")
    print(f"tries={len(all_tries)} failed={failed} left={sum(t.left for t in all_tries)} "
          f"max_exit_s={max(exits) if exits else float('nan'):.2f} "
          f"load={os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
