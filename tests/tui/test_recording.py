"""`nntui record`: asciicast v2 written from the demo clock, the same bytes on any machine."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyte
import pytest
from typer.testing import CliRunner

from nntui.cli.app import app as cli_app
from nntui.pipeline.request import RunRequest
from nntui.tui.asciicast import CastWriter, ScriptedKey, parse_keys
from nntui.tui.recording import RecordOptions, record_into, record_tour_into
from tests.tui.helpers import open_dashboard, screen_text, sync, wait_for

SIZE = (100, 30)


def _request(presets, iterations: int = 60, seed: int = 3) -> RunRequest:
    preset = presets["tiny-race"]
    return RunRequest(preset, preset.resolve(overrides={"iterations": str(iterations)},
                                             seed=seed))


async def _record(request: RunRequest, **options: object) -> str:
    out = io.StringIO()
    await record_into(request, out, RecordOptions(size=SIZE, **options))  # type: ignore[arg-type]
    return out.getvalue()


def _play(cast: str) -> list[tuple[float, str]]:
    """Every event's time and the screen a player shows after it (pyte: a VT100 emulator)."""
    lines = cast.splitlines()
    header = json.loads(lines[0])
    screen = pyte.Screen(header["width"], header["height"])
    stream = pyte.Stream(screen)
    played = []
    for line in lines[1:]:
        t, kind, data = json.loads(line)
        assert kind == "o"
        stream.feed(data)
        played.append((t, "\n".join(row.rstrip() for row in screen.display)))
    return played


def _burners(n: int) -> list[subprocess.Popen[bytes]]:
    """Processes that keep ``n`` cores busy (the "loaded machine")."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


@sync
async def test_two_recordings_are_the_same_bytes_one_on_a_loaded_machine(presets) -> None:
    request = _request(presets)
    first = await _record(request)
    burners = _burners(2)
    try:
        second = await _record(request)
    finally:
        for p in burners:
            p.kill()
            p.wait()
    assert first == second
    # One event per frame that changed something: the run's 60 iterations at one a frame.
    events = first.splitlines()[1:]
    assert 55 <= len(events) <= 62, len(events)
    other = await _record(_request(presets, seed=4))
    assert other != first  # the bytes do show the run


@sync
async def test_a_recording_is_asciicast_v2_and_replays_to_the_live_final_screen(presets) -> None:
    cast = await _record(_request(presets), idle_limit=2.0, hold_s=1.5)
    header = json.loads(cast.splitlines()[0])
    assert header["version"] == 2 and (header["width"], header["height"]) == SIZE
    assert header["idle_time_limit"] == 2.0
    played = _play(cast)
    times = [t for t, _screen in played]
    assert times == sorted(times) and times[0] == 0.0
    # Frame n at n / fps: iteration k (one a frame at 10 frames/s) shows at k / 10 s.
    at = {t: screen for t, screen in played}
    assert "it 25/60" in at[2.5] and "it 59/60" in at[5.9]
    assert times[-1] == pytest.approx(times[-2] + 1.5)  # the final screen held
    # The same run in the ordinary dashboard, run to its end at the same size.
    async with open_dashboard("tiny-race", presets=presets, size=SIZE, seed=3,
                              iterations=60, demo_clock=True,
                              frozen_clock=False) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done", timeout=30)
        await pilot.pause(0.3)
        live = "\n".join(row.rstrip() for row in screen_text(pilot.app).split("\n"))
        await pilot.press("q")
    assert played[-1][1] == live
    assert "done  it 60/60" in live


@sync
async def test_scripted_keys_land_at_their_clock_times(presets) -> None:
    cast = await _record(_request(presets), keys=parse_keys("2s:space,4s:space"))
    played = _play(cast)
    times = [t for t, _screen in played]
    at = dict(played)
    # Paused at 2 s on iteration 20; the screen stays as it is (no event) until 4 s, when
    # it runs again from iteration 20, then one iteration a frame.
    assert "paused  it 20/60" in at[2.0] and "running  it 19/60" in at[1.9]
    assert times[times.index(2.0) + 1] == 4.0
    assert "running  it 20/60" in at[4.0] and "running  it 21/60" in at[4.1]
    assert "it 60/60" in played[-1][1] and "done" in played[-1][1]


def test_idle_gaps_are_cut_to_the_limit() -> None:
    out = io.StringIO()
    writer = CastWriter(out, 2, 1, idle_limit=1.0)
    writer.frame(0.0, ["a"])
    writer.frame(0.5, ["b"])
    writer.frame(9.5, ["c"])  # 9 s still: kept as 1 s
    writer.frame(9.5, ["c"])  # nothing changed: nothing written
    writer.frame(10.0, ["d"])
    times = [json.loads(line)[0] for line in out.getvalue().splitlines()[1:]]
    assert times == [0.0, 0.5, 1.5, 2.0]
    assert json.loads(out.getvalue().splitlines()[3])[2] == "\x1b[1;1Hc\x1b[0m"


def test_keys_script_parses_in_time_order_and_refuses_nonsense() -> None:
    assert parse_keys("5s:f, 3:space,3s:n") == (
        ScriptedKey(3.0, "space"), ScriptedKey(3.0, "n"), ScriptedKey(5.0, "f"))
    assert parse_keys("") == ()
    for bad in ("space", "3s:", "-1s:f", "3x:f"):
        with pytest.raises(ValueError, match="is not TIME:KEY"):
            parse_keys(bad)


@pytest.mark.parametrize(("args", "message"), [
    (["--size", "50x14"], "--size must be at least 60x20"),
    (["--fps", "0"], "--fps must be between 1 and 30 (got 0)"),
    (["--keys", "3s"], "--keys: '3s' is not TIME:KEY"),
    (["--idle-limit", "0"], "--idle-limit must be > 0 (got 0)"),
])
def test_record_refuses_bad_options_in_one_line(tmp_path, args, message) -> None:
    out = tmp_path / "x.cast"
    result = CliRunner().invoke(cli_app, ["record", "optimizer-race", "-o", str(out), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


@sync
async def test_a_recorded_tour_plays_each_stop_with_its_caption_held_between(presets) -> None:
    stops = [(_request(presets, iterations=20, seed=1), "Demo 1/2 · first"),
             (RunRequest(presets["tiny-spiral"],
                         presets["tiny-spiral"].resolve(overrides={"iterations": "20"},
                                                        seed=1)), "Demo 2/2 · second")]
    out = io.StringIO()
    await record_tour_into(stops, out, RecordOptions(size=SIZE, hold_s=1.5))
    played = _play(out.getvalue())
    first = [t for t, screen in played if "Demo 1/2 · first" in screen]
    second = [t for t, screen in played if "Demo 2/2 · second" in screen]
    assert first[0] == 0.0 and second and first[-1] < second[0]
    # Stop 1's last frame (iteration 20 at one a frame: 2.0 s) is held 1.5 s, then stop 2
    # starts its frame 0; its last frame (2 s later) is held 1.5 s to the end.
    assert "done  it 20/20" in dict(played)[first[-1]]
    assert first[-1] == 2.0 and second[0] == 3.5
    assert played[-1][0] == pytest.approx(3.5 + 2.0 + 1.5)


def test_demo_record_refuses_loop_and_a_small_size(tmp_path) -> None:
    out = tmp_path / "tour.cast"
    for args, message in ((["--loop"], "--record writes the tour once"),
                          (["--size", "59x20"], "--size must be at least 60x20")):
        result = CliRunner().invoke(cli_app, ["demo", "--record", str(out), *args])
        assert result.exit_code == 2 and message in result.output, result.output
    assert not out.exists()
