"""--demo-clock: runs advance by frame, so two recordings are the same frame by frame."""

from __future__ import annotations

import re

from nntui.core.snapshot import Snapshot
from nntui.tui.demo_clock import DemoClock, demo_clock_from_env
from nntui.tui.sources import DemoClockSource
from nntui.tui.status_line import format_duration
from tests.tui.helpers import open_dashboard, screen_text, status, sync, wait_for

ITERATIONS = 60


async def record(presets, seed: int, size=(100, 30)) -> dict[int, str]:
    """Every distinct screen seen during a demo-clock run, by the iteration it shows."""
    frames: dict[int, str] = {}
    async with open_dashboard("tiny-race", presets=presets, size=size, seed=seed,
                              iterations=ITERATIONS, demo_clock=True,
                              frozen_clock=False) as (pilot, dash):
        app = pilot.app
        assert isinstance(dash.source, DemoClockSource)
        while dash.state not in ("done", "failed", "stopped"):
            await pilot.pause(0.01)
            m = re.search(r"it (\d+)/", status(app))
            if m:
                # The footer (last row) is left out: it redraws its key hints when the
                # run ends (x hides, v shows), and a poll may land between the two.
                body = screen_text(app).rsplit("\n", 1)[0]
                frames.setdefault(int(m.group(1)), body)
        await pilot.pause()
        assert dash.state == "done", dash.error
    return frames


@sync
async def test_two_demo_clock_runs_show_the_same_frames(presets) -> None:
    first = await record(presets, seed=3)
    second = await record(presets, seed=3)
    common = sorted(set(first) & set(second))
    # 60 iterations in 60 frames at 10 per second: polled every 10 ms, most are seen.
    assert len(common) >= 20, common
    for it in common:
        assert first[it] == second[it], f"frame at iteration {it} differs"
    # Time, rate and ETA are counted in frames (1 iteration per frame, 0.1 s each).
    k = next(it for it in common if 0 < it < ITERATIONS - 10 and (ITERATIONS - it) % 5)
    assert f"ETA {format_duration((ITERATIONS - k) * 0.1)}" in first[k], first[k]
    other = await record(presets, seed=4)
    shared = sorted(set(first) & set(other) - {0})
    assert any(first[it] != other[it] for it in shared)  # the frames do show the run


def test_demo_clock_counts_time_in_frames() -> None:
    clock = DemoClock.for_total(3000)
    assert clock.steps_per_frame == 10 and clock.frame_s == 0.1
    assert [clock.target(f, 3000) for f in (0, 1, 299, 300, 301)] == [0, 10, 2990, 3000, 3000]
    snap = Snapshot(iteration=500, total=3000, epoch=1.0, elapsed_s=2.0,
                    samples_per_s=500 * 64 / 2.0, done=False, series=())
    v = clock.virtual(snap)
    assert v.elapsed_s == 5.0  # 50 frames
    assert v.samples_per_s == 64 * 10 / 0.1
    assert v.eta_s() == 25.0  # 250 frames left
    assert DemoClock.for_total(59).steps_per_frame == 1


def test_demo_clock_env() -> None:
    assert demo_clock_from_env({"NNTUI_DEMO_CLOCK": "1"})
    assert demo_clock_from_env({"NNTUI_DEMO_CLOCK": "yes"})
    assert not demo_clock_from_env({"NNTUI_DEMO_CLOCK": "0"})
    assert not demo_clock_from_env({})


@sync
async def test_demo_clock_pause_and_single_frames(presets, dashboard) -> None:
    async with dashboard("tiny-race", size=(100, 30), iterations=600, seed=1, demo_clock=True,
                         frozen_clock=False) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.source.frame >= 3)
        await pilot.press("space")
        await pilot.pause(0.4)
        frame = dash.source.frame
        await pilot.pause(0.4)
        assert dash.source.frame == frame and "paused" in status(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: dash.source.frame == frame + 1)
        # One frame's steps, then the frames stay paused.
        target = dash.source.clock.target(frame + 1, 600)
        await wait_for(pilot, lambda: dash.source.driver.run.iteration == target)
        await pilot.pause(0.3)
        assert dash.source.frame == frame + 1 and dash.source.driver.run.iteration == target
        await pilot.press("q")


@sync
async def test_demo_clock_restart_shows_the_new_run_frame_by_frame(presets, dashboard) -> None:
    """r under the demo clock: the new run (next seed) starts at frame 0 and its frames keep
    coming at the clock's pace (the restart changes the head line: a layout to write)."""
    async with dashboard("tiny-race", size=(100, 30), iterations=600, seed=1, demo_clock=True,
                         frozen_clock=False) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: dash.source.frame >= 5)
        old = dash.source.driver
        await pilot.press("r")
        await wait_for(pilot, lambda: dash.source.driver is not old and dash.source.frame >= 10,
                       timeout=8.0)
        assert "seed 2" in screen_text(app)
        assert re.search(r"it \d+/600", status(app))
        # Every frame was seen written before the next was released: none was given up on.
        assert dash.pacer.gave_up == 0
        await pilot.press("q")


def test_demo_clock_reads_the_run_only_between_steps(presets) -> None:
    """A step advances the run's counter before it records that iteration's evaluation:
    a frame read in between showed the accuracy one evaluation short, on some machines."""
    from types import SimpleNamespace

    from nntui.pipeline.request import RunRequest

    preset = presets["tiny-race"]
    source = DemoClockSource(RunRequest(preset, preset.resolve(overrides={}, seed=3)))
    run = SimpleNamespace(iteration=3, total=10, done=False)
    source.driver = SimpleNamespace(run=run, in_step=True)  # type: ignore[assignment]
    source.state, source.clock, source.frame = "running", DemoClock(1), 3
    assert not source.draw_now()  # on the frame's iteration, still inside its step
    source.driver.in_step = False
    assert source.draw_now()
    run.iteration = 2
    assert not source.draw_now()  # short of the frame's iteration
