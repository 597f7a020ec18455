"""`nntui runs` (list, show, rm, prune, export, path), `--no-history`, history ids where a
run folder is taken (`replay`, `export`), and the history of real processes: one killed
with SIGKILL mid-run, two running at once."""

from __future__ import annotations

import csv
import json
import os
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.pipeline.saved import load_saved
from nntui.runs.history import history_root, records
from tests.procs import Child


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def run(*settings: str, preset: str = "overfit-one-batch", seed: int = 0) -> None:
    args = ["run", preset, "--headless", "--seed", str(seed)]
    for s in settings:
        args += ["--set", s]
    result = invoke(*args)
    assert result.exit_code == 0, result.output


def test_the_list_shows_each_run_newest_first_with_what_differs() -> None:
    run("iterations=8")
    run("iterations=9", "lr=0.2", seed=4)
    result = invoke("runs")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "when", "preset", "dataset", "seed", "changed",
                                "settings", "test", "acc", "time", "status"]
    newest, oldest = records()
    short = {r.id: r.id[:4] for r in (newest, oldest)}
    cells = [line.split() for line in lines[1:]]
    assert [c[0] for c in cells] == [short[newest.id], short[oldest.id]]
    assert cells[0][3:8] == ["overfit-one-batch", "digits", "4", "iterations=9", "lr=0.2"]
    assert cells[1][3:7] == ["overfit-one-batch", "digits", "0", "iterations=8"]
    acc = f"{newest.test_acc['network']:.3f}".removeprefix("0")
    assert cells[0][-3:] == [acc, "0:00", "done"]


def test_the_list_filters_and_limits() -> None:
    run("iterations=5")
    run("steps=2", preset="gradient-check")
    run("iterations=6")
    listed = json.loads(invoke("runs", "--preset", "overfit-one-batch", "--json").output)
    assert [r["changed"] for r in listed] == [{"iterations": "6"}, {"iterations": "5"}]
    limited = invoke("runs", "-n", "1").output.splitlines()
    assert len(limited) == 3 and "iterations=6" in limited[1]
    assert limited[2] == "(1 newest of 3 shown: --all shows them all)"
    bad = invoke("runs", "--status", "great")
    assert bad.exit_code == 2
    assert "--status must be one of running, done, stopped, failed, diverged, interrupted, " \
        "incomplete (got great)" in bad.output


def test_an_empty_history_says_where_runs_will_be_kept() -> None:
    result = invoke("runs")
    assert result.exit_code == 0
    assert result.output == f"No runs yet: every run you start is kept in {history_root()}.\n"


def test_no_history_on_the_command_line_keeps_the_run_out() -> None:
    result = invoke("run", "overfit-one-batch", "--headless", "--set", "iterations=4",
                    "--no-history")
    assert result.exit_code == 0
    assert not history_root().exists()


def test_show_prints_the_settings_and_the_final_numbers() -> None:
    run("iterations=10", "lr=0.05")
    record = records()[0]
    lines = invoke("runs", "show", "last").output.splitlines()
    assert lines[0] == f"run {record.id} ({record.id[:4]})  done"
    assert "  changed from the defaults: iterations=10, lr=0.05" in lines
    acc = record.test_acc["network"]
    assert any(line.startswith("test accuracy (held-out, once at the end): network "
                               f"{acc:.3f}") for line in lines)
    assert lines[-1] == (f"replay: nntui replay {record.id[:4]} · compare: nntui compare "
                         f"{record.id[:4]} ID…")


def test_rm_removes_the_named_runs_only() -> None:
    run("iterations=4")
    run("iterations=5")
    older, = [r for r in records() if r.changed == {"iterations": "4"}]
    result = invoke("runs", "rm", "last~1")
    assert result.exit_code == 0 and result.output.startswith(f"removed {older.id[:4]} ")
    assert [r.changed for r in records()] == [{"iterations": "5"}]


def test_prune_keeps_the_newest() -> None:
    for n in (4, 5, 6):
        run(f"iterations={n}")
    result = invoke("runs", "prune", "--keep", "1")
    assert result.exit_code == 0 and result.output.startswith("removed 2 runs (")
    assert [r.changed for r in records()] == [{"iterations": "6"}]


def test_export_csv_round_trips_to_metrics_csv(tmp_path: Path) -> None:
    run("iterations=7")
    run("iterations=7", "lr=0.3")
    out = tmp_path / "all.csv"
    result = invoke("runs", "export", "last", "last~1", "--csv", str(out))
    assert result.exit_code == 0, result.output
    table = list(csv.reader(out.open()))
    newest, older = records()
    for record in (newest, older):
        own = list(csv.reader((record.folder / "metrics.csv").open()))
        assert [r[1:] for r in table[1:] if r[0] == record.id] == own[1:]
    # In the order asked: last first.
    assert table[1][0] == newest.id and table[-1][0] == older.id


def test_export_json_gives_columns_of_numbers() -> None:
    run("iterations=6")
    result = invoke("runs", "export", "last", "--json", "-")
    obj = json.loads(result.output)
    (one,) = obj["runs"]
    rows = list(csv.DictReader((records()[0].folder / "metrics.csv").open()))
    assert one["metrics"]["iteration"] == [int(r["iteration"]) for r in rows]
    assert one["metrics"]["loss"] == [float(r["loss"]) if r["loss"] else None for r in rows]
    assert invoke("runs", "export", "last").exit_code == 2  # no --csv, no --json


