"""The run history's index: every run's record (run.json) kept in one file beside the run
folders, so `nntui runs` parses one file instead of a thousand.

The index is a cache, never the truth: each entry holds a record's content with the
identity of the run.json it was read from (its modification time in ns, size and inode).
A reader lists the run folders, stats each run.json (cheap) and takes an entry only while
that identity is unchanged; a run the index lacks, or whose run.json has changed since,
is read from its run.json. So a missing, stale, corrupt or half-written index (a writer
killed, two writers racing) only costs time: the list is what reading every run.json
gives. A reader that had to read any run.json writes the repaired index back, unless
another process holds the index's lock at that moment (it will write one itself).

Writers (`note_written`, after each record written at a run's start and end) update their
entry under the lock (``flock`` on ``.index.lock``: the kernel drops it when its process
dies, however it dies); every index file is written under a temp name and renamed in.
Nothing here imports more than the standard library: the list must start fast.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:  # POSIX: a lock the kernel drops when its process dies
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the index is rewritten freely
    fcntl = None  # type: ignore[assignment]

#: A run's record file in its folder (`nntui.runs.history` describes it).
RECORD = "run.json"
#: The index file and its lock, in the history folder (names no run folder can have).
INDEX = "index.json"
INDEX_LOCK = ".index.lock"
#: The index file's own format: another is read as no index.
INDEX_FORMAT = 1
#: A temp index file older than this was left by a killed writer: removed on a repair.
STALE_TEMP_S = 600.0

#: (st_mtime_ns, st_size, st_ino) of a run.json: an index entry is good while it holds.
Stamp = tuple[int, int, int]


def read_object(folder: Path | str) -> dict[str, Any] | None:
    """A run.json's content; None when it is missing, unreadable or not a JSON object."""
    try:
        with open(os.path.join(folder, RECORD), "rb") as f:  # os, not pathlib: 1000s
            obj = json.loads(f.read())
    except (OSError, ValueError):
        return None
    return obj if isinstance(obj, dict) else None


def stamp_of(folder: Path | str) -> Stamp | None:
    """The identity of a folder's run.json (None: it has none)."""
    try:
        st = os.stat(os.path.join(folder, RECORD))
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def load_index(root: Path) -> dict[str, list[Any]]:
    """The index's entries, folder name -> [mtime_ns, size, ino, record]; {} when there is
    no index or it cannot be read (a reader then reads every run.json)."""
    try:
        with open(os.path.join(root, INDEX), "rb") as f:
            obj = json.loads(f.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(obj, dict) or obj.get("format") != INDEX_FORMAT:
        return {}
    entries = obj.get("runs")
    return entries if isinstance(entries, dict) else {}


def record_objects(root: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The record of every run folder in ``names`` (under ``root``) that has a readable one,
    by folder name: from the index where its entry is current, else from run.json; the
    index is repaired when it was not current (module doc)."""
    entries = load_index(root)
    out: dict[str, dict[str, Any]] = {}
    fresh: dict[str, list[Any]] = {}
    changed = False
    for name in names:
        folder = os.path.join(root, name)
        stamp = stamp_of(folder)
        if stamp is None:  # no record (yet): not a run to list
            changed = changed or name in entries
            continue
        entry = entries.get(name)
        if (isinstance(entry, list) and len(entry) == 4 and tuple(entry[:3]) == stamp
                and isinstance(entry[3], dict)):
            obj = entry[3]
        else:
            read = read_object(folder)
            if read is None:
                changed = changed or name in entries
                continue
            # Stamped before or after the read? A record rewritten in between gets the new
            # stamp with the old content: stamp again and keep it only if unchanged.
            if stamp_of(folder) != stamp:
                out[name] = read
                changed = True
                continue
            obj, changed = read, True
        out[name] = obj
        fresh[name] = [*stamp, obj]
    if changed or len(fresh) != len(entries):
        _write_index(root, fresh, wait=False)
    return out


def note_written(folder: Path, record: dict[str, Any]) -> None:
    """A writer's run.json was just written as ``record``: put it in the index (best
    effort: a failure leaves readers to read that run.json)."""
    stamp = stamp_of(folder)
    if stamp is None:
        return
    root = folder.parent
    try:
        with _locked(root, wait=True) as held:
            if not held:
                return
            entries = load_index(root)
            entries[folder.name] = [*stamp, record]
            _replace(root, entries)
    except OSError:
        pass


def forget(folders: Iterable[Path]) -> None:
    """Runs just removed: drop their entries (best effort; a reader drops them anyway)."""
    by_root: dict[Path, set[str]] = {}
    for f in folders:
        by_root.setdefault(f.parent, set()).add(f.name)
    for root, names in by_root.items():
        try:
            with _locked(root, wait=True) as held:
                if not held:
                    continue
                entries = load_index(root)
                if names & entries.keys():
                    _replace(root, {k: v for k, v in entries.items() if k not in names})
        except OSError:
            pass


def _write_index(root: Path, entries: dict[str, list[Any]], *, wait: bool) -> None:
    """Write ``entries`` as the index if the lock can be had (``wait``: wait for it)."""
    try:
        with _locked(root, wait=wait) as held:
            if held:
                _replace(root, entries)
                _remove_stale_temps(root)
    except OSError:  # a read-only history still lists
        pass


@contextmanager
def _locked(root: Path, *, wait: bool):  # noqa: ANN202 - a context manager of bool
    """Hold the index's lock; yields False when ``wait`` is off and another holds it."""
    if fcntl is None:  # pragma: no cover - Windows
        yield True
        return
    fd = os.open(os.path.join(root, INDEX_LOCK), os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing drops the flock


def _replace(root: Path, entries: dict[str, list[Any]]) -> None:
    """The index file, whole, through a temp name and a rename."""
    import tempfile  # ~5 ms: only when the index is written, not on every list

    text = json.dumps({"format": INDEX_FORMAT, "runs": entries}, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)
    fd, tmp = tempfile.mkstemp(prefix=f".{INDEX}.", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, os.path.join(root, INDEX))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_stale_temps(root: Path) -> None:
    """Temp index files a killed writer left (older than STALE_TEMP_S)."""
    now = time.time()
    try:
        with os.scandir(root) as it:
            for e in it:
                if e.name.startswith(f".{INDEX}.") and e.name.endswith(".tmp"):
                    try:
                        if now - e.stat().st_mtime > STALE_TEMP_S:
                            os.unlink(e.path)
                    except OSError:
                        pass
    except OSError:
        pass
