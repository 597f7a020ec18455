"""Every training preset shows its "Look for" at its default settings on digits, on 3 seeds.

These run the presets as a user gets them (no budget cuts): a finding that holds on 2 of 3
seeds is not shown yet. The same checks run on real MNIST in test_mnist_slow.py.
"""

from __future__ import annotations

import pytest

from nntui.presets import get_preset
from nntui.presets.initialization import BN_SCALES, bn_name
from nntui.presets.kinds.train import train_settings
from tests.presets import lessons
from tests.presets.conftest import drive_to_end

SEEDS = (0, 1, 2)


def run_default(name: str, seed: int, dataset: str = "digits"
                ) -> tuple[dict[str, lessons.Outcome], int]:
    """The preset at its defaults: outcomes per series and the iteration budget."""
    preset = get_preset(name)
    run = preset.build(preset.resolve(dataset=dataset, seed=seed))
    snap = drive_to_end(run)
    return lessons.outcomes(snap, run.report()), run.total


@pytest.mark.parametrize("seed", SEEDS)
def test_weight_decay(seed: int) -> None:
    lessons.check_weight_decay(run_default("weight-decay", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout(seed: int) -> None:
    lessons.check_dropout(run_default("dropout", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_regularizers(seed: int) -> None:
    lessons.check_regularizers(run_default("regularizers", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping(seed: int) -> None:
    out, total = run_default("early-stopping", seed)
    lessons.check_early_stopping(out, total)


@pytest.mark.parametrize("seed", SEEDS)
def test_noise_and_augmentation(seed: int) -> None:
    lessons.check_noise_and_augmentation(run_default("noise-and-augmentation", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_optimizer_race(seed: int) -> None:
    lessons.check_optimizer_race(run_default("optimizer-race", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_lr_schedules(seed: int) -> None:
    lessons.check_lr_schedules(run_default("lr-schedules", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_size(seed: int) -> None:
    lessons.check_batch_size(run_default("batch-size", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_init_compare(seed: int) -> None:
    lessons.check_init_compare(run_default("init-compare", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_activations(seed: int) -> None:
    lessons.check_activations(run_default("activations", seed)[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm(seed: int) -> None:
    out, _ = run_default("batchnorm", seed)
    lessons.check_batchnorm(out, [(bn_name(w, True), bn_name(w, False)) for w in BN_SCALES])


@pytest.mark.parametrize("seed", SEEDS)
def test_hparam_search(seed: int) -> None:
    preset = get_preset("hparam-search")
    run = preset.build(preset.resolve(dataset="digits", seed=seed, overrides={"workers": "2"}))
    lessons.check_hparam_search(drive_to_end(run).trials)


#: The 2-D sets each preset offers (where the decision boundary shows what it learnt).
TOYS = [(name, ds) for name in ("optimizer-race", "batch-size", "init-compare", "activations")
        for ds in get_preset(name).datasets if ds in ("spiral", "moons", "circles", "xor")]
TOY_CHECKS = {
    "optimizer-race": lambda out, k: lessons.check_optimizer_race(out),
    "batch-size": lambda out, k: lessons.check_batch_size(out),
    "init-compare": lambda out, k: lessons.check_init_compare(out, classes=k),
    "activations": lambda out, k: lessons.check_activations(out, classes=k),
}


@pytest.mark.parametrize(("name", "dataset"), TOYS)
def test_lessons_on_the_2d_sets(name: str, dataset: str) -> None:
    classes = 3 if dataset == "spiral" else 2
    for seed in SEEDS:
        TOY_CHECKS[name](run_default(name, seed, dataset)[0], classes)


@pytest.mark.parametrize("dataset", ["spiral", "moons", "circles", "xor"])
def test_sanity_checks_on_the_2d_sets(dataset: str) -> None:
    """gradient-check passes and overfit-one-batch memorises its batch on every 2-D set."""
    from nntui.core.gradrun import TOLERANCE

    for seed in SEEDS:
        for name in ("gradient-check", "overfit-one-batch"):
            preset = get_preset(name)
            snap = drive_to_end(preset.build(preset.resolve(dataset=dataset, seed=seed)))
            for s in snap.series:
                if name == "gradient-check":
                    assert s.extra["max_rel_error"] < TOLERANCE, (dataset, seed, s.name)
                else:
                    assert s.last_train_acc == 1.0, (dataset, seed)


def test_every_2d_set_offered_is_checked() -> None:
    from nntui.presets import PRESETS

    sanity = {"gradient-check", "overfit-one-batch"}
    offered = {(n, ds) for n, p in PRESETS.items() for ds in p.datasets
               if ds in ("spiral", "moons", "circles", "xor") and n not in sanity}
    assert offered == set(TOYS) and {n for n, _ in TOYS} == set(TOY_CHECKS)


def test_epoch_budgets_match_the_book_arithmetic() -> None:
    """iterations = epochs x max(train_size / batch_size, 1), as the book's loops count."""
    preset = get_preset("weight-decay")
    config = preset.resolve(dataset="digits")
    from nntui.presets.kinds.train import load_dataset

    settings = train_settings(config, load_dataset(config, None, None))
    assert settings.iterations == 201 * 3 and settings.eval_every == 3
