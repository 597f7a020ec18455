"""Start multiprocessing's resource tracker while the real stderr is still reachable."""

from __future__ import annotations

import sys


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the process's real stderr.

    A process pool (hparam-search) starts the tracker on first use, passing `sys.stderr`'s
    file descriptor to it; while Textual runs, `sys.stderr` is its capture object with no
    descriptor and that fails ("bad value(s) in fds_to_keep", DESIGN.md pitfall). The
    dashboard calls it on the UI thread (nothing else writes to stderr meanwhile) before
    it starts a run's worker. Idempotent and cheap once running.
    """
    # multiprocessing's tracker: only when a dashboard starts a run
    import multiprocessing.resource_tracker

    real, current = sys.__stderr__, sys.stderr
    if real is None:  # no stderr at all (pythonw): the tracker copes without one
        multiprocessing.resource_tracker.ensure_running()
        return
    sys.stderr = real
    try:
        multiprocessing.resource_tracker.ensure_running()
    finally:
        sys.stderr = current
