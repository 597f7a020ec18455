"""A preset's lesson as claims that a finished run can check: measurably true or not.

A `Claim` is data on a preset: which series is the technique, which its baseline, which
number (`METRICS`: the train–test gap, test accuracy, final loss, sparsity, ...), which way
is better, and how large the effect must be for the lesson to show. `judge` checks it on a
finished run, seed by seed: the claim *holds* on a run when the mean effect over the run's
seeds passes the bound; the technique *wins* on a seed where its effect there points the
right way. The tests (a cheap sample), `bench/lessons.py` (20 unseen seeds per claim and
dataset) and the headless output all call `judge`, so the Look-for line, the tests and
what a learner sees are held to one definition.

Imports no NumPy at module level (the catalog loads at startup); `judge` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nntui.i18n import N_

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import SeriesSnapshot, Snapshot

#: What a claim may measure, per series and seed -> its label (shown through _()).
METRICS: dict[str, str] = {
    "gap": N_("train–test gap"),
    "test_acc": N_("test accuracy"),
    "train_acc": N_("train accuracy"),
    "final_loss": N_("final loss"),
    "loss_noise": N_("loss jitter (sd, last 20 %)"),
    "chance_loss": N_("final loss / chance loss"),
    "stop_share": N_("share of the budget trained"),
    "sparsity_W1": N_("W1 sparsity"),
    "weight_norm": N_("weight norm"),
    "scales_learnt": N_("weight scales that learn"),
    "top_in_band": N_("share of the 8 best trials in the lr band"),
    "top_above_1e-3": N_("share of the 8 best trials at lr 1e-3 or more"),
    "slow_val": N_("validation accuracy below lr 1e-3"),
    "collapse_drop": N_("best minus the best trial above lr 0.5"),
}
#: `better` values: the effect must be >= bound, <= bound, or within ±bound of 0.
DIRECTIONS = ("higher", "lower", "within")


@dataclass(frozen=True)
class Claim:
    """One measurable statement of a preset's Look-for.

    effect (per seed) = metric(technique) - metric(baseline), or metric(technique) -
    `reference` when there is no baseline; with `relative`, divided by |metric(baseline)|. The claim
    holds when the mean effect over a run's seeds is >= `bound` ("higher"), <= `bound`
    ("lower") or within ±`bound` of 0 ("within"). `stated`: the typical size the Look-for
    line gives (bench/lessons.py prints it beside the measured median). `datasets`: where
    the claim applies (() = every dataset the preset offers).
    """

    technique: str
    metric: str
    better: str
    bound: float
    baseline: str | None = None
    reference: float = 0.0
    relative: bool = False
    stated: float | None = None
    datasets: tuple[str, ...] = ()
    #: The bound differs on some datasets: (dataset, bound) pairs.
    bound_on: tuple[tuple[str, float], ...] = ()
    #: For "scales_learnt": where each series sits on the swept setting (series name ->
    #: (curve, x) or None), so technique and baseline name curves of series.
    sweep: Callable[[str], object] | None = None

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"unknown claim metric {self.metric!r}")
        if self.better not in DIRECTIONS:
            raise ValueError(f"better must be one of {DIRECTIONS}, not {self.better!r}")

    def applies_to(self, dataset: str) -> bool:
        return not self.datasets or dataset in self.datasets

    def bound_for(self, dataset: str) -> float:
        return dict(self.bound_on).get(dataset, self.bound)

    def passes(self, effect: float, dataset: str) -> bool:
        """Whether an effect (a run's mean) meets the bound on `dataset`."""
        bound = self.bound_for(dataset)
        if not math.isfinite(effect):
            return False
        if self.better == "higher":
            return effect >= bound
        if self.better == "lower":
            return effect <= bound
        return abs(effect) <= bound

    def wins(self, effect: float) -> bool:
        """Whether one seed's effect points the lesson's way (beats the baseline; for
        "within", stays inside the bound)."""
        if not math.isfinite(effect):
            return False
        if self.better == "higher":
            return effect > 0 if self.baseline else effect >= self.bound
        if self.better == "lower":
            return effect < 0 if self.baseline else effect <= self.bound
        # within
        return abs(effect) <= self.bound


@dataclass(frozen=True)
class SeedOutcome:
    """One series on one seed at the end of a run (what a metric reads)."""

    seed: int
    final_loss: float
    train_acc: float
    test_acc: float
    loss_noise: float
    stop_share: float
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return self.train_acc - self.test_acc


@dataclass(frozen=True)
class ClaimResult:
    """A claim judged on one run: the effect on each seed, their mean, whether the claim
    holds (on the mean) and on how many of the K seeds the technique won."""

    claim: Claim
    effects: tuple[float, ...]
    effect: float
    holds: bool
    bound: float  # the claim's bound on the run's dataset

    @property
    def k(self) -> int:
        return len(self.effects)

    @property
    def won(self) -> int:
        return sum(self.claim.wins(e) for e in self.effects)


def tail_noise(loss: object, fraction: float = 0.2) -> float:
    """The spread (sd) of a raw mini-batch loss curve over its last `fraction`."""
    import numpy as np  # NumPy loads when a claim is judged, not with the catalog

    a = np.asarray(loss, dtype=np.float64)
    a = a[np.isfinite(a)]
    if len(a) < 2:
        return math.nan
    return float(np.std(a[int(len(a) * (1 - fraction)):]))


def seed_outcomes(s: SeriesSnapshot, total: int, tested: Sequence[float] | None = None
                  ) -> list[SeedOutcome]:
    """Each seed's outcome of series `s` (one for a one-seed run). `tested`: the held-out
    test accuracy per seed from the final report (else the last evaluated one); `total`:
    the run's budget in iterations (for stop_share)."""
    def share(last_it: int) -> float:
        return last_it / total if total else math.nan

    band = s.band
    if band is None:
        test = tested[0] if tested else s.last_test_acc
        last = int(s.eval_it[-1]) if len(s.eval_it) else 0
        return [SeedOutcome(-1, s.final_loss(), s.last_train_acc, test, tail_noise(s.loss),
                            share(last if s.stopped_early else total), dict(s.extra))]
    out = []
    for k, f in enumerate(band.finals):
        test = tested[k] if tested and k < len(tested) else f.test_acc
        out.append(SeedOutcome(f.seed, f.final_loss, f.train_acc, test,
                               tail_noise(band.loss[k]),
                               share(f.last_it if f.stopped_early else total), dict(f.extra)))
    return out


def outcomes_by_series(snap: Snapshot, report: FinalReport | None
                       ) -> dict[str, list[SeedOutcome]]:
    """Every series' per-seed outcomes in a finished run."""
    per_seed: dict[str, Sequence[float]] = {}
    if report is not None:
        per_seed = {r.name: (r.per_seed or (r.test_acc,)) for r in report.series}
    return {s.name: seed_outcomes(s, snap.total, per_seed.get(s.name)) for s in snap.series}


def _value(o: SeedOutcome, metric: str, classes: int) -> float:
    if metric == "chance_loss":
        return o.final_loss / math.log(classes)
    if metric in ("gap", "test_acc", "train_acc", "final_loss", "loss_noise", "stop_share"):
        return float(getattr(o, metric))
    return float(o.extra.get(metric, math.nan))


def _curve_counts(outcomes: dict[str, list[SeedOutcome]], sweep: Callable[[str], object],
                  curve: str) -> list[float]:
    """Per seed: how many series of sweep curve `curve` reach train accuracy > 0.5."""
    names = [n for n in outcomes if (sweep(n) or (None,))[0] == curve]  # type: ignore[index]
    k = len(outcomes[names[0]]) if names else 0
    return [float(sum(outcomes[n][i].train_acc > 0.5 for n in names)) for i in range(k)]


def _trial_value(snap: Snapshot, metric: str) -> float:
    """hparam-search's metrics on the finished trials."""
    done = [t for t in snap.trials if t.done]
    finite = sorted((t for t in done if math.isfinite(t.val_acc)), key=lambda t: -t.val_acc)
    if metric in ("top_in_band", "top_above_1e-3"):
        top = finite[:8]
        lo, hi = (1e-2, 0.3) if metric == "top_in_band" else (1e-3, math.inf)
        return sum(lo <= t.lr <= hi for t in top) / len(top) if top else math.nan
    if metric == "slow_val":
        slow = [t.val_acc for t in finite if t.lr < 1e-3]
        return sum(slow) / len(slow) if slow else math.nan
    big = [t.val_acc if math.isfinite(t.val_acc) else 0.0 for t in done if t.lr > 0.5]
    return finite[0].val_acc - max(big) if finite and big else math.nan


def judge(claim: Claim, snap: Snapshot, report: FinalReport | None, *, dataset: str,
          classes: int = 10, sweep: Callable[[str], object] | None = None) -> ClaimResult:
    """The claim checked on a finished run (see the module docstring)."""
    if claim.metric in ("top_in_band", "top_above_1e-3", "slow_val", "collapse_drop"):
        effects = [_trial_value(snap, claim.metric)]
    else:
        outcomes = outcomes_by_series(snap, report)
        if claim.metric == "scales_learnt":
            sweep = sweep or claim.sweep
            assert sweep is not None, "scales_learnt needs the preset's sweep"
            tech = _curve_counts(outcomes, sweep, claim.technique)
            base = _curve_counts(outcomes, sweep, claim.baseline or "")
        else:
            tech = [_value(o, claim.metric, classes) for o in outcomes[claim.technique]]
            base = ([_value(o, claim.metric, classes) for o in outcomes[claim.baseline]]
                    if claim.baseline else [])
        if not claim.baseline:
            effects = [t - claim.reference for t in tech]
        elif claim.relative:
            effects = [(t - b) / abs(b) if b else math.nan for t, b in zip(tech, base)]
        else:
            effects = [t - b for t, b in zip(tech, base)]
    finite = [e for e in effects if math.isfinite(e)]
    mean = sum(finite) / len(finite) if len(finite) == len(effects) and finite else math.nan
    return ClaimResult(claim, tuple(effects), mean, claim.passes(mean, dataset),
                       claim.bound_for(dataset))


def claim_json(r: ClaimResult) -> dict[str, object]:
    """A judged claim as report.json keeps it (NaN becomes None there)."""
    c = r.claim
    return {
        "technique": c.technique, "baseline": c.baseline, "metric": c.metric,
        "better": c.better, "bound": r.bound, "relative": c.relative,
        "effect": r.effect, "effects": list(r.effects), "holds": r.holds,
        "wins": r.won, "seeds": r.k,
    }
