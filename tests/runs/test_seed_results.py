"""A K-seed run's output: headless mean ± sd and "wins on k of K", every seed's values in
summary.json / report.json / seed_metrics.csv beside the mean, and a replay that keeps
the band."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from nntui.headless.run import run_headless
from nntui.runs.replay import load_replay, snapshot_at

SETTINGS = {"epochs": "6", "hidden": "30,30", "seeds": "3"}


@pytest.fixture(scope="module")
def k_run(tmp_path_factory) -> tuple[Path, str]:
    """dropout, seeds 4, 5, 6, headless with --out: (folder, stdout)."""
    out = tmp_path_factory.mktemp("k-run")
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless("dropout", seed=4, overrides=SETTINGS, out=out, stdout=stdout,
                        stderr=stderr)
    assert code == 0, stderr.getvalue()
    return out, stdout.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_summary_and_report_keep_every_seed_beside_the_mean(k_run) -> None:
    out, _ = k_run
    summary = json.loads((out / "summary.json").read_text())
    report = json.loads((out / "report.json").read_text())
    assert summary["seeds"] == report["seeds"] == [4, 5, 6]
    for name in ("no dropout", "dropout"):
        s, r = summary["series"][name], report["series"][name]
        per = s["per_seed"]
        assert [p["seed"] for p in per] == [4, 5, 6]
        tests = [p["test_acc"] for p in per]
        assert tests == r["test_acc_per_seed"]
        assert s["test_acc"] == pytest.approx(np.mean(tests)) == r["test_acc"]
        assert s["train_acc"] == pytest.approx(np.mean([p["train_acc"] for p in per]))
        assert s["final_loss"] == pytest.approx(np.mean([p["final_loss"] for p in per]))
        assert len(set(tests)) > 1  # three seeds, three outcomes
    claims = report["claims"]
    assert [c["metric"] for c in claims] == ["gap", "test_acc"]
    gap = claims[0]
    assert gap["technique"] == "dropout" and gap["baseline"] == "no dropout"
    drop = summary["series"]["dropout"]["per_seed"]
    plain = summary["series"]["no dropout"]["per_seed"]
    want = [(d["train_acc"] - d["test_acc"]) - (p["train_acc"] - p["test_acc"])
            for d, p in zip(drop, plain)]
    assert gap["effects"] == pytest.approx(want)
    assert gap["effect"] == pytest.approx(np.mean(want))
    assert gap["wins"] == sum(e < 0 for e in want) and gap["seeds"] == 3


def test_metrics_csv_keeps_its_columns_and_holds_the_mean_of_seed_metrics(k_run) -> None:
    out, _ = k_run
    header = (out / "metrics.csv").read_text().splitlines()[0]
    assert header == "series,iteration,epoch,loss,train_acc,test_acc,val_loss"
    per_seed = _rows(out / "seed_metrics.csv")
    assert list(per_seed[0]) == ["seed", "series", "iteration", "epoch", "loss", "train_acc",
                                 "test_acc", "val_loss"]
    mean = {(r["series"], int(r["iteration"])): r for r in _rows(out / "metrics.csv")}
    by_point: dict[tuple[str, int], list[dict[str, str]]] = {}
    for r in per_seed:
        by_point.setdefault((r["series"], int(r["iteration"])), []).append(r)
    assert set(by_point) == set(mean)
    for key, rows in by_point.items():
        assert sorted(int(r["seed"]) for r in rows) == [4, 5, 6]
        for col in ("loss", "test_acc"):
            if mean[key][col]:
                assert float(mean[key][col]) == pytest.approx(
                    np.mean([float(r[col]) for r in rows]), rel=1e-12), (key, col)


def test_headless_prints_mean_sd_by_seed_and_the_wins(k_run) -> None:
    out, text = k_run
    summary = json.loads((out / "summary.json").read_text())
    report = json.loads((out / "report.json").read_text())
    assert "seeds 4–6" in text and "mean ± sd of 3 seeds" in text
    tests = report["series"]["dropout"]["test_acc_per_seed"]
    mean, sd = np.mean(tests), np.std(tests, ddof=1)
    assert f"{mean:.3f} ± {sd:.3f}" in text  # the table and the report line
    assert "dropout by seed: " + "  ".join(f"{v:.3f}" for v in tests) in text
    gap = report["claims"][0]
    assert f"on {gap['wins']} of 3 seeds" in text
    assert ("holds" if gap["holds"] else "does NOT hold") in text.split("train–test gap:")[1]
    assert summary["series"]["dropout"]["per_seed"][0]["seed"] == 4


def test_replay_and_export_read_a_k_seed_run(k_run, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nntui.cli.app import app

    out, _ = k_run
    _preset, config, replay = load_replay(out)
    final = replay.final
    assert config.get("seeds") == 3 and final.seeds == (4, 5, 6)
    band = final.series[1].band
    assert band is not None and band.seeds == (4, 5, 6) and band.loss.shape[0] == 3
    assert [f.seed for f in band.finals] == [4, 5, 6]
    assert replay.report().series[1].per_seed == tuple(
        json.loads((out / "report.json").read_text())["series"]["dropout"]["test_acc_per_seed"])
    half = snapshot_at(final, final.iteration // 2)
    s = half.series[1]
    assert s.band.loss.shape == (3, len(s.loss_it)) and s.band.test_acc.shape[1] == len(s.eval_it)
    np.testing.assert_array_equal(s.band.loss, band.loss[:, : len(s.loss_it)])
    result = CliRunner().invoke(app, ["export", str(out), "--svg", str(tmp_path / "k.svg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "k.svg").stat().st_size > 1000


def test_a_one_seed_run_writes_no_per_seed_file(tmp_path: Path) -> None:
    code = run_headless("dropout", seed=2, overrides={**SETTINGS, "seeds": "1"}, out=tmp_path,
                        stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["seeds"] == [2] and "per_seed" not in summary["series"]["dropout"]
    assert "seeds" not in json.loads((tmp_path / "report.json").read_text())
    assert not (tmp_path / "seed_metrics.csv").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["optimizer-paths", "--seeds", "2"], "optimizer-paths does not train on several seeds"),
    (["hparam-search", "--seeds", "2"], "hparam-search does not train on several seeds"),
    (["dropout", "--seeds", "21"], "seeds must be an integer >= 1 and <= 20 (got '21')"),
    (["dropout", "--seeds", "0"], "seeds must be an integer >= 1 and <= 20 (got '0')"),
])
def test_bad_seeds_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from nntui.cli.app import app

    result = CliRunner().invoke(app, ["run", *args, "--headless"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
