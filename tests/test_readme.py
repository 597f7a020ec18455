"""README.md promises: its test command is what CI runs, and its key table lists every key."""

from __future__ import annotations

import re
from pathlib import Path

from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.help import key_rows
from nntui.tui.screens.picker import PickerScreen

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = next(b for b in _bash_blocks(README) if "pytest" in b)
    assert test_cmd in ci.splitlines()


def test_readme_launch_command_installs_and_starts_nntui() -> None:
    launch = next(b for b in _bash_blocks(README) if b.endswith("&& nntui"))
    assert "pip install ." in launch


def test_every_help_key_is_in_the_readme_key_table() -> None:
    table = README[README.index("## Keys"):README.index("## Datasets")]
    bindings = [*PickerScreen.BINDINGS, *DashboardScreen.BINDINGS, *NNTuiApp.BINDINGS]
    for keys, _what in key_rows(bindings):  # what help shows: built from the bindings
        for key in keys.split():
            if key == "1…8":
                key = "8"
            assert f"`{key}`" in table, f"README key table lacks {key!r}"
