"""limit_blas_threads works even when called before anything imported NumPy."""

from __future__ import annotations

import subprocess
import sys


def test_limit_applies_when_numpy_was_not_imported_yet() -> None:
    # A fresh interpreter: the catalog and the CLI import NumPy late, so a driver may limit
    # the threads first. threadpoolctl only sees loaded libraries; the limit must load it.
    code = (
        "import sys\n"
        "from nntui.core.blas import blas_info, limit_blas_threads\n"
        "assert 'numpy' not in sys.modules\n"
        "with limit_blas_threads(1):\n"
        "    print([i['num_threads'] for i in blas_info()])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[1]"
