"""What each preset's "Look for" line promises, as checks on a finished run.

A check takes the final snapshot and the held-out report of a run at the preset's *default*
settings and asserts the finding with a margin a learner can see. The digits tests
(test_lessons.py, 3 seeds, in CI) and the MNIST tests (test_mnist_slow.py) call the same
checks, so a default that stops showing its lesson on either dataset fails a test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nntui.core.run import FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot


@dataclass(frozen=True)
class Outcome:
    """One series at the end of a run: train accuracy at the last evaluation, test
    accuracy on the whole held-out set (the final report), and the series itself."""

    series: SeriesSnapshot
    train: float
    test: float

    @property
    def gap(self) -> float:
        return self.train - self.test


def outcomes(snap: Snapshot, report: FinalReport | None) -> dict[str, Outcome]:
    assert report is not None, "a finished training run has a test report"
    test = {r.name: r.test_acc for r in report.series}
    return {s.name: Outcome(s, s.last_train_acc, test[s.name]) for s in snap.series}


def tail_std(s: SeriesSnapshot, fraction: float = 0.2) -> float:
    """Spread of the raw mini-batch loss over the last `fraction` of the run."""
    loss = s.loss[np.isfinite(s.loss)]
    return float(np.std(loss[int(len(loss) * (1 - fraction)):]))


# -- regularization: the technique ends ahead on test accuracy, with a narrower gap ---------
def check_technique_beats_baseline(
    out: dict[str, Outcome], baseline: str, technique: str, *, margin: float = 0.0
) -> None:
    base, tech = out[baseline], out[technique]
    assert tech.test > base.test + margin, (
        f"{technique} test {tech.test:.3f} not above {baseline} {base.test:.3f} + {margin}"
    )
    assert tech.gap < base.gap, (
        f"{technique} gap {tech.gap:.3f} not below {baseline} gap {base.gap:.3f}"
    )


def check_weight_decay(out: dict[str, Outcome]) -> None:
    check_technique_beats_baseline(out, "no decay", "weight decay")
    assert out["weight decay"].series.extra["weight_norm"] < out[
        "no decay"].series.extra["weight_norm"]


def check_dropout(out: dict[str, Outcome]) -> None:
    check_technique_beats_baseline(out, "no dropout", "dropout")


def check_noise_and_augmentation(out: dict[str, Outcome]) -> None:
    for technique in ("noise", "augment"):
        check_technique_beats_baseline(out, "plain", technique)


def check_regularizers(out: dict[str, Outcome]) -> None:
    w1 = {n: out[n].series.extra["sparsity_W1"] for n in ("none", "L1", "L2", "elastic")}
    assert w1["L1"] >= 0.5, f"L1 empties only {w1['L1']:.2f} of W1"
    assert w1["L2"] < 0.05 and w1["none"] < 0.05, w1  # small is not zero
    assert w1["L2"] < w1["elastic"] < w1["L1"], w1
    best = max(("L1", "L2", "elastic"), key=lambda n: out[n].test)
    assert out[best].test > out["none"].test, {n: o.test for n, o in out.items()}
    assert out["L2"].gap < out["none"].gap


def check_early_stopping(out: dict[str, Outcome], total_iterations: int) -> None:
    full, stop = out["full run"].series, out["early stop"].series
    # A fair race: same start, same batches, so the two curves agree until the stop.
    assert full.loss[0] == stop.loss[0]
    n = len(stop.loss)
    np.testing.assert_array_equal(full.loss[:n], stop.loss)
    assert stop.stopped_early and not full.stopped_early
    assert stop.eval_it[-1] < 0.7 * total_iterations, "stopped too late to save much"
    assert stop.best_it == stop.eval_it[int(np.nanargmin(stop.val_loss))]
    assert out["early stop"].test >= out["full run"].test + 0.02, (
        out["early stop"].test, out["full run"].test)


# -- optimizers, schedules, batch size -------------------------------------------------------
def check_optimizer_race(out: dict[str, Outcome]) -> None:
    """SGD clearly slowest: every other method's final loss at least 20 % below it (on
    digits and MNIST it is 10-100x below; on Fashion-MNIST 25-30 %)."""
    sgd = out["SGD"].series.final_loss()
    for name in ("Momentum", "AdaGrad", "Adam", "RMSprop"):
        loss = out[name].series.final_loss()
        assert loss < 0.8 * sgd, (name, loss, sgd)


def check_lr_schedules(out: dict[str, Outcome]) -> None:
    const = out["constant"].series
    for name in ("step", "exponential", "cosine", "warmup+cosine"):
        s = out[name].series
        assert tail_std(s) < 0.7 * tail_std(const), (name, tail_std(s), tail_std(const))
        assert s.final_loss() < const.final_loss(), (name, s.final_loss(), const.final_loss())
    lr = {n: out[n].series.extra["lr"] for n in out}
    assert lr["cosine"] < 0.05 * lr["constant"] and lr["step"] < lr["constant"]


def check_batch_size(out: dict[str, Outcome]) -> None:
    small, medium, large = (out[n].series for n in ("small", "medium", "large"))
    assert tail_std(small) > 2 * tail_std(medium) > 2 * tail_std(large) > 0
    assert large.final_loss() < small.final_loss()


# -- initialization, activations, batch norm -------------------------------------------------
LN10 = math.log(10)


def check_init_compare(out: dict[str, Outcome], classes: int = 10) -> None:
    chance = math.log(classes)  # the loss of a uniform guess: ln 10 for ten classes
    tiny, xavier, he = (out[n].series.final_loss() for n in ("std=0.01", "Xavier", "He"))
    assert abs(tiny - chance) < 0.05, f"std=0.01 should stay at ln {classes}, ends at {tiny:.3f}"
    assert he < xavier < 0.5 * chance, (he, xavier)


def check_activations(out: dict[str, Outcome], classes: int = 10) -> None:
    chance = math.log(classes)
    # On or near the plateau (it stays exactly there on digits and MNIST; on Fashion-MNIST
    # it creeps to ~0.7 of it by the end).
    assert out["sigmoid"].series.final_loss() > 0.6 * chance
    for name in ("tanh", "ReLU", "Leaky ReLU", "ELU", "Swish"):
        assert out[name].series.final_loss() < 0.3 * chance, name
        assert out[name].test > out["sigmoid"].test + 0.3 * (1 - 1 / classes), name


def check_batchnorm(out: dict[str, Outcome], bn_names: list[tuple[str, str]]) -> None:
    """bn_names: (BN series, plain series) per weight scale. BN learns at far more scales."""
    learnt_bn = sum(out[bn].train > 0.5 for bn, _ in bn_names)
    learnt_plain = sum(out[plain].train > 0.5 for _, plain in bn_names)
    assert learnt_bn >= 12, learnt_bn
    assert learnt_plain <= 8, learnt_plain
    assert learnt_bn >= learnt_plain + 6, (learnt_bn, learnt_plain)


# -- hyperparameter search -------------------------------------------------------------------
def check_hparam_search(trials: tuple, band: tuple[float, float] = (1e-2, 0.3)) -> None:
    """The good trials sit in a band of learning rates with both edges visible: too small
    learns nothing in the budget, too large collapses (diverges)."""
    done = [t for t in trials if t.done]
    finite = [t for t in done if math.isfinite(t.val_acc)]
    top = sorted(finite, key=lambda t: -t.val_acc)[:8]
    assert all(band[0] <= t.lr <= band[1] for t in top), [(t.lr, t.val_acc) for t in top]
    slow = [t.val_acc for t in finite if t.lr < 1e-3]
    assert slow and float(np.mean(slow)) < 0.4, slow
    best = top[0].val_acc
    too_big = [t for t in done if t.lr > 0.5]
    assert too_big and all(not math.isfinite(t.val_acc) or t.val_acc < best - 0.3
                           for t in too_big), [(t.lr, t.val_acc) for t in too_big]
