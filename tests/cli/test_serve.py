"""`nntui serve`: started on a free loopback port, its page fetched with urllib."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.cli.serve import serve_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_with_the_nntui_page() -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nntui", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        page = None
        while page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    assert r.status == 200
                    page = r.read().decode("utf-8")
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.2)
        assert "<div>nntui</div>" in page  # the title textual-serve shows
        assert f'websocket-url="ws://127.0.0.1:{port}/ws"' in page  # where the app streams
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert f"serving on http://127.0.0.1:{port}/" in out


def test_serve_command_line_and_bad_input() -> None:
    cmd = serve_command("optimizer-race", True, 2.0)
    assert cmd.endswith("-m nntui --lang en run optimizer-race --demo-clock --fps 2")
    # Every browser session speaks the server's language (not the locale of its process),
    # English included: `nntui --lang en serve` under LANG=ja_JP serves English.
    assert serve_command(None, False, None, "ja").endswith("-m nntui --lang ja")
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port must be between 1 and 65535" in result.output
    result = CliRunner().invoke(app, ["serve", "optimiser-race"])
    assert result.exit_code == 2 and "did you mean 'optimizer-race'" in result.output
