"""The data commands' tests use the data tests' isolated cache and loopback server."""

from tests.core.conftest import data_cache, loopback, tiny_mnist  # noqa: F401  (fixtures)
