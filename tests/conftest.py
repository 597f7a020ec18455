"""Suite-wide settings.

Tests run two at a time (pytest -n 2) on a 2-core machine: one BLAS thread per process keeps
them from oversubscribing the cores (DESIGN.md: two BLAS threads collapse when the other core
is busy), and keeps float results independent of thread scheduling.

No test may touch the user's real cache: every test process gets its own NNTUI_CACHE_DIR
(tests that need a specific one still monkeypatch it).
"""

import os
import tempfile

from threadpoolctl import threadpool_limits

threadpool_limits(1)
os.environ["NNTUI_CACHE_DIR"] = tempfile.mkdtemp(prefix="nntui-test-cache-")
