"""Suite-wide settings.

Tests run two at a time (pytest -n 2) on a 2-core machine: one BLAS thread per process keeps
them from oversubscribing the cores (DESIGN.md: two BLAS threads collapse when the other core
is busy), and keeps float results independent of thread scheduling.

No test may touch the user's real cache: every test process gets its own NNTUI_CACHE_DIR
(tests that need a specific one still monkeypatch it), removed again when that process ends
so repeated runs leave nothing in /tmp. Nor the user's run history: every test gets an
empty NNTUI_RUNS_DIR of its own inside that folder (`_own_run_history`), which the
processes a test starts inherit. tmux servers started by tests put their sockets in
one folder per run (TMUX_TMPDIR), never beside the user's.

The suite leaves nothing running (tests/leftovers.py): a process a test started that is
still alive 5 s after the last test fails the run, named with its test. A test that hits
its timeout still kills what it started and removes its temp folders before pytest-timeout
ends the process.
"""

import atexit
import itertools
import os
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

# Before NumPy loads: OpenBLAS reads these once, and threadpoolctl can only limit libraries
# that are already loaded (a limit set before `import numpy` silently does nothing; measured:
# the suite then ran two spinning BLAS threads per worker, several times slower).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy  # noqa: E402, F401  (loaded here so the limit below has a library to limit)
import pytest  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nntui.i18n import use_language  # noqa: E402
from tests.leftovers import (  # noqa: E402
    GRACE_S,
    RUN_VAR,
    Tracker,
    become_subreaper,
    stop_multiprocessing_helpers,
)
from tests.procs import descendants, kill_all  # noqa: E402

threadpool_limits(1)
_CACHE = tempfile.mkdtemp(prefix="nntui-test-cache-")
_OWNER = os.getpid()
os.environ["NNTUI_CACHE_DIR"] = _CACHE
# Nor the user's experiment files: the picker would list them (a folder that does not exist).
os.environ["NNTUI_EXPERIMENTS"] = os.path.join(_CACHE, "experiments")
# Nor the user's run history (each test then gets its own, below).
os.environ["NNTUI_RUNS_DIR"] = os.path.join(_CACHE, "runs")
_HISTORIES = itertools.count()

# The run's id and tmux folder: made by the controller (or a serial run), inherited by the
# xdist workers it starts. A worker is a child of the controller with PYTEST_XDIST_WORKER
# set; a pytest that a test starts (tests/test_suite_hygiene.py) is a run of its own.
_CONTROLLER = not ("PYTEST_XDIST_WORKER" in os.environ
                   and os.environ.get("NNTUI_TEST_CONTROLLER") == str(os.getppid()))
if _CONTROLLER:
    os.environ["NNTUI_TEST_CONTROLLER"] = str(os.getpid())
    os.environ[RUN_VAR] = uuid.uuid4().hex
    os.environ["TMUX_TMPDIR"] = tempfile.mkdtemp(prefix="nntui-test-tmux-")
    os.environ.pop("TMUX", None)  # tests' tmux never talks to a tmux the suite runs in
_TRACKER = Tracker(os.environ.get(RUN_VAR, ""), Path(os.environ["TMUX_TMPDIR"]))
_CHECKING = become_subreaper() and os.path.isdir("/proc")


def _remove_cache() -> None:
    # Only the process that made it: a forked child exiting must not pull it from under us.
    if os.getpid() == _OWNER:
        shutil.rmtree(_CACHE, ignore_errors=True)


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


@pytest.fixture(autouse=True)
def _record_started_processes(request: pytest.FixtureRequest):
    """Remember which test started each process still running after it (for the blame)."""
    if not _CHECKING:
        yield
        return
    before = _TRACKER.before_test()
    yield
    _TRACKER.after_test(before, request.node.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":  # the controller sees every worker's reports too
        _TRACKER.last_test_end = time.monotonic()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ARG001 - xdist hook signature
    """xdist (controller): a worker ended; take what its tests started."""
    output = getattr(node, "workeroutput", None) or {}
    if "nntui_leftovers" in output:
        _TRACKER.receive(output["nntui_leftovers"])


@pytest.hookimpl(trylast=True)  # after xdist has shut its workers down
def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:  # noqa: ARG001
    stop_multiprocessing_helpers()
    _remove_cache()
    if not _CHECKING:
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: report; the controller checks
        workeroutput["nntui_leftovers"] = _TRACKER.report()
        return
    procs, sockets = _TRACKER.leftovers()
    _TRACKER.clean(procs)
    if not procs and not sockets:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"still running {GRACE_S:g} s after the last test (killed now):",
             *(f"  {_TRACKER.blame(p)}" for p in procs),
             *(f"  tmux socket left behind: {s}" for s in sockets)]
    if reporter is not None:
        reporter.write_sep("!", "processes left behind")
        for line in lines:
            reporter.write_line(line)
    else:  # pragma: no cover - no terminal plugin (-p no:terminal)
        print("\n".join(lines))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item: pytest.Item, settings) -> bool | None:
    """pytest-timeout's thread method ends the process with os._exit (no finally, no
    atexit): clean up first, then let it dump the stacks and exit."""
    if settings.method != "thread":
        return None
    import pytest_timeout

    def expire() -> None:
        kill_all(descendants(os.getpid()))
        tmp = getattr(item, "funcargs", {}).get("tmp_path")
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        _remove_cache()
        if _CONTROLLER:  # a serial run: the run's tmux folder is this process's too
            shutil.rmtree(_TRACKER.tmux_dir, ignore_errors=True)
        pytest_timeout.timeout_timer(item, settings)

    timer = threading.Timer(settings.timeout, expire)
    timer.name = f"timeout {item.nodeid}"
    timer.daemon = True

    def cancel() -> None:
        timer.cancel()
        timer.join()

    item.cancel_timeout = cancel  # what pytest_timeout_cancel_timer calls
    timer.start()
    return True


@pytest.hookimpl(trylast=True, optionalhook=True)
def pytest_exception_interact(node, call, report) -> None:  # noqa: ARG001 - hook signature
    """pytest-timeout cancels a test's timer when the test fails (for --pdb): a fixture
    that then hangs in its teardown would hang the run for ever. Without --pdb, arm it
    again for what is left of the test."""
    if node.config.getvalue("usepdb") or not isinstance(node, pytest.Item):
        return
    import pytest_timeout

    settings = pytest_timeout._get_item_settings(node)
    if settings.timeout and not settings.func_only:
        node.config.pluginmanager.hook.pytest_timeout_set_timer(item=node, settings=settings)
