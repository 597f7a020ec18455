"""`nntui serve`: started on a free loopback port, its page fetched with urllib."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.cli.serve import serve_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, str, subprocess.Popen[bytes]]]:
    """`nntui serve` on a free loopback port: (port, its page, the process)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nntui", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        page = None
        while page is None:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                assert status == 200
                page = body.decode("utf-8")
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.2)
        yield port, page, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_answers_on_loopback_with_the_nntui_page(served) -> None:
    port, page, proc = served
    assert "<div>nntui</div>" in page  # the title textual-serve shows
    assert f'websocket-url="ws://127.0.0.1:{port}/ws"' in page  # where the app streams


#: Where a page may point that is no request: XML namespaces.
NAMESPACES = ("http://www.w3.org/2000/svg",)


def _addresses(text: str) -> list[str]:
    """Every absolute URL (http, https, ws, protocol-relative) in ``text``, comments left
    out (xterm.css credits its sources in one)."""
    text = re.sub(r"/\*.*?\*/|<!--.*?-->", "", text, flags=re.S)
    return [u for u in re.findall(r"""(?:(?:https?|wss?):)?//[^\s"'()<>]+""", text)
            if u not in NAMESPACES]


def test_the_served_page_asks_nothing_of_any_other_host(served) -> None:
    """The page, its style sheets and its font all come from the loopback host it was
    served from (textual-serve's own page asked fonts.googleapis.com for its font)."""
    port, page, _proc = served
    host = f"127.0.0.1:{port}"
    texts = {"page": page}
    for sheet in re.findall(r'href="([^"]+\.css)"', page):
        texts[sheet] = _get(sheet)[1].decode("utf-8")
    assert len(texts) >= 2  # xterm.css
    for name, text in texts.items():
        foreign = [u for u in _addresses(text) if urlsplit(u).netloc != host]
        assert foreign == [], f"{name} points away from {host}: {foreign}"
    fonts = re.findall(r'url\("([^"]+\.ttf)"\)', page)
    assert fonts and all(urlsplit(f).netloc == host for f in fonts)
    status, body = _get(fonts[0])
    assert status == 200 and body[:4] == b"\x00\x01\x00\x00"  # a TrueType font, served


def test_serve_says_where_it_serves(served) -> None:
    port, _page, proc = served
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)
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
