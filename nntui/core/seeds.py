"""One experiment trained on K seeds in lockstep: the lesson, and the noise it rides on.

On a few hundred training images a technique's effect (1–3 points of test accuracy) is
the size of the seed-to-seed spread, so one seed can show the opposite of the lesson.
`SeedRun` steps K `Experiment`s built with seeds base, base+1, …, base+K-1 (each with its
own initial weights, batches, noise and, where the preset takes a subset, its own training
images: `nntui.core.data.subsets`) one iteration each per step. Its `snapshot()` gives
every series its mean over the seeds in the ordinary fields, so every reader of a
Snapshot works unchanged, and a `SeedBand` beside them with each seed's curves and end;
`report()` gives each series the mean test accuracy and every seed's.

The experiments are independent: a mapper (`use_map`) spreads each one's series over
threads as for a single run, and the curves are the same bit for bit on any thread count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from nntui.core.band import SeedBand, SeedFinal, nan_mean
from nntui.core.experiment import Experiment
from nntui.core.metrics import precision_recall_f1
from nntui.core.network import Network
from nntui.core.run import FinalReport, Mapper, SeriesReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot, cut_series


class SeedRun:
    """K experiments of the same series, differing only in their seed. Implements the Run
    protocol (`nntui.core.run.Run`) and `use_map`, like an Experiment."""

    def __init__(self, runs: Sequence[Experiment], seeds: Sequence[int]) -> None:
        if len(runs) < 1 or len(runs) != len(seeds):
            raise ValueError(f"one experiment per seed: {len(runs)} runs, {len(seeds)} seeds")
        names = {r.series_names for r in runs}
        if len(names) != 1:
            raise ValueError(f"the seeds' experiments differ in their series: {names}")
        self.runs = tuple(runs)
        self.seeds = tuple(int(s) for s in seeds)

    # -- Run protocol --------------------------------------------------------------------
    @property
    def total(self) -> int:
        return max(r.total for r in self.runs)

    @property
    def iteration(self) -> int:
        return max(r.iteration for r in self.runs)

    @property
    def done(self) -> bool:
        return all(r.done for r in self.runs)

    def step(self) -> None:
        """One iteration of every seed's experiment that is not done yet."""
        for run in self.runs:
            if not run.done:
                run.step()

    def use_map(self, mapper: Mapper) -> None:
        """Each seed's series go through `mapper` (see `Experiment.use_map`)."""
        for run in self.runs:
            run.use_map(mapper)

    def snapshot(self) -> Snapshot:
        snaps = [r.snapshot() for r in self.runs]
        done = [r.done for r in self.runs]
        # Read mid-step (the UI reads while training runs), the seeds stepped so far are a
        # loss, an evaluation or an iteration ahead of the rest: a mean over only those
        # would show a point of another seed set (the dropout dashboard jumped 3 points of
        # test accuracy). Every series is shown up to where all its seeds are; a series
        # that ended on a seed (stopped early, diverged) stays as it ended there.
        running = [s for s, d in zip(snaps, done, strict=True) if not d]
        lead = min(running, key=lambda s: s.iteration) if running else \
            max(snaps, key=lambda s: s.iteration)  # the seed that got furthest
        series = tuple(
            mean_series(in_step([s.series[i] for s in snaps]), self.seeds)
            for i in range(len(snaps[0].series))
        )
        elapsed = sum(s.elapsed_s for s in snaps)
        samples = sum(s.samples_per_s * s.elapsed_s for s in snaps)
        return replace(
            snaps[0], iteration=lead.iteration, epoch=lead.epoch, done=self.done,
            elapsed_s=elapsed, samples_per_s=samples / elapsed if elapsed > 0 else 0.0,
            series=series, seeds=self.seeds,
        )

    def report(self) -> FinalReport | None:
        """Per series: the mean of the seeds' test accuracies and each of them
        (`SeriesReport.per_seed`); precision, recall, F1 and the confusion matrix of all
        the seeds' test predictions pooled (each test image counted once per seed)."""
        reports = [r.report() for r in self.runs]
        if any(r is None for r in reports):
            return None
        first = reports[0]
        assert first is not None
        pooled = []
        for i, head in enumerate(first.series):
            per = [rep.series[i] for rep in reports if rep is not None]
            cm = np.sum([r.confusion for r in per], axis=0)
            p, r, f1 = precision_recall_f1(cm)
            accs = tuple(float(x.test_acc) for x in per)
            pooled.append(SeriesReport(head.name, float(np.mean(accs)), p, r, f1, cm,
                                       per_seed=accs))
        return FinalReport(first.class_names, tuple(pooled))

    # -- what tests and reports ask an Experiment ---------------------------------------
    @property
    def series_names(self) -> tuple[str, ...]:
        return self.runs[0].series_names

    def network(self, name: str) -> Network:
        """The base seed's network of series `name`."""
        return self.runs[0].network(name)


