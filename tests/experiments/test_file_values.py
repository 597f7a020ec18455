"""What an experiment file says is what its series get, value for value: a key a file leaves
out takes core's own default (the same network, optimizer and schedule a preset builds), a
key one `[[series]]` sets reaches that series only, and `nntui new` writes every setting so
that it reads back bit for bit, non-default values included."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nntui.core.experiment import SeriesSpec
from nntui.core.network import NetworkConfig
from nntui.core.optimizers import OptimizerConfig
from nntui.core.schedules import Schedule
from nntui.experiments.load import parse
from nntui.experiments.source import FileSeries, to_preset
from nntui.experiments.write import experiment_toml
from nntui.presets import PRESETS


@dataclass(frozen=True)
class _Digits:  # what a series factory reads of a dataset
    n_features: int = 64
    n_classes: int = 10


def _specs(text: str, tmp_path: Path) -> list[SeriesSpec]:
    d = parse(text, tmp_path / "exp.toml")
    return list(FileSeries(d)(to_preset(d).resolve(), _Digits()))  # type: ignore[arg-type]


def test_keys_a_file_leaves_out_take_cores_defaults(tmp_path: Path) -> None:
    specs = _specs("""
dataset = "digits"
iterations = 10
hidden = [20]

[[series]]
name = "adam"
optimizer = "adam"
lr = 0.001

[[series]]
name = "momentum"
optimizer = "momentum"
lr = 0.01
""", tmp_path)
    assert specs == [
        SeriesSpec("adam", NetworkConfig(64, (20,), 10), OptimizerConfig("adam", lr=0.001),
                   Schedule("constant"), batch_size=100),
        SeriesSpec("momentum", NetworkConfig(64, (20,), 10),
                   OptimizerConfig("momentum", lr=0.01), Schedule("constant"), batch_size=100),
    ]


@pytest.mark.parametrize(("key", "value", "field"), [
    ("augment_flip", "true", "augment_flip"), ("augment_shift", "3", "augment_shift"),
    ("augment_degrees", "4.5", "augment_degrees"), ("input_noise", "0.25", "input_noise"),
    ("early_stopping", "7", "early_stopping"), ("augment", "true", "augment"),
])
def test_a_key_one_series_sets_reaches_that_series_only(tmp_path: Path, key: str, value: str,
                                                        field: str) -> None:
    specs = _specs(f"""
dataset = "digits"
iterations = 10
val_fraction = 0.2

[[series]]
name = "plain"

[[series]]
name = "changed"
{key} = {value}
""", tmp_path)
    plain, changed = (getattr(s, field) for s in specs)
    default = getattr(SeriesSpec("x", NetworkConfig(1, (), 2), OptimizerConfig("sgd", lr=0.1),
                                 Schedule("constant")), field)
    assert plain == default
    assert changed != default and str(changed).lower() == value


@pytest.mark.parametrize(("preset", "overrides"), [
    ("lr-schedules", {"lr": "0.0012345678", "gamma": "0.123456789"}),
    ("optimizer-race", {"momentum": "0.5", "lr_sgd": "0.0012345678", "decay_rate": "0.95"}),
])
def test_new_writes_non_default_values_that_read_back_bit_for_bit(
        tmp_path: Path, preset: str, overrides: dict[str, str]) -> None:
    p = PRESETS[preset]
    config = p.resolve(dataset="digits", overrides={p.budget_key: "10", **overrides})
    text = experiment_toml(p, config)
    ours = _specs(text, tmp_path)
    theirs = list(p.builder.factory(config, _Digits()))  # type: ignore[attr-defined]
    assert [s.name for s in ours] == [s.name for s in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert a.optimizer == b.optimizer, a.name  # every field, exactly
        assert a.schedule == b.schedule and a.network == b.network
    values = {float(v) for v in overrides.values()}
    written = {o for s in ours for o in (s.optimizer.lr, s.optimizer.momentum,
                                         s.optimizer.decay_rate, s.schedule.gamma)}
    assert values <= written  # the overrides themselves, not rounded ones
