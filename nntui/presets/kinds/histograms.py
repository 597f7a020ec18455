"""The "histograms" kind: forward-only activation histograms of random inputs (no dataset)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nntui.presets.base import Progress
from nntui.presets.common import as_int
from nntui.presets.compute import Compute
from nntui.presets.params import RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.probe import ActivationProbe

#: (label, activation) and (label, init) combined into 12 series, activation-major.
PROBE_ACTIVATIONS: tuple[tuple[str, str], ...] = (
    ("sigmoid", "sigmoid"),
    ("tanh", "tanh"),
    ("ReLU", "relu"),
)
PROBE_INITS: tuple[tuple[str, str | float], ...] = (
    ("std=1", 1.0),
    ("std=0.01", 0.01),
    ("Xavier", "xavier"),
    ("He", "he"),
)
PROBE_SERIES: tuple[str, ...] = tuple(
    f"{a} {i}" for a, _ in PROBE_ACTIVATIONS for i, _ in PROBE_INITS
)


def build_histograms(
    config: RunConfig, data_dir: Path | None = None, progress: Progress | None = None,
    compute: Compute | None = None,
) -> ActivationProbe:
    # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.probe import ActivationProbe, ProbeSpec, ProbeTraining

    compute = compute or Compute()
    specs = [
        ProbeSpec(f"{a_label} {i_label}", act, init)
        for a_label, act in PROBE_ACTIVATIONS
        for i_label, init in PROBE_INITS
    ]
    training = ProbeTraining(
        # Experiment files and older run folders may not have them: the book's forward pass.
        lr=float(config.get("lr", 0.0) or 0.0),  # type: ignore[arg-type]
        batch=int(config.get("batch_size", 100) or 100),  # type: ignore[arg-type]
        gradient_stats=compute.gradient_stats or compute.gradient_histograms,
        histograms=compute.gradient_histograms,
    )
    return ActivationProbe(
        specs,
        samples=as_int(config, "samples"),
        width=as_int(config, "width"),
        layers=as_int(config, "layers"),
        bins=as_int(config, "bins"),
        steps=as_int(config, "steps"),
        seed=config.seed,
        training=training,
    )
