"""Processes a bench started that outlive their terminal: found, counted, killed by pid.

Shared by bench/disconnect.py and bench/startup.py (and bench/terminal_rigs.py): a
killed terminal must end the app, so whatever is still running a little later is a
survivor; it is then SIGKILLed, one pid at a time, so the next measurement starts clean.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name (field 3 on: state, ppid, …), None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie)."""
    fields = stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL each pid (one that is gone already is skipped)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def kill_survivors(find: Callable[[], set[int]], within_s: float,
                   wait: Callable[[float], object] = time.sleep,
                   poll_s: float = 0.05) -> set[int]:
    """Wait up to ``within_s`` for ``find()`` (the live processes of interest) to come back
    empty, calling ``wait(seconds)`` in between (a rig drains its terminal there); SIGKILL
    whatever is still alive then and return those pids (the survivors)."""
    deadline = time.monotonic() + within_s
    while True:
        left = find()
        rest = deadline - time.monotonic()
        if not left or rest <= 0:
            break
        wait(min(poll_s, rest))
    kill_all(left)
    return left
