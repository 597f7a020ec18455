"""The speed keys' driver methods: clamped at both ends, each moving its own way."""

from __future__ import annotations

from nntui.pipeline.drive import FULL_SPEED, SPEEDS, TrainingDriver


def test_slower_stops_at_the_slowest_level() -> None:
    driver = TrainingDriver(speed=1)
    assert driver.slower() == 0 and driver.min_step_s == SPEEDS[0]
    assert driver.slower() == 0 and driver.slower() == 0  # no wrap to full speed
    assert driver.speed == 0 and driver.min_step_s == max(SPEEDS)


def test_faster_stops_at_full_speed() -> None:
    driver = TrainingDriver(speed=FULL_SPEED - 1)
    assert driver.faster() == FULL_SPEED and driver.faster() == FULL_SPEED
    assert driver.min_step_s == 0.0


def test_faster_and_slower_move_opposite_ways_one_level_at_a_time() -> None:
    driver = TrainingDriver(speed=2)
    assert driver.faster() == 3 and driver.min_step_s < SPEEDS[2]
    assert driver.slower() == 2 and driver.slower() == 1
    assert driver.min_step_s == SPEEDS[1] > SPEEDS[2]