def aligned(points: list[np.ndarray], values: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(x (n,), rows (K, n)): each seed's `values[k]` recorded at `points[k]`, placed on
    the union of the points (NaN where a seed has no value). The seeds of a run record at
    the same iterations until one stops, so this is usually a plain stack."""
    first = points[0]
    if all(np.array_equal(p, first) for p in points):
        return first, np.stack([np.asarray(v, dtype=np.float64) for v in values])
    x = np.unique(np.concatenate(points))
    rows = np.full((len(points), len(x)), math.nan)
    for k, (p, v) in enumerate(zip(points, values, strict=True)):
        rows[k, np.searchsorted(x, p)] = v
    return x, rows


def in_step(per_seed: list[SeriesSnapshot]) -> list[SeriesSnapshot]:
    """One series' K seeds cut to the points every seed still training has recorded: its
    losses, evaluations (and their histograms) and gradient records. A seed whose series
    stopped early or diverged records no more and sets no limit. A seed whose run is done
    does: `done` turns true when the last step's counter advances, before that step's
    final evaluation is recorded (read then, the seeds already measured were averaged
    alone: "it 450/450" showed 2 of 5 seeds' test accuracy, 0.6 points off the end)."""
    live = [s for s in per_seed if not (s.stopped_early or s.diverged)]
    if len(live) < 2:
        return per_seed

    def end(points: list[np.ndarray]) -> int:
        return min(int(p[-1]) if len(p) else -1 for p in points)

    loss_end = end([s.loss_it for s in live])
    eval_end = end([s.eval_it for s in live])
    grad_end = end([s.grad_it for s in live])
    return [up_to(s, loss_end, eval_end, grad_end) for s in per_seed]


def up_to(s: SeriesSnapshot, loss_end: int, eval_end: int, grad_end: int) -> SeriesSnapshot:
    """`cut_series`; cut back by one evaluation, with the named scalars of the one before
    (they are measured at each evaluation: a mean of one seed's next lr and the others'
    showed a step-decay rate of 0.2 that its schedule never has)."""
    cut = cut_series(s, loss_end, eval_end, grad_end)
    if len(cut.eval_it) == len(s.eval_it):
        return cut
    # Lockstep: a seed is at most one step, so one evaluation, ahead of the others.
    return replace(cut, extra=s.extra_before)


def mean_series(per_seed: list[SeriesSnapshot], seeds: Sequence[int]) -> SeriesSnapshot:
    """One series over its K seeds: mean curves (over the seeds that recorded each point),
    the base seed's histograms and decision boundary, extras averaged, and the band.
    Diverged / stopped early: on every seed (the band says on which)."""
    base = per_seed[0]
    loss_it, loss = aligned([s.loss_it for s in per_seed], [s.loss for s in per_seed])
    eval_it, epochs = aligned([s.eval_it for s in per_seed], [s.eval_epoch for s in per_seed])
    curves = {
        name: aligned([s.eval_it for s in per_seed], [getattr(s, name) for s in per_seed])[1]
        for name in ("train_acc", "test_acc", "val_acc", "val_loss")
    }
    keys = [k for k in base.extra if all(k in s.extra for s in per_seed)]
    extra = {k: float(nan_mean(np.array([[s.extra[k]] for s in per_seed]))[0]) for k in keys}
    band = SeedBand(
        seeds=tuple(seeds), loss=loss, finals=tuple(
            final_of(s, seed) for s, seed in zip(per_seed, seeds, strict=True)), **curves)
    return replace(
        base, loss_it=loss_it, loss=nan_mean(loss), eval_it=eval_it,
        eval_epoch=nan_mean(epochs), **{k: nan_mean(v) for k, v in curves.items()},
        diverged=all(s.diverged for s in per_seed),
        stopped_early=all(s.stopped_early for s in per_seed),
        extra=extra, band=band,
    )


def final_of(s: SeriesSnapshot, seed: int) -> SeedFinal:
    """Where one seed's series ended (from its own snapshot)."""
    return SeedFinal(
        seed=int(seed), final_loss=s.final_loss(), train_acc=s.last_train_acc,
        test_acc=s.last_test_acc, val_acc=s.last_val_acc, diverged=s.diverged,
        stopped_early=s.stopped_early, last_it=int(s.eval_it[-1]) if len(s.eval_it) else 0,
        best_it=s.best_it, extra=dict(s.extra),
    )
