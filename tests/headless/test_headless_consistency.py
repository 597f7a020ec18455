"""Issue 13: headless output agrees with itself and with the files. The loss the last
progress line prints is the summary table's and summary.json's, and the mean of the last N
losses in metrics.csv (labelled "avg of last N"); every chart the text promises is printed;
metrics.csv has val_loss."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from nntui.headless.charts import fmt_number
from nntui.headless.run import run_headless


def _run(name: str, out: Path, **overrides: str) -> str:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless(name, overrides=overrides, out=out, stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    return stdout.getvalue()


def test_progress_line_table_and_files_show_the_same_loss(tmp_path: Path) -> None:
    out = _run("optimizer-race", tmp_path, iterations="40", hidden="20,20", eval_every="10")
    last = [ln for ln in out.splitlines() if ln.startswith("optimizer-race  it 40/40")][-1]
    m = re.search(r"loss avg of last (\d+): (.*)$", last)
    assert m, last
    n = int(m.group(1))
    assert n == 4  # 40 losses: the last tenth
    progress = dict(re.findall(r"(\w+) (\S+)", m.group(2)))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "metrics.csv").read_text())))
    summary = json.loads((tmp_path / "summary.json").read_text())
    header = next(ln for ln in out.splitlines() if ln.startswith("series "))
    assert f"loss avg of last {n}" in header  # the table says what its column holds
    for name in ("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"):
        losses = [float(r["loss"]) for r in rows if r["series"] == name and r["loss"]]
        from_csv = sum(losses[-n:]) / n
        table_row = next(ln for ln in out.splitlines() if ln.startswith(name + " "))
        assert progress[name] == fmt_number(from_csv), name
        assert table_row.split()[1] == fmt_number(from_csv), name
        assert abs(summary["series"][name]["final_loss"] - from_csv) < 1e-12


def test_early_stopping_metrics_have_the_validation_loss(tmp_path: Path) -> None:
    _run("early-stopping", tmp_path, epochs="2", hidden="20")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "metrics.csv").read_text())))
    assert list(rows[0]) == ["series", "iteration", "epoch", "loss", "train_acc",
                             "test_acc", "val_loss"]
    evals = [r for r in rows if r["train_acc"]]
    assert evals and all(float(r["val_loss"]) > 0 for r in evals)
    assert all(r["val_loss"] == "" for r in rows if not r["train_acc"])


def test_activation_histograms_prints_the_histograms_it_promises(tmp_path: Path) -> None:
    # The book's forward pass (lr 0): no loss, so no line charts promised.
    out = _run("activation-histograms", tmp_path, samples="100", lr="0", steps="2")
    assert "each chart below" not in out  # no promise of line charts that never come
    from nntui.presets import PRESETS

    for series in PRESETS["activation-histograms"].series:
        assert f"activations of {series} (one panel per layer" in out
    block = out[out.index("activations of sigmoid std=1"):]
    assert all(f"L{k} μ" in block.split("activations of", 2)[1] for k in range(1, 6))
    assert "█" in block
    header = next(ln for ln in out.splitlines() if ln.startswith("series "))
    # Columns named for what they hold: a forward-only probe has no loss, no accuracy.
    assert header.split() == ["series", "diverged", "last_mean", "last_std", "last_saturated"]


def test_gradient_check_columns_say_relative_error_not_loss(tmp_path: Path) -> None:
    out = _run("gradient-check", tmp_path, steps="1", hidden="4")
    header = next(ln for ln in out.splitlines() if ln.startswith("series "))
    assert "loss" not in header and "last worst relative error per check" in header
    assert "train acc" not in header  # no accuracy in a gradient check


def test_regularization_tables_and_report_give_the_gap(tmp_path: Path) -> None:
    out = _run("dropout", tmp_path, epochs="2", hidden="20,20")
    header = next(ln for ln in out.splitlines() if ln.startswith("series "))
    assert "gap" in header.split()
    report = next(ln for ln in out.splitlines() if ln.startswith("test accuracy (held-out"))
    summary = json.loads((tmp_path / "summary.json").read_text())
    for name, s in summary["series"].items():
        gap = s["train_acc"] - s["test_acc"]
        assert f"{name} {s['test_acc']:.3f}" in report
        assert f"train {s['train_acc']:.3f}, gap {fmt_number(gap, 3)})" in report
