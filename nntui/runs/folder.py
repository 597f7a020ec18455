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

from nntui.i18n import _
from nntui.i18n.reasons import os_reason

#: A folder holding any of these holds a run's results (nntui.runs.results writes them).
RESULT_FILES = ("config.json", "metrics.csv", "summary.json")


class OutDirError(OSError):
    """--out is unusable; str() reads after "--out ": "runs/a already holds …"."""


def earlier_run_file(out: Path) -> Path | None:
    """The first result file found in `out` (None: no earlier run there)."""
    for name in RESULT_FILES:
        path = out / name
        if os.path.lexists(path):
            return path
    return None


def check_new_out(out: Path) -> None:
    """OutDirError unless `out` (an existing folder) is empty of results and writable."""
    found = earlier_run_file(out)
    if found is not None:
        raise OutDirError(_("{out} already holds the results of an earlier run ({file}): "
                            "choose a new folder, or remove that one first").format(
                                out=out, file=found.name))
    probe = out / f".nntui-write-test.{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise OutDirError(_("{out} is not writable ({reason}): choose a folder you can "
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