def test_replay_and_export_take_a_history_id(tmp_path: Path) -> None:
    run("iterations=6")
    record = records()[0]
    svg = tmp_path / "final.svg"
    result = invoke("export", record.id[:5], "--svg", str(svg), "--size", "80x24")
    assert result.exit_code == 0, result.output
    assert svg.read_text().startswith("<svg")
    bad = invoke("export", "nosuchrun", "--svg", str(svg))
    assert bad.exit_code == 2 and "no run 'nosuchrun' in the history" in bad.output


def _env() -> dict[str, str]:
    env = dict(os.environ)  # NNTUI_RUNS_DIR: this test's own history (tests/conftest.py)
    env.update({"OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    return env


def test_a_run_killed_with_sigkill_is_listed_incomplete_and_replays(tmp_path: Path) -> None:
    child = Child.start(["run", "optimizer-race", "--headless", "--set",
                         "iterations=200000"], tmp_path, env=_env())

    def checkpointed(_c: Child) -> bool:
        found = records()
        return bool(found) and found[0].iteration > 0

    try:
        child.watch_until(checkpointed, 120, "a checkpoint in the history")
        child.proc.send_signal(signal.SIGKILL)
        child.proc.wait(timeout=10)
    finally:
        child.kill()
    (record,) = records()
    assert record.status == "running" and record.effective_status() == "incomplete"
    listed = invoke("runs").output.splitlines()
    assert listed[1].split()[-1] == "incomplete"
    saved = load_saved("last")
    saved.run.seek(saved.run.end)
    snapshot = saved.run.snapshot()
    assert snapshot.iteration == record.iteration > 0
    assert [s.name for s in snapshot.series] == list(record.series)
    shown = invoke("runs", "show", "last")
    assert shown.exit_code == 0 and "incomplete" in shown.output.splitlines()[0]


def test_two_processes_running_at_once_keep_two_whole_runs(tmp_path: Path) -> None:
    children = []
    for seed in (1, 2):
        folder = tmp_path / str(seed)
        folder.mkdir()
        children.append(Child.start(["run", "overfit-one-batch", "--headless", "--seed",
                                     str(seed), "--set", "iterations=400"], folder,
                                    env=_env()))
    try:
        deadline = time.monotonic() + 120
        while any(c.proc.poll() is None for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        for c in children:
            c.kill()
    assert [c.proc.returncode for c in children] == [0, 0], [c.stderr for c in children]
    found = records()
    assert sorted(r.seed for r in found) == [1, 2]
    assert all(r.effective_status() == "done" and r.iteration == 400 for r in found)
    for r in found:
        rows = list(csv.DictReader((r.folder / "metrics.csv").open()))
        assert len([x for x in rows if x["loss"]]) == 400
        config = json.loads((r.folder / "config.json").read_text())
        assert config["seed"] == r.seed  # each process wrote its own folder



def test_the_list_without_typer_prints_what_the_typer_command_prints(capsys) -> None:  # noqa: ANN001
    """`nntui runs` goes around Typer (`cli.runs_list.fast_list`) when it can: the same
    lines for every option, and anything it cannot take is left to Typer."""
    from nntui.cli.runs_list import fast_list
    from nntui.i18n import use_language

    run("iterations=5")
    run("steps=2", preset="gradient-check", seed=3)
    run("iterations=6", "lr=0.3")
    lines = [["runs"], ["runs", "--preset", "overfit-one-batch"], ["runs", "-p", "gradient-check"],
             ["runs", "--dataset=DIGITS", "-n", "1"], ["runs", "--limit=2", "--json"],
             ["runs", "--all", "--status", "done"], ["runs", "--preset", "nothing-like-it"],
             ["--lang", "ja", "runs", "-n", "2"], ["runs", "--lang=ja", "--status=done"]]
    try:
        for args in lines:
            assert fast_list(args) == 0, args
            fast = capsys.readouterr().out
            use_language("en")
            typer_out = invoke(*args).output
            assert fast == typer_out, args
            assert fast.strip()
    finally:
        use_language("en")
    for args in (["runs", "show", "last"], ["runs", "--help"], ["runs", "-n", "0"],
                 ["runs", "--status", "great"], ["runs", "--limit"], ["runs", "-x"],
                 ["list"], ["--lang", "ja", "list"], ["runs", "-n", "two"]):
        assert fast_list(args) is None, args  # Typer's: it runs them or says what is wrong
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("argv", [["runs"], ["--lang", "ja", "runs", "-n", "3"]])
def test_the_list_loads_neither_typer_nor_numpy_nor_textual(argv: list[str]) -> None:
    """The console script's `nntui runs` (a fresh process): the list, and none of the big
    packages (their import is most of the command's time: bench/runs_list.py)."""
    import subprocess
    import sys

    run("iterations=5")
    code = (f"import sys; sys.argv = ['nntui', *{argv!r}]\n"
            "from nntui.entry import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in ('typer', 'numpy', 'textual', 'plotext', 'click')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "NNTUI_RUNS_DIR": str(history_root())},
                         timeout=60, check=True).stdout.splitlines()
    assert len(out[0].split()) >= 7 and "overfit-one-batch" in out[1]
    assert out[-1] == "[]"
