"""Where a dashboard frame's CPU time goes: the UI thread's CPU time (not wall time: on a
shared machine wall time also counts other processes' turns and the training thread's
GIL) per data frame, split by part, in the same run as `bench/ui_latency.py` measures
(120×40, optimizer-race / digits, training live, then keys).

Parts: each panel's ``update`` (snapshot -> widget data, and the rebuild of the strips
that changed: `CachedPlot._changed`), the status line, the rest of the data step, and the
screen update (layout, compositor, the changed cells turned into terminal bytes). A
panel's share includes the strips it rebuilds; the screen update's includes re-rendering
the rows that changed.

Last line: ``frame_cpu_ms=<per data frame> <part>=<ms>/<share %> ...``.

    python bench/frame_parts.py [--over-time [KIND]] [--seconds 4] [--preset NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from nntui.tui.panels import REGISTRY
from nntui.tui.screens.dashboard import DashboardScreen

try:  # run as a script (python bench/frame_parts.py): its sibling
    from ui_latency import PRESET, measure  # type: ignore[import-not-found]
except ImportError:  # imported as bench.frame_parts
    from bench.ui_latency import PRESET, measure


class Parts:
    """CPU seconds per part, while ``on``; instruments methods by wrapping them."""

    def __init__(self) -> None:
        self.cpu: Counter[str] = Counter()
        self.on = False
        self._in_panel = False  # a panel's update calling another's counts once

    def wrap(self, cls: type, name: str, part: str, panel: bool = False,
             only: Callable[[Any], bool] = lambda _self: True) -> None:
        orig = getattr(cls, name)
        parts = self

        def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not parts.on or not only(self) or (panel and parts._in_panel):
                return orig(self, *args, **kwargs)
            started = time.thread_time()
            parts._in_panel = panel
            try:
                return orig(self, *args, **kwargs)
            finally:
                parts._in_panel = False
                parts.cpu[part] += time.thread_time() - started

        setattr(cls, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--over-time", nargs="?", const="activations", default="now")
    parser.add_argument("--preset", default=PRESET)
    args = parser.parse_args()

    parts = Parts()
    for name, spec in REGISTRY.items():
        if "update" in vars(spec.make):  # the panel class's own update, once per class
            parts.wrap(spec.make, "update", name, panel=True)
    parts.wrap(DashboardScreen, "_update_status", "status")
    parts.wrap(DashboardScreen, "_tick", "data step (all)")
    parts.wrap(Screen, "_on_timer_update", "screen update",
               only=lambda screen: isinstance(screen, DashboardScreen))

    def start() -> None:
        parts.on = True

    probe, _rate = asyncio.run(measure(args.seconds, args.keys, 1.0, args.over_time,
                                       args.preset, start))
    frames = max(1, len(probe.tick_ms))
    cpu = {k: v * 1000 / frames for k, v in parts.cpu.items()}
    step = cpu.pop("data step (all)", 0.0)
    panels = sum(v for k, v in cpu.items() if k not in ("status", "screen update"))
    cpu["rest of the data step"] = step - panels - cpu.get("status", 0.0)
    total = step + cpu.get("screen update", 0.0)
    print(f"{frames} data frames; UI-thread CPU per data frame (mean), share of the frame:")
    for part, ms in sorted(cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {part:24s} {ms:6.2f} ms  {100 * ms / total:5.1f} %")
    print(f"frame_cpu_ms={total:.2f} " + " ".join(
        f"{part.replace(' ', '_')}={ms:.2f}/{100 * ms / total:.0f}%"
        for part, ms in sorted(cpu.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
