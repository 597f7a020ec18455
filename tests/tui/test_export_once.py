"""`e` (and the save on the way out) writes one run to one folder: again to the same folder
each time; another run (a restart) to a free sibling (`out-2`), never over the first."""

from __future__ import annotations

import json
from pathlib import Path

from nntui.pipeline.drive import TrainingDriver
from nntui.tui.export import export_once


def test_the_same_run_goes_to_the_same_folder_another_to_a_sibling(presets,
                                                                   tmp_path: Path) -> None:
    config = presets["tiny-race"].resolve(overrides={"iterations": "20"}, seed=1)
    first, second = TrainingDriver(), TrainingDriver()
    for driver in (first, second):
        driver.run = presets["tiny-race"].build(config)
    out = tmp_path / "race"
    first.run.step()
    assert export_once(first, out, config, first.run.snapshot(), None) == out
    first.run.step()
    assert export_once(first, out, config, first.run.snapshot(), None) == out  # updated
    assert json.loads((out / "summary.json").read_text())["iterations"] == 2
    assert export_once(second, out, config, second.run.snapshot(), None) == tmp_path / "race-2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race", "race-2"]


def test_a_save_that_starts_while_the_first_export_writes_joins_its_folder(
        presets, tmp_path: Path, monkeypatch) -> None:
    """`e` is writing the run's first export (config.json is there, the rest not yet) when
    the exit's save of the same run starts (the watchdog's thread): one folder, not two."""
    import nntui.tui.export as export

    config = presets["tiny-race"].resolve(overrides={"iterations": "20"}, seed=1)
    driver = TrainingDriver()
    driver.run = presets["tiny-race"].build(config)
    driver.run.step()
    out = tmp_path / "race"
    real = export.write_results
    calls: list[Path] = []
    nested: list[Path] = []

    def write_results(folder: Path, *args: object) -> object:
        calls.append(folder)
        if len(calls) == 1:  # the first export, part way: then the save on the way out
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "config.json").write_text("{}")
            nested.append(export_once(driver, out, config, driver.run.snapshot(), None))
        return real(folder, *args)

    monkeypatch.setattr(export, "write_results", write_results)
    assert export_once(driver, out, config, driver.run.snapshot(), None) == out
    assert nested == [out] and calls == [out, out]
    assert [p.name for p in tmp_path.iterdir()] == ["race"]
