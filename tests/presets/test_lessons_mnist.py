"""The lessons on real MNIST (t10k) and Fashion-MNIST: every default's claims on one test
seed, and `--book` against REFERENCE.md's measured column (the book's own code on the
same split). bench/lessons.py proves the same claims on 20 unseen seeds."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.presets import PRESETS
from nntui.presets.initialization import BN_SCALES, bn_name
from tests.presets import lessons
from tests.presets.conftest import by_name, drive_to_end
from tests.presets.mnist_data import needs_mnist, t10k

pytestmark = needs_mnist
ON_MNIST = [n for n, p in PRESETS.items() if p.claims_for("mnist") and n != "hparam-search"]
needs_fashion = pytest.mark.skipif(not lessons.FASHION_DIR.is_dir(),
                                   reason=f"Fashion-MNIST not found in {lessons.FASHION_DIR}")


@pytest.mark.parametrize("name", ON_MNIST)
def test_the_default_lesson_holds_on_mnist(name: str) -> None:
    lessons.assert_claims_hold(name, "mnist")


def test_hparam_search_lesson_holds_on_mnist() -> None:
    from nntui.presets.kinds.search import make_search
    from nntui.presets.verdicts import judge_run

    preset = PRESETS["hparam-search"]
    config = preset.resolve(dataset="mnist", seed=lessons.TEST_BASES[0],
                            overrides={"workers": "2"})
    run = make_search(config, t10k(500, 1000, val_fraction=0.2, seed=config.seed))
    snap = drive_to_end(run)
    results = judge_run(preset, snap, run.report(), dataset="mnist")
    assert results and all(r.holds for r in results), [(r.claim.metric, r.effect)
                                                        for r in results]


@needs_fashion
def test_dropout_lesson_holds_on_fashion_mnist() -> None:
    """Dropout is offered on Fashion-MNIST with a claim that holds there (issue: it was not)."""
    lessons.assert_claims_hold("dropout", "fashion-mnist")


# -- --book against REFERENCE.md's "measured" column -----------------------------------------
def _per_seed(snap, name: str, report) -> tuple[list[float], list[float]]:
    """(train, held-out test) accuracy of every seed of series `name`."""
    s = by_name(snap)[name]
    tests = next(r.per_seed for r in report.series if r.name == name)
    return [f.train_acc for f in s.band.finals], list(tests)


def test_book_weight_decay_matches_reference() -> None:
    """Book code, one run: λ=0 train 1.00 / test 0.792; λ=0.1 train 0.93 / test 0.788.
    λ = 0.1 makes a run noisy (measured here: train 0.76-0.95, test 0.66-0.79), so each
    seed must land in that spread and the book's figures within the seeds' range."""
    preset, run = lessons.build("weight-decay", "mnist", book=True)
    snap, report = lessons.finish(run)
    assert run.total == 201 * 3 and snap.seeds == (7, 8, 9)
    trains, tests = _per_seed(snap, "weight decay", report)
    plain_train, plain_test = _per_seed(snap, "no decay", report)
    assert min(plain_train) >= 0.99
    assert all(abs(t - 0.792) <= 0.05 for t in plain_test), plain_test
    assert all(0.7 <= t < 0.99 for t in trains) and all(0.62 <= t <= 0.82 for t in tests)
    assert min(trains) - 0.03 <= 0.93 <= max(trains) + 0.03
    assert min(tests) - 0.05 <= 0.788 <= max(tests) + 0.05


def test_book_dropout_has_not_converged() -> None:
    """Book code, 3 seeds: none 1.00 / 0.795; ratio 0.2 train 0.50-0.63, test 0.42-0.51
    (measured here: train 0.40-0.69, test 0.37-0.59)."""
    # 3 seeds, as measured against the book's code (MNIST's default is 10)
    preset, run = lessons.build("dropout", "mnist", book=True, seeds="3")
    snap, report = lessons.finish(run)
    assert run.total == 301 * 3
    trains, tests = _per_seed(snap, "dropout", report)
    plain_train, plain_test = _per_seed(snap, "no dropout", report)
    assert min(plain_train) >= 0.99 and all(abs(t - 0.795) <= 0.05 for t in plain_test)
    assert all(0.35 <= t <= 0.75 for t in trains), trains
    assert all(0.32 <= t <= 0.62 for t in tests), tests
    assert np.mean(tests) < np.mean(plain_test) - 0.15  # what --book's look-for warns about


def test_book_init_compare_matches_reference() -> None:
    """Book code at iteration 2000: std=0.01 2.305 (flat), Xavier 0.209, He 0.164."""
    _, run = lessons.build("init-compare", "mnist", seed=0, book=True, seeds="1")
    s = by_name(drive_to_end(run))
    assert s["std=0.01"].final_loss() == pytest.approx(2.303, abs=0.01)
    assert s["He"].final_loss() < s["Xavier"].final_loss() < 0.45


def test_book_batchnorm_matches_reference() -> None:
    """Book code: with BN train acc reached 1.0 at W = 0.0136-0.004; without BN only
    W = 0.29 and 0.16 learned (the large scales explode, the small ones vanish)."""
    _, run = lessons.build("batchnorm", "mnist", seed=0, book=True, seeds="1")
    s = by_name(drive_to_end(run))
    for w in (0.0136, 0.0074, 0.004):
        name = bn_name(min(BN_SCALES, key=lambda v: abs(v - w)), True)
        assert s[name].last_train_acc > 0.9, name
    plain_learnt = [w for w in BN_SCALES if s[bn_name(w, False)].last_train_acc > 0.5]
    assert plain_learnt and all(0.05 < w < 0.6 for w in plain_learnt), plain_learnt
