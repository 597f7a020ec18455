"""`nntui new PRESET FILE` then `nntui run FILE` trains what the preset trains: the same
series, settings and, step for step, the same losses for a seed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.experiments.load import parse
from nntui.experiments.schema import (
    ACTIVATION_NAMES,
    DATASETS,
    OPTIMIZER_NAMES,
    SCHEDULE_NAMES,
)
from nntui.experiments.source import to_preset
from nntui.experiments.write import experiment_toml
from nntui.presets import PRESETS
from nntui.presets.kinds.train import TrainBuilder, load_dataset

TRAIN_PRESETS = [name for name, p in PRESETS.items() if isinstance(p.builder, TrainBuilder)]


def _small(preset_name: str) -> dict[str, str]:
    budget = PRESETS[preset_name].budget_key
    return {budget: "1" if budget == "epochs" else "4"}


def _normal(spec, batch: int):
    return dataclasses.replace(spec, batch_size=spec.batch_size or batch)


@pytest.mark.parametrize("name", TRAIN_PRESETS)
def test_written_file_builds_the_presets_experiment(name: str, tmp_path: Path) -> None:
    preset = PRESETS[name]
    config = preset.resolve(seed=5, overrides=_small(name))
    text = experiment_toml(preset, config)
    file_preset = to_preset(parse(text, tmp_path / f"{name}.toml"))
    file_config = file_preset.resolve(seed=5)
    assert file_preset.series == preset.series

    val = float(config.get("val_fraction", preset.builder.val_fraction) or 0.0)
    data = load_dataset(config, None, None, val_fraction=val)
    ours = file_preset.builder.make(  # type: ignore[attr-defined]
        file_config, data, file_preset.view.compute())
    theirs = preset.builder.make(config, data, preset.view.compute())  # type: ignore[attr-defined]
    # Files always show histograms (computed live); a preset without the panel skips them.
    # A preset may also evaluate its live points on smaller subsets (the race: 1 000 of
    # each split), and record gradient statistics for its gradients panel (a file's view
    # has none); the losses and the final numbers depend on neither.
    assert ours.settings.live_histograms
    assert dataclasses.replace(
        ours.settings, live_histograms=theirs.settings.live_histograms,
        eval_live_train=theirs.settings.eval_live_train,
        eval_live_test=theirs.settings.eval_live_test,
        gradient_stats=theirs.settings.gradient_stats,
        gradient_histograms=theirs.settings.gradient_histograms,
    ) == theirs.settings
    batch = theirs.settings.batch_size
    assert [_normal(s.spec, batch) for s in ours._series] == [
        _normal(s.spec, batch) for s in theirs._series]
    for _ in range(3):
        ours.step()
        theirs.step()
    a, b = ours.snapshot(), theirs.snapshot()
    for sa, sb in zip(a.series, b.series, strict=True):
        np.testing.assert_array_equal(sa.loss, sb.loss)


def test_new_then_run_gives_the_presets_numbers(tmp_path: Path) -> None:
    runner = CliRunner()
    exp = tmp_path / "race.toml"
    made = runner.invoke(app, ["new", "optimizer-race", str(exp), "--set", "iterations=30"])
    assert made.exit_code == 0, made.stderr
    assert made.stdout.startswith(f"wrote {exp}: 5 series")
    outs = {}
    for what in ("optimizer-race", str(exp)):
        out = tmp_path / ("preset" if what == "optimizer-race" else "file")
        args = ["run", what, "--headless", "--seed", "3", "--out", str(out)]
        if what == "optimizer-race":
            args += ["--set", "iterations=30"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        outs[what] = json.loads((out / "summary.json").read_text())
    a, b = outs["optimizer-race"], outs[str(exp)]
    assert b["preset"] == "race.toml" and a["preset"] == "optimizer-race"
    assert a["series"] == b["series"]
    assert len(a["series"]) == 5


def test_a_files_seeds_round_trip_and_train_like_the_presets(tmp_path: Path) -> None:
    """`nntui new dropout --set seeds=3` writes `seeds = 3`; running the file trains the
    three seeds the preset trains with --seeds 3 (same per-seed numbers)."""
    runner = CliRunner()
    exp = tmp_path / "drop.toml"
    small = ["--set", "epochs=2", "--set", "hidden=20,20"]
    made = runner.invoke(app, ["new", "dropout", str(exp), "--set", "seeds=3", *small])
    assert made.exit_code == 0, made.stderr
    assert "\nseeds = 3\n" in exp.read_text()
    assert to_preset(parse(exp.read_text(), exp)).resolve()["seeds"] == 3
    outs = {}
    for what, extra in (("dropout", ["--seeds", "3", *small]), (str(exp), [])):
        out = tmp_path / ("preset" if what == "dropout" else "file")
        result = runner.invoke(app, ["run", what, "--headless", "--seed", "2", "--out",
                                     str(out), *extra])
        assert result.exit_code == 0, result.stderr
        outs[what] = json.loads((out / "summary.json").read_text())
    a, b = outs["dropout"], outs[str(exp)]
    assert a["seeds"] == b["seeds"] == [2, 3, 4]
    for name in ("no dropout", "dropout"):
        assert a["series"][name]["per_seed"] == b["series"][name]["per_seed"]
    # --seeds on the command line overrides the file's
    result = runner.invoke(app, ["run", str(exp), "--headless", "--seeds", "2", "--out",
                                 str(tmp_path / "two")])
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "two" / "summary.json").read_text())["seeds"] == [0, 1]


def test_new_refuses_what_a_file_cannot_say_and_an_existing_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["new", "hparam-search", str(tmp_path / "x.toml")])
    assert result.exit_code == 2
    assert "hparam-search is not a comparison of trained networks" in result.stderr
    target = tmp_path / "d.toml"
    target.write_text("keep me")
    result = runner.invoke(app, ["new", "dropout", str(target)])
    assert result.exit_code == 2 and "exists already" in result.stderr
    assert target.read_text() == "keep me"
    assert runner.invoke(app, ["new", "dropout", str(target), "--force"]).exit_code == 0
    assert 'name = "dropout"' in target.read_text()
    result = runner.invoke(app, ["new", "dropout", str(tmp_path / "d.txt")])
    assert result.exit_code == 2 and "ends in .toml" in result.stderr
    result = runner.invoke(app, ["new", "dropuot", str(tmp_path / "e.toml")])
    assert result.exit_code == 2 and "did you mean 'dropout'?" in result.stderr
    # An experiment file starts a new one too, with --set applied.
    result = runner.invoke(app, ["new", str(target), str(tmp_path / "f.toml"), "--set",
                                 "epochs=7"])
    assert result.exit_code == 0, result.stderr
    again = parse((tmp_path / "f.toml").read_text(), tmp_path / "f.toml")
    assert dict(again.shared)["epochs"] == 7
    assert [s.name for s in again.series] == ["no dropout", "dropout"]


def test_written_values_read_back_bit_for_bit(tmp_path: Path) -> None:
    preset = PRESETS["batchnorm"]
    text = experiment_toml(preset, preset.resolve())
    d = parse(text, tmp_path / "bn.toml")
    stds = [float(s.get("init")) for s in d.series]  # type: ignore[arg-type]
    from nntui.presets.initialization import BN_SCALES

    assert stds == [w for w in BN_SCALES for _ in (True, False)]


def test_schema_names_match_core() -> None:
    from nntui.core.activations import ACTIVATIONS
    from nntui.core.data.registry import DATASET_NAMES
    from nntui.core.optimizers import OPTIMIZERS
    from nntui.core.schedules import SCHEDULES

    assert OPTIMIZER_NAMES == tuple(OPTIMIZERS)
    assert ACTIVATION_NAMES == tuple(ACTIVATIONS)
    assert SCHEDULE_NAMES == SCHEDULES
    assert DATASETS == DATASET_NAMES


def test_run_file_with_seed_dataset_set_and_out(tmp_path: Path) -> None:
    exp = tmp_path / "two.toml"
    exp.write_text('dataset = "digits"\niterations = 12\nhidden = [8]\nbatch_size = 20\n'
                   'augment = true\naugment_degrees = 5\n\n[[series]]\nname = "sgd"\n\n'
                   '[[series]]\nname = "adam"\noptimizer = "adam"\nlr = 0.001\n')
    out = tmp_path / "out"
    empty = tmp_path / "idx"
    empty.mkdir()
    result = CliRunner().invoke(app, ["run", str(exp), "--headless", "--dataset", "MNIST",
                                      "--data-dir", str(empty)])
    # No IDX files there (and no download with --data-dir): the choice reached the loader.
    assert result.exit_code == 2 and str(empty) in result.stderr
    result = CliRunner().invoke(app, ["run", str(exp), "--headless", "--dataset", "spiral"])
    assert result.exit_code == 2
    assert "two.toml runs on digits, mnist, fashion-mnist (got --dataset spiral)" in \
        result.stderr
    result = CliRunner().invoke(app, ["run", str(exp), "--headless", "--seed", "4",
                                      "--set", "iterations=6", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    config = json.loads((out / "config.json").read_text())
    assert config["preset"] == "two.toml" and config["seed"] == 4
    assert config["params"]["iterations"] == 6 and config["params"]["augment"] is True
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["series"]) == ["sgd", "adam"]
    assert summary["iterations"] == 6
