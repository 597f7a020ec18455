"""`--out` never overwrites an earlier run silently (nntui.runs.folder; README "Usage").

A folder holding results, a file, a folder that cannot be written to: refused before any
training with one line and exit code 2, and the earlier files are left byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.runs.folder import free_sibling

RUN = ["run", "optimizer-paths", "--headless", "--set", "steps=3"]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("held", ["config.json", "metrics.csv", "summary.json"])
def test_an_out_holding_an_earlier_run_is_refused_and_left_alone(tmp_path: Path,
                                                                  held: str) -> None:
    out = tmp_path / "run"
    first = invoke(*RUN, "--out", str(out))
    assert first.exit_code == 0, first.output
    for name in {"config.json", "metrics.csv", "summary.json"} - {held}:
        (out / name).unlink()  # any one result file marks an earlier run
    before = _snapshot(out)
    again = invoke(*RUN, "--seed", "1", "--out", str(out))
    assert again.exit_code == 2
    assert again.stderr == (f"nntui: --out {out} already holds the results of an earlier run "
                            f"({held}): choose a new folder, or remove that one first\n")
    assert again.stdout == ""  # refused before the run started
    assert _snapshot(out) == before


def test_an_existing_folder_without_results_is_used(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = invoke(*RUN, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert {"config.json", "summary.json", "notes.txt"} <= {p.name for p in out.iterdir()}
    assert (out / "notes.txt").read_text() == "mine"


def test_an_out_that_cannot_be_written_is_refused_before_training(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root ignores permission bits: a folder the kernel refuses
        folder = Path("/sys/kernel")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    try:
        result = invoke(*RUN, "--out", str(folder))
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"nntui: --out {folder} is not writable (")
    assert result.stderr.endswith("): choose a folder you can write to\n")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not [p for p in folder.iterdir() if p.name.startswith(".nntui-write-test")]


def test_an_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep")
    result = invoke(*RUN, "--out", str(afile))
    assert result.exit_code == 2
    assert "is a file, not a directory" in result.stderr
    assert afile.read_text() == "keep"


def test_the_dashboard_refuses_the_same_outs_before_starting(tmp_path: Path,
                                                             monkeypatch) -> None:
    import nntui.tui.launch

    out = tmp_path / "run"
    out.mkdir()
    (out / "summary.json").write_text("{}")
    monkeypatch.setattr(nntui.tui.launch, "has_terminal", lambda: True)
    result = invoke("run", "optimizer-paths", "--out", str(out))
    assert result.exit_code == 2
    assert "already holds the results of an earlier run (summary.json)" in result.stderr


def test_free_sibling_numbers_past_every_folder_holding_a_run(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert free_sibling(out) == out  # does not exist yet
    out.mkdir()
    assert free_sibling(out) == out  # empty
    (out / "metrics.csv").write_text("x")
    assert free_sibling(out) == tmp_path / "run-2"
    (tmp_path / "run-2").mkdir()
    (tmp_path / "run-2" / "config.json").write_text("{}")
    (tmp_path / "run-3").mkdir()  # exists but holds no run: usable
    assert free_sibling(out) == tmp_path / "run-3"
