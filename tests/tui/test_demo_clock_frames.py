"""The demo clock plays a whole run in about `DEFAULT_FRAMES` frames, never more: the steps
per frame are rounded up, so a run of any length ends within its frame budget."""

from __future__ import annotations

import math

import pytest

from nntui.tui.demo_clock import DEFAULT_FRAMES, DemoClock


@pytest.mark.parametrize(("total", "steps"), [(2000, 7), (300, 1), (301, 2), (1, 1), (0, 1),
                                              (30_000, 100), (30_001, 101)])
def test_steps_per_frame_for_a_known_total(total: int, steps: int) -> None:
    assert DemoClock.for_total(total).steps_per_frame == steps


@pytest.mark.parametrize("total", [1, 299, 300, 301, 599, 1000, 2000, 4999, 123_457])
def test_a_run_of_any_length_fits_its_frame_budget(total: int) -> None:
    clock = DemoClock.for_total(total)
    frames = math.ceil(total / clock.steps_per_frame)
    assert frames <= DEFAULT_FRAMES
    assert clock.target(frames, total) == total  # the last frame shows the end
    assert clock.target(frames - 1, total) < total
