"""judge(): a claim checked on a finished run, on hand-made snapshots whose numbers are known:
the effect per seed, its mean, holds (on the mean) and wins (per seed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nntui.core.band import SeedBand, SeedFinal
from nntui.core.run import FinalReport, SeriesReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot, Trial
from nntui.presets import PRESETS
from nntui.presets.claims import METRICS, Claim, judge
from nntui.presets.verdicts import judge_run, verdict_line, verdict_lines


def series(name: str, trains: list[float], tests: list[float], losses: list[float],
           extra: dict[str, float] | None = None) -> SeriesSnapshot:
    """A K-seed series ending at the given per-seed train/test accuracies and final losses
    (each seed's loss curve is flat at its final loss)."""
    k = len(trains)
    finals = tuple(SeedFinal(seed=10 + i, final_loss=losses[i], train_acc=trains[i],
                             test_acc=tests[i], val_acc=math.nan, diverged=False,
                             stopped_early=False, last_it=100, best_it=None,
                             extra=dict(extra or {})) for i in range(k))
    loss = np.array([[v] * 20 for v in losses])
    band = SeedBand(seeds=tuple(range(10, 10 + k)), loss=loss,
                    train_acc=np.array([trains]).T, test_acc=np.array([tests]).T,
                    val_acc=np.full((k, 1), math.nan), val_loss=np.full((k, 1), math.nan),
                    finals=finals)
    return SeriesSnapshot(name, loss_it=np.arange(20), loss=loss.mean(axis=0),
                          eval_it=np.array([100]), train_acc=np.array([np.mean(trains)]),
                          test_acc=np.array([np.mean(tests)]), extra=dict(extra or {}),
                          band=band)


def snap(*s: SeriesSnapshot, trials: tuple[Trial, ...] = ()) -> Snapshot:
    return Snapshot(iteration=100, total=100, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=s, trials=trials, seeds=(10, 11, 12))


def report(tests: dict[str, list[float]]) -> FinalReport:
    z = np.zeros(2)
    return FinalReport(("a", "b"), tuple(
        SeriesReport(n, float(np.mean(v)), z, z, z, np.eye(2), per_seed=tuple(v))
        for n, v in tests.items()))


# Three seeds: the technique lowers train accuracy a lot and test a little.
PLAIN = series("plain", [1.0, 1.0, 1.0], [0.80, 0.82, 0.84], [0.01, 0.02, 0.03])
TECH = series("tech", [0.90, 0.92, 0.97], [0.79, 0.83, 0.80], [0.30, 0.20, 0.10])
RUN = snap(PLAIN, TECH)


def test_a_gap_claim_holds_on_the_mean_and_counts_wins_per_seed() -> None:
    claim = Claim("tech", "gap", "lower", -0.05, baseline="plain")
    r = judge(claim, RUN, None, dataset="digits")
    # gaps: plain 0.20 0.18 0.16, tech 0.11 0.09 0.17 -> effects -0.09 -0.09 +0.01
    assert r.effects == pytest.approx((-0.09, -0.09, 0.01))
    assert r.effect == pytest.approx(-0.17 / 3)
    assert r.holds and r.won == 2 and r.k == 3 and r.bound == -0.05
    assert not judge(Claim("tech", "gap", "lower", -0.06, baseline="plain"), RUN, None,
                     dataset="digits").holds


def test_the_report_held_out_accuracies_override_the_last_evaluation() -> None:
    rep = report({"plain": [0.70, 0.70, 0.70], "tech": [0.90, 0.90, 0.90]})
    r = judge(Claim("tech", "test_acc", "higher", 0.15, baseline="plain"), RUN, rep,
              dataset="digits")
    assert r.effects == pytest.approx((0.2, 0.2, 0.2)) and r.holds and r.won == 3


def test_within_relative_reference_and_per_dataset_bounds() -> None:
    within = Claim("tech", "test_acc", "within", 0.02, baseline="plain")
    r = judge(within, RUN, None, dataset="digits")  # effects -0.01 +0.01 -0.04: mean -0.0133
    assert r.holds and r.won == 2
    rel = Claim("tech", "final_loss", "higher", 5.0, baseline="plain", relative=True)
    r = judge(rel, RUN, None, dataset="digits")  # (0.3-0.01)/0.01 = 29, 9, 2.333
    assert r.effects == pytest.approx((29.0, 9.0, 7 / 3)) and r.holds and r.won == 3
    ref = Claim("tech", "chance_loss", "within", 0.05, reference=0.1)
    r = judge(ref, RUN, None, dataset="digits", classes=10)
    assert r.effects == pytest.approx(tuple(v / math.log(10) - 0.1 for v in (0.3, 0.2, 0.1)))
    per = Claim("tech", "gap", "lower", -0.1, baseline="plain", bound_on=(("mnist", -0.01),))
    assert not judge(per, RUN, None, dataset="digits").holds
    assert judge(per, RUN, None, dataset="mnist").holds


def test_a_level_claim_without_baseline_wins_where_the_bound_is_met() -> None:
    claim = Claim("tech", "train_acc", "lower", 0.95)
    r = judge(claim, RUN, None, dataset="digits")
    assert r.effects == pytest.approx((0.90, 0.92, 0.97)) and r.won == 2
    assert r.holds  # mean 0.93


def test_a_one_seed_run_is_one_effect() -> None:
    one = Snapshot(iteration=10, total=10, epoch=1.0, elapsed_s=1.0, samples_per_s=1.0,
                   done=True, series=(
                       SeriesSnapshot("plain", eval_it=np.array([10]), train_acc=np.array([1.0]),
                                      test_acc=np.array([0.8])),
                       SeriesSnapshot("tech", eval_it=np.array([10]), train_acc=np.array([0.9]),
                                      test_acc=np.array([0.85]))))
    r = judge(Claim("tech", "gap", "lower", 0.0, baseline="plain"), one, None, dataset="x")
    assert r.effects == pytest.approx((-0.15,)) and r.holds and r.won == 1


def test_sweep_and_trial_metrics() -> None:
    names = [f"{c} w={w}" for w in (1, 2, 3) for c in ("BN", "plain")]
    learnt = {"BN w=1": 0.9, "BN w=2": 0.8, "BN w=3": 0.3, "plain w=1": 0.9,
              "plain w=2": 0.1, "plain w=3": 0.1}
    run = snap(*(series(n, [learnt[n]] * 3, [0.5] * 3, [1.0] * 3) for n in names))
    sweep = {n: (n.split()[0], float(n.split("=")[1])) for n in names}.get
    r = judge(Claim("BN", "scales_learnt", "higher", 1.0, baseline="plain"), run, None,
              dataset="digits", sweep=sweep)
    assert r.effects == (1.0, 1.0, 1.0) and r.holds
    trials = tuple(Trial(i, 1, lr, 1e-6, val_acc=acc, done=True) for i, (lr, acc) in enumerate(
        [(1e-4, 0.1), (2e-4, 0.2), (0.02, 0.8), (0.05, 0.85), (0.2, 0.7), (0.9, math.nan)]))
    search = snap(SeriesSnapshot("best"), trials=trials)
    assert judge(Claim("best", "top_in_band", "higher", 1.0), search, None,
                 dataset="digits").effect == pytest.approx(3 / 5)
    assert judge(Claim("best", "slow_val", "lower", 0.4), search, None,
                 dataset="digits").effect == pytest.approx(0.15)
    assert judge(Claim("best", "collapse_drop", "higher", 0.3), search, None,
                 dataset="digits").effect == pytest.approx(0.85)


def test_claims_refuse_unknown_metrics_and_directions() -> None:
    with pytest.raises(ValueError, match="unknown claim metric"):
        Claim("a", "accuracy", "higher", 0.0)
    with pytest.raises(ValueError, match="better must be"):
        Claim("a", "gap", "smaller", 0.0)


def test_every_preset_claim_names_its_series_and_a_known_metric() -> None:
    for p in PRESETS.values():
        for c in (*p.claims, *p.book_claims):
            names = set(p.series) | ({w[0] for w in map(c.sweep, p.series) if w}
                                     if c.sweep else set())
            assert c.metric in METRICS
            assert c.technique in names, (p.name, c.technique)
            assert c.baseline is None or c.baseline in names, (p.name, c.baseline)
            assert set(c.datasets) <= set(p.datasets), (p.name, c.datasets)


def test_verdict_lines_say_the_effect_bound_verdict_and_wins() -> None:
    r = judge(Claim("tech", "gap", "lower", -0.05, baseline="plain"), RUN, None,
              dataset="digits")
    line = verdict_line(r)
    sd = np.std([-0.09, -0.09, 0.01], ddof=1) * 100
    assert line == (f"tech vs plain, train–test gap: −5.7 ± {sd:.1f} points (look-for: at most "
                    "−5.0 points): holds; better on 2 of 3 seeds")
    lines = verdict_lines([r, judge(Claim("tech", "gap", "lower", -0.1, baseline="plain"), RUN,
                                    None, dataset="digits")])
    assert lines[0] == "look-for, measured on this run (1 of 2 claims hold):"
    assert "does NOT hold" in lines[2]


def test_judge_run_judges_a_finished_run_only() -> None:
    preset = PRESETS["dropout"]
    plain = series("no dropout", [1.0] * 3, [0.8] * 3, [0.01] * 3)
    drop = series("dropout", [0.95] * 3, [0.82] * 3, [0.1] * 3)
    done = snap(plain, drop)
    rep = report({"no dropout": [0.8] * 3, "dropout": [0.82] * 3})
    results = judge_run(preset, done, rep, dataset="digits")
    assert [r.claim for r in results] == list(preset.claims_for("digits"))
    unfinished = Snapshot(**{**done.__dict__, "done": False})
    assert judge_run(preset, unfinished, rep, dataset="digits") == []


def test_look_for_and_claims_follow_the_dataset_and_the_book_setting() -> None:
    wd = PRESETS["weight-decay"]
    assert wd.look_for_text(False, "mnist") == dict(wd.look_for_on)["mnist"]
    assert wd.look_for_text(False, "digits") == wd.look_for  # no own line: the general one
    assert wd.look_for_text(True, "digits") == wd.book_look_for
    drop = PRESETS["dropout"]
    assert drop.look_for_text(True, "digits") == dict(drop.book_look_for_on)["digits"]
    assert drop.look_for_text(True, "mnist") == drop.book_look_for
    # each dataset its own claims; --book its own, or the defaults' where it has none
    assert {c.metric for c in wd.claims_for("mnist")} >= {"gap", "train_acc", "test_acc"}
    assert all(c.applies_to("digits") for c in wd.claims_for("digits"))
    assert wd.claims_for("digits", book=True) != wd.claims_for("digits")
    race = PRESETS["optimizer-race"]  # RMSprop at the book-style 0.01 ends level with SGD
    assert race.claims_for("fashion-mnist", book=True) != race.claims_for("fashion-mnist")
    assert race.book_differs("mnist") and not PRESETS["init-compare"].book_differs("digits")
    init = PRESETS["init-compare"]  # no book claims: --book makes the defaults' claims
    assert init.claims_for("mnist", book=True) == init.claims_for("mnist")


def test_book_keeps_the_number_of_seeds_of_the_dataset() -> None:
    """`seeds` is not a setting of the book's experiments: --book keeps each dataset's."""
    wd = PRESETS["weight-decay"]
    assert wd.defaults("digits", book=True)["seeds"] == wd.defaults("digits")["seeds"] == 8
    assert wd.defaults("mnist", book=True)["seeds"] == 3
    assert wd.defaults("digits", book=True)["weight_decay"] == 0.1  # the book's λ all the same
