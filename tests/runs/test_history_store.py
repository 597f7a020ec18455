"""The run history's folder (`nntui.runs.history`, `nntui.runs.history_write`): ids and
how they are typed, the cap (oldest pruned first, never a run being written), writers that
never collide, and the long CSV export that gives back each run's metrics.csv."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest

from nntui.core.errors import UserError
from nntui.headless.run import run_headless
from nntui.presets import PRESETS
from nntui.runs.export_table import long_csv
from nntui.runs.history import (
    RunRecord,
    folders,
    history_root,
    is_live,
    read_record,
    records,
    resolve,
    short_ids,
)
from nntui.runs.history_write import Cap, HistoryRun, prune, start_run


def new_run(status: str | None = "done", **settings: str) -> HistoryRun:
    """A history run with config and record (no training); finished with ``status``
    (None: left running, its lock held)."""
    preset = PRESETS["overfit-one-batch"]
    config = preset.resolve(seed=0, overrides=settings)
    run = start_run(config=config, title=preset.title, series=preset.series,
                    changed=settings, cap=Cap(None, None))
    if status is not None:
        run.finish(config, None, status)
    return run


def test_short_ids_are_the_shortest_unique_prefixes_of_at_least_four() -> None:
    ids = ["3fa9c2d1", "3fa9c7aa", "77aa0000", "3fb00000"]
    assert short_ids(ids) == {"3fa9c2d1": "3fa9c2", "3fa9c7aa": "3fa9c7",
                              "77aa0000": "77aa", "3fb00000": "3fb0"}


def test_last_last_n_prefixes_and_folder_names_find_runs() -> None:
    runs = [new_run() for _ in range(3)]
    newest_first = [r.id for r in reversed(runs)]
    assert [r.id for r in records()] == newest_first
    assert resolve("last").id == runs[2].id
    assert resolve("last~2").id == runs[0].id
    assert resolve(runs[1].id[:6]).id == runs[1].id
    assert resolve(runs[1].folder.name).id == runs[1].id
    with pytest.raises(UserError, match=r"^last~3: no run that far back \(the history "
                                        r"goes back to last~2\)$"):
        resolve("last~3")
    with pytest.raises(UserError, match=r"^no run 'zz' in the history"):
        resolve("zz")


def test_an_ambiguous_prefix_names_the_candidates() -> None:
    found = [RunRecord(id=i, folder=Path(i), status="done", started=n, preset="p")
             for n, i in enumerate(["ab12cd34", "ab12ef56", "99990000"])]
    with pytest.raises(UserError) as err:
        resolve("ab1", found)
    assert str(err.value) == ("'ab1' is the start of 2 runs' ids (ab12c, ab12e): type more "
                              "of it")


def test_an_empty_history_says_so() -> None:
    with pytest.raises(UserError, match=r"^the run history is empty \("):
        resolve("last")


def test_a_run_being_written_is_live_and_becomes_incomplete_when_its_writer_is_gone(
) -> None:
    run = new_run(status=None)
    record = read_record(run.folder)
    assert record is not None and record.status == "running"
    assert is_live(run.folder) and record.effective_status() == "running"
    run.release()  # what the kernel does when the process dies
    assert not is_live(run.folder)
    assert read_record(run.folder).effective_status() == "incomplete"  # type: ignore[union-attr]


def test_the_cap_prunes_the_oldest_runs_first_and_never_a_live_one() -> None:
    live = new_run(status=None)  # the oldest, still being written
    done = [new_run() for _ in range(5)]
    result = prune(cap=Cap(runs=3, mb=None))
    # 6 runs, 3 allowed: the 3 oldest finished ones go; the live one stays.
    assert [p.name for p in result.removed] == [r.folder.name for r in done[:3]]
    assert {p.name for p in folders()} == {r.folder.name for r in (live, *done[3:])}
    assert result.kept == 3
    live.release()


def test_a_new_run_prunes_to_the_environments_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    first = [new_run() for _ in range(4)]
    monkeypatch.setenv("NNTUI_HISTORY_MAX_RUNS", "2")
    preset = PRESETS["overfit-one-batch"]
    newest = start_run(config=preset.resolve(seed=0), title="", series=("network",),
                       changed={})
    newest.release()
    assert [p.name for p in folders()] == sorted([first[3].folder.name, newest.folder.name])


def test_the_size_cap_prunes_by_bytes() -> None:
    runs = [new_run() for _ in range(4)]
    for r in runs:
        (r.folder / "metrics.csv").write_bytes(b"x" * 400_000)
    result = prune(cap=Cap(runs=None, mb=1.0))  # 4 x 0.4 MB: two must go
    assert [p.name for p in result.removed] == [r.folder.name for r in runs[:2]]


def test_incomplete_runs_are_pruned_on_request_only() -> None:
    killed = new_run(status=None)
    killed.release()
    kept = new_run()
    assert prune(cap=Cap(None, None)).removed == ()
    assert [p.name for p in prune(cap=Cap(None, None), incomplete=True).removed] == [
        killed.folder.name]
    assert [p.name for p in folders()] == [kept.folder.name]


def test_writers_in_many_threads_never_collide() -> None:
    made: list[HistoryRun] = []
    lock = threading.Lock()

    def write() -> None:
        run = new_run()
        with lock:
            made.append(run)

    threads = [threading.Thread(target=write) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.id for r in made}) == 16
    assert sorted(r.id for r in records()) == sorted(r.id for r in made)
    assert not [p for p in history_root().rglob("*.tmp")]


def test_the_long_csv_gives_back_each_runs_metrics_csv_number_for_number() -> None:
    for lr in ("0.01", "0.2"):
        assert run_headless("overfit-one-batch", overrides={"iterations": "9", "lr": lr},
                            stdout=io.StringIO(), stderr=io.StringIO()) == 0
    runs = records()
    table = list(csv.reader(io.StringIO(long_csv(runs))))
    assert table[0][:2] == ["run", "series"]
    for record in runs:
        own = list(csv.reader((record.folder / "metrics.csv").open()))
        mine = [row[1:] for row in table[1:] if row[0] == record.id]
        assert table[0][1:] == own[0]
        assert mine == own[1:]  # the same cells, so the same numbers
        assert [float(r[3]) for r in mine if r[3]] == [float(r[3]) for r in own[1:] if r[3]]
    # Two runs of different learning rates: their losses differ (a swapped run would show).
    losses = {r.id: [row[4] for row in table[1:] if row[0] == r.id] for r in runs}
    assert losses[runs[0].id] != losses[runs[1].id]
