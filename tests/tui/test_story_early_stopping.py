"""Early stopping tells its story: where each series stopped (table, headless summary) and
why its train − test gap is negative (30 % of the training labels are wrong)."""

from __future__ import annotations

import math

import pytest

from nntui.headless.charts import summary_table
from nntui.presets import get_preset
from nntui.runs.summary import negative_gap_note, stop_epochs
from nntui.tui import views
from tests.presets.conftest import drive_to_end


@pytest.fixture(scope="module")
def snap():
    """early-stopping on digits, 40 epochs, seeds 1 and 2: the stopper halts both seeds."""
    preset = get_preset("early-stopping")
    config = preset.resolve(dataset="digits", seed=1, overrides={"seeds": "2", "epochs": "40"})
    return drive_to_end(preset.build(config))


def test_the_stop_epoch_is_each_stopped_seeds_last_evaluation(snap) -> None:
    full, early = snap.series
    assert full.name == "full run" and early.name == "early stop"
    per_it = early.eval_epoch[-1] / early.eval_it[-1]
    stopped = [f.last_it for f in early.band.finals if f.stopped_early]
    assert len(stopped) == 2 and stopped[0] != stopped[1]
    epochs = stop_epochs(snap.series)
    assert math.isnan(epochs[0])  # the full run never stops
    assert epochs[1] == pytest.approx(sum(stopped) / 2 * per_it)
    assert 0 < epochs[1] < 40
    heads, _labels, cells = views.extra_table_rows(snap, gap=True)
    assert heads[-1] == "stopped at epoch"
    assert [row[-1] for row in cells] == ["—", f"{epochs[1]:.1f}"]
    table = summary_table((), snap, None, gap=True)
    head, _full, early_row = table.splitlines()[:3]
    assert head.rstrip().endswith("stopped at epoch")
    assert early_row.rstrip().endswith(f"{epochs[1]:.4g}")


def test_a_negative_gap_is_explained_only_where_labels_are_wrong() -> None:
    note = negative_gap_note([0.05, -0.18], 0.3)
    assert note is not None and "30 % of the training labels are wrong" in note
    assert negative_gap_note([0.05, 0.02], 0.3) is None  # no negative gap
    assert negative_gap_note([-0.01], 0.0) is None  # true labels: nothing to explain
    assert negative_gap_note([math.nan], 0.3) is None
