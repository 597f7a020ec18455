"""What each preset's "Look for" line claims, checked on runs of its default settings.

The claims are data on the presets (`Preset.claims`, `nntui.presets.claims`); `judge`
decides them here exactly as bench/lessons.py (20 unseen seeds per claim and dataset, the
proof) and the headless output do. These tests are the cheap sample CI runs: one base seed
per preset and dataset, from the test range (base seeds below 100, so a K-seed run uses
seeds below 120: the bench tunes on 100 + 20 i and proves on 1000 + 20 i, disjoint).
"""

from __future__ import annotations

from pathlib import Path

from nntui.core.run import FinalReport, Run
from nntui.core.snapshot import Snapshot
from nntui.presets import get_preset
from nntui.presets.base import Preset
from nntui.presets.claims import ClaimResult
from nntui.presets.verdicts import judge_run, verdict_line
from tests.presets.conftest import drive_to_end

#: Base seeds of the tests (each below 100; see the module docstring).
TEST_BASES = (7, 31, 58)
#: Debian's dataset-fashion-mnist (60 000 / 10 000), where it is installed.
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


def build(name: str, dataset: str = "digits", seed: int = TEST_BASES[0], *,
          book: bool = False, **overrides: str) -> tuple[Preset, Run]:
    """The run `nntui run NAME --dataset D --seed S [--book]` builds; MNIST from the real
    t10k files (first 5 000 the training pool, last 5 000 the test), as bench/lessons.py."""
    preset = get_preset(name)
    config = preset.resolve(dataset=dataset, seed=seed, overrides=overrides, book=book)
    if dataset == "mnist":
        from nntui.core.data.subsets import draw_seeds
        from nntui.presets.kinds.train import TrainBuilder, seed_list
        from tests.presets.mnist_data import pool

        builder = preset.builder
        assert isinstance(builder, TrainBuilder)
        size = config.get("train_size")
        data = draw_seeds(pool(), int(size) if size is not None else None,  # type: ignore[arg-type]
                          seed_list(config), builder.val_share(config))
        return preset, builder.make_seeds(config, data)
    data_dir = FASHION_DIR if dataset == "fashion-mnist" else None
    return preset, preset.build(config, data_dir=data_dir)


def finish(run: Run) -> tuple[Snapshot, FinalReport | None]:
    snap = drive_to_end(run)
    return snap, run.report()


def claims(name: str, dataset: str = "digits", seed: int = TEST_BASES[0], *,
           book: bool = False, **overrides: str) -> tuple[list[ClaimResult], Snapshot]:
    """Every claim of the look-for on `dataset`, judged on a finished default run."""
    preset, run = build(name, dataset, seed, book=book, **overrides)
    snap, report = finish(run)
    results = judge_run(preset, snap, report, dataset=dataset, book=book)
    assert results, f"{name} makes no claim on {dataset}"
    return results, snap


def assert_claims_hold(name: str, dataset: str = "digits", seed: int = TEST_BASES[0], *,
                       book: bool = False, **overrides: str) -> Snapshot:
    """Fails with the verdict line of every claim that does not hold."""
    results, snap = claims(name, dataset, seed, book=book, **overrides)
    failed = [verdict_line(r) for r in results if not r.holds]
    assert not failed, f"{name} on {dataset}, seed {seed}: " + " | ".join(failed)
    return snap
