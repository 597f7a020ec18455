"""activation-histograms tells its story: the saturation column ranks ReLU He healthier
than Xavier, no value falls off the shared axis, and headless and the dashboard name the
x range alike."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.headless.charts import histogram_charts
from nntui.presets import get_preset
from tests.presets.conftest import drive_to_end


@pytest.fixture(scope="module")
def snap():
    preset = get_preset("activation-histograms")
    return drive_to_end(preset.build(preset.resolve(seed=0)))


def by_name(snap):
    return {s.name: s for s in snap.series}


def test_relu_saturates_only_at_zero_so_he_ranks_healthier_than_xavier(snap) -> None:
    sat = {n: s.extra["last_saturated"] for n, s in by_name(snap).items()}
    assert sat["ReLU std=0.01"] == 1.0  # collapsed to 0
    assert sat["ReLU He"] < sat["ReLU Xavier"] < sat["ReLU std=0.01"]
    assert 0.45 < sat["ReLU He"] < 0.6  # about half of a ReLU layer's outputs are 0
    assert sat["sigmoid std=1"] > 0.5 > sat["sigmoid Xavier"]  # sigmoid: both ends count


def test_no_value_falls_off_the_axis(snap) -> None:
    relu = by_name(snap)["ReLU std=1"]
    n = 1000 * 100  # samples x width
    for h in relu.histograms:
        assert int(h.counts.sum()) == n
    last = relu.histograms[-1]
    assert last.edges[-1] == 1.0 and last.mean > 100  # far beyond the 0…1 axis ...
    assert last.counts[-1] > 0.4 * n  # ... and counted in its end bin


def test_headless_names_the_shared_x_range_as_the_dashboard_does(snap) -> None:
    charts = histogram_charts(snap, width=100)
    assert charts and all("x shared by layers" in c.splitlines()[0] for c in charts)
    assert not any("the layer's range" in c for c in charts)
    assert np.array_equal(snap.series[0].histograms[0].edges, snap.series[0].histograms[-1].edges)
