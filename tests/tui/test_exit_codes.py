"""The dashboard's exit code reaches the shell: App -> launch.run_app -> CLI / entry.

Ctrl-C in the dashboard is a key (raw mode) and must end the process with 130, as a shell
reports Ctrl-C; q with 0. Each layer passes the code on: the App's `return_code`, then
`run_app`'s return value, then the CLI's exit code (the real terminal: test_e2e_signals).
"""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

import nntui.tui.launch
from nntui.cli.app import app as cli_app
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from tests.tui.helpers import sync, training_threads, wait_for


@sync
async def test_ctrl_c_quits_the_running_dashboard_with_130(presets, dashboard) -> None:
    async with dashboard("tiny-race", size=(100, 30), iterations=100000) as (pilot, dash):
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen)
                       and app.screen.state == "running")
        await pilot.press("ctrl+c")
        await pilot.pause(0.1)
    assert app.return_code == 130
    assert training_threads() == []


@sync
async def test_q_quits_with_0(presets) -> None:
    app = NNTuiApp(presets=presets)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


class _FakeApp:
    """Stands in for NNTuiApp in run_app: ends as Textual does, with `result` returned
    by run() and `return_code` set."""

    result: int | None = None
    return_code: int | None = 0

    made: list[_FakeApp] = []

    def __init__(self, **kw: object) -> None:
        self.lifeline = _FakeLifeline()
        self.made.append(self)

    def run(self) -> int | None:
        return self.result


class _FakeLifeline:
    """Records `leave` (the real one ends the process after a real terminal)."""

    def __init__(self) -> None:
        self.left: list[int] = []

    def leave(self, code: int) -> None:
        self.left.append(code)


@pytest.mark.parametrize(("result", "return_code", "expected"),
                         [(None, 130, 130), (None, 1, 1), (143, 143, 143), (None, 0, 0),
                          (None, None, 0)])
def test_run_app_returns_the_apps_exit_code(monkeypatch, result, return_code,
                                            expected) -> None:
    import nntui.tui.app

    fake = type("Fake", (_FakeApp,), {"result": result, "return_code": return_code,
                                      "made": []})
    monkeypatch.setattr(nntui.tui.app, "NNTuiApp", fake)
    monkeypatch.setattr(nntui.tui.launch, "has_terminal", lambda: True)
    code = nntui.tui.launch.run_app(choices=None, lang=None, out=None, data_dir=None)
    assert code == expected
    assert [app.lifeline.left for app in fake.made] == [[expected]]  # ends with that code


@pytest.mark.parametrize("code", [0, 1, 130, 143])
def test_the_cli_exits_with_the_dashboards_code(monkeypatch, code) -> None:
    monkeypatch.setattr(nntui.tui.launch, "run_app", lambda **kw: code)
    assert CliRunner().invoke(cli_app, ["run", "dropout"]).exit_code == code
    assert CliRunner().invoke(cli_app, []).exit_code == code  # the picker


def test_ctrl_c_before_the_app_took_the_terminal_exits_130(monkeypatch) -> None:
    def interrupted(**kw: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(nntui.tui.launch, "run_app", interrupted)
    assert CliRunner().invoke(cli_app, ["run", "dropout"]).exit_code == 130
    # Bare `nntui` (entry.py skips the CLI parser).
    from nntui import entry

    monkeypatch.setattr(sys, "argv", ["nntui"])
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 130
    monkeypatch.setattr(nntui.tui.launch, "run_app", lambda **kw: 143)
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 143
