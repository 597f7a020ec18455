"""Startup time: `nntui --help`, and the first paint of the preset picker in a real terminal.

Both run the installed `nntui` console script (the README's launch command), found next to
this Python (a venv whose bin/ is not on PATH) or else on PATH, in a fresh process each time,
after one untimed warm-up run. Bytecode goes to a private temporary cache
(PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE dropped), as an installed package has its
bytecode compiled; otherwise a checkout would recompile nntui on every start.

- help_ms: median wall time of ``nntui --help`` (process start, Typer, exit), via
  ``subprocess.run``.
- first_paint_ms: median wall time from just before ``tmux new-session`` starts ``nntui``
  (no arguments: the preset picker) in a detached 80×24 session until ``capture-pane -p``
  shows the picker's title text (polled every ~10 ms); the session is then killed. tmux runs
  on a private socket (``-L nntui-bench``, no user config) and ``NNTUI_CACHE_DIR`` points
  to a temporary folder, so neither the user's tmux nor their dataset cache is touched.
- tmux_ms: the same measurement for a pane that only ``printf``s the title text: the cost
  of tmux creating a pane plus the polling itself. ``net`` = raw - tmux_ms is the app's own
  share; the targets (250 ms, 600 ms) apply to the raw numbers, which the last line reports.
- cpu: CPU time (user + system, 10 ms ticks) the app process had used when its first paint
  was seen, from /proc: less noisy than wall time when other work shares the 2 cores.

- left_behind: pane processes (the app, or the baseline's sleep) still running 2 s after
  their session was killed (each then killed by pid; the bench exits 1): a killed terminal
  must end the app.

Last line: ``help_ms=<median> first_paint_ms=<median> target_help_ms=250
target_first_paint_ms=600 left_behind=<n>``. Exits 2 when tmux or the `nntui` script is
missing.

    python bench/startup.py [--runs 5] [--timeout 10]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from survivors import alive, kill_survivors, stat_fields  # noqa: E402

SOCKET = "nntui-bench"
WIDTH, HEIGHT = 80, 24
#: In the picker's header (nntui/tui/screens/picker.py); visible on its first paint at 80×24.
TITLE = "pick an experiment"
POLL_S = 0.010
TARGET_HELP_MS, TARGET_FIRST_PAINT_MS = 250, 600


def find_nntui() -> str | None:
    """The `nntui` script next to this Python (a venv not on PATH), else the one on PATH."""
    beside = Path(sys.executable).parent / "nntui"
    return str(beside) if beside.is_file() else shutil.which("nntui")


def help_ms(nntui: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([nntui, "--help"], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


class Tmux:
    """A private tmux server kept alive by an idle session, so each measurement pays for a
    new session and pane (as a user's already-running terminal would), not a server start."""

    def __init__(self, tmux: str, env: dict[str, str]) -> None:
        self.tmux = tmux
        self.env = env
        self.n = 0
        self.left_behind = 0
        self("new-session", "-d", "-s", "keepalive", "-x", str(WIDTH), "-y", str(HEIGHT),
             "sleep", "86400")
        self.server, _, self.socket_path = self("display-message", "-p",
                                                "#{pid} #{socket_path}").strip().partition(" ")

    def __call__(self, *args: str) -> str:
        done = subprocess.run([self.tmux, "-L", SOCKET, "-f", "/dev/null", *args],
                              env=self.env, check=True, capture_output=True, text=True,
                              timeout=10)
        return done.stdout

    def time_to_text(self, command: list[str], timeout: float) -> tuple[float, float]:
        """ms from just before new-session until TITLE is on the pane, and the CPU ms the
        pane's process had used by then; kills the session."""
        self.n += 1
        name = f"run{self.n}"
        env_args = [a for key in ("NNTUI_CACHE_DIR", "TERM", "LANG")
                    for a in ("-e", f"{key}={self.env[key]}")]
        started = time.perf_counter()
        pid = self("new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", name, "-x", str(WIDTH),
                   "-y", str(HEIGHT), *env_args, *command).strip()
        try:
            while True:
                screen = self("capture-pane", "-p", "-t", name)
                elapsed = time.perf_counter() - started
                if TITLE in screen:
                    return elapsed * 1000, cpu_ms(pid)
                if elapsed > timeout:
                    raise SystemExit(f"startup.py: never saw {TITLE!r} after {timeout} s; "
                                     f"screen was:\n{screen}")
                time.sleep(POLL_S)
        finally:
            subprocess.run([self.tmux, "-L", SOCKET, "kill-session", "-t", name],
                           env=self.env, capture_output=True)
            self.left_behind += len(kill_survivors(lambda: running(pid), 2.0, poll_s=0.02))

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", SOCKET, "kill-server"], env=self.env,
                       capture_output=True)
        kill_survivors(lambda: running(self.server), 2.0, poll_s=0.02)
        Path(self.socket_path).unlink(missing_ok=True)  # tmux leaves its socket file


