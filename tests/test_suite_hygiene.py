"""The test infrastructure itself: no test can hang CI, a run leaves nothing in /tmp, and
nothing running (tests/leftovers.py): each is shown on a small inner pytest run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

INNER = """
import os
from pathlib import Path

def test_records_cache(worker_id="master"):
    cache = Path(os.environ["NNTUI_CACHE_DIR"])
    assert cache.is_dir()
    (cache / "something.bin").write_bytes(b"x" * 10)  # a non-empty folder must go too
    with open(os.environ["SEEN_FILE"], "a") as fh:
        fh.write(str(cache) + "\\n")
"""


def test_every_test_has_a_timeout(pytestconfig: pytest.Config) -> None:
    # Unknown ini keys raise ValueError: this fails when pytest-timeout is not installed.
    assert float(pytestconfig.getini("timeout")) == 600


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_session_cache_folder_is_removed_at_the_end(tmp_path: Path, workers: list[str]) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(INNER)
    seen = tmp_path / "seen.txt"
    env = {**os.environ, "TMPDIR": str(tmp), "SEEN_FILE": str(seen)}
    env.pop("NNTUI_CACHE_DIR", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
           *workers, str(test_file)]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    used = [Path(line) for line in seen.read_text().splitlines()]
    assert used and all(p.parent == tmp and p.name.startswith("nntui-test-cache-") for p in used)
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith("nntui-test-cache-")) == []


LEAKY = """
import os
import pathlib
import subprocess


def test_leaves_an_orphaned_sleeper():
    # `sh` exits at once: the sleeper is an orphan (it would move to init, out of sight)
    subprocess.run(["sh", "-c", "sleep 60 & echo $! > " + os.environ["PID_FILE"]], check=True)


def test_leaves_a_tmux_socket():
    folder = pathlib.Path(os.environ["TMUX_TMPDIR"]) / f"tmux-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    (folder / "stale").write_text("")  # as a tmux server killed with -9 leaves it
"""

CLEAN = """
import multiprocessing
import subprocess


def test_short_lived_orphan_and_a_process_pool():
    subprocess.run(["sh", "-c", "sleep 1 &"], check=True)  # ends within the grace period
    with multiprocessing.get_context("forkserver").Pool(1) as pool:  # forkserver, tracker
        assert pool.map(abs, [-1]) == [1]
"""

HANGS = """
import os
import subprocess
import time


def test_hangs(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"x" * 10)
    sleeper = subprocess.Popen(["sleep", "60"])
    with open(os.environ["SEEN_FILE"], "w") as fh:
        fh.write(f"{tmp_path}\\n{os.environ['NNTUI_CACHE_DIR']}\\n{sleeper.pid}\\n")
    time.sleep(60)
"""


FAILS_THEN_HANGS = """
import time

import pytest


@pytest.fixture
def stuck():
    yield
    time.sleep(60)  # a teardown that never ends (a thread joined for ever)


def test_fails(stuck):
    assert False
"""


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path: a forkserver's socket lives under the inner run's
    TMPDIR, and a Unix socket path may not exceed 107 bytes (an xdist worker's tmp_path
    is longer than that allows)."""
    folder = Path(tempfile.mkdtemp(prefix="nh-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _inner_run(tmp_path: Path, source: str, *args: str) -> tuple[subprocess.CompletedProcess,
                                                                   dict[str, str]]:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(source)
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "PID_FILE": str(tmp_path / "pid"),
           "SEEN_FILE": str(tmp_path / "seen.txt")}
    env.pop("NNTUI_CACHE_DIR", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
           *args, str(test_file)]
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    return done, env


def _running(pid: int) -> bool:
    from tests.procs import is_running

    return is_running(pid)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_process_left_running_fails_the_run_and_names_its_test(tmp_path: Path,
                                                                 workers: list[str]) -> None:
    done, _env = _inner_run(tmp_path, LEAKY, *workers)
    out = done.stdout + done.stderr
    sleeper = int((tmp_path / "pid").read_text())
    assert done.returncode == 1, out
    assert "2 passed" in out and "processes left behind" in out
    assert f"pid {sleeper} (sleep 60) started by " in out
    assert "test_inner.py::test_leaves_an_orphaned_sleeper" in out
    assert "tmux socket left behind" in out and out.count("stale") == 1
    assert not _running(sleeper)  # and it was stopped


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_processes_that_end_in_time_and_pool_helpers_pass(short_tmp: Path,
                                                          workers: list[str]) -> None:
    done, _env = _inner_run(short_tmp, CLEAN, *workers)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "left behind" not in done.stdout


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_test_that_times_out_still_cleans_up(tmp_path: Path, workers: list[str]) -> None:
    # The suite's method (pyproject.toml): the inner run's rootdir is elsewhere.
    done, _env = _inner_run(tmp_path, HANGS, "-o", "timeout=3", "-o", "timeout_method=thread",
                            *workers)
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "Timeout" in out or "node down: Not properly terminated" in out  # xdist: crashed
    test_tmp, cache, pid = (tmp_path / "seen.txt").read_text().split()
    assert not Path(test_tmp).exists() and not Path(cache).exists()
    assert not _running(int(pid))
    # Nor the cache folders of the other processes, nor the run's tmux folder.
    assert [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("nntui-test")] == []


def test_a_failed_test_whose_teardown_hangs_still_times_out(tmp_path: Path) -> None:
    started = time.monotonic()
    done, _env = _inner_run(tmp_path, FAILS_THEN_HANGS, "-o", "timeout=3",
                            "-o", "timeout_method=thread")
    assert done.returncode != 0 and "Timeout" in done.stdout + done.stderr
    assert time.monotonic() - started < 40
