"""Helpers for preset tests: run a preset to the end on `digits` with small budgets."""

from __future__ import annotations

from nntui.core.run import Run, close_run
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.presets import get_preset


def drive_to_end(run: Run) -> Snapshot:
    try:
        while not run.done:
            run.step()
    finally:
        close_run(run)
    return run.snapshot()


def run_preset(name: str, seed: int = 0, **overrides: str | int | float) -> tuple[Run, Snapshot]:
    """Build `name` with text overrides (as `--set` gives them) and run it to the end."""
    preset = get_preset(name)
    config = preset.resolve(seed=seed, overrides={k: str(v) for k, v in overrides.items()})
    run = preset.build(config)
    return run, drive_to_end(run)


def by_name(snapshot: Snapshot) -> dict[str, SeriesSnapshot]:
    return {s.name: s for s in snapshot.series}


def gap(s: SeriesSnapshot) -> float:
    """Train - test accuracy at the last evaluation."""
    return s.last_train_acc - s.last_test_acc
