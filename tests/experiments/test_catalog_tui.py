"""Experiment files in the front ends: the picker lists them after the presets, the
dashboard runs one, the settings form saves a preset as one; panels follow the series."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import OptionList

from nntui.experiments.catalog import add_file, catalog, looks_like_file
from nntui.experiments.load import load, parse
from nntui.experiments.source import to_preset
from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.settings import SettingsScreen

SMALL = """title = "Two rates"
dataset = "{dataset}"
iterations = 20
hidden = [16]
batch_size = 32

[[series]]
name = "slow"
lr = 0.01

[[series]]
name = "fast"
lr = 0.1
{extra}"""


def small(dataset: str = "digits", extra: str = "") -> str:
    return SMALL.format(dataset=dataset, extra=extra)


def test_catalog_lists_files_after_the_presets_and_reports_broken_ones(tmp_path: Path) -> None:
    (tmp_path / "b-rates.toml").write_text(small())
    (tmp_path / "a-broken.toml").write_text("iterations = 0\n")
    (tmp_path / "notes.txt").write_text("not an experiment")
    presets, problems = catalog([tmp_path], user=False)
    assert list(presets)[: len(PRESETS)] == list(PRESETS)
    assert list(presets)[len(PRESETS):] == ["b-rates.toml"]
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'a-broken.toml'}:1: ")
    # The file named on the command line keeps the entry the folder gave it.
    assert add_file(presets, tmp_path / "b-rates.toml") == "b-rates.toml"
    assert len(presets) == len(PRESETS) + 1


def test_catalog_reads_the_user_folder_and_renames_clashes(tmp_path: Path,
                                                           monkeypatch) -> None:
    user, other = tmp_path / "user", tmp_path / "other"
    user.mkdir()
    other.mkdir()
    (user / "rates.toml").write_text(small())
    (other / "rates.toml").write_text(small())
    monkeypatch.setenv("NNTUI_EXPERIMENTS", str(user))
    presets, problems = catalog([other])
    assert problems == []
    assert list(presets)[len(PRESETS):] == ["rates.toml", "other/rates.toml"]
    assert presets["other/rates.toml"].name == "other/rates.toml"
    monkeypatch.chdir(tmp_path)  # no rates.toml here: the user folder's is meant
    assert add_file(presets, "rates.toml") == "rates.toml"
    presets, problems = catalog([tmp_path / "nowhere"], user=False)
    assert problems == [f"--experiments {tmp_path / 'nowhere'}: not a folder"]


def test_looks_like_file(tmp_path: Path) -> None:
    plain = tmp_path / "exp"
    plain.write_text("")
    assert looks_like_file("x.toml") and looks_like_file("X.TOML")
    assert looks_like_file(str(plain))
    assert not looks_like_file("optimizer-race")


@pytest.mark.parametrize(("dataset", "extra", "panels", "columns"), [
    ("digits", "", ("loss", "accuracy", "histograms"), ()),
    ("spiral", "", ("loss", "accuracy", "histograms", "boundary"), ()),
    ("digits", 'schedule = "cosine"\n', ("loss", "accuracy", "histograms", "table"), ("lr",)),
    ("digits", "l1 = 0.001\n", ("loss", "accuracy", "histograms", "table"),
     ("sparsity_W1", "sparsity", "weight_norm")),
])
def test_panels_follow_what_the_series_differ_in(tmp_path: Path, dataset: str, extra: str,
                                                 panels: tuple[str, ...],
                                                 columns: tuple[str, ...]) -> None:
    preset = to_preset(parse(small(dataset, extra), tmp_path / "p.toml"))
    assert preset.view.panels == panels
    assert preset.view.summary_columns == columns
    assert preset.default_dataset == dataset


def test_early_stopping_file_plots_validation_loss_and_augment_limits_datasets(
        tmp_path: Path) -> None:
    text = small(extra="early_stopping = 3\naugment = true\n").replace(
        "iterations = 20", "iterations = 20\nval_fraction = 0.2")
    preset = to_preset(parse(text, tmp_path / "e.toml"))
    assert preset.view.loss_on_validation
    assert preset.datasets == ("digits", "mnist", "fashion-mnist")
    assert to_preset(parse(small(), tmp_path / "f.toml")).datasets[-1] == "xor"


def test_set_changes_a_shared_value_but_a_series_own_value_wins(tmp_path: Path) -> None:
    text = small(extra='optimizer = "adam"\n').replace("hidden", 'optimizer = "sgd"\nhidden')
    preset = to_preset(parse(text, tmp_path / "s.toml"))
    assert [p.key for p in preset.params] == [
        "iterations", "seeds", "optimizer", "batch_size", "hidden"]
    config = preset.resolve(overrides={"optimizer": "momentum", "hidden": "8,8"})
    factory = preset.builder.factory  # type: ignore[attr-defined]
    values = dict(factory.values(config))
    assert values["slow"]["optimizer"] == "momentum" and values["slow"]["lr"] == 0.01
    assert values["fast"]["optimizer"] == "adam" and values["fast"]["hidden"] == (8, 8)
    from nntui.presets.params import ConfigError

    with pytest.raises(ConfigError, match="unknown setting 'optimzer'; did you mean "
                       "'optimizer'. this preset has: batch_size, hidden, iterations, optimizer"):
        preset.resolve(overrides={"optimzer": "adam"})


def test_picker_lists_the_file_last_and_runs_it_in_the_dashboard(tmp_path: Path) -> None:
    (tmp_path / "rates.toml").write_text(small())
    presets, _ = catalog([tmp_path], user=False)

    async def go() -> None:
        app = NNTuiApp(presets=presets, frozen_clock=True, auto_report=False)
        async with app.run_test(size=(120, 40)) as pilot:
            options = app.screen.query_one(OptionList)
            last = options.get_option_at_index(options.option_count - 1)
            assert last.id == "rates.toml"
            options.highlighted = options.option_count - 1
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause(0.05)
                screen = app.screen
                if isinstance(screen, DashboardScreen) and screen.source.driver is not None and \
                        screen.source.driver.run is not None and screen.source.driver.run.done:
                    break
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            assert screen.preset.name == "rates.toml"
            snap = screen.source.driver.run.snapshot()
            assert [s.name for s in snap.series] == ["slow", "fast"]
            assert snap.iteration == 20
            await pilot.press("q")

    asyncio.run(go())


def test_settings_form_saves_the_preset_as_an_experiment_file(tmp_path: Path,
                                                              monkeypatch) -> None:
    folder = tmp_path / "exps"
    monkeypatch.setenv("NNTUI_EXPERIMENTS", str(folder))
    presets = {"overfit-one-batch": PRESETS["overfit-one-batch"]}

    async def go() -> None:
        app = NNTuiApp(presets=presets, frozen_clock=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("s")
            form = app.screen
            assert isinstance(form, SettingsScreen)
            form.inputs()["lr"].value = "0.003"
            await pilot.press("ctrl+o")
            await pilot.press("ctrl+o")  # a second save does not overwrite the first
            await pilot.pause()
            await pilot.press("q")

    asyncio.run(go())
    assert sorted(p.name for p in folder.iterdir()) == ["overfit-one-batch-2.toml",
                                                         "overfit-one-batch.toml"]
    d = load(folder / "overfit-one-batch.toml")
    assert [s.name for s in d.series] == ["network"]
    assert dict(d.shared)["lr"] == 0.003 and dict(d.shared)["optimizer"] == "adam"


def test_readme_example_file_runs(tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    text = re.findall(r"```toml\n(.*?)```", readme, flags=re.S)[0]
    d = parse(text, tmp_path / "adam-vs-momentum.toml")
    assert [s.name for s in d.series] == ["Momentum 0.01", "Momentum 0.1", "Adam 0.001"]
    assert d.differing() == ("optimizer", "lr")
