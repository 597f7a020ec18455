"""Writing the run history (`nntui.runs.history` describes the folder): a new run's folder,
its checkpoints while it trains, its end, and pruning to the cap.

Every file goes through a temp name and a rename (`results.write_results`, `_write_json`),
so a reader (`nntui runs` in another terminal, a compare) sees a whole file or the one
before it; a run killed at any moment leaves its last checkpoint, readable and replayable.
Two processes never collide: each run folder is created exclusively under a fresh random
id, each process writes only into its own, and pruning never touches a run whose lock
is held.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nntui import __version__
from nntui.runs.history import (
    EXPERIMENT_FILE,
    FORMAT,
    LOCK,
    RunRecord,
    fcntl,
    folder_bytes,
    folders,
    history_root,
    is_live,
    read_record,
)
from nntui.runs.index import RECORD, forget, note_written

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.params import RunConfig
    from nntui.runs.failure import RunFailure

#: The cap (`NNTUI_HISTORY_MAX_RUNS`, `NNTUI_HISTORY_MAX_MB` change it): past it, the
#: oldest runs go when a new one starts.
MAX_RUNS = 500
MAX_MB = 1024


@dataclass(frozen=True)
class Cap:
    """How much history to keep: at most ``runs`` runs and ``mb`` megabytes (None: no
    limit of that kind)."""

    runs: int | None = MAX_RUNS
    mb: float | None = MAX_MB

    @classmethod
    def from_env(cls) -> Cap:
        """The cap the environment sets (a bad value keeps the default)."""
        return cls(_env_number("NNTUI_HISTORY_MAX_RUNS", MAX_RUNS, int),  # type: ignore[arg-type]
                   _env_number("NNTUI_HISTORY_MAX_MB", MAX_MB, float))


def _env_number(name: str, default: float, kind: type) -> float | None:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        return default
    return value if value > 0 else None  # 0: no limit of this kind


class HistoryRun:
    """One run being written into the history: made by `start_run`, then `checkpoint`
    while it trains and `finish` once; holds the run's lock until `finish` (or its process
    ends, however it ends)."""

    def __init__(self, folder: Path, record: dict[str, Any], lock_fd: int | None) -> None:
        self.folder = folder
        self.record = record
        self._lock_fd = lock_fd

    @property
    def id(self) -> str:
        return str(self.record["id"])

    def checkpoint(self, config: RunConfig, snapshot: Snapshot) -> None:
        """The run so far, in the run-directory files (a killed run keeps these)."""
        from nntui.runs.results import write_results  # NumPy: once a run has data

        write_results(self.folder, config, snapshot)
        self._progress(snapshot)
        self._write_record()

    def finish(self, config: RunConfig, snapshot: Snapshot | None, status: str,
               report: FinalReport | None = None, failure: RunFailure | None = None) -> None:
        """The run's last files and its status; then the lock goes."""
        try:
            if snapshot is not None:
                from nntui.runs.results import write_results  # NumPy: as in checkpoint

                write_results(self.folder, config, snapshot, report, failure)
                self._progress(snapshot)
                self.record["test_acc"], self.record["test_sd"] = final_accuracies(
                    snapshot, report)
            self.record["status"] = status
            self.record["ended"] = time.time()
            self._write_record()
            self._note()
        finally:
            self.release()

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # closing drops the flock

    def _progress(self, snapshot: Snapshot) -> None:
        self.record.update(iteration=int(snapshot.iteration), total=int(snapshot.total),
                           unit=snapshot.unit, elapsed_s=round(float(snapshot.elapsed_s), 3))

    def _write_record(self) -> None:
        _write_json(self.folder / RECORD, self.record)

    def _note(self) -> None:
        """The record as just written, into the history's index (at the start and the end
        of a run: a checkpoint's record is read from run.json until the run ends)."""
        note_written(self.folder, self.record)


def start_run(*, config: RunConfig, title: str, series: Sequence[str],
              changed: Mapping[str, str], file_text: str | None = None,
              file: str | None = None, root: Path | None = None,
              cap: Cap | None = None) -> HistoryRun:
    """Make the folder of a new run (locked, with config.json and a "running" record) and
    prune the history to ``cap`` (default: the environment's); OSError if the folder
    cannot be written."""
    root = history_root() if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    started = time.time()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(started))
    while True:  # a clash of 32 random bits in the same second: draw again
        rid = secrets.token_hex(4)
        folder = root / f"{stamp}-{rid}"
        try:
            folder.mkdir()
            break
        except FileExistsError:
            continue
    lock_fd = _lock(folder)
    seeds = int(config.get("seeds", 1) or 1)  # type: ignore[arg-type]
    record: dict[str, Any] = {
        "format": FORMAT, "id": rid, "status": "running", "started": started,
        "ended": None, "pid": os.getpid(), "host": socket.gethostname(),
        "nntui": __version__, "preset": config.preset, "title": title,
        "dataset": config.dataset, "seed": config.seed,
        "seeds": list(range(config.seed, config.seed + seeds)), "book": config.book,
        "changed": dict(changed), "series": list(series), "file": file,
        "iteration": 0, "total": 0, "unit": "iteration", "elapsed_s": 0.0,
        "test_acc": {}, "test_sd": {},
    }
    run = HistoryRun(folder, record, lock_fd)
    _write_text(folder / "config.json", json.dumps(config.to_json(), indent=2) + "\n")
    if file_text is not None:
        _write_text(folder / EXPERIMENT_FILE, file_text)
    run._write_record()
    run._note()
    prune(root, cap or Cap.from_env(), keep=(folder,))
    return run


