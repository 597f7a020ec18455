"""Where nntui keeps downloaded and derived data, and how files get there atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nntui.core.data.errors import DataError, os_reason
from nntui.i18n import _

CACHE_ENV = "NNTUI_CACHE_DIR"


def cache_dir() -> Path:
    """The data cache: $NNTUI_CACHE_DIR, else the platform user cache dir + "nntui".

    On Linux that is $XDG_CACHE_HOME/nntui (default ~/.cache/nntui). The folder is not
    created here; writers create it when they first need it.
    """
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    # Imported lazily: only needed when no override is set, and startup time matters.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nntui", appauthor=False))


def ensure_dir(path: Path) -> Path:
    """Create `path` (and parents) or raise a DataError saying how to fix it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            _("The data folder {path} cannot be created ({reason}). Set {env} to a writable "
              "folder, or use --data-dir DIR.").format(path=path, reason=os_reason(exc),
                                                       env=CACHE_ENV)
        ) from exc
    return path


def missing_dirs(path: Path) -> list[Path]:
    """The folders `ensure_dir(path)` would create: `path` and its missing parents, deepest
    first (empty when `path` already exists)."""
    out: list[Path] = []
    p = Path(path)
    while not os.path.lexists(p) and p != p.parent:
        out.append(p)
        p = p.parent
    return out


def remove_empty_dirs(dirs: list[Path]) -> None:
    """rmdir each folder in order (deepest first), stopping at the first one that is not
    empty or cannot be removed: files someone put there are never touched."""
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            return


@contextmanager
def filling_dir(path: Path) -> Iterator[Path]:
    """`ensure_dir(path)` for a job that fills the folder. If the job raises, the folders
    this call created (`path` and any missing parents) are removed again when they are still
    empty, so a failed attempt leaves nothing new behind."""
    created = missing_dirs(path)
    ensure_dir(path)
    try:
        yield path
    except BaseException:
        remove_empty_dirs(created)
        raise


@contextmanager
def atomic_file(dest: Path) -> Iterator[tuple[Path, object]]:
    """Yield (temp_path, binary file) in dest's folder; os.replace onto dest on success.

    The temp file lives in the same folder so the final rename is atomic; on any
    exception it is removed, so a failed write never leaves a partial file behind.
    """
    ensure_dir(dest.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as exc:
        raise DataError(
            _("The data folder {path} is not writable ({reason}). Set {env} to a writable "
              "folder, or use --data-dir DIR.").format(path=dest.parent, reason=os_reason(exc),
                                                       env=CACHE_ENV)
        ) from exc
    tmp = Path(tmp_name)
    try:
        fh = os.fdopen(fd, "wb")
        with fh:
            yield tmp, fh
            _finish(fh.close, dest)  # the last buffered bytes hit a full disk here
        _finish(lambda: os.chmod(tmp, 0o644), dest)  # mkstemp makes 0600; not secrets
        _finish(lambda: os.replace(tmp, dest), dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _finish(op, dest: Path) -> None:
    """Run one closing step of `atomic_file`; an OSError (disk full, read-only) becomes the
    DataError a user can act on."""
    try:
        op()
    except OSError as exc:
        raise DataError(
            _("Cannot write {path} ({reason}); free some space or set {env} to another "
              "folder.").format(path=dest, reason=os_reason(exc), env=CACHE_ENV)
        ) from exc


def dir_size(path: Path) -> int:
    """Total bytes of the regular files directly inside `path` (0 if it does not exist)."""
    try:
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    except OSError:
        return 0