def running(pid: str) -> set[int]:
    """{pid} while it runs (not gone, not a zombie), else the empty set."""
    return {int(pid)} if alive(int(pid)) else set()


def cpu_ms(pid: str) -> float:
    """User + system CPU ms of a running process (not its children), or nan if gone."""
    fields = stat_fields(int(pid))
    if fields is None:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def fmt(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for the picker before giving up")
    args = parser.parse_args()

    nntui = find_nntui()
    if nntui is None:
        print("startup.py: the `nntui` script is not installed (pip install -e .)",
              file=sys.stderr)
        return 2
    tmux = shutil.which("tmux")
    if tmux is None:
        print("startup.py: tmux is not installed; it is needed to time the first paint "
              "(apt-get install tmux)", file=sys.stderr)
        return 2
    print(f"nntui: {nntui}  (load average before: {os.getloadavg()[0]:.2f})")

    with tempfile.TemporaryDirectory(prefix="nntui-bench-") as tmp:
        env = dict(os.environ, NNTUI_CACHE_DIR=str(Path(tmp, "cache")), TERM="xterm-256color",
                   LANG=os.environ.get("LANG") or "C.UTF-8",
                   # An installed package has its bytecode compiled; a checkout run with
                   # PYTHONDONTWRITEBYTECODE would recompile nntui on every start. A private
                   # cache (filled by the warm-up runs) keeps the working tree clean.
                   PYTHONPYCACHEPREFIX=str(Path(tmp, "pycache")))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("TMUX", None)  # also works when the bench itself runs inside tmux

        help_ms(nntui, env)  # warm-up: bytecode cache, OS file cache
        help_runs = [help_ms(nntui, env) for _ in range(args.runs)]

        server = Tmux(tmux, env)
        try:
            # printf exits at once and tmux would close the pane: keep it open with sleep.
            baseline_cmd = ["sh", "-c", f"printf '%s\\n' 'nntui · {TITLE}'; exec sleep 60"]
            # exec: the pane's process is then the app itself, whose CPU time is read.
            app_cmd = ["sh", "-c", f"exec {shlex.quote(nntui)}"]
            server.time_to_text(app_cmd, args.timeout)  # warm-up
            base_runs, paint_runs, cpu_runs = [], [], []
            for _ in range(args.runs):  # interleaved, so both see the same machine load
                base_runs.append(server.time_to_text(baseline_cmd, args.timeout)[0])
                wall, cpu = server.time_to_text(app_cmd, args.timeout)
                paint_runs.append(wall)
                cpu_runs.append(cpu)
        finally:
            server.close()
    left_behind = server.left_behind
    help_med = statistics.median(help_runs)
    base_med = statistics.median(base_runs)
    paint_med = statistics.median(paint_runs)
    print(f"nntui --help:             median {help_med:6.0f} ms  runs: {fmt(help_runs)}")
    print(f"tmux + printf (overhead): median {base_med:6.0f} ms  runs: {fmt(base_runs)}")
    print(f"first paint (raw):        median {paint_med:6.0f} ms  runs: {fmt(paint_runs)}")
    print(f"first paint (net):        median {paint_med - base_med:6.0f} ms  "
          f"(raw - tmux overhead)")
    print(f"first paint (app CPU):    median {statistics.median(cpu_runs):6.0f} ms  "
          f"runs: {fmt(cpu_runs)}")
    print(f"pane processes left behind (killed): {left_behind} of {server.n} sessions")
    print(f"help_ms={help_med:.0f} first_paint_ms={paint_med:.0f} "
          f"target_help_ms={TARGET_HELP_MS} target_first_paint_ms={TARGET_FIRST_PAINT_MS} "
          f"left_behind={left_behind}")
    return 1 if left_behind else 0


if __name__ == "__main__":
    sys.exit(main())
