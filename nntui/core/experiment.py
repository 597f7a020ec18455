"""Train several networks in lockstep on the same mini-batches: the heart of every race.

`Experiment.step()` draws one mini-batch from a seeded Generator and lets every still-active
series do forward, backward and update on it, so a comparison is fair and repeatable: same
seed, same numbers, bit for bit. Accuracy, validation loss and activation histograms are
evaluated every `eval_every` iterations: live points on a fixed subset of the train and test
samples (`TrainSettings.eval_live_train/_test`), the last point of a finished run on all of
them, so the final numbers are exact and the run is not dominated by evaluation. A series
whose loss turns NaN/inf is marked diverged and stops; early stopping halts a series whose
validation loss stopped improving and restores its best weights. Nothing here starts a
thread; `snapshot()` may be called from another thread while the owner steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nntui.core.boundary import boundary_grid, predict_grid
from nntui.core.cadence import Cadence
from nntui.core.data import Dataset
from nntui.core.data.transforms import add_gaussian_noise, augment_images
from nntui.core.evaluate import (
    SPARSE_EPS,
    EvalSet,
    accuracy,
    even_subset,
    histograms,
    predict_labels,
    weight_stats,
)
from nntui.core.gradstats import GradientHistory, watched_update
from nntui.core.history import SeriesHistory
from nntui.core.lockstep import Batch, SeriesGroups, Unit, shared_batches, transforms
from nntui.core.network import Network
from nntui.core.packed import PackedRows
from nntui.core.run import CountedRun, FinalReport, Mapper, serial_map, series_report
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.core.specs import SeriesSpec, TrainSettings

#: Histogram refreshes a series keeps for replays; past it every other one is dropped.
MAX_HIST_HISTORY = 400

__all__ = ["SPARSE_EPS", "Experiment", "SeriesSpec", "TrainSettings"]


class _Series:
    """Mutable training state of one series (owned by the Experiment).

    init_rng draws the initial weights (every series gets a Generator from the same seed,
    so series with the same architecture start from identical weights); rng draws this
    series' own noise and augmentation.
    """

    def __init__(
        self, spec: SeriesSpec, init_rng: np.random.Generator, rng: np.random.Generator
    ) -> None:
        self.spec = spec
        self.rng = rng
        self.net = Network(spec.network, init_rng)
        self.opt = spec.optimizer.build()
        self.history = SeriesHistory()
        self.histograms: tuple[LayerHistogram, ...] = ()
        # (iteration, histograms) at every live refresh, for replays (bounded: see _evaluate)
        self.hist_history: list[tuple[int, tuple[LayerHistogram, ...]]] = []
        self.gradients = GradientHistory()  # where the settings ask (gradient_stats)
        self.boundary: np.ndarray | None = None
        self.test_labels: np.ndarray | None = None  # predictions on the whole test split
        self.extra: dict[str, float] = {}
        self.extra_before: dict[str, float] = {}  # at the evaluation before (core.seeds)
        self.diverged = False
        self.stopped_early = False
        self.best_val_loss = math.inf
        self.best_it: int | None = None
        self.best_state: dict[str, np.ndarray] | None = None
        self.bad_evals = 0

    @property
    def active(self) -> bool:
        return not (self.diverged or self.stopped_early)


@dataclass(frozen=True)
class _Measured:
    """One series' evaluation, before it is recorded. test_labels: (n_test,) predictions."""

    train_acc: float
    test_acc: float
    val_acc: float
    val_loss: float
    test_labels: np.ndarray | None
    hists: tuple[LayerHistogram, ...]
    extra: dict[str, float]
    boundary: np.ndarray | None


