"""The demo clock (`--demo-clock`, NNTUI_DEMO_CLOCK=1): runs driven by frame, not wall clock.

A recording of a live run differs from machine to machine: the iteration reached at a
given moment, the elapsed time, the rate and the ETA all follow the wall clock. Under the
demo clock the dashboard's timer is the clock: every frame the worker does exactly
`steps_per_frame` iterations (the screen waits for them, however long they take), and time
is counted in frames (`FRAME_S` virtual seconds each), so the same seed, size and flags give
the same sequence of frames on any machine. Pure: no Textual, no NumPy.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot

#: Virtual seconds per frame: the dashboard's refresh period (dashboard.TICK_S).
FRAME_S = 0.1
#: Virtual seconds a whole run takes: ~30 s, a watchable pace at any frame rate.
RUN_S = 30.0
#: Frames a whole run takes at the dashboard's 10 frames per second.
DEFAULT_FRAMES = round(RUN_S / FRAME_S)
ENV = "NNTUI_DEMO_CLOCK"


def demo_clock_from_env(environ: dict[str, str] | None = None) -> bool:
    """NNTUI_DEMO_CLOCK=1 (or true/yes/on) turns the demo clock on."""
    value = (os.environ if environ is None else environ).get(ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class DemoClock:
    """Iterations per frame and virtual seconds per frame."""

    steps_per_frame: int
    frame_s: float = FRAME_S

    @staticmethod
    def for_total(total: int, frames: int = DEFAULT_FRAMES) -> DemoClock:
        """The clock that plays a run of ``total`` steps in about ``frames`` frames."""
        return DemoClock(max(1, math.ceil(max(1, total) / max(1, frames))))

    @staticmethod
    def at_fps(total: int, fps: float) -> DemoClock:
        """The clock of a recording at ``fps`` frames per second: the run still takes about
        `RUN_S` virtual seconds (more frames, fewer steps each, at a higher rate)."""
        clock = DemoClock.for_total(total, max(1, round(RUN_S * fps)))
        return replace(clock, frame_s=1.0 / fps)

    def target(self, frame: int, total: int) -> int:
        """The iteration frame number ``frame`` shows (0 = the starting point)."""
        return min(total, frame * self.steps_per_frame)

    def virtual(self, snap: Snapshot) -> Snapshot:
        """``snap`` with elapsed time and rate counted in frames instead of seconds.

        elapsed = iterations / steps_per_frame × frame_s, so the ETA (Snapshot.eta_s, from
        elapsed per iteration) is frames left × frame_s; the rate is the run's samples per
        iteration times iterations per virtual second.
        """
        if snap.iteration <= 0:
            return replace(snap, elapsed_s=0.0, samples_per_s=0.0)
        elapsed = snap.iteration / self.steps_per_frame * self.frame_s
        per_it = snap.samples_per_s * snap.elapsed_s / snap.iteration
        # Rounded to whole samples: the real-time product carries float noise.
        rate = round(per_it) * self.steps_per_frame / self.frame_s
        return replace(snap, elapsed_s=elapsed, samples_per_s=float(rate))
