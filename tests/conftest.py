"""Suite-wide settings.

Tests run two at a time (pytest -n 2) on a 2-core machine: one BLAS thread per process keeps
them from oversubscribing the cores (DESIGN.md: two BLAS threads collapse when the other core
is busy), and keeps float results independent of thread scheduling.
"""

from threadpoolctl import threadpool_limits

threadpool_limits(1)