class Experiment(CountedRun):
    """Lockstep training of several series on one dataset. Implements the Run protocol.

    `CountedRun` keeps the step counter, the budget (``settings.iterations``), the time
    spent stepping and the snapshot lock; this class adds the series and their evaluation.
    """

    def __init__(self, dataset: Dataset, series: Sequence[SeriesSpec],
                 settings: TrainSettings) -> None:
        if not series:
            raise ValueError("an experiment needs at least one series")
        names = [s.name for s in series]
        if len(set(names)) != len(names):
            raise ValueError(f"series names must be unique: {names}")
        self.dataset = dataset
        self.settings = settings
        seeds = np.random.SeedSequence(settings.seed)
        batch_seed, probe_seed, init_seed, *series_seeds = seeds.spawn(3 + len(series))
        # One Generator draws the batches every series shares. Initial weights come from one
        # seed too, so two series that differ only in a technique (dropout, decay, early
        # stopping) start from the very same weights: the comparison is fair. Each series
        # has its own Generator for noise and augmentation, so adding a series never
        # changes what the others see.
        self._batch_rng = np.random.default_rng(batch_seed)
        self._series = [
            _Series(spec, np.random.default_rng(init_seed), np.random.default_rng(s))
            for spec, s in zip(series, series_seeds)
        ]
        n_train = len(dataset.x_train)
        if n_train == 0:
            raise ValueError("the training split is empty")
        probe_rng = np.random.default_rng(probe_seed)
        probe_n = min(settings.probe_size, n_train)
        self._probe = dataset.x_train[probe_rng.choice(n_train, probe_n, replace=False)]
        cap = settings.eval_train_samples
        self._x_eval = dataset.x_train if cap is None else dataset.x_train[:cap]
        self._t_eval = dataset.t_train if cap is None else dataset.t_train[:cap]
        train_sub = even_subset(len(self._x_eval), settings.eval_live_train)
        test_sub = even_subset(len(dataset.x_test), settings.eval_live_test)
        # The live evaluation sets: contiguous copies, gathered once.
        self._x_eval_live = self._x_eval if train_sub is None else self._x_eval[train_sub]
        self._t_eval_live = self._t_eval if train_sub is None else self._t_eval[train_sub]
        self._x_test_live = dataset.x_test if test_sub is None else dataset.x_test[test_sub]
        self._t_test_live = dataset.t_test if test_sub is None else dataset.t_test[test_sub]
        # Both live sets as one: one inference pass per series and evaluation, on the
        # input columns that are not zero throughout (evaluate.EvalSet).
        self._live = EvalSet(np.concatenate([self._x_eval_live, self._x_test_live]))
        self._grid = (boundary_grid(dataset.x_train, settings.boundary_resolution)
                      if dataset.n_features == 2 else None)
        self._batch_max = max(s.batch_size or settings.batch_size for s in series)
        self._samples = 0
        self._map: Mapper = serial_map
        self._parts = 1  # threads the mapper steps units on (core.lockstep.plan)
        self._groups = SeriesGroups()
        super().__init__(settings.iterations)
        self._cadence = Cadence(settings, self.total)
        self._evaluate()  # the starting point, so curves begin at iteration 0

    # -- Run protocol (step, total, iteration: CountedRun) ----------------------------------
    @property
    def done(self) -> bool:
        return super().done or not any(s.active for s in self._series)

    def use_map(self, mapper: Mapper) -> None:
        """Step and evaluate the series through `mapper` from now on (a driver's thread
        pool; its `threads`, if it says, set how many stacks a group is cut into). Series
        share only the mini-batch, which they read: the curves are the same bit for bit
        whatever the mapper."""
        self._map = mapper
        self._parts = max(1, int(getattr(mapper, "threads", 1)))

    def _advance(self, it: int) -> None:
        """Iteration ``it``: every active series on one shared mini-batch (core.lockstep:
        series of one architecture stepped together as a stack)."""
        ds = self.dataset
        idx = self._batch_rng.integers(0, len(ds.x_train), self._batch_max)
        active = [s for s in self._series if s.active]
        specs = [s.spec for s in active]
        batches = shared_batches(ds, idx, specs, self.settings.batch_size)
        units = self._groups.units(specs, [s.net for s in active], self.settings.batch_size,
                                   self._parts)
        watch = self._cadence.gradients_due(it)

        def train(unit: Unit) -> int:
            """One update of the unit's series; the samples they used (0 if diverged)."""
            members = [active[i] for i in unit.members]
            batch = batches[members[0].spec.batch_size or self.settings.batch_size]
            # errstate is per thread: a mapper's worker thread needs its own.
            with np.errstate(all="ignore"):
                if unit.stack is not None:
                    losses = unit.stack.gradient(batch.x_in, batch.t)
                else:
                    losses = [members[0].net.gradient(self._input(members[0], batch), batch.t)]
                return sum(self._update(s, float(loss), it, len(batch.t), watch)
                           for s, loss in zip(members, losses))

        self._samples += sum(self._map(train, units))

    def _input(self, s: _Series, batch: Batch) -> np.ndarray | PackedRows:
        """What series `s` trains on: the batch, or its own noisy/augmented copy (layers
        never modify their input)."""
        if not transforms(s.spec):
            return batch.x_in
        ds, xb = self.dataset, batch.x
        if s.spec.augment and len(ds.input_shape) == 2:
            xb = augment_images(xb, ds.input_shape, s.rng, s.spec.augment_shift,
                                s.spec.augment_degrees, s.spec.augment_flip)
        if s.spec.input_noise > 0:
            xb = add_gaussian_noise(xb, s.spec.input_noise, s.rng)
        return xb

    def _update(self, s: _Series, loss: float, it: int, size: int, watch: bool = False
                ) -> int:
        """Apply series `s`'s gradient (or mark it diverged); the samples it used. With
        ``watch``, record the step's gradient statistics (core.gradstats) too."""
        if not math.isfinite(loss):
            with self._lock:
                s.diverged = True
                s.history.record_loss(it, math.nan)
            return 0
        s.opt.lr = s.spec.schedule.lr_at(s.spec.optimizer.lr, it, self.total)
        if watch:
            bins = self.settings.histogram_bins if self.settings.gradient_histograms else 0
            record = watched_update(s.net, lambda: s.opt.update(s.net.params, s.net.grads),
                                    it, bins)
            with self._lock:
                s.gradients.add(record)
        else:
            s.opt.update(s.net.params, s.net.grads)
        with self._lock:
            # The cross-entropy without the L1/L2 penalty: the number that compares
            # across series (a weight-decay run's total is mostly its penalty).
            s.history.record_loss(it, s.net.last_data_loss)
        return size

    def _after_step(self, iterations_done: int) -> None:
        if iterations_done % self.settings.eval_every == 0 or self.done:
            self._evaluate(final=self.done)

    def snapshot(self) -> Snapshot:
        ds = self.dataset
        with self._lock:
            series = tuple(self._series_snapshot(s) for s in self._series)
            iteration = self._iteration
            elapsed = self._elapsed
            samples = self._samples
        extent = points = labels = None
        if self._grid is not None:
            extent = self._grid[1]
            points, labels = ds.x_train[:1000], ds.t_train[:1000]
        return Snapshot(
            iteration=iteration,
            total=self.total,
            epoch=iteration * self.settings.batch_size / len(ds.x_train),
            elapsed_s=elapsed,
            samples_per_s=samples / elapsed if elapsed > 0 else 0.0,
            done=self.done,
            series=series,
            boundary_extent=extent,
            points=points,
            point_labels=labels,
            test_subset=(len(self._t_test_live), len(ds.t_test))
            if len(self._t_test_live) < len(ds.t_test) else None,
            train_subset=(len(self._t_eval_live), len(self._t_eval))
            if len(self._t_eval_live) < len(self._t_eval) else None,
        )

    def report(self) -> FinalReport | None:
        """Test-set accuracy, per-class precision/recall/F1 and confusion matrix per series."""
        ds = self.dataset
        if len(ds.x_test) == 0:
            return None
        reports = []
        for s in self._series:
            pred = s.test_labels  # from the final evaluation, when the series reached it
            if pred is None:
                with np.errstate(all="ignore"):  # a diverged net overflows: no warning spray
                    pred = predict_labels(s.net, ds.x_test)
            reports.append(series_report(s.spec.name, ds.t_test, pred, ds.n_classes))
        return FinalReport(ds.class_names, tuple(reports))

    # -- helpers ------------------------------------------------------------------------
    @property
    def series_names(self) -> tuple[str, ...]:
        return tuple(s.spec.name for s in self._series)

    @property
    def specs(self) -> tuple[SeriesSpec, ...]:
        """The series as given to the constructor, in order."""
        return tuple(s.spec for s in self._series)

    def network(self, name: str) -> Network:
        """The live network of a series (for reports and tests; not thread-safe)."""
        for s in self._series:
            if s.spec.name == name:
                return s.net
        raise KeyError(name)

    def _series_snapshot(self, s: _Series) -> SeriesSnapshot:
        h, g = s.history, s.gradients
        grad_it, grad_norm, update_ratio = g.arrays()
        return SeriesSnapshot(
            name=s.spec.name,
            loss_it=h.loss_it.copy(),
            loss=h.loss.copy(),
            eval_it=h.eval_it.copy(),
            eval_epoch=h.eval_epoch.copy(),
            train_acc=h.train_acc.copy(),
            val_acc=h.val_acc.copy(),
            test_acc=h.test_acc.copy(),
            val_loss=h.val_loss.copy(),
            histograms=s.histograms,
            histogram_history=tuple(s.hist_history),
            grad_it=grad_it,
            grad_norm=grad_norm,
            update_ratio=update_ratio,
            grad_histogram_history=g.histogram_history("gradients"),
            weight_histogram_history=g.histogram_history("weights"),
            diverged=s.diverged,
            stopped_early=s.stopped_early,
            best_it=s.best_it,
            boundary=None if s.boundary is None else s.boundary.copy(),
            extra=dict(s.extra), extra_before=dict(s.extra_before),
        )

    def _evaluate(self, final: bool = False) -> None:
        """Accuracies, validation loss, histograms and weight statistics of active series:
        on the live subsets during the run, on every sample when `final`."""
        ds = self.dataset
        it = self._iteration
        if final:
            t_tr, t_te = self._t_eval, ds.t_test
            both = EvalSet(np.concatenate([self._x_eval, ds.x_test]))  # once, not kept
        else:
            t_tr, t_te, both = self._t_eval_live, self._t_test_live, self._live
        n_tr = len(t_tr)
        # Histograms are refreshed at a capped cadence (core.cadence); the weight statistics
        # of the tables cost ~0.3 ms: every time.
        hists_due = self._cadence.histograms_due(it, final)
        if hists_due:
            self._cadence.refreshed(it)

        def measure(s: _Series) -> _Measured:
            net = s.net
            with np.errstate(all="ignore"):  # per thread (see _advance)
                labels = both.predict_labels(net)  # train rows, then test rows
                test_labels = labels[n_tr:] if len(t_te) else None
                return _Measured(
                    train_acc=accuracy(labels[:n_tr], t_tr) if n_tr else 0.0,
                    test_acc=accuracy(test_labels, t_te)
                    if test_labels is not None else math.nan,
                    val_acc=net.accuracy(ds.x_val, ds.t_val) if len(ds.x_val) else math.nan,
                    val_loss=net.loss(ds.x_val, ds.t_val) if len(ds.x_val) else math.nan,
                    test_labels=test_labels,
                    hists=histograms(net, self._probe, self.settings.histogram_bins)
                    if hists_due else s.histograms,
                    extra={
                        **weight_stats(net),
                        "lr": float(s.opt.lr),  # the rate of the latest update (lr-schedules)
                    },
                    boundary=predict_grid(net, self._grid[0], self.settings.boundary_resolution)
                    if self._grid is not None else None,
                )

        active = [s for s in self._series if s.active]
        # Measured through the mapper, recorded in series order on this thread.
        for s, m in zip(active, self._map(measure, active)):
            # Each series' own epochs (batch-size: each series has its own batch size).
            epoch = it * (s.spec.batch_size or self.settings.batch_size) / len(ds.x_train)
            with self._lock:
                s.history.record_eval(it, epoch, m.train_acc, m.val_acc, m.test_acc,
                                      m.val_loss)
                s.histograms = m.hists
                if hists_due and m.hists:
                    s.hist_history.append((it, m.hists))
                    if len(s.hist_history) > MAX_HIST_HISTORY:  # thin out, keep the span
                        del s.hist_history[1:-1:2]
                s.extra_before, s.extra = s.extra, m.extra
                s.boundary = m.boundary
                if final:
                    s.test_labels = m.test_labels
            if s.spec.early_stopping > 0 and math.isfinite(m.val_loss):
                self._early_stopping(s, m.val_loss, it)

    def _early_stopping(self, s: _Series, val_loss: float, it: int) -> None:
        if val_loss < s.best_val_loss:
            s.best_val_loss = val_loss
            s.best_it = it
            s.best_state = s.net.state()
            s.bad_evals = 0
            return
        s.bad_evals += 1
        if s.bad_evals >= s.spec.early_stopping:
            if s.best_state is not None:
                s.net.load_state(s.best_state)
            with self._lock:
                s.stopped_early = True
                s.test_labels = None  # the restored weights predict anew in report()
