"""The shared step loop (`nntui.pipeline.drive`) without a screen: single steps while
paused, stop, the frame hold, and the progress callback headless prints from."""

from __future__ import annotations

import threading
import time

from nntui.pipeline.drive import TrainingDriver
from tests.tui.conftest import tiny_presets


def _tiny_run():
    p = tiny_presets()["tiny-race"]
    return p.build(p.resolve())


def test_driver_step_and_stop_without_a_screen() -> None:
    run = _tiny_run()
    driver = TrainingDriver(run, paused=True)
    driver.request_step()
    driver.request_step()
    t = threading.Thread(target=driver.loop)
    t.start()
    try:  # a failed assert must not leave the loop running (pytest would wait on it)
        deadline = time.monotonic() + 5
        while run.snapshot().iteration < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        assert run.snapshot().iteration == 2  # exactly the requested steps while paused
    finally:
        driver.stop()
        t.join(1)
    assert not t.is_alive() and not driver.finished


class CountingRun:
    """The least a TrainingDriver needs: `done` and `step()`; counts the steps taken."""

    def __init__(self) -> None:
        self.steps = 0
        self.done = False

    def step(self) -> None:
        self.steps += 1
        time.sleep(0.001)


def test_frame_hold_pauses_the_loop_until_the_frame_is_done() -> None:
    from nntui.pipeline.drive import FRAME_HOLD_S

    run = CountingRun()
    driver = TrainingDriver(run)  # type: ignore[arg-type]
    t = threading.Thread(target=driver.loop)
    t.start()
    try:
        while run.steps < 3:
            time.sleep(0.001)
        driver.hold_for_frame()
        time.sleep(0.005)  # the step under way may still finish
        held = run.steps
        time.sleep(FRAME_HOLD_S * 0.6)
        # No new step while the frame is drawn (one may have been under way on a slow CI).
        assert run.steps <= held + 1
        driver.frame_done()
        time.sleep(0.02)
        assert run.steps > held + 3  # released: full speed again

        # A frame that never ends costs one FRAME_HOLD_S pause, then training goes on.
        driver.hold_for_frame()
        time.sleep(0.005)
        held = run.steps
        time.sleep(FRAME_HOLD_S + 0.05)
        assert run.steps > held + 3
    finally:
        driver.stop()
        t.join(1)
    assert not t.is_alive()


def test_progress_callback_sees_every_step_and_the_end() -> None:
    run = CountingRun()
    seen: list[int] = []

    def progress(r: CountingRun) -> None:
        seen.append(r.steps)
        if r.steps == 5:
            r.done = True

    assert TrainingDriver(run).loop(progress=progress) is True  # type: ignore[arg-type]
    assert seen == [1, 2, 3, 4, 5]


def test_progress_callback_is_not_called_while_paused_without_a_step_request() -> None:
    run = CountingRun()
    calls: list[int] = []
    driver = TrainingDriver(run, paused=True)  # type: ignore[arg-type]
    t = threading.Thread(target=driver.loop, kwargs={"progress": lambda r: calls.append(1)})
    t.start()
    try:
        time.sleep(0.15)
        assert calls == [] and run.steps == 0
        driver.request_step()
        deadline = time.monotonic() + 2
        while not calls and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        driver.stop()
        t.join(1)
    assert calls == [1] and run.steps == 1


def test_the_driver_says_while_it_is_inside_a_step() -> None:
    """`in_step`: true for the whole of run.step() (its counter advances before the
    step's evaluation is recorded; the demo clock waits for the end), false between."""
    seen: list[bool] = []

    class Run:
        done = False
        iteration = 0

        def step(self) -> None:
            self.iteration += 1
            seen.append(driver.in_step)
            if self.iteration == 3:
                self.done = True

    driver = TrainingDriver(Run())  # type: ignore[arg-type]
    assert not driver.in_step
    driver.loop()
    assert seen == [True, True, True] and not driver.in_step
