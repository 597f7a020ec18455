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
