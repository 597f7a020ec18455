"""Headless prints the look-for line for the number of seeds it actually runs."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.presets import PRESETS


def _look_for_line(*args: str, out: Path) -> str:
    result = CliRunner().invoke(app, ["run", "weight-decay", "--headless", "--set", "epochs=1",
                                      "--set", "hidden=10", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.stdout.splitlines() if ln.startswith("→ ")]
    return line


def test_the_look_for_line_names_the_seeds_run_and_warns_when_fewer(tmp_path: Path) -> None:
    text = PRESETS["weight-decay"].look_for_text(False, "digits")
    fewer = _look_for_line("--seeds", "2", out=tmp_path / "two")
    assert fewer.startswith("→ " + text)
    assert fewer.endswith("(mean of 2 seeds: noisier than the 8 measured)")
    one = _look_for_line("--seeds", "1", out=tmp_path / "one")
    assert one.endswith("(one seed: noisier than the 8 measured)")
