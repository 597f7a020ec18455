"""Ctrl-C, SIGTERM and SIGHUP on a headless run: the real `nntui` in a subprocess.

Each test starts `python -m nntui run … --headless`, waits until it is provably mid-run
(mid-search: its worker processes exist; mid-download: the loopback mirror has sent part
of a file), signals it and checks: the exit code (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP),
that it exited at once (a hang guard of a few seconds; the measured times are printed by
`bench/quit_latency.py`), that no process it started is left running, and that every
result file is complete JSON/CSV or absent (no temp file).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.procs import Child, cpu_seconds, descendants, grandchildren, wait_gone

CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
#: Time the multiprocessing helpers (forkserver, resource tracker) get to notice that the
#: parent is gone (they exit on EOF of its pipe).
HELPERS_S = 2.0


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1", "COLUMNS": "100", **extra})
    return env


def check_run_dir(out: Path, *, total: int | None = None) -> dict[str, object]:
    """Every result file parses completely (or is absent); no temp file is left. Returns
    summary.json when it was written."""
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in names if ".tmp" in n], names
    summary: dict[str, object] = {}
    for name in names:
        if name.endswith(".npz"):  # replay.npz: every array loads (a cut file would not)
            import numpy as np

            with np.load(out / name) as data:
                assert all(data[k] is not None for k in data.files), name
            continue
        text = (out / name).read_text()
        if name.endswith(".json"):
            data = json.loads(text)  # a half-written file would not parse
            if name == "summary.json":
                summary = data
        elif name.endswith(".csv"):
            rows = list(csv.reader(text.splitlines()))
            assert rows and all(len(r) == len(rows[0]) for r in rows), name
    if summary and total is not None:
        assert 0 < int(summary["iterations"]) < total  # type: ignore[call-overload]
    return summary


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_signal_mid_run_exits_with_its_code_and_writes_the_results_so_far(
    tmp_path: Path, signum: signal.Signals
) -> None:
    total = 5_000
    child = Child.start(["run", "optimizer-race", "--headless", "--set", f"iterations={total}",
                         "--out", "out"], tmp_path, env=_env())
    try:
        # The first progress line comes at 10 % of the budget: provably mid-run.
        child.watch_until(lambda c: "optimizer-race  it " in c.stdout, 120, "a progress line")
        code, took = child.signal_and_wait(signum)
    finally:
        child.kill()
    assert code == CODES[signum], (code, child.stderr)
    assert took < 5.0
    assert child.stderr.strip().splitlines()[-1] == "nntui: interrupted"
    assert "Traceback" not in child.stderr
    summary = check_run_dir(tmp_path / "out", total=total)
    assert set(summary["series"]) == {"SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"}  # type: ignore[arg-type]
    assert {"config.json", "metrics.csv", "summary.json"} <= {
        p.name for p in (tmp_path / "out").iterdir()}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_search_leaves_no_worker_process(tmp_path: Path,
                                                    signum: signal.Signals) -> None:
    # Trials of 3000 epochs (~30 s each) take far longer than the exit may: the workers must be
    # terminated, not waited for.
    child = Child.start(["run", "hparam-search", "--headless", "--set", "trials=20",
                         "--set", "epochs=3000", "--workers", "2", "--out", "out"], tmp_path,
                        env=_env())
    try:
        # Both workers (under the forkserver) have got their data and are training: a
        # signal while the pool is still sending a new worker its data makes that worker
        # print an UnpicklingError (a known gap, see the closing note of issue 14).
        child.watch_until(lambda c: sum(cpu_seconds(w) > 1.0
                                        for w in grandchildren(c.proc.pid)) >= 2, 120,
                          "two worker processes busy with trials")
        workers = descendants(child.proc.pid)
        code, took = child.signal_and_wait(signum)
        left = wait_gone(child.seen | workers, HELPERS_S)
    finally:
        child.kill()
    assert code == CODES[signum], (code, child.stderr)
    assert took < 5.0
    assert left == set(), f"still running after exit: {left}"
    assert "Traceback" not in child.stderr and "KeyboardInterrupt" not in child.stderr
    check_run_dir(tmp_path / "out")


class _Trickle(BaseHTTPRequestHandler):
    """A mirror that announces a full-size file and sends it 4 KB every 50 ms."""

    sent = threading.Event()
    stop = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.send_response(200)
        self.send_header("Content-Length", str(10_000_000))
        self.end_headers()
        try:
            while not self.stop.is_set():
                self.wfile.write(b"\0" * 4096)
                self.wfile.flush()
                type(self).sent.set()
                self.stop.wait(0.05)
        except OSError:  # the client went away: what the test wants
            pass


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_download_leaves_no_partial_file(tmp_path: Path,
                                                    signum: signal.Signals) -> None:
    _Trickle.sent.clear()
    _Trickle.stop.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cache = tmp_path / "cache"
    env = _env(NNTUI_CACHE_DIR=str(cache), no_proxy="*",
               NNTUI_MNIST_MIRROR=f"http://127.0.0.1:{server.server_port}/")
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    child = Child.start(["run", "dropout", "--headless", "--dataset", "mnist", "--out", "out"],
                        tmp_path, env=env)
    try:
        child.watch_until(lambda c: _Trickle.sent.is_set() and "downloading" in c.stdout,
                          60, "the download under way")
        code, took = child.signal_and_wait(signum)
    finally:
        _Trickle.stop.set()
        child.kill()
        server.shutdown()
        server.server_close()
    assert code == CODES[signum], (code, child.stderr)
    assert took < 5.0
    assert child.stderr.strip().splitlines()[-1] == "nntui: interrupted"
    files = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert files == [], f"partial download left in the cache: {files}"
    assert not (tmp_path / "out").exists() or check_run_dir(tmp_path / "out") is not None


def test_an_interrupt_mid_export_leaves_each_file_complete_or_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl-C while summary.json is half written: config.json and metrics.csv are whole,
    summary.json and the rest are absent, no temp file is left; the headless run still
    exits 130 with one line."""
    import io

    from nntui.headless.run import run_headless

    real_write_text = Path.write_text

    def write_text(self: Path, text: str, *args: object, **kw: object) -> int:
        if ".summary.json." in self.name:  # the temp file of summary.json
            real_write_text(self, text[: len(text) // 2], *args, **kw)  # type: ignore[arg-type]
            raise KeyboardInterrupt
        return real_write_text(self, text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    # The Ctrl-C is planted in --out's summary.json: the history's copy, written first,
    # would take it instead.
    monkeypatch.setenv("NNTUI_HISTORY", "0")
    stderr = io.StringIO()
    out = tmp_path / "out"
    code = run_headless("overfit-one-batch", overrides={"iterations": "10"}, out=out,
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 130
    assert stderr.getvalue() == "nntui: interrupted\n"
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "metrics.csv"]
    check_run_dir(out)
