"""Soak: every preset back to back, headless, for N minutes, sampling this process's RSS.

Each preset runs with its defaults on its default dataset (hparam-search in-process,
workers=1, so its memory is counted here too), in this one process, round after round
until the time is up. A sampler thread reads VmRSS every 0.5 s. Warm-up is the first
full round (imports, datasets, caches); growth is the RSS at the end minus the RSS after
warm-up (issue 14: < 50 MB). The last line is ``rss_growth_mb=… peak_rss_mb=…``.

Run: python bench/soak.py [MINUTES] (default 2)
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    from nntui.headless.run import run_headless
    from nntui.presets import PRESETS

    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(rss_mb())
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    deadline = time.monotonic() + 60 * minutes
    warm: float | None = None
    rounds = runs = 0
    try:
        while time.monotonic() < deadline:
            for name, preset in PRESETS.items():
                if time.monotonic() >= deadline:
                    break
                keys = {p.key for p in preset.params}
                overrides = {"workers": "1"} if "workers" in keys else {}
                code = run_headless(name, overrides=overrides, stdout=io.StringIO(),
                                    stderr=io.StringIO())
                runs += 1
                print(f"round {rounds + 1} {name}: exit {code}, rss {rss_mb():.1f} MB",
                      flush=True)
            rounds += 1
            if warm is None:
                warm = rss_mb()
    finally:
        stop.set()
        sampler.join()
    end = rss_mb()
    base = warm if warm is not None else (samples[0] if samples else end)
    print(f"rounds={rounds} runs={runs} minutes={minutes} warm_rss_mb={base:.1f} "
          f"end_rss_mb={end:.1f}")
    print(f"rss_growth_mb={end - base:.1f} peak_rss_mb={max(samples or [end]):.1f}")


if __name__ == "__main__":
    main()
