"""Learning-rate schedules: exact values at chosen iterations, linear warm-up."""

from __future__ import annotations

import math

import pytest

from nntui.core.schedules import SCHEDULES, Schedule


def test_kinds() -> None:
    assert SCHEDULES == ("constant", "step", "exponential", "cosine")
    assert Schedule() == Schedule(kind="constant")


def test_constant() -> None:
    s = Schedule()
    assert [s.lr_at(0.1, i, 100) for i in (0, 50, 99, 500)] == [0.1] * 4


def test_step_decay() -> None:
    s = Schedule(kind="step", step_size=100, gamma=0.5)
    assert s.lr_at(0.1, 0, 1000) == 0.1
    assert s.lr_at(0.1, 99, 1000) == 0.1
    assert s.lr_at(0.1, 100, 1000) == pytest.approx(0.05)
    assert s.lr_at(0.1, 250, 1000) == pytest.approx(0.025)
    assert s.lr_at(0.1, 999, 1000) == pytest.approx(0.1 * 0.5**9)


def test_exponential_decay() -> None:
    s = Schedule(kind="exponential", step_size=100, gamma=0.5)
    assert s.lr_at(0.2, 0, 1000) == 0.2
    assert s.lr_at(0.2, 50, 1000) == pytest.approx(0.2 * math.sqrt(0.5))
    assert s.lr_at(0.2, 100, 1000) == pytest.approx(0.1)
    assert s.lr_at(0.2, 300, 1000) == pytest.approx(0.025)


def test_cosine() -> None:
    s = Schedule(kind="cosine")
    assert s.lr_at(1.0, 0, 101) == 1.0
    assert s.lr_at(1.0, 50, 101) == pytest.approx(0.5)
    assert s.lr_at(1.0, 25, 101) == pytest.approx(0.5 * (1 + math.cos(math.pi / 4)))
    assert s.lr_at(1.0, 100, 101) == pytest.approx(0.0, abs=1e-15)
    assert s.lr_at(1.0, 200, 101) == pytest.approx(0.0, abs=1e-15)  # stays at the end value
    lo = Schedule(kind="cosine", min_ratio=0.1)
    assert lo.lr_at(2.0, 100, 101) == pytest.approx(0.2)
    assert lo.lr_at(2.0, 50, 101) == pytest.approx(0.2 + 1.8 * 0.5)


def test_min_ratio_floors_every_decay() -> None:
    s = Schedule(kind="step", step_size=10, gamma=0.1, min_ratio=0.05)
    assert s.lr_at(1.0, 15, 100) == pytest.approx(0.1)
    assert s.lr_at(1.0, 25, 100) == pytest.approx(0.05)  # 0.01 floored
    e = Schedule(kind="exponential", step_size=10, gamma=0.1, min_ratio=0.05)
    assert e.lr_at(1.0, 90, 100) == pytest.approx(0.05)


def test_warmup_linear_then_decay() -> None:
    s = Schedule(kind="step", warmup=10, step_size=100, gamma=0.5)
    ramp = [s.lr_at(0.5, i, 1000) for i in range(10)]
    assert ramp == pytest.approx([0.5 * (i + 1) / 10 for i in range(10)])
    diffs = [b - a for a, b in zip(ramp, ramp[1:], strict=False)]
    assert diffs == pytest.approx([0.05] * 9)  # a straight line
    assert ramp[0] > 0.0
    assert s.lr_at(0.5, 10, 1000) == 0.5  # decay clock starts after warm-up
    assert s.lr_at(0.5, 109, 1000) == 0.5
    assert s.lr_at(0.5, 110, 1000) == pytest.approx(0.25)


def test_warmup_then_cosine_ends_at_min() -> None:
    s = Schedule(kind="cosine", warmup=20)
    assert s.lr_at(1.0, 9, 120) == pytest.approx(0.5)
    assert s.lr_at(1.0, 20, 120) == 1.0
    assert s.lr_at(1.0, 119, 120) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"kind": "linear"}, "kind"),
        ({"warmup": -1}, "warmup"),
        ({"step_size": 0}, "step_size"),
        ({"gamma": 0.0}, "gamma"),
        ({"min_ratio": 1.5}, "min_ratio"),
    ],
)
def test_validation(kw: dict, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Schedule(**kw)
