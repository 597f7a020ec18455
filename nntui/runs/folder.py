"""`--out` safety: never overwrite the results of an earlier run silently.

The rule (README "Usage"): a run started with `--out DIR` refuses, before any training,
a DIR that already holds results (config.json, metrics.csv or summary.json): one line,
exit code 2, "choose a new folder or remove it". It also refuses a DIR it cannot write to
(checked by creating and removing a probe file: permission bits say nothing for root or
on a read-only mount). In the dashboard `e` exports a run to `--out` (or
./runs/<preset>-<time>); when that folder already holds another run's results, this run
goes to the first free numbered sibling, `DIR-2`, `DIR-3`, …, and the notice says where.
"""

from __future__ import annotations

import os
from pathlib import Path

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.i18n.reasons import os_reason

#: A folder holding any of these holds a run's results (nntui.runs.results writes them).
RESULT_FILES = ("config.json", "metrics.csv", "summary.json")


def earlier_run_file(out: Path) -> Path | None:
    """The first result file found in `out` (None: no earlier run there)."""
    for name in RESULT_FILES:
        path = out / name
        if os.path.lexists(path):
            return path
    return None


def check_new_out(out: Path) -> None:
    """UserError unless `out` (an existing folder) is empty of results and writable; its
    text reads after "--out ": "runs/a already holds …"."""
    found = earlier_run_file(out)
    if found is not None:
        raise UserError(_("{out} already holds the results of an earlier run ({file}): "
                          "choose a new folder, or remove that one first").format(
                              out=out, file=found.name))
    probe = out / f".nntui-write-test.{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise UserError(_("{out} is not writable ({reason}): choose a folder you can "
                          "write to").format(out=out, reason=os_reason(exc))) from None
    os.close(fd)
    os.unlink(probe)


def free_sibling(out: Path) -> Path:
    """`out` if it holds no earlier run, else the first `out-N` (N = 2, 3, …) that does not
    exist or holds none."""
    if earlier_run_file(out) is None:
        return out
    n = 2
    while True:
        candidate = out.with_name(f"{out.name}-{n}")
        if not candidate.exists() or earlier_run_file(candidate) is None:
            return candidate
        n += 1


def prepare_dir(out: Path) -> Path:
    """Create the run directory (parents too). UserError when the path or one of its
    parents is a file (its text reads after "--out " too: "afile is a file, not a
    directory: …"); another OSError (permissions, full disk) as the OS raised it."""
    out = Path(out).expanduser()
    blocker = _file_in_the_way(out)
    if blocker == out:
        raise UserError(_("{out} is a file, not a directory: choose a directory path")
                        .format(out=out))
    if blocker is not None:
        raise UserError(_("{out} is inside {file}, a file, not a directory: choose a "
                          "directory path").format(out=out, file=blocker))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest existing path among `path` and its parents if it is not a directory."""
    for p in (path, *path.parents):
        if os.path.lexists(p):
            return None if p.is_dir() else p
    return None


def out_problem(out: Path, exc: Exception) -> str:
    """The one line a user reads when `--out out` cannot be used: "--out " + a UserError's
    text, or what the OS said without errno noise."""
    if isinstance(exc, OSError):
        return _("cannot use --out {out}: {reason}").format(out=out, reason=os_reason(exc))
    return f"--out {exc}"
