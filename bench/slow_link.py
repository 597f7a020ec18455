"""The dashboard over a slow link: key-to-screen latency and bytes per second.

Runs the installed `nntui run optimizer-race` (digits, an endless budget) on a
pseudo-terminal of the given size whose reader drains at a fixed rate (no network: the
kernel's pty buffer and nntui's own output queue are what fill up, as sshd's would),
presses space (pause / resume) every ~1.5 s and measures, per press, the time until the
new state ("paused" / "running") has been read from the terminal — what a user on the
far end would see. Finally `q`: the time until the app has left the alternate screen.

Last line: ``kbps_limit=<k> key_to_screen_p90_ms=<p90> bytes_per_s=<rate>``
(bytes_per_s is measured while running, before the presses; kbps_limit=0: unlimited).
Targets (issue 15): key to screen <= 1000 ms at 256 kbit/s and 120x40; <= 40 KB/s at
120x40 at the default rate on a fast link.

    python bench/slow_link.py [--kbps 256] [--size 120x40] [--presses 8] [--fps N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path


def nntui_path() -> str:
    beside = Path(sys.executable).parent / "nntui"
    return str(beside) if beside.is_file() else (shutil.which("nntui") or "nntui")


class Link:
    """The far end of the terminal: reads the pty at ``bps`` bytes/s at most (0: as fast
    as it comes) and keeps everything read."""

    def __init__(self, fd: int, bps: float) -> None:
        self.fd, self.bps = fd, bps
        self.data = bytearray()
        self._credit = 0.0
        self._t = time.monotonic()

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            if now >= end:
                return
            if self.bps:
                self._credit = min(self.bps * 0.02, self._credit + (now - self._t) * self.bps)
            self._t = now
            want = int(self._credit) if self.bps else 65536
            if want <= 0:
                time.sleep(0.005)
                continue
            ready, _, _ = select.select([self.fd], [], [], min(0.01, end - now))
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, want)
            except OSError:  # the child closed the terminal
                return
            self.data += chunk
            if self.bps:
                self._credit -= len(chunk)

    def wait_for(self, marker: bytes, since: int, timeout: float) -> float | None:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            self.pump(0.005)
            if self.data.find(marker, since) >= 0:
                return time.monotonic() - start
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kbps", type=float, default=256.0, help="link rate, kbit/s (0: unlimited)")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--presses", type=int, default=8)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--measure", type=float, default=5.0, help="seconds to measure bytes/s")
    ap.add_argument("--fps", type=float, default=None)
    args = ap.parse_args()
    cols, rows = (int(v) for v in args.size.lower().split("x"))
    bps = args.kbps * 1000 / 8

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    cmd = [nntui_path(), "run", "optimizer-race", "--dataset", "digits",
           "--set", "iterations=1000000"]
    if args.fps:
        cmd += ["--fps", str(args.fps)]
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    link = Link(master, bps)
    latencies: list[float] = []
    try:
        link.pump(args.warmup)
        before = len(link.data)
        link.pump(args.measure)
        rate = (len(link.data) - before) / args.measure
        paused = False
        for _ in range(args.presses):
            since = len(link.data)
            os.write(master, b" ")
            paused = not paused
            took = link.wait_for(b"paused" if paused else b"running", since, 20.0)
            latencies.append(20.0 if took is None else took)
            link.pump(1.5)
        since = len(link.data)
        os.write(master, b"q")
        took = link.wait_for(b"\x1b[?1049l", since, 30.0)  # the app left the alt screen
        latencies.append(30.0 if took is None else took)
    finally:
        if proc.poll() is None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        os.close(master)
    p90 = statistics.quantiles(latencies, n=10)[-1] if len(latencies) > 1 else latencies[0]
    print("per key (ms): " + " ".join(f"{t * 1000:.0f}" for t in latencies))
    print(f"kbps_limit={args.kbps:g} key_to_screen_p90_ms={p90 * 1000:.0f} "
          f"bytes_per_s={rate:.0f}")


if __name__ == "__main__":
    main()
