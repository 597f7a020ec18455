"""Every preset, run headless with a tiny budget, writes config.json, metrics.csv and
summary.json exactly as DESIGN.md describes; the same seed gives the same metrics bytes."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from nntui.headless.progress import progress_line
from nntui.headless.run import run_headless
from nntui.presets import PRESETS
from tests.i18n.helpers import ja
from tests.presets.budgets import MINIMAL

SUMMARY_KEYS = {"preset", "dataset", "seed", "seeds", "elapsed_s", "iterations", "series"}
SERIES_KEYS = {"final_loss", "train_acc", "test_acc", "diverged", "activations"}
HISTOGRAM_KEYS = {"layer", "mean", "std", "counts", "edges"}
#: Presets that train networks on data (their series have accuracies and hidden layers).
TRAINED = {
    name for name, p in PRESETS.items()
    if p.datasets and name not in ("gradient-check", "hparam-search")
}


def _run(name: str, out: Path, seed: int = 0) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless(name, seed=seed, overrides=MINIMAL[name], out=out, stdout=stdout,
                        stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_minimal_budgets_cover_every_preset() -> None:
    assert set(MINIMAL) == set(PRESETS)


@pytest.mark.parametrize("name", list(PRESETS))
def test_headless_run_writes_the_contracted_files(name: str, tmp_path: Path) -> None:
    preset = PRESETS[name]
    code, out, err = _run(name, tmp_path, seed=3)
    assert code == 0, err
    assert err == ""
    assert preset.title in out  # the header line
    assert "series" in out and "diverged" in out  # the summary table

    config = json.loads((tmp_path / "config.json").read_text())
    assert config["preset"] == name and config["seed"] == 3
    assert config["dataset"] == ("digits" if preset.datasets else "none")
    assert set(config["params"]) == {p.key for p in preset.params}
    for key, text in MINIMAL[name].items():
        want = preset.param(key).parse(text)
        assert config["params"][key] == (list(want) if isinstance(want, tuple) else want)

    summary = json.loads((tmp_path / "summary.json").read_text())
    assert set(summary) == SUMMARY_KEYS
    assert (summary["preset"], summary["dataset"], summary["seed"], summary["seeds"]) == (
        name, config["dataset"], 3, [3] * (config["params"].get("seeds", 1) == 1) or
        list(range(3, 3 + config["params"]["seeds"])),
    )
    assert summary["iterations"] >= 1 and summary["elapsed_s"] >= 0
    assert list(summary["series"]) == list(preset.series)
    for s in summary["series"].values():
        assert set(s) == SERIES_KEYS
        assert isinstance(s["diverged"], bool)
        for h in s["activations"]:
            assert set(h) == HISTOGRAM_KEYS
            assert len(h["edges"]) == len(h["counts"]) + 1

    rows = list(csv.DictReader(io.StringIO((tmp_path / "metrics.csv").read_text())))
    header = (tmp_path / "metrics.csv").read_text().splitlines()[0]
    assert header == "series,iteration,epoch,loss,train_acc,test_acc,val_loss"
    if name in TRAINED:
        hidden = len(config["params"]["hidden"])
        for sname, s in summary["series"].items():
            assert [h["layer"] for h in s["activations"]] == list(range(1, hidden + 1))
            assert 0.0 <= s["train_acc"] <= 1.0 and 0.0 <= s["test_acc"] <= 1.0
            mine = [r for r in rows if r["series"] == sname]
            # One row per iteration (loss) and the evaluation rows share iterations.
            assert len(mine) == summary["iterations"] + 1  # + the evaluation at iteration 0
            its = [int(r["iteration"]) for r in mine]
            assert its == sorted(its) == list(range(len(its)))
            assert mine[0]["train_acc"] != "" and mine[1]["train_acc"] == ""
            assert all(r["loss"] != "" for r in mine[:-1])
            assert math.isclose(
                s["final_loss"],
                _mean_last_tenth([float(r["loss"]) for r in mine if r["loss"]]),
                rel_tol=1e-9,
            )


def _mean_last_tenth(values: list[float]) -> float:
    k = max(1, len(values) // 10)
    return sum(values[-k:]) / k


def test_same_seed_gives_identical_metrics_bytes(tmp_path: Path) -> None:
    for name in ("optimizer-race", "dropout", "noise-and-augmentation", "optimizer-paths"):
        a, b, c = tmp_path / f"{name}-a", tmp_path / f"{name}-b", tmp_path / f"{name}-c"
        assert _run(name, a)[0] == _run(name, b)[0] == _run(name, c, seed=1)[0] == 0
        first = (a / "metrics.csv").read_bytes()
        assert first == (b / "metrics.csv").read_bytes(), name
        if name != "optimizer-paths":  # the paths have no randomness at all
            assert first != (c / "metrics.csv").read_bytes(), name


def test_search_and_paths_leave_their_own_tables(tmp_path: Path) -> None:
    assert _run("hparam-search", tmp_path / "s")[0] == 0
    trials = list(csv.DictReader(io.StringIO((tmp_path / "s" / "trials.csv").read_text())))
    assert [int(t["round"]) for t in trials] == [1, 1, 1, 2]
    assert _run("optimizer-paths", tmp_path / "p")[0] == 0
    paths = (tmp_path / "p" / "paths.csv").read_text().splitlines()
    assert paths[0] == "series,step,x,y" and paths[1] == "SGD,0,-7.0,2.0"
    report = json.loads((tmp_path / "s" / "report.json").read_text())
    assert len(report["series"]["best"]["confusion"]) == 10


def test_piped_progress_is_plain_lines_every_tenth(tmp_path: Path) -> None:
    code, out, _ = _run("optimizer-paths", tmp_path)
    lines = [ln for ln in out.splitlines() if ln.startswith("optimizer-paths  step")]
    assert len(lines) == 5  # 5 steps: every step is another 20 %
    # 5 losses: the average of the last tenth is the last one, and says so.
    assert lines[-1].startswith("optimizer-paths  step 5/5  100%  f(x, y) last: SGD ")
    assert "\x1b[" not in out  # no colour codes when piped


def test_progress_line_format() -> None:
    import numpy as np

    from nntui.core.snapshot import SeriesSnapshot, Snapshot

    def snap(adam_points: int) -> Snapshot:
        return Snapshot(
            iteration=200, total=2000, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
            done=False, series=(
                SeriesSnapshot("SGD", loss_it=np.arange(20), loss=np.arange(20.0)),
                SeriesSnapshot("Adam", loss_it=np.arange(adam_points),
                               loss=np.full(adam_points, 0.456)),
            ),
        )

    # The mean of the last tenth (2 of 20: 18 and 19), as the summary table's, labelled.
    assert progress_line("optimizer-race", snap(20)) == (
        "optimizer-race  it 200/2000   10%  loss avg of last 2: SGD 18.5  Adam 0.456"
    )
    assert progress_line("optimizer-race", snap(9)) == (
        "optimizer-race  it 200/2000   10%  loss avg of last 10%: SGD 18.5  Adam 0.456"
    )
    # In Japanese: the unit, the label and the window, one whole sentence per case.
    from nntui.i18n import use_language

    use_language("ja")
    assert progress_line("optimizer-race", snap(20)) == (
        "optimizer-race  イテレーション 200/2000   10%  損失（直近2回の平均）: SGD 18.5  Adam 0.456"
    )
    assert progress_line("optimizer-race", snap(9), "worst relative error") == (
        "optimizer-race  イテレーション 200/2000   10%  最大の相対誤差（直近10%の平均）: "
        "SGD 18.5  Adam 0.456"
    )
    diverged = replace(snap(1), series=(replace(snap(1).series[1], diverged=True),))
    assert progress_line("x", diverged).endswith("損失（最後の値）: Adam 0.456（発散）")


def test_progress_line_of_a_search_and_of_many_series_in_japanese() -> None:
    import numpy as np

    from nntui.core.snapshot import SeriesSnapshot, Snapshot, Trial
    from nntui.i18n import use_language

    use_language("ja")
    many = tuple(SeriesSnapshot(f"s{k}", loss_it=np.arange(1), loss=np.ones(1))
                 for k in range(8))
    snap = Snapshot(iteration=1, total=4, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=False, series=many, unit="check")
    assert progress_line("gradient-check", snap) == (
        "gradient-check  勾配確認 1/4   25%  損失（最後の値）: s0 1  s1 1  s2 1  s3 1  s4 1  s5 1"
        "  （ほか2系列）")
    trial = Trial(index=0, round=1, lr=0.1, weight_decay=0.0, val_acc=0.5, train_acc=0.6,
                  done=True, val_curve=np.zeros(0))
    search = replace(snap, unit="trial", series=(), trials=(trial,))
    assert progress_line("hparam-search", search) == (
        "hparam-search  試行 1/4   25%  検証データの最高精度 0.500")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"overrides": {"bogus": "1"}}, "unknown setting 'bogus'"),
        ({"overrides": {"lr_sgd": "-1"}}, "lr_sgd must be a number > 0 (got '-1')"),
        ({"overrides": {"momentum": "1"}}, "momentum must be a number >= 0 and < 1"),
        ({"overrides": {"batch_size": "0"}}, "batch_size must be an integer >= 1"),
        ({"overrides": {"iterations": "abc"}}, "iterations must be an integer >= 1"),
        ({"overrides": {"hidden": "100,x"}}, "hidden must be comma-separated"),
        ({"dataset": "cifar"}, "optimizer-race runs on digits, mnist"),
        ({"data_dir": Path("/nonexistent"), "dataset": "mnist"}, "/nonexistent"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: dict, message: str) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless("optimizer-race", stdout=stdout, stderr=stderr, **args)
    assert code == 2
    err = stderr.getvalue()
    assert message in err
    assert err.startswith("nntui: ") and err.count("\n") == 1
    assert "Traceback" not in err + stdout.getvalue()


def test_unknown_preset_and_datasetless_presets(tmp_path: Path) -> None:
    stderr = io.StringIO()
    assert run_headless("nope", stdout=io.StringIO(), stderr=stderr) == 2
    assert "unknown preset 'nope'; choose one of: optimizer-paths, optimizer-race" in (
        stderr.getvalue()
    )
    stderr = io.StringIO()
    code = run_headless("optimizer-paths", dataset="mnist", stdout=io.StringIO(), stderr=stderr)
    assert code == 2 and "optimizer-paths uses no dataset" in stderr.getvalue()


def test_train_size_larger_than_the_dataset_is_a_data_error() -> None:
    stderr = io.StringIO()
    code = run_headless("weight-decay", overrides={"train_size": "5000"},
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 2
    assert "train_size must be between 1 and 1437 for digits" in stderr.getvalue()


def test_unexpected_failure_is_exit_1_without_traceback(monkeypatch) -> None:
    from nntui.core.experiment import Experiment

    def boom(self) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Experiment, "step", boom)
    stderr = io.StringIO()
    code = run_headless("overfit-one-batch", stdout=io.StringIO(), stderr=stderr)
    assert code == 1
    # The step that raised is named (the first); no traceback without NNTUI_DEBUG=1.
    total = PRESETS["overfit-one-batch"].resolve().as_dict()["iterations"]
    assert stderr.getvalue() == (f"nntui: overfit-one-batch failed in iteration 1 of {total}: "
                                 "RuntimeError: disk on fire\n")


def test_out_that_is_a_file_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out, message in (
        (blocker, f"--out {blocker} is a file, not a directory: choose a directory path"),
        (blocker / "run", f"--out {blocker}/run is inside {blocker}, a file, not a "
                          "directory: choose a directory path"),
    ):
        stdout, stderr = io.StringIO(), io.StringIO()
        code = run_headless("optimizer-paths", out=out, stdout=stdout, stderr=stderr)
        assert code == 2
        assert stderr.getvalue() == f"nntui: {message}\n"
        assert stdout.getvalue() == ""  # refused before anything ran
    assert blocker.read_text() == "x"


def test_prepare_dir_names_the_file_in_the_way(tmp_path: Path) -> None:
    from nntui.core.errors import UserError
    from nntui.runs.folder import prepare_dir

    (tmp_path / "afile").write_text("x")
    with pytest.raises(UserError) as err:
        prepare_dir(tmp_path / "afile")
    assert str(err.value) == f"{tmp_path}/afile is a file, not a directory: choose a directory path"
    assert prepare_dir(tmp_path / "new" / "run") == tmp_path / "new" / "run"
    assert (tmp_path / "new" / "run").is_dir()
    assert prepare_dir(tmp_path / "new" / "run").is_dir()  # an existing folder is fine


def test_japanese_texts_with_lang_ja(tmp_path: Path) -> None:
    stdout = io.StringIO()
    assert run_headless("optimizer-paths", lang="ja", overrides={"steps": "2"},
                        stdout=stdout, stderr=io.StringIO()) == 0
    assert ja(PRESETS["optimizer-paths"].title) in stdout.getvalue()


class _Terminal(io.StringIO):
    """A StringIO that says it is a terminal, to take the rich progress-bar path."""

    def isatty(self) -> bool:
        return True


def test_terminal_gets_a_rich_progress_bar_and_table(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    stdout = _Terminal()
    code = run_headless("overfit-one-batch", overrides={"iterations": "20"}, stdout=stdout,
                        stderr=io.StringIO())
    assert code == 0
    out = stdout.getvalue()
    assert "overfit-one-batch" in out and "100%" in out  # the bar reached the end
    assert "┏" in out and "summary" in out  # a rich table, not the plain one
    assert "overfit-one-batch  it " not in out  # no plain progress lines


def test_ctrl_c_stops_writes_what_is_done_and_exits_130(monkeypatch, tmp_path: Path) -> None:
    from nntui.core.experiment import Experiment

    real_step = Experiment.step

    def step(self) -> None:
        if self.iteration == 5:
            raise KeyboardInterrupt
        real_step(self)

    monkeypatch.setattr(Experiment, "step", step)
    stderr = io.StringIO()
    code = run_headless("overfit-one-batch", out=tmp_path, stdout=io.StringIO(), stderr=stderr)
    assert code == 130
    assert stderr.getvalue() == "nntui: interrupted\n"
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["iterations"] == 5


def test_a_search_without_validation_data_is_bad_input() -> None:
    stderr = io.StringIO()
    code = run_headless("hparam-search", overrides={"val_fraction": "0"},
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 2
    assert "val_fraction must be a number > 0 and < 1 (got '0')" in stderr.getvalue()


def test_loss_chart_clips_a_diverged_series_to_the_axis(monkeypatch) -> None:
    """batchnorm's plain w=1 series diverges to ~1e34: plotext joins points pixel by pixel,
    so an off-axis point made the final chart allocate >20 GB (OOM kill)."""
    import numpy as np
    import plotext as plt

    from nntui.core.snapshot import SeriesSnapshot, Snapshot
    from nntui.headless.charts import charts

    plotted: list[float] = []
    real_plot = plt.plot

    def plot(x, y, **kw):
        plotted.append(max(y))
        return real_plot(x, y, **kw)

    monkeypatch.setattr(plt, "plot", plot)
    snap = Snapshot(
        iteration=50, total=50, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0, done=True,
        series=(
            SeriesSnapshot("BN", loss_it=np.arange(50), loss=np.linspace(2.3, 0.5, 50)),
            SeriesSnapshot("plain", loss_it=np.arange(2), loss=np.array([2.3, 1e4]),
                           diverged=True),
        ),
    )
    out = charts(snap, 0.0, width=80)
    assert len(out) == 1 and "loss" in out[0]
    assert max(plotted) < 10  # clipped to the 98th-percentile axis, not 1e4


def test_every_series_diverged_is_a_failed_run_that_keeps_its_results(tmp_path: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless("init-compare", overrides={"iterations": "50", "lr": "1e9"},
                        out=tmp_path, stdout=stdout, stderr=stderr)
    assert code == 1
    assert stderr.getvalue() == (
        "nntui: init-compare failed: every series diverged (loss became NaN or inf); "
        "try smaller learning rates\n"
    )  # one line: no RuntimeWarning from the overflowing networks either
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert all(s["diverged"] for s in summary["series"].values())


def test_runaway_optimizer_path_is_clipped_to_the_window(monkeypatch) -> None:
    """SGD with lr 5 flies off to 1e9: the paths chart must keep the others readable and
    give plotext only points inside the contour window (it joins points pixel by pixel)."""
    import plotext as plt

    plotted: list[list[float]] = []
    real_plot = plt.plot

    def plot(x, y, **kw):
        plotted.append(list(x) + list(y))
        return real_plot(x, y, **kw)

    monkeypatch.setattr(plt, "plot", plot)
    stderr = io.StringIO()
    code = run_headless("optimizer-paths", overrides={"steps": "10", "lr_sgd": "5"},
                        stdout=io.StringIO(), stderr=stderr)
    assert code == 0 and stderr.getvalue() == ""
    assert len(plotted) == 6 and max(abs(v) for p in plotted for v in p) <= 10


def _chart_part(out: str, name: str) -> str:
    """Headless stdout after the last progress line, up to the summary table."""
    lines = out[: out.index("\nseries ")].splitlines()
    last = max(i for i, ln in enumerate(lines) if ln.startswith(f"{name}  "))
    return "\n".join(lines[last + 1:])


def test_many_series_are_all_drawn_in_small_multiples() -> None:
    """batchnorm has 32 series: every one is drawn, in groups of 8 with their range named,
    and nothing else in the output claims fewer."""
    from nntui.presets.initialization import BN_SERIES

    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless("batchnorm", overrides=MINIMAL["batchnorm"], stdout=stdout,
                        stderr=stderr)
    out = stdout.getvalue()
    assert code == 0, stderr.getvalue()
    assert len(BN_SERIES) == 32
    charts_text = _chart_part(out, "batchnorm")
    assert ("32 series: each chart below draws one group of at most 8 (same axes); "
            "the summary table lists every series.") in charts_text
    for kind in ("loss (EMA 0.9)", "test accuracy"):
        for a, b in ((1, 8), (9, 16), (17, 24), (25, 32)):
            assert f"{kind} · series {a}–{b} of 32" in charts_text
    legend = charts_text.splitlines()
    for name in BN_SERIES:
        # In a legend entry ("xx BN w=0.0001 │"), not just as a prefix of a longer name.
        assert sum(f" {name} " in ln for ln in legend) == 2, name  # loss and accuracy
    assert "not drawn" not in charts_text


def test_a_series_with_nothing_to_draw_is_named_under_its_chart() -> None:
    import numpy as np

    from nntui.core.snapshot import SeriesSnapshot, Snapshot, series_groups
    from nntui.headless.charts import CHART_SERIES, charts

    assert [len(g) for g in series_groups(32, CHART_SERIES)] == [8, 8, 8, 8]
    assert [len(g) for g in series_groups(10, CHART_SERIES)] == [5, 5]
    assert [len(g) for g in series_groups(17, CHART_SERIES)] == [6, 6, 5]
    assert series_groups(8, CHART_SERIES) == [range(8)]
    it = np.arange(20)
    series = tuple(
        SeriesSnapshot(f"s{k}", loss_it=it, loss=np.linspace(2.0, 0.1 * (k + 1), 20))
        for k in range(9)
    ) + (SeriesSnapshot("gone", loss_it=it, loss=np.full(20, np.nan), diverged=True),)
    snap = Snapshot(iteration=20, total=20, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=series)
    out = charts(snap, 0.0, width=80)
    assert out[0].startswith("10 series: each chart below draws one group of at most 5")
    assert len(out) == 3
    assert "loss (EMA 0) · series 1–5 of 10" in out[1]
    assert "loss (EMA 0) · series 6–10 of 10" in out[2]
    assert out[2].endswith("\nnot drawn (no finite values): gone")
    assert "not drawn" not in out[1]
    for k in range(9):
        assert f" s{k} " in out[1 + k // 5]


def test_search_chart_draws_the_best_trials_validation_curve() -> None:
    """A search tests once (one point, no line): the chart shows the validation curve."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless("hparam-search", overrides=MINIMAL["hparam-search"] | {"epochs": "3"},
                        stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    charts_text = _chart_part(stdout.getvalue(), "hparam-search")
    titles = [ln.strip() for ln in charts_text.splitlines()]
    assert "validation accuracy" in titles and "test accuracy" not in charts_text
    acc_chart = charts_text.split("validation accuracy", 1)[1].split("trials: log10(lr)")[0]
    assert " best " in acc_chart  # the legend: the curve is drawn


