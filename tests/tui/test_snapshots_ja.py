"""Issue 11: SVG snapshots of the picker and a finished dashboard in Japanese at 80×24.

As in test_snapshots.py, nothing moves: the run is trained to its end before the app
mounts (fixed seed) and `frozen_clock` hides times. The dashboard is the real optimizer race
(tiny budget, digits), so its titles, legends and status line come from the shipped catalog.
Update with `pytest tests/tui/test_snapshots_ja.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from tests.presets.budgets import MINIMAL
from tests.tui.helpers import dashboard_app
from tests.tui.test_snapshots import wait_done


def test_picker_ja(snap_compare) -> None:
    assert snap_compare(NNTuiApp(lang="ja"), terminal_size=(80, 24))


def test_finished_dashboard_ja(snap_compare) -> None:
    preset = PRESETS["optimizer-race"]
    config = preset.resolve(overrides=MINIMAL["optimizer-race"], seed=3)
    run = preset.build(config)
    while not run.done:
        run.step()
    app = dashboard_app(preset, config=config, run=run, lang="ja")
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait_done)
