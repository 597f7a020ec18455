"""The one step loop of every front end, and its controls.

The dashboard's thread worker and `nntui run --headless` both run `TrainingDriver.loop`:
headless passes a progress callback that prints; the dashboard passes none (DESIGN.md "How
data flows": no per-step messages; the UI reads `run.snapshot()` on a ~10 Hz timer) and
uses the thread-safe controls (pause, single step, stop, speed, frame hold). Testable
without a screen; imports no Textual and no NumPy at module level.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from nntui.pipeline.threads import SeriesThreads

if TYPE_CHECKING:
    from nntui.core.run import Run

#: Throttle levels for `+`/`-`: seconds per step at least. 0 = full speed. The slow levels
#: let a demo on the tiny digits set animate visibly instead of finishing in a blink.
SPEEDS: tuple[float, ...] = (0.25, 0.1, 0.04, 0.015, 0.005, 0.0)
FULL_SPEED = len(SPEEDS) - 1


def paced_speed(steps: int, seconds: float) -> int:
    """The fastest throttle level at which a run of ``steps`` steps lasts at least
    ``seconds`` (each step takes at least its level's `SPEEDS`; FULL_SPEED for 0 s). The
    level only spaces the steps: what they compute is the same."""
    if seconds <= 0:
        return FULL_SPEED
    for level in range(FULL_SPEED, -1, -1):  # fastest first
        if SPEEDS[level] * steps >= seconds:
            return level
    return 0


#: Longest a frame may hold the loop (`hold_for_frame`): a frame that never ends (an app
#: suspended mid-draw) costs training one such pause, not a stall.
FRAME_HOLD_S = 0.05


class TrainingDriver:
    """Steps one Run on the calling thread until done, stopped or cancelled.

    Controls are called from the UI thread; the loop reads them every iteration, so a stop
    is honoured within one step. `wake` is set by every control so a paused loop reacts at
    once instead of on its next poll.
    """

    def __init__(self, run: Run | None = None, *, paused: bool = False,
                 speed: int = FULL_SPEED, threads: int = 1) -> None:
        # None until the worker has built it (building may download data); the UI reads
        # this attribute, and one assignment is atomic.
        self.run = run
        self.stop_event = threading.Event()
        self._paused = threading.Event()
        if paused:
            self._paused.set()
        self._wake = threading.Event()
        self._frame_free = threading.Event()  # cleared while the UI draws a frame
        self._frame_free.set()
        self._pending_steps = 0
        self._lock = threading.Lock()
        self.speed = max(0, min(FULL_SPEED, speed))
        self._closed = False
        # Threads that step the run's series (pipeline.threads); 1 for the dashboard, whose
        # other core draws. Only runs with `use_map` (Experiment) use more.
        self.threads = max(1, threads)
        self._helpers = 0  # pool threads alive during `loop`
        self.running = False  # True while `loop` executes (tests check threads end)
        # True while the loop is inside run.step(): a step advances the run's counter before
        # it records that iteration's evaluation, so the demo clock reads the run only
        # between steps (`tui.sources.demo`).
        self.in_step = False
        self.finished = False  # True once the run reached its budget (not stopped)

    # -- controls (UI thread) -------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    @property
    def stopped(self) -> bool:
        return self.stop_event.is_set()

    @property
    def min_step_s(self) -> float:
        return SPEEDS[self.speed]

    def pause(self) -> None:
        self._paused.set()
        self._wake.set()

    def resume(self) -> None:
        self._paused.clear()
        self._wake.set()

    def toggle_pause(self) -> bool:
        """Pause if running, resume if paused; returns the new paused state."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def request_step(self) -> None:
        """While paused: do exactly one more step."""
        with self._lock:
            self._pending_steps += 1
        self._wake.set()

    def stop(self) -> None:
        self.stop_event.set()
        self._wake.set()

    def faster(self) -> int:
        self.speed = min(FULL_SPEED, self.speed + 1)
        self._wake.set()
        return self.speed

    def slower(self) -> int:
        self.speed = max(0, self.speed - 1)
        return self.speed

    def hold_for_frame(self) -> None:
        """The UI starts drawing a frame: the loop waits before its next step until
        `frame_done` (at most FRAME_HOLD_S).

        Only one thread runs Python at a time (the GIL), so a frame that shares it with
        training step by step takes about twice its own CPU time; held, it takes its CPU
        time plus the rest of the current step. Training loses nothing it would not lose
        anyway: the frame's CPU time comes out of the same GIL.
        """
        self._frame_free.clear()

    def frame_done(self) -> None:
        self._frame_free.set()

    # -- the loop (worker thread) -----------------------------------------------------------
    def _take_step_request(self) -> bool:
        with self._lock:
            if self._pending_steps > 0:
                self._pending_steps -= 1
                return True
            return False

    def loop(self, cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[Run], None] | None = None) -> bool:
        """Step until done (True) or stopped/cancelled (False), on the calling thread.

        ``progress(run)`` is called after every step (headless prints from it; it should
        be cheap or rate-limit itself). Uses one BLAS thread (DESIGN.md pitfall: two
        collapse when another thread needs a core).
        """
        from nntui.core.blas import limit_blas_threads  # NumPy: not with this module

        self.running = True
        use_map = getattr(self.run, "use_map", None)
        pool = None
        try:
            with limit_blas_threads(1):
                if self.threads > 1 and callable(use_map):
                    pool = SeriesThreads(self.threads)
                    self._helpers = self.threads - 1
                    use_map(pool)
                return self._loop(cancelled, progress)
        finally:
            if pool is not None:
                from nntui.core.run import serial_map  # NumPy: not with this module

                use_map(serial_map)  # type: ignore[misc]
                pool.close()
                self._helpers = 0
            self.running = False

    def _loop(self, cancelled: Callable[[], bool],
              progress: Callable[[Run], None] | None) -> bool:
        run = self.run
        if run is None:
            raise RuntimeError("TrainingDriver.loop() needs a run")
        while not run.done:
            if self.stop_event.is_set() or cancelled():
                return False
            if self._paused.is_set() and not self._take_step_request():
                # Hold without spinning; a control wakes us at once, the timeout re-checks
                # cancellation (the worker's flag has no event to wait on).
                self._wake.wait(0.1)
                self._wake.clear()
                continue
            if not self._frame_free.is_set() and not self._frame_free.wait(FRAME_HOLD_S):
                self._frame_free.set()  # that frame never ended: do not wait on it again
            started = time.perf_counter()
            self.in_step = True
            try:
                run.step()
            finally:
                self.in_step = False
            if progress is not None:
                progress(run)
            delay = self.min_step_s
            if delay <= 0:
                # Hand the GIL over between steps: a key press or a frame waiting on the UI
                # thread then runs now instead of after the 5 ms switch interval. Alone
                # (headless, piped) there is nobody to hand it to, and sleep(0) is a
                # syscall that on a busy machine gives the core away (~2 ms a step).
                if threading.active_count() > 1 + self._helpers:
                    time.sleep(0)
                continue
            left = delay - (time.perf_counter() - started)
            if left > 0:
                self._wake.wait(left)
                self._wake.clear()
        self.finished = True
        return True

    def close(self) -> None:
        """Stop and release what the run holds outside this process (a worker pool).

        Safe to call from both threads and more than once: the run is closed once.
        """
        self.stop()
        with self._lock:
            if self._closed or self.run is None:
                return
            self._closed = True
        from nntui.core.run import close_run  # NumPy: not with this module

        close_run(self.run)