def test_headless_test_chart_names_the_live_subset() -> None:
    from dataclasses import replace

    import numpy as np

    from nntui.core.snapshot import SeriesSnapshot, Snapshot
    from nntui.headless.charts import charts

    it = np.arange(0, 30, 10)
    series = (SeriesSnapshot("a", loss_it=it, loss=np.ones(3), eval_it=it,
                             eval_epoch=np.array([0.0, 1.0, 2.0]),
                             train_acc=np.array([0.1, 0.5, 0.9]),
                             test_acc=np.array([0.1, 0.4, 0.7])),)
    snap = Snapshot(iteration=30, total=30, epoch=2.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=series, test_subset=(2_000, 10_000))
    out = charts(snap, 0.0, width=100)
    assert "test accuracy on 2,000 of 10,000 (last point: full set)" in out[-1]
    plain = charts(replace(snap, test_subset=None), 0.0, width=100)
    assert "test accuracy" in plain[-1] and "of 10,000" not in plain[-1]


def test_train_presets_evaluate_what_their_panels_show() -> None:
    from nntui.core.data import load
    from nntui.presets import PRESETS
    from nntui.presets.kinds.train import LIVE_MANY

    shows = {name: PRESETS[name].view.compute().live_histograms
             for name in ("dropout", "optimizer-race", "batchnorm", "early-stopping")}
    assert shows == {"dropout": True, "optimizer-race": True, "batchnorm": False,
                     "early-stopping": False}
    ds = load("digits")
    few = PRESETS["init-compare"]
    exp = few.builder.make(few.resolve(overrides={"iterations": "10"}), ds, few.view.compute())
    assert exp.settings.eval_live_test == 2_000 and exp.settings.live_histograms
    many = PRESETS["batchnorm"]  # 32 series: smaller live subsets, no live histograms
    exp = many.builder.make(many.resolve(overrides={"epochs": "1"}), ds, many.view.compute())
    assert exp.settings.eval_live_test == exp.settings.eval_live_train == LIVE_MANY == 500
    snap = exp.snapshot()
    n = len(exp.dataset.x_train)  # the train accuracy estimates from every training sample
    assert snap.train_subset == (500, n) and snap.train_subset_note() == f"on 500 of {n:,}"
    assert not exp.settings.live_histograms
    race = PRESETS["optimizer-race"]  # live points on 1 000 of each split
    exp = race.builder.make(race.resolve(overrides={"iterations": "10"}), ds)
    assert exp.settings.eval_live_test == exp.settings.eval_live_train == 1_000
