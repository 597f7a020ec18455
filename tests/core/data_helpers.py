"""Helpers for the data tests: tiny IDX files and a loopback HTTP server (no internet)."""

from __future__ import annotations

import gzip
import hashlib
import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

STEMS = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def idx_bytes(arr: np.ndarray) -> bytes:
    """Encode a uint8 array as IDX (magic 0x08, big-endian dims)."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    head = bytes([0, 0, 0x08, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return head + arr.tobytes()


def small_mnist(n_train: int = 12, n_test: int = 6, seed: int = 0) -> dict[str, bytes]:
    """Four gzipped IDX files (28x28 images, labels 0-9) keyed by standard .gz file name."""
    rng = np.random.default_rng(seed)
    arrays = (
        rng.integers(0, 256, (n_train, 28, 28)),
        np.arange(n_train) % 10,
        rng.integers(0, 256, (n_test, 28, 28)),
        np.arange(n_test) % 10,
    )
    # mtime=0: identical bytes every run, so sums are stable
    return {f"{s}.gz": gzip.compress(idx_bytes(a), mtime=0) for s, a in zip(STEMS, arrays)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def free_port() -> int:
    """A loopback port nobody listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 serving `routes`; `modes` alters a path's reply.

    modes[path]: "drop" (full Content-Length, half the body, then close), "hang" (wait
    until the test ends), "short" (Content-Length and body both cut to half), "cut:N" (the
    first N bytes of the whole reply, status line and headers included, then close).
    """

    routes: dict[str, bytes] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.port}/{prefix}/"

    def serve(self, prefix: str, files: dict[str, bytes]) -> str:
        for name, data in files.items():
            self.routes[f"/{prefix}/{name}"] = data
        return self.url(prefix)


def raw_reply(body: bytes) -> bytes:
    """The bytes of a plain 200 reply carrying `body` (what "cut:N" cuts)."""
    head = f"HTTP/1.0 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return head + body


def start_server(state: LoopbackServer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            state.hits.append(self.path)
            body = state.routes.get(self.path)
            if body is None:
                self.send_error(404)
                return
            mode = state.modes.get(self.path, "ok")
            if mode.startswith("cut:"):
                reply = raw_reply(body)
                self.wfile.write(reply[: int(mode[4:])])
                self.wfile.flush()
                self.close_connection = True
                return
            if mode == "hang":
                state.release.wait(10)
                return
            if mode == "short":
                body = body[: len(body) // 2]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "drop":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    # a short poll keeps shutdown() (test teardown) fast
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server


def leftovers(folder: Path) -> list[str]:
    """Every file name under `folder` (to assert nothing partial stayed behind)."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.rglob("*") if p.is_file())
