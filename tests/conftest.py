"""Suite-wide settings.

Tests run two at a time (pytest -n 2) on a 2-core machine: one BLAS thread per process keeps
them from oversubscribing the cores (DESIGN.md: two BLAS threads collapse when the other core
is busy), and keeps float results independent of thread scheduling.

No test may touch the user's real cache: every test process gets its own NNTUI_CACHE_DIR
(tests that need a specific one still monkeypatch it), removed again when that process ends
so repeated runs leave nothing in /tmp. Nor the user's run history: every test gets an
empty NNTUI_RUNS_DIR of its own inside that folder (`_own_run_history`), which the
processes a test starts inherit.
"""

import atexit
import itertools
import os
import shutil
import tempfile

# Before NumPy loads: OpenBLAS reads these once, and threadpoolctl can only limit libraries
# that are already loaded (a limit set before `import numpy` silently does nothing; measured:
# the suite then ran two spinning BLAS threads per worker, several times slower).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy  # noqa: E402, F401  (loaded here so the limit below has a library to limit)
import pytest  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nntui.i18n import use_language  # noqa: E402

threadpool_limits(1)
_CACHE = tempfile.mkdtemp(prefix="nntui-test-cache-")
_OWNER = os.getpid()
os.environ["NNTUI_CACHE_DIR"] = _CACHE
# Nor the user's experiment files: the picker would list them (a folder that does not exist).
os.environ["NNTUI_EXPERIMENTS"] = os.path.join(_CACHE, "experiments")
# Nor the user's run history (each test then gets its own, below).
os.environ["NNTUI_RUNS_DIR"] = os.path.join(_CACHE, "runs")
_HISTORIES = itertools.count()


def _remove_cache() -> None:
    # Only the process that made it: a forked child exiting must not pull it from under us.
    if os.getpid() == _OWNER:
        shutil.rmtree(_CACHE, ignore_errors=True)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ARG001 - pytest hook signature
    _remove_cache()


# Also when the session never reaches sessionfinish (an internal error, Ctrl-C twice).
atexit.register(_remove_cache)


@pytest.fixture(autouse=True)
def _own_run_history(monkeypatch):
    """Every test writes its runs into a history of its own (empty at the start, made when
    the first run is kept): never the user's, never another test's."""
    monkeypatch.setenv("NNTUI_RUNS_DIR", os.path.join(_CACHE, "runs", str(next(_HISTORIES))))
    monkeypatch.delenv("NNTUI_HISTORY", raising=False)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """One language per process (nntui.i18n): a test that switched to Japanese must not leave
    the next test on this worker speaking it."""
    yield
    use_language("en")
