"""Fixtures for tests/core (data tests: isolated cache, loopback HTTP server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.data_helpers import LoopbackServer, sha256, small_mnist, start_server

SHARED_MNIST = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "mnist"


@pytest.fixture
def data_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh NNTUI_CACHE_DIR per test, so tests never touch the user's real cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NNTUI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    """A loopback HTTP server for download tests; proxies are disabled so urllib goes direct."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    state = LoopbackServer()
    server = start_server(state)
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def tiny_mnist(monkeypatch: pytest.MonkeyPatch, data_cache: Path) -> Path:
    """Swap MNIST's checksum table for tiny generated files (12 train / 6 test images).

    Returns the cache folder the files would land in; serve `small_mnist()` from the
    loopback server and set NNTUI_MNIST_MIRROR to reach it.
    """
    from nntui.core.data import download as dl

    specs = tuple(dl.FileSpec(n, sha256(d), len(d)) for n, d in small_mnist().items())
    src = dl.SOURCES["mnist"]
    # The built-in mirrors are replaced too: nothing here may ever reach the internet.
    monkeypatch.setitem(
        dl.SOURCES, "mnist", dl.Source(src.title, src.env_var, ("http://127.0.0.1:9/",), specs)
    )
    return data_cache / "mnist"
