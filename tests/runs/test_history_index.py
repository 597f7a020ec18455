"""The history's index (`nntui.runs.index`): the list it gives is the list every run.json
gives (`scan_records`), after runs are added, removed, pruned, rewritten behind its back,
killed mid-run, and with the index missing, corrupt or stale; it is repaired as it is
read."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from nntui.presets import PRESETS
from nntui.runs.history import history_root, records, scan_records
from nntui.runs.history_write import Cap, prune, remove, start_run
from nntui.runs.index import INDEX, load_index
from tests.runs.test_history_store import new_run


def same_list() -> list[tuple]:
    """The cached list, checked against the slow one (every field of every record)."""
    cached, scanned = records(), scan_records()
    assert cached == scanned
    return [(r.id, r.status, r.test_acc) for r in cached]


def test_the_cached_list_is_the_scanned_list_through_adds_rm_prune_and_a_killed_writer(
) -> None:
    runs = [new_run(lr=f"0.{i + 1}") for i in range(5)]
    # The writers put their runs in the index (no list has repaired it yet).
    assert set(load_index(history_root())) == {r.folder.name for r in runs}
    assert len(same_list()) == 5
    killed = new_run(status=None)
    killed.release()  # its process is gone: the lock with it, the record says "running"
    listed = {r.id: r for r in records()}
    assert listed[killed.id].effective_status() == "incomplete"
    remove([r for r in records() if r.id == runs[1].id])
    prune(cap=Cap(4, None))
    kept = same_list()
    assert runs[1].id not in {k[0] for k in kept} and len(kept) == 4
    assert set(load_index(history_root())) == {r.folder.name for r in records()}


def test_a_record_rewritten_behind_the_index_is_read_again() -> None:
    run = new_run()
    assert records()[0].status == "done"
    record = json.loads((run.folder / "run.json").read_text())
    record.update(status="stopped", test_acc={"network": 0.25})
    (run.folder / "run.json").write_text(json.dumps(record))  # no note to the index
    assert [(r.status, r.test_acc) for r in records()] == [("stopped", {"network": 0.25})]
    same_list()


def test_a_missing_corrupt_or_foreign_index_lists_the_same_and_is_repaired() -> None:
    runs = [new_run() for _ in range(3)]
    index = history_root() / INDEX
    for bad in (None, "{not json", json.dumps({"format": 99, "runs": {}}),
                json.dumps({"format": 1, "runs": {runs[0].folder.name: [1, 2, 3, {}]}})):
        if bad is None:
            index.unlink()
        else:
            index.write_text(bad)
        assert [r.id for r in records()] == [r.id for r in reversed(runs)]
        assert set(load_index(history_root())) == {r.folder.name for r in runs}  # repaired


def test_an_entry_whose_stamp_matches_is_taken_from_the_index() -> None:
    """The index is what the list reads when it is current (else it would be no cache)."""
    run = new_run()
    index = history_root() / INDEX
    obj = json.loads(index.read_text())
    obj["runs"][run.folder.name][3]["preset"] = "from-the-index"
    index.write_text(json.dumps(obj))
    assert records()[0].preset == "from-the-index"


def _writer(root: str, n: int) -> None:
    os.environ["NNTUI_RUNS_DIR"] = root
    preset = PRESETS["overfit-one-batch"]
    config = preset.resolve(seed=0, overrides={})
    for _ in range(n):
        run = start_run(config=config, title=preset.title, series=preset.series,
                        changed={}, cap=Cap(None, None))
        run.finish(config, None, "done")


def test_writers_racing_on_the_index_lose_nothing_from_the_list(tmp_path: Path) -> None:
    root = history_root()
    root.mkdir(parents=True, exist_ok=True)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(root), 6)) for _ in range(3)]
    for p in procs:
        p.start()
    for _ in range(20):  # a reader repairing the index while they write
        records()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(same_list()) == 18
    assert len(load_index(root)) == 18
