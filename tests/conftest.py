"""Suite-wide settings.

Tests run two at a time (pytest -n 2) on a 2-core machine: one BLAS thread per process keeps
them from oversubscribing the cores (DESIGN.md: two BLAS threads collapse when the other core
is busy), and keeps float results independent of thread scheduling.

No test may touch the user's real cache: every test process gets its own NNTUI_CACHE_DIR
(tests that need a specific one still monkeypatch it), removed again when that process ends
so repeated runs leave nothing in /tmp.
"""

import atexit
import os
import shutil
import tempfile

from threadpoolctl import threadpool_limits

threadpool_limits(1)
_CACHE = tempfile.mkdtemp(prefix="nntui-test-cache-")
_OWNER = os.getpid()
os.environ["NNTUI_CACHE_DIR"] = _CACHE


def _remove_cache() -> None:
    # Only the process that made it: a forked child exiting must not pull it from under us.
    if os.getpid() == _OWNER:
        shutil.rmtree(_CACHE, ignore_errors=True)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ARG001 - pytest hook signature
    _remove_cache()


# Also when the session never reaches sessionfinish (an internal error, Ctrl-C twice).
atexit.register(_remove_cache)
