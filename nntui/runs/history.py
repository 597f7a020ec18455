"""The run history: every run kept in one folder, listed and found by a short id.

Where: ``$NNTUI_RUNS_DIR``, else the platform's user data folder + ``runs``
(``~/.local/share/nntui/runs`` on Linux). ``NNTUI_HISTORY=0`` (or ``--no-history``) keeps a
process's runs out of it.

One folder per run, named ``<local start time>-<id>`` (``20261207-184512-3fa9c2d1``),
holding what ``--out`` writes (config.json, metrics.csv, summary.json, report.json,
replay.npz: `nntui.runs.results`) plus:

- ``run.json``: the history's record of the run (`RunRecord`): status, when, preset,
  dataset, seeds, the settings that differ from the preset's defaults, each series' final
  test accuracy, duration. `nntui runs` lists from these alone.
- ``.lock``: held (``flock``) by the process writing the run for as long as it runs. A
  record still "running" whose lock nobody holds belongs to a process that was killed: the
  run is "incomplete" (its files hold what the last checkpoint wrote, and replay).
- ``experiment.toml``: an experiment file's text as it ran.

Ids are 8 random hex digits: two processes never pick the same, and the folder is made
exclusively. Wherever an id is taken, so is any unique prefix of it (the list shows the
shortest of 4 or more), ``last`` (the newest run), ``last~N`` (the N-th before it) or the
run's folder. This module only reads (no NumPy: listing a thousand runs must stay quick);
`nntui.runs.history_write` writes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.runs.index import RECORD, read_object, record_objects  # noqa: F401 (RECORD: its home before)

try:  # POSIX: a lock the kernel drops when its process dies, however it died
    import fcntl
except ImportError:  # pragma: no cover - Windows: a live pid stands in for the lock
    fcntl = None  # type: ignore[assignment]

RUNS_ENV = "NNTUI_RUNS_DIR"
HISTORY_ENV = "NNTUI_HISTORY"
LOCK = ".lock"
EXPERIMENT_FILE = "experiment.toml"
#: The record's format: a reader skips records of a newer one it cannot read.
FORMAT = 1
#: Statuses a record may hold; "incomplete" is read, never written (see the module doc).
STATUSES = ("running", "done", "stopped", "failed", "diverged", "interrupted", "incomplete")
#: Shortest id prefix the list shows (and `short_ids` gives).
SHORT = 4

_LAST = re.compile(r"^last(?:~(\d+))?$")
_FOLDER = re.compile(r"^\d{8}-\d{6}-([0-9a-f]{8})$")


def history_root() -> Path:
    """The history folder ($NNTUI_RUNS_DIR, else the user data folder's ``runs``)."""
    env = os.environ.get(RUNS_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # only where no folder is given

    return Path(user_data_dir("nntui", appauthor=False)) / "runs"


def history_enabled() -> bool:
    """False when NNTUI_HISTORY says no (0, false, no, off)."""
    return os.environ.get(HISTORY_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def id_of_folder(name: str) -> str | None:
    """The run id in a history folder's name, None for anything else."""
    m = _FOLDER.match(name)
    return m.group(1) if m else None


@dataclass(frozen=True)
class RunRecord:
    """One run of the history as its run.json tells it (`folder`: where it lives).

    ``changed``: the settings that differ from the preset's defaults, as text
    (``{"dropout": "0.3"}``); ``test_acc``: each series' final held-out accuracy (the mean
    over the seeds of a K-seed run, whose spread is ``test_sd``); ``status``: as written
    (see `effective_status` for "incomplete")."""

    id: str
    folder: Path
    status: str
    started: float
    preset: str
    title: str = ""
    dataset: str = ""
    seed: int = 0
    seeds: tuple[int, ...] = ()
    book: bool = False
    changed: dict[str, str] = field(default_factory=dict)
    series: tuple[str, ...] = ()
    test_acc: dict[str, float | None] = field(default_factory=dict)
    test_sd: dict[str, float | None] = field(default_factory=dict)
    iteration: int = 0
    total: int = 0
    unit: str = "iteration"
    elapsed_s: float = 0.0
    ended: float | None = None
    pid: int = 0
    file: str | None = None

    @classmethod
    def from_json(cls, folder: Path, obj: dict[str, Any]) -> RunRecord:
        """A record from run.json's content (KeyError/TypeError/ValueError if malformed)."""
        return cls(
            id=str(obj["id"]), folder=folder, status=str(obj["status"]),
            started=float(obj["started"]), preset=str(obj["preset"]),
            title=str(obj.get("title", "")), dataset=str(obj.get("dataset", "")),
            seed=int(obj.get("seed", 0)), seeds=tuple(int(s) for s in obj.get("seeds", ())),
            book=bool(obj.get("book", False)),
            changed={str(k): str(v) for k, v in (obj.get("changed") or {}).items()},
            series=tuple(str(s) for s in obj.get("series", ())),
            test_acc=dict(obj.get("test_acc") or {}), test_sd=dict(obj.get("test_sd") or {}),
            iteration=int(obj.get("iteration", 0)), total=int(obj.get("total", 0)),
            unit=str(obj.get("unit", "iteration")), elapsed_s=float(obj.get("elapsed_s", 0.0)),
            ended=None if obj.get("ended") is None else float(obj["ended"]),
            pid=int(obj.get("pid", 0)), file=obj.get("file"))

    @property
    def seed_list(self) -> tuple[int, ...]:
        return self.seeds or (self.seed,)

    def effective_status(self) -> str:
        """The written status, except a "running" run whose process is gone: "incomplete"."""
        if self.status == "running" and not is_live(self.folder, self.pid):
            return "incomplete"
        return self.status

    @property
    def finished(self) -> bool:
        """Trained to the end (a ghost or a default comparison needs a whole run)."""
        return self.status == "done"


def read_record(folder: Path) -> RunRecord | None:
    """The record of one history folder; None when it has none (yet) or cannot be read."""
    obj = read_object(folder)
    return None if obj is None else record_of(folder, obj)


def record_of(folder: Path, obj: dict[str, Any]) -> RunRecord | None:
    """A record from run.json's content; None if it is malformed or of a newer format."""
    try:
        if int(obj.get("format", FORMAT)) > FORMAT:
            return None
        return RunRecord.from_json(folder, obj)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def is_live(folder: Path, pid: int = 0) -> bool:
    """Whether a process still writes the run in ``folder`` (it holds the run's lock)."""
    if fcntl is None:  # pragma: no cover - no flock: a live pid is the best we know
        return _pid_alive(pid)
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True  # its writer holds it
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def folders(root: Path | None = None) -> list[Path]:
    """Every run folder of the history (by name: oldest first)."""
    root = history_root() if root is None else root
    return [root / name for name in folder_names(root)]


def folder_names(root: Path) -> list[str]:
    """The names of the history's run folders, sorted (oldest first)."""
    try:
        entries = list(os.scandir(root))
    except OSError:  # no history yet
        return []
    # Sorted as names (strings compare far quicker than Paths: a thousand runs list fast).
    return sorted(e.name for e in entries if id_of_folder(e.name) and e.is_dir())


def records(root: Path | None = None) -> list[RunRecord]:
    """Every readable record, newest first: through the history's index
    (`nntui.runs.index`), which gives what `scan_records` gives, faster."""
    root = history_root() if root is None else root
    objs = record_objects(root, folder_names(root))
    return _newest_first(record_of(root / name, obj) for name, obj in objs.items())


def scan_records(root: Path | None = None) -> list[RunRecord]:
    """Every readable record, newest first, each read from its run.json (no index)."""
    return _newest_first(map(read_record, folders(root)))


def _newest_first(found: Iterable[RunRecord | None]) -> list[RunRecord]:
    out = [r for r in found if r is not None]
    out.sort(key=lambda r: (r.started, r.folder.name), reverse=True)
    return out


def short_ids(ids: Iterable[str], least: int = SHORT) -> dict[str, str]:
    """Each id's shortest prefix of at least ``least`` digits that no other id shares."""
    ordered = sorted(set(ids))
    out: dict[str, str] = {}
    for i, rid in enumerate(ordered):
        common = 0
        for other in (ordered[i - 1] if i else "", ordered[i + 1] if i + 1 < len(ordered) else ""):
            n = 0
            while n < min(len(rid), len(other)) and rid[n] == other[n]:
                n += 1
            common = max(common, n)
        out[rid] = rid[:max(least, common + 1)]
    return out


def resolve(token: str, found: Sequence[RunRecord] | None = None,
            root: Path | None = None) -> RunRecord:
    """The run ``token`` names: ``last``, ``last~N``, an id or a unique prefix of one, or a
    history folder's name; UserError with what to do otherwise. ``found``: the records
    to look in (default: the history's, newest first)."""
    text = token.strip().lower()
    runs = list(records(root) if found is None else found)
    m = _LAST.match(text)
    if m:
        back = int(m.group(1) or 0)
        if back < len(runs):
            return runs[back]
        if not runs:
            raise UserError(_("the run history is empty ({folder}): finish a run first")
                            .format(folder=history_root() if root is None else root))
        raise UserError(_("{token}: no run that far back (the history goes back to "
                          "last~{most})").format(token=token, most=len(runs) - 1))
    text = id_of_folder(text) or text
    hits = [r for r in runs if r.id.startswith(text)] if text else []
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UserError(_("no run {token} in the history: `nntui runs` lists them (ids, "
                          "last, last~1, …)").format(token=repr(token)))
    shown = short_ids(r.id for r in runs)
    raise UserError(_("{token} is the start of {n} runs' ids ({ids}): type more of it")
                    .format(token=repr(token), n=len(hits),
                            ids=", ".join(shown[r.id] for r in hits[:6])))


def run_folder(arg: str | Path) -> Path:
    """A run folder from what the user typed: an existing folder as it is (`--out` or `e`
    wrote it), else a history run by id, prefix or ``last~N`` (`resolve`)."""
    path = Path(arg).expanduser()
    text = str(arg)
    # An id has no slash: a path that is not a folder is the caller's to refuse as one.
    if path.exists() or "/" in text or os.sep in text or text.startswith(("~", ".")):
        return path
    return resolve(text).folder


def last_finished(preset: str, dataset: str, *, exclude: Path | None = None,
                  found: Sequence[RunRecord] | None = None) -> RunRecord | None:
    """The newest run of ``preset`` on ``dataset`` that trained to the end (the ghost a
    live dashboard overlays), other than the one in ``exclude``."""
    for r in (records() if found is None else found):
        if (r.preset == preset and r.dataset == dataset and r.finished
                and (exclude is None or r.folder.resolve() != exclude.resolve())):
            return r
    return None


def folder_bytes(folder: Path) -> int:
    """Bytes the files of one run folder take."""
    total = 0
    try:
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    except OSError:
        pass
    return total
