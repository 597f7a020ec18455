"""The test infrastructure itself: no test can hang CI, and a run leaves nothing in /tmp."""

from __future__ import annotations

import os
import subprocess
import sys
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
