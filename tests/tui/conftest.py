"""Small, fast presets for the TUI tests (the real ones train for minutes).

They are real Presets over the real Experiment, on the bundled digits and a generated
spiral, sized so a whole run takes well under a second on one core.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from nntui.presets.base import Preset
from nntui.presets.compute import Compute
from nntui.presets.params import Param, RunConfig
from nntui.presets.view import PresetView


def _build_race(config: RunConfig, data_dir: Path | None, progress,
                compute: Compute | None = None) -> object:
    from nntui.core.data import load
    from nntui.core.experiment import Experiment, SeriesSpec, TrainSettings
    from nntui.core.network import NetworkConfig
    from nntui.core.optimizers import OptimizerConfig

    ds = load(config.dataset, seed=config.seed)
    hidden = tuple(config["hidden"])  # type: ignore[arg-type]
    net = NetworkConfig(ds.n_features, hidden, ds.n_classes)
    series = [
        SeriesSpec("SGD", net, OptimizerConfig("sgd", lr=float(config["lr"]))),  # type: ignore[arg-type]
        SeriesSpec("Adam", net, OptimizerConfig("adam", lr=0.01)),
    ]
    settings = TrainSettings(batch_size=32, iterations=int(config["iterations"]),  # type: ignore[arg-type]
                             eval_every=10, seed=config.seed, probe_size=100,
                             live_histograms=(compute or Compute()).live_histograms)
    return Experiment(ds, series, settings)


RACE_PARAMS = (
    Param("iterations", 60, "int", "training iterations", low=1),
    Param("lr", 0.1, "float", "SGD learning rate", low=0, low_open=True),
    Param("hidden", (16, 16), "ints", "hidden layer sizes"),
)


def tiny_presets() -> dict[str, Preset]:
    race = Preset(
        name="tiny-race",
        title="Tiny optimizer race",
        explanation="SGD and Adam train the same small net on the same batches.",
        look_for="Adam's loss falls faster than SGD's.",
        budget_key="iterations",
        params=RACE_PARAMS,
        series=("SGD", "Adam"),
        builder=_build_race,  # type: ignore[arg-type]
        view=PresetView(
            panels=("loss", "accuracy", "histograms"),
        ),
        datasets=("digits", "spiral"),
    )
    spiral = Preset(
        name="tiny-spiral",
        title="Tiny spiral boundary",
        explanation="A small net carves the plane into three spiral arms.",
        look_for="The shaded regions follow the arms.",
        budget_key="iterations",
        params=RACE_PARAMS,
        series=("SGD", "Adam"),
        builder=_build_race,  # type: ignore[arg-type]
        view=PresetView(
            panels=("loss", "boundary", "table"),
            summary_columns=("sparsity", "weight_norm"),
        ),
        datasets=("spiral",),
        default_dataset="spiral",
    )
    return {race.name: race, spiral.name: spiral}


@pytest.fixture
def presets() -> dict[str, Preset]:
    return tiny_presets()


@pytest.fixture
def dashboard(presets):
    """``async with dashboard("tiny-race", iterations=40) as (pilot, dash):`` a dashboard
    of one of this folder's small presets (or a built-in one by name, or a Preset), its
    settings given as keywords (`--set`); see `tests.tui.helpers.open_dashboard`."""
    from tests.tui.helpers import open_dashboard

    return functools.partial(open_dashboard, presets=presets)
