"""The run directory: config.json, metrics.csv, summary.json (contract in DESIGN.md).

- config.json: `RunConfig.to_json()`: preset, dataset, seed and every hyperparameter.
- metrics.csv: `series,iteration,epoch,loss,train_acc,test_acc,val_loss`, one row per
  recorded point (a loss record, an evaluation, or both at one iteration); empty cells where
  a value is not recorded there (val_loss: at evaluations of runs with a validation split,
  early-stopping's key curve). Same seed -> same bytes (floats are written with `repr`).
- summary.json: preset, dataset, seed, elapsed_s, iterations and per series final_loss
  (mean of the last 10 % of recorded losses, the headless table's and progress line's
  number), train_acc, test_acc, diverged and activations
  (the last histogram of every hidden layer). NaN is written as null (strict JSON).

Some kinds also leave a file of what only they have: paths.csv (optimizer paths),
trials.csv (hyperparameter search), report.json (held-out test metrics, each series'
`extra` numbers and the preset's look-for claims judged on the run). replay.npz
(nntui.runs.replay) holds the whole final snapshot for replays.

A run on K > 1 seeds (`seeds`, nntui.core.seeds) keeps every seed beside the mean:
metrics.csv and the summary's numbers are the means over the seeds; summary.json also
lists "seeds" and per series "per_seed" (each seed's final_loss, train_acc, test_acc,
diverged, stopped_early, last_eval_it); report.json has "seeds" and per series
"test_acc_per_seed"; seed_metrics.csv holds metrics.csv's rows of every seed after a
`seed` column.
Every file is written to a temp name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from nntui.core.band import BAND_CURVES
from nntui.core.run import FinalReport
from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.presets.claims import ClaimResult, claim_json
from nntui.presets.params import RunConfig
from nntui.presets.verdicts import judge_run
from nntui.runs.failure import RunFailure
from nntui.runs.folder import prepare_dir
from nntui.runs.summary import held_out_accuracies

METRICS_HEADER = ("series", "iteration", "epoch", "loss", "train_acc", "test_acc", "val_loss")
#: A K-seed run's per-seed rows (metrics.csv holds their mean).
SEED_METRICS = "seed_metrics.csv"


def write_results(
    out: Path,
    config: RunConfig,
    snapshot: Snapshot,
    report: FinalReport | None = None,
    failure: RunFailure | None = None,
) -> list[Path]:
    """Write every result file for a finished (or stopped) run; returns the paths written.
    A run that raised (`failure`) also gets summary.json "failed" and traceback.txt."""
    out = prepare_dir(out)  # a file in the way: UserError
    summary_json = summary(config, snapshot, report)
    if failure is not None:
        summary_json["failed"] = failure.to_json()
    files = {
        "config.json": _json(config.to_json()),
        "metrics.csv": metrics_csv(snapshot),
        "summary.json": _json(summary_json),
        "report.json": _json(report_json(snapshot, report, _claims(config, snapshot, report))),
    }
    if snapshot.seeds:
        files[SEED_METRICS] = seed_metrics_csv(snapshot)
    if any(s.path is not None for s in snapshot.series):
        files["paths.csv"] = paths_csv(snapshot)
    if snapshot.trials:
        files["trials.csv"] = trials_csv(snapshot)
    if failure is not None:
        files["traceback.txt"] = failure.traceback
    written = []
    for name, text in files.items():
        written.append(write_atomic(out / name, text))
    from nntui.runs.replay import save_replay  # replay.npz: what `nntui replay/export` read

    written.append(save_replay(out, snapshot))
    return written


def summary(config: RunConfig, snapshot: Snapshot, report: FinalReport | None) -> dict[str, Any]:
    """summary.json content. test_acc is the final report's (computed once at the end) when
    there is one, else the last evaluated test accuracy."""
    tested = held_out_accuracies(snapshot.series, report)
    by_seed = {r.name: r.per_seed for r in report.series} if report is not None else {}
    return {
        "preset": config.preset,
        "dataset": config.dataset,
        "seed": config.seed,
        "seeds": list(snapshot.seeds or (config.seed,)),
        "elapsed_s": round(snapshot.elapsed_s, 3),
        "iterations": snapshot.iteration,
        "series": {
            s.name: {
                "final_loss": _num(s.final_loss()),
                "train_acc": _num(s.last_train_acc),
                "test_acc": _num(tested[s.name]),
                "diverged": bool(s.diverged),
                "activations": [_clean(h.to_json()) for h in s.histograms],
                **({"per_seed": _per_seed(s, by_seed.get(s.name, ()))} if s.band else {}),
            }
            for s in snapshot.series
        },
    }


def _per_seed(s: SeriesSnapshot, tested: tuple[float, ...]) -> list[dict[str, Any]]:
    """Where each seed of a K-seed series ended: summary.json's "per_seed" (test_acc the
    held-out one of the final report when there is one)."""
    assert s.band is not None
    return [{
        "seed": f.seed, "final_loss": _num(f.final_loss), "train_acc": _num(f.train_acc),
        "test_acc": _num(tested[k] if k < len(tested) else f.test_acc),
        "diverged": f.diverged, "stopped_early": f.stopped_early, "last_eval_it": f.last_it,
    } for k, f in enumerate(s.band.finals)]


def _claims(config: RunConfig, snapshot: Snapshot, report: FinalReport | None
            ) -> list[ClaimResult]:
    """The preset's look-for claims judged on this run ([] for experiment files and runs
    that did not finish)."""
    from nntui.presets import PRESETS  # the catalog (every preset module) only when writing

    preset = PRESETS.get(config.preset)
    if preset is None:
        return []
    return judge_run(preset, snapshot, report, dataset=config.dataset, book=config.book)


def metrics_csv(snapshot: Snapshot) -> str:
    """metrics.csv text. The epoch of a loss-only row is derived from the run's epoch scale
    (epochs per iteration) when it has one."""
    per_it = snapshot.epoch / snapshot.iteration if snapshot.iteration and snapshot.epoch else 0.0
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(METRICS_HEADER)
    for s in snapshot.series:
        for row in _series_rows(s, per_it):
            writer.writerow(row)
    return buf.getvalue()


def _series_rows(s: SeriesSnapshot, epochs_per_it: float, skip_empty: bool = False
                 ) -> list[list[str]]:
    """metrics.csv rows of one series; `skip_empty`: leave out points with no finite value
    (a seed that had stopped there, in seed_metrics.csv)."""
    rows: dict[int, dict[str, float]] = {}
    for it, loss in zip(s.loss_it.tolist(), s.loss.tolist(), strict=True):
        if skip_empty and not math.isfinite(loss):
            continue
        rows.setdefault(int(it), {})["loss"] = loss
    for i, it in enumerate(s.eval_it.tolist()):
        if skip_empty and not (math.isfinite(s.train_acc[i]) or math.isfinite(s.test_acc[i])):
            continue
        row = rows.setdefault(int(it), {})
        row["epoch"] = float(s.eval_epoch[i])
        row["train_acc"] = float(s.train_acc[i])
        row["test_acc"] = float(s.test_acc[i])
        if len(s.val_loss) == len(s.eval_it):
            row["val_loss"] = float(s.val_loss[i])
    out = []
    for it in sorted(rows):
        row = rows[it]
        if "epoch" not in row and epochs_per_it:
            row["epoch"] = it * epochs_per_it
        out.append([s.name, str(it)] + [_cell(row.get(k)) for k in METRICS_HEADER[2:]])
    return out


def seed_metrics_csv(snapshot: Snapshot) -> str:
    """seed_metrics.csv text (K-seed runs): metrics.csv's columns after a `seed` column,
    one row per seed and recorded point of every series (metrics.csv holds their mean)."""
    per_it = snapshot.epoch / snapshot.iteration if snapshot.iteration and snapshot.epoch else 0.0
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("seed", *METRICS_HEADER))
    for s in snapshot.series:
        band = s.band
        if band is None:
            continue
        for k, seed in enumerate(band.seeds):
            one = replace(s, loss=band.loss[k], **{c: getattr(band, c)[k]
                                                    for c in BAND_CURVES[1:]})
            for row in _series_rows(one, per_it, skip_empty=True):
                writer.writerow((seed, *row))
    return buf.getvalue()


def paths_csv(snapshot: Snapshot) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("series", "step", "x", "y"))
    for s in snapshot.series:
        if s.path is None:
            continue
        for k, (x, y) in enumerate(s.path.tolist()):
            writer.writerow((s.name, k, _cell(x), _cell(y)))
    return buf.getvalue()


def trials_csv(snapshot: Snapshot) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("trial", "round", "lr", "weight_decay", "val_acc", "train_acc", "done"))
    for t in snapshot.trials:
        writer.writerow(
            (t.index, t.round, _cell(t.lr), _cell(t.weight_decay), _cell(t.val_acc),
             _cell(t.train_acc), int(t.done))
        )
    return buf.getvalue()


def report_json(snapshot: Snapshot, report: FinalReport | None,
                claims: list[ClaimResult] | tuple[ClaimResult, ...] = ()) -> dict[str, Any]:
    """Held-out test metrics (per class), every series' extra numbers and the preset's
    judged look-for claims. A K-seed run's test_acc is the seeds' mean, beside each
    seed's (test_acc_per_seed, in the order of "seeds"), and its per-class figures those
    of every seed's predictions pooled."""
    tests = {}
    if report is not None:
        for r in report.series:
            tests[r.name] = {
                "test_acc": _num(r.test_acc),
                **({"test_acc_per_seed": [_num(v) for v in r.per_seed]} if r.per_seed else {}),
                "precision": [_num(v) for v in r.precision],
                "recall": [_num(v) for v in r.recall],
                "f1": [_num(v) for v in r.f1],
                "confusion": np.asarray(r.confusion).astype(int).tolist(),
            }
    return {
        "class_names": list(report.class_names) if report else [],
        **({"seeds": list(snapshot.seeds)} if snapshot.seeds else {}),
        "claims": [claim_json(c) for c in claims],
        "message": snapshot.message,
        "series": {
            s.name: {"extra": {k: _num(v) for k, v in s.extra.items()}, **tests.get(s.name, {})}
            for s in snapshot.series
        },
    }


def _num(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return _num(obj)
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def _cell(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return ""
    return repr(float(x))


def _json(obj: Any) -> str:
    return json.dumps(_clean(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_atomic(path: Path, text: str) -> Path:
    """``text`` to ``path`` through a temp name and a rename: a reader sees the whole file
    or the one before it. The temp name is unique per process and thread, so two writers
    never share one (the run history writes while another process lists)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
