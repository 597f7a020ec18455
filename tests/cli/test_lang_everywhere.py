"""One language for the whole command line (issue 26): `nntui --lang ja COMMAND`, `nntui
COMMAND --lang ja` and a Japanese locale put every command in Japanese. `nntui --lang ja
replay DIR` and `nntui --lang ja demo` were entirely English: their App re-read the
locale and found English.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.i18n import language
from nntui.presets import PRESETS
from tests.i18n.helpers import ja

JA_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    from nntui.headless.run import run_headless

    out = tmp_path_factory.mktemp("lang") / "paths"
    assert run_headless("optimizer-paths", overrides={"steps": "3"}, out=out, lang="en",
                        stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return out


def forms(*args: str) -> list[tuple[list[str], dict[str, str] | None]]:
    """The three ways to ask for Japanese: before the command, after it, the locale."""
    return [(["--lang", "ja", *args], None), ([*args, "--lang", "ja"], None),
            (list(args), JA_LOCALE)]


def invoke(args: list[str], env: dict[str, str] | None):
    return CliRunner().invoke(app, args, env=env)


@pytest.fixture
def apps_record_their_language(monkeypatch) -> list[tuple[str, str]]:
    """Instead of drawing, the dashboard and the tour note (language, App class) as they
    would start."""
    from nntui.tui.app import NNTuiApp

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr("nntui.tui.launch.has_terminal", lambda: True)
    monkeypatch.setattr(NNTuiApp, "run",
                        lambda self, *a, **k: seen.append((language(), type(self).__name__)))
    return seen


def test_replay_and_demo_start_their_app_in_japanese(run_dir: Path,
                                                     apps_record_their_language) -> None:
    seen = apps_record_their_language
    for args, env in forms("replay", str(run_dir)) + forms("demo", "--presets", "dropout"):
        result = invoke(args, env)
        assert result.exit_code == 0, result.output
    assert seen == [("ja", "NNTuiApp")] * 3 + [("ja", "TourApp")] * 3
    # The last --lang wins, English included.
    assert invoke(["--lang", "ja", "replay", str(run_dir), "--lang", "en"], None).exit_code == 0
    assert seen[-1] == ("en", "NNTuiApp")


def _check_export(result, tmp: Path) -> None:
    assert ja("wrote {file} ({size})").format(file=tmp / "d.svg", size="80x24") in result.stdout
    # The dashboard drawn in Japanese (its text: the export places wide characters one a
    # tspan, svg_cells).
    assert "シード" in re.sub(r"<[^>]+>", "", (tmp / "d.svg").read_text())


#: Command -> (its arguments given the run folder and a scratch folder, what shows it
#: spoke Japanese).
COMMANDS: dict[str, tuple[Callable[[Path, Path], list[str]], Callable]] = {
    "export": (lambda run, tmp: ["export", str(run), "--svg", str(tmp / "d.svg"),
                                 "--size", "80x24"], _check_export),
    "serve": (lambda run, tmp: ["serve", "--port", "0"],
              lambda r, tmp: r.exit_code == 2 and "--port には 1 から 65535 までの値を指定して"
              "ください（指定された値: 0）。" in r.stderr),
    "new": (lambda run, tmp: ["new", "dropout", str(tmp / "mine.toml")],
            lambda r, tmp: "を書き出しました（2系列）" in r.stdout),
    "data": (lambda run, tmp: ["data", "list"],
             lambda r, tmp: r.stdout.split()[:2] == ["名前", "種類"]),
    "list": (lambda run, tmp: ["list"],
             lambda r, tmp: ja(PRESETS["dropout"].title) in r.stdout),
    "run": (lambda run, tmp: ["run", "optimizer-paths", "--headless", "--set", "steps=2"],
            lambda r, tmp: r.stdout.startswith(
                ja(PRESETS["optimizer-paths"].title) + "  [optimizer-paths, —, シード 0]")),
    "replay without a terminal": (
        lambda run, tmp: ["replay", str(run)],
        lambda r, tmp: r.exit_code == 2 and r.stderr.startswith("nntui: 再生には端末が必要です")),
    "demo, a mistake": (
        lambda run, tmp: ["demo", "--presets", "dropot"],
        lambda r, tmp: r.exit_code == 2 and r.stderr.startswith("nntui: プリセット 'dropot' は")),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_speaks_japanese(command: str, run_dir: Path, tmp_path: Path) -> None:
    make, spoke_japanese = COMMANDS[command]
    for k, (args, env) in enumerate(forms(*make(run_dir, tmp_path / "a"))):
        scratch = tmp_path / str(k)
        scratch.mkdir()
        args = [a.replace(str(tmp_path / "a"), str(scratch)) for a in args]
        result = invoke(args, env)
        checked = spoke_japanese(result, scratch)
        assert checked is None or checked, (args, result.output)
