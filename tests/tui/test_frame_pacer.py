"""`FramePacer`: the rule by which a live demo-clock frame goes out whole and the next is
released only once it is on the terminal (the real app in a terminal:
tests/tui/test_demo_clock_live.py)."""

from __future__ import annotations

from nntui.tui.frame_gate import MAX_WAIT_TICKS, FramePacer


def test_nothing_is_written_before_the_first_frame_while_the_run_is_built() -> None:
    pacer = FramePacer()
    assert pacer.holds(arriving=False, preparing=True)
    assert not pacer.holds(arriving=True, preparing=False)  # failed, or a download shown
    assert pacer.check(arriving=False, unwritten=False) == "wait"  # no frame: no release
    pacer.applied()
    assert not pacer.holds(arriving=False, preparing=True)  # the run's first frame is up


def test_a_frame_is_written_whole_and_the_next_released_once_it_is_on_the_terminal() -> None:
    pacer = FramePacer()
    pacer.applied()
    # Its widgets' changes are still on their way: no write, no release.
    assert pacer.holds(arriving=True, preparing=False)
    assert pacer.check(arriving=True, unwritten=True) == "wait"
    # All arrived, not yet written (the update timer has not run): still no release.
    assert not pacer.holds(arriving=False, preparing=False)
    assert pacer.check(arriving=False, unwritten=True) == "wait"
    assert pacer.waiting
    # Written: the next frame is released, once.
    assert pacer.check(arriving=False, unwritten=False) == "release"
    assert not pacer.waiting
    assert pacer.check(arriving=False, unwritten=False) == "wait"
    assert not pacer.holds(arriving=True, preparing=False)  # between frames: keys, toasts


def test_a_write_held_back_mid_frame_is_made_good_by_a_whole_redraw() -> None:
    pacer = FramePacer()
    pacer.held()  # the layout before the first frame was not written
    pacer.applied()
    assert pacer.check(arriving=False, unwritten=False) == "redraw"
    assert pacer.waiting  # the redraw must be written before the next frame
    assert pacer.check(arriving=False, unwritten=True) == "wait"
    assert pacer.check(arriving=False, unwritten=False) == "release"


def test_a_frame_whose_pieces_never_settle_does_not_stop_the_run() -> None:
    pacer = FramePacer()
    pacer.applied()
    verdicts = [pacer.check(arriving=True, unwritten=True, tick=True)
                for _ in range(MAX_WAIT_TICKS + 1)]
    assert verdicts == ["wait"] * MAX_WAIT_TICKS + ["release"]
    assert pacer.gave_up == 1


def test_a_frame_waits_for_its_write_however_long_the_link_takes() -> None:
    pacer = FramePacer()
    pacer.applied()
    verdicts = {pacer.check(arriving=False, unwritten=True, tick=True)
                for _ in range(3 * MAX_WAIT_TICKS)}
    assert verdicts == {"wait"} and pacer.gave_up == 0
    assert pacer.check(arriving=False, unwritten=False) == "release"
    assert not pacer.holds(arriving=True, preparing=False)  # and the screen is written again


def test_a_write_that_went_out_after_a_held_one_carried_it_no_redraw() -> None:
    pacer = FramePacer()
    pacer.applied()
    pacer.held()
    pacer.wrote()
    assert pacer.check(arriving=False, unwritten=False) == "release"


def test_a_restart_shows_nothing_until_its_first_frame_then_all_of_it() -> None:
    pacer = FramePacer()
    pacer.applied()
    pacer.held()  # the old run's frame was cut short by the restart
    pacer.reset()
    assert pacer.holds(arriving=False, preparing=True) and not pacer.waiting
    assert pacer.check(arriving=False, unwritten=False) == "wait"  # nothing to release
    pacer.applied()
    assert pacer.check(arriving=False, unwritten=False) == "redraw"