def final_accuracies(snapshot: Snapshot, report: FinalReport | None
                     ) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Per series: the held-out test accuracy (the report's, else the last recorded),
    and its sd over the seeds of a K-seed run (None for one seed)."""
    from nntui.core.band import mean_sd  # NumPy: at the end of a run
    from nntui.runs.summary import held_out_accuracies

    tested = held_out_accuracies(snapshot.series, report)
    per_seed = {r.name: r.per_seed for r in report.series} if report is not None else {}
    acc: dict[str, float | None] = {}
    sd: dict[str, float | None] = {}
    for s in snapshot.series:
        acc[s.name] = _finite(tested[s.name])
        values = list(per_seed.get(s.name) or ())
        if not values and s.band is not None:
            values = [f.test_acc for f in s.band.finals]
        sd[s.name] = _finite(mean_sd(values)[1]) if len(values) > 1 else None
    return acc, sd


def _finite(x: float) -> float | None:
    x = float(x)
    return round(x, 6) if x == x and abs(x) != float("inf") else None


@dataclass(frozen=True)
class Pruned:
    """What `prune` removed and what is left."""

    removed: tuple[Path, ...]
    freed_bytes: int
    kept: int
    kept_bytes: int


def prune(root: Path | None = None, cap: Cap | None = None, *,
          keep: Sequence[Path] = (), incomplete: bool = False, dry_run: bool = False
          ) -> Pruned:
    """Remove the oldest runs until at most ``cap.runs`` runs of at most ``cap.mb`` MB are
    left; never a run still being written (its lock is held) nor one in ``keep``.
    ``incomplete``: also remove every run whose process was killed. ``dry_run``: only say
    what would go."""
    root = history_root() if root is None else root
    cap = cap or Cap.from_env()
    protected = {p.resolve() for p in keep}
    entries = []  # (folder, bytes, removable, record), sorted oldest first below
    for folder in folders(root):
        record = read_record(folder)
        live = is_live(folder, record.pid if record else 0)
        removable = not live and folder.resolve() not in protected
        entries.append((folder, folder_bytes(folder), removable, record))
    # By start time, not by name: the name's clock has whole seconds, and runs started in
    # the same second would go in the order of their random ids.
    entries.sort(key=lambda e: (e[3].started if e[3] else _mtime(e[0]), e[0].name))
    doomed: list[int] = []
    if incomplete:
        doomed += [i for i, (f, _b, ok, rec) in enumerate(entries)
                   if ok and (rec is None or rec.status == "running")]
    count = len(entries) - len(doomed)
    size = sum(b for i, (_f, b, _ok, _r) in enumerate(entries) if i not in doomed)
    limit = None if cap.mb is None else cap.mb * 1024 * 1024
    for i, (_folder, nbytes, ok, _rec) in enumerate(entries):
        over = ((cap.runs is not None and count > cap.runs)
                or (limit is not None and size > limit))
        if not over:
            break
        if ok and i not in doomed:
            doomed.append(i)
            count -= 1
            size -= nbytes
    removed, freed = [], 0
    for i in sorted(doomed):
        folder, nbytes = entries[i][0], entries[i][1]
        if not dry_run:
            remove_folder(folder)
        removed.append(folder)
        freed += nbytes
    if removed and not dry_run:
        forget(removed)
    return Pruned(tuple(removed), freed, len(entries) - len(removed),
                  sum(e[1] for e in entries) - freed)


def _mtime(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0


def remove_folder(folder: Path) -> None:
    """Delete one run's folder; a second process deleting it too is not an error. The
    record goes first, so a lister never reads a half-deleted run as whole."""
    try:
        (folder / RECORD).unlink()
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


def remove(records: Sequence[RunRecord]) -> None:
    """`nntui runs rm`: delete these runs' folders."""
    for r in records:
        remove_folder(r.folder)
    forget(r.folder for r in records)


def _lock(folder: Path) -> int | None:
    """Open and hold the run's lock (None where flock does not exist)."""
    fd = os.open(folder / LOCK, os.O_WRONLY | os.O_CREAT, 0o644)
    if fcntl is None:  # pragma: no cover - Windows: the record's pid stands in
        os.close(fd)
        return None
    fcntl.flock(fd, fcntl.LOCK_EX)  # a new folder: nobody else can hold it
    return fd


def _write_json(path: Path, obj: Any) -> None:
    _write_text(path, json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n")


def _write_text(path: Path, text: str) -> None:
    from nntui.runs.results import write_atomic  # NumPy: only where a run is written

    write_atomic(path, text)
