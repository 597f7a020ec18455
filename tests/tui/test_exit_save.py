"""Every way out of the dashboard writes a run with --out (the results so far, where `e`
writes them); without --out nothing is written; a run still being built at the moment
of quitting (right after start-up) is waited for briefly and written too."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from nntui.tui.app import NNTuiApp
from tests.tui.helpers import ENDLESS, dashboard_app, iteration, sync, wait_for


def _results(out: Path) -> tuple[dict[str, object], list[list[str]]]:
    summary = json.loads((out / "summary.json").read_text())
    rows = list(csv.reader((out / "metrics.csv").read_text().splitlines()))
    return summary, rows


@sync
async def test_q_writes_the_run_so_far_to_out(presets, tmp_path: Path) -> None:
    out = tmp_path / "run"
    app = dashboard_app("tiny-race", presets=presets, seed=3, out=out, speed=3,
                        iterations=ENDLESS)
    async with app.run_test(size=(100, 30)) as pilot:
        dash = app.screen
        await wait_for(pilot, lambda: dash.source.run is not None and iteration(dash) >= 5)
        await pilot.press("q")
        reached = iteration(dash)
    assert app.return_code == 0
    summary, rows = _results(out)
    assert summary["seed"] == 3 and summary["preset"] == "tiny-race"
    assert 5 <= int(summary["iterations"]) <= reached  # type: ignore[call-overload]
    assert rows[0][:2] == ["series", "iteration"] and {r[0] for r in rows[1:]} == {"SGD", "Adam"}
    assert json.loads((out / "config.json").read_text())["seed"] == 3


@sync
async def test_a_signal_quit_writes_it_too_and_no_out_writes_nothing(presets, tmp_path,
                                                                      monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # `e` would write ./runs/...: nothing may appear here
    app = dashboard_app("tiny-race", presets=presets, speed=3, iterations=ENDLESS)
    async with app.run_test(size=(100, 30)) as pilot:
        dash = app.screen
        await wait_for(pilot, lambda: dash.source.run is not None)
        app.quit_with(143)  # what the SIGTERM handler schedules on the loop
        await pilot.pause(0.05)
    assert app.return_code == 143
    assert os.listdir(tmp_path) == []
    assert app.departure.done and app.departure.written == []


@sync
async def test_quitting_while_the_run_is_still_being_built_waits_for_it(presets,
                                                                       tmp_path) -> None:
    import threading

    from tests.tui import conftest

    built = threading.Event()
    release = threading.Event()
    original = conftest._build_race

    def slow_build(config, data_dir, progress, compute=None):  # type: ignore[no-untyped-def]
        built.set()
        release.wait(5)
        return original(config, data_dir, progress, compute)

    tiny = dict(presets)
    from dataclasses import replace

    tiny["tiny-race"] = replace(presets["tiny-race"], builder=slow_build)
    out = tmp_path / "run"
    app = dashboard_app("tiny-race", presets=tiny, out=out, speed=3, iterations=ENDLESS)
    async with app.run_test(size=(100, 30)) as pilot:
        dash = app.screen
        await wait_for(pilot, built.is_set)
        assert dash.state == "preparing" and dash.source.run is None
        threading.Timer(0.1, release.set).start()  # built 0.1 s into the quit
        await pilot.press("q")
    summary, _rows = _results(out)
    assert summary["iterations"] == 0 and set(summary["series"]) == {"SGD", "Adam"}


@sync
async def test_the_first_way_out_sets_the_exit_code(presets) -> None:
    """q, then the terminal hangs up while the app is quitting: it still exits 0 (and
    saves once): the code of the quit the user asked for."""
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.quit_with(0)  # q
        app.quit_with(129)  # the hangup's SIGHUP, scheduled on the loop a moment later
        await pilot.pause(0.05)
    assert app.return_code == 0 and app.quitting_with == 0
