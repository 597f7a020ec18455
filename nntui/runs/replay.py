"""Replays: a saved run directory played back in the dashboard, computing nothing.

`save_replay` writes ``replay.npz`` next to config.json/metrics.csv (results.write_results
calls it): the final Snapshot in full (every curve, histogram history, paths, boundary,
trials) as plain arrays plus one JSON text, loadable without pickle. `load_replay` reads a
run directory back into the run's RunConfig and a `ReplayRun`, which implements the Run
protocol by slicing that final snapshot: `snapshot()` at iteration k shows what the live
run showed at k (curves up to k, the histograms last refreshed at or before k), `step()`
moves k forward, `seek()` anywhere. Pure NumPy, no Textual.
"""

from __future__ import annotations

import json
import math
import os
import threading
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nntui.core.band import BAND_CURVES, SeedBand, SeedFinal
from nntui.core.errors import UserError
from nntui.core.run import FinalReport, SeriesReport
from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot, Trial, cut_series
from nntui.i18n import _
from nntui.presets import PRESETS
from nntui.presets.params import RunConfig

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from nntui.presets.base import Preset

REPLAY_FILE = "replay.npz"
FORMAT = 1
#: Steps a replay takes from start to end at one driver step each (a few seconds).
REPLAY_STEPS = 400
_ARRAYS = ("loss_it", "loss", "eval_it", "eval_epoch", "train_acc", "val_acc", "test_acc",
           "val_loss")
#: A series' gradient statistics (SeriesSnapshot.grad_it (m,), grad_norm, update_ratio (m, L)).
_GRAD_ARRAYS = ("grad_it", "grad_norm", "update_ratio")
HistoryRecords = tuple[tuple[int, tuple[LayerHistogram, ...]], ...]


# -- writing ------------------------------------------------------------------------------
def replay_arrays(snap: Snapshot) -> dict[str, np.ndarray]:
    """The npz content of ``snap``: named arrays plus ``meta``, a JSON text (0-d str)."""
    arrays: dict[str, np.ndarray] = {}
    series_meta = []
    for i, s in enumerate(snap.series):
        for name in _ARRAYS:
            arrays[f"s{i}_{name}"] = np.asarray(getattr(s, name))
        if s.path is not None:
            arrays[f"s{i}_path"] = np.asarray(s.path)
        if s.boundary is not None:
            arrays[f"s{i}_boundary"] = np.asarray(s.boundary)
        history = list(s.histogram_history)
        if not history and s.histograms:  # a run without live history: its final state
            history = [(snap.iteration, s.histograms)]
        meta_i = {
            "name": s.name, "diverged": s.diverged, "stopped_early": s.stopped_early,
            "best_it": s.best_it, "extra": s.extra,
            "histograms": _pack_histories(arrays, f"s{i}_h", history),
        }
        if len(s.grad_it):  # gradient statistics (the gradient-flow panel, `w`'s heatmaps)
            for name in _GRAD_ARRAYS:
                arrays[f"s{i}_{name}"] = np.asarray(getattr(s, name))
            meta_i["grad_histograms"] = _pack_histories(arrays, f"s{i}_gh",
                                                        s.grad_histogram_history)
            meta_i["weight_histograms"] = _pack_histories(arrays, f"s{i}_wh",
                                                          s.weight_histogram_history)
        if s.band is not None:  # a K-seed run: every seed's curves and ends
            for curve in BAND_CURVES:
                arrays[f"s{i}_band_{curve}"] = np.asarray(getattr(s.band, curve))
            meta_i["band"] = {"seeds": list(s.band.seeds),
                              "finals": [asdict(f) for f in s.band.finals]}
        series_meta.append(meta_i)
    if snap.points is not None:
        arrays["points"] = np.asarray(snap.points)
    if snap.point_labels is not None:
        arrays["point_labels"] = np.asarray(snap.point_labels)
    meta = {
        "format": FORMAT, "iteration": snap.iteration, "total": snap.total,
        "epoch": snap.epoch, "elapsed_s": snap.elapsed_s, "samples_per_s": snap.samples_per_s,
        "done": snap.done, "unit": snap.unit, "message": snap.message, "seeds": snap.seeds,
        "boundary_extent": snap.boundary_extent, "test_subset": snap.test_subset,
        "trials": [{**{k: getattr(t, k) for k in ("index", "round", "lr", "weight_decay",
                                                   "val_acc", "train_acc", "done")},
                    "val_curve": np.asarray(t.val_curve).tolist()} for t in snap.trials],
        "series": series_meta,
    }
    arrays["meta"] = np.array(json.dumps(meta))
    return arrays


def _pack_histories(arrays: dict[str, np.ndarray], prefix: str,
                    history: Sequence[tuple[int, Sequence[LayerHistogram]]]) -> list[Any]:
    """Write ``history`` ((iteration, histograms) records) as two flat arrays,
    ``<prefix>counts`` and ``<prefix>edges``; returns its JSON part: per record
    [iteration, [[layer, bins, mean, std], ...]]."""
    meta, counts, edges = [], [], []
    for it, hists in history:
        meta.append([int(it), [[h.layer, len(h.counts), float(h.mean), float(h.std)]
                               for h in hists]])
        counts.extend(np.asarray(h.counts, dtype=np.int64) for h in hists)
        edges.extend(np.asarray(h.edges, dtype=np.float64) for h in hists)
    arrays[f"{prefix}counts"] = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    arrays[f"{prefix}edges"] = np.concatenate(edges) if edges else np.zeros(0)
    return meta


def save_replay(out: Path, snap: Snapshot) -> Path:
    """Write ``out/replay.npz`` (temp name, then renamed: a reader never sees half a file)."""
    path = Path(out) / REPLAY_FILE
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    try:
        np.savez_compressed(tmp, **replay_arrays(snap))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


# -- reading ------------------------------------------------------------------------------
def snapshot_from_arrays(data: Mapping[str, np.ndarray]) -> Snapshot:
    """The inverse of `replay_arrays`."""
    meta = json.loads(str(data["meta"]))
    series = []
    for i, sm in enumerate(meta["series"]):
        hist_history = _unpack_histories(data, f"s{i}_h", sm["histograms"])
        grads: dict[str, Any] = {}
        if "grad_histograms" in sm:  # written since gradient statistics are kept
            grads = {name: data[f"s{i}_{name}"] for name in _GRAD_ARRAYS}
            grads["grad_histogram_history"] = _unpack_histories(
                data, f"s{i}_gh", sm["grad_histograms"])
            grads["weight_histogram_history"] = _unpack_histories(
                data, f"s{i}_wh", sm["weight_histograms"])
        series.append(SeriesSnapshot(
            name=sm["name"], **{k: data[f"s{i}_{k}"] for k in _ARRAYS},
            histograms=hist_history[-1][1] if hist_history else (),
            histogram_history=tuple(hist_history),
            diverged=bool(sm["diverged"]), stopped_early=bool(sm["stopped_early"]),
            best_it=sm["best_it"], path=data.get(f"s{i}_path"),
            boundary=data.get(f"s{i}_boundary"), extra=dict(sm["extra"]),
            band=_band_from(data, i, sm.get("band")), **grads,
        ))
    trials = tuple(Trial(**{**t, "val_curve": np.asarray(t["val_curve"], dtype=float)})
                   for t in meta["trials"])
    extent, subset = meta["boundary_extent"], meta["test_subset"]
    return Snapshot(
        iteration=int(meta["iteration"]), total=int(meta["total"]), epoch=float(meta["epoch"]),
        elapsed_s=float(meta["elapsed_s"]), samples_per_s=float(meta["samples_per_s"]),
        done=bool(meta["done"]), series=tuple(series), unit=meta["unit"],
        trials=trials, message=meta["message"],
        boundary_extent=tuple(extent) if extent is not None else None,
        points=data.get("points"), point_labels=data.get("point_labels"),
        test_subset=tuple(subset) if subset is not None else None,
        seeds=tuple(meta.get("seeds") or ()),
    )


def _unpack_histories(data: Mapping[str, np.ndarray], prefix: str, meta: list[Any]
                      ) -> HistoryRecords:
    """The inverse of `_pack_histories`."""
    out = []
    counts, edges = data[f"{prefix}counts"], data[f"{prefix}edges"]
    c = e = 0
    for it, layers in meta:
        hists = []
        for layer, bins, mean, std in layers:
            hists.append(LayerHistogram(int(layer), counts[c:c + bins].copy(),
                                        edges[e:e + bins + 1].copy(), float(mean), float(std)))
            c, e = c + bins, e + bins + 1
        out.append((int(it), tuple(hists)))
    return tuple(out)


def _band_from(data: Mapping[str, np.ndarray], i: int, meta: dict[str, Any] | None
               ) -> SeedBand | None:
    """Series i's SeedBand as `replay_arrays` wrote it (None for a one-seed run)."""
    if meta is None:
        return None
    finals = tuple(SeedFinal(**f) for f in meta["finals"])
    return SeedBand(seeds=tuple(meta["seeds"]), finals=finals,
                    **{c: data[f"s{i}_band_{c}"] for c in BAND_CURVES})


def report_from_json(obj: dict[str, Any]) -> FinalReport | None:
    """The FinalReport that results.report_json wrote (None when the run had none)."""
    names = obj.get("class_names") or []
    series = []
    for name, s in (obj.get("series") or {}).items():
        if "confusion" not in s:
            continue

        def arr(key: str, s: dict[str, Any] = s) -> np.ndarray:
            return np.array([math.nan if v is None else v for v in s[key]], dtype=float)

        acc = s.get("test_acc")
        per_seed = tuple(math.nan if v is None else float(v)
                         for v in s.get("test_acc_per_seed") or ())
        series.append(SeriesReport(name, math.nan if acc is None else float(acc),
                                   arr("precision"), arr("recall"), arr("f1"),
                                   np.asarray(s["confusion"], dtype=np.int64),
                                   per_seed=per_seed))
    if not names or not series:
        return None
    return FinalReport(tuple(names), tuple(series))


def load_replay(run_dir: Path, presets: Mapping[str, Preset] | None = None
                ) -> tuple[Preset, RunConfig, ReplayRun]:
    """The preset, config.json and replay.npz (+ report.json) of ``run_dir``; UserError
    if one is missing or the run's preset is not in ``presets`` (default: the built-in
    ones)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise UserError(_("{folder} is not a run directory (no such folder)").format(
            folder=run_dir))
    npz = run_dir / REPLAY_FILE
    if not npz.is_file():
        raise UserError(_("{folder} has no {file}: it was written by an older nntui or "
                            "is not a run directory (`--out DIR` or `e` writes one)").format(
                                folder=run_dir, file=REPLAY_FILE))
    try:
        cfg = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
        config = RunConfig(
            cfg["preset"], cfg["dataset"], int(cfg["seed"]),
            tuple((k, tuple(v) if isinstance(v, list) else v)
                  for k, v in cfg["params"].items()),
            book=bool(cfg.get("book", False)))
        with np.load(npz, allow_pickle=False) as z:
            final = snapshot_from_arrays({k: z[k] for k in z.files})
        report_path = run_dir / "report.json"
        report = (report_from_json(json.loads(report_path.read_text(encoding="utf-8")))
                  if report_path.is_file() else None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(_("cannot read the run in {folder}: {reason}").format(
            folder=run_dir, reason=exc)) from exc
    preset = (PRESETS if presets is None else presets).get(config.preset)
    if preset is None:
        raise UserError(_("{folder} is a run of {preset}, which this nntui does not "
                          "know").format(folder=run_dir, preset=repr(config.preset)))
    return preset, config, ReplayRun(final, report)


def snapshot_at(final: Snapshot, k: int) -> Snapshot:
    """What the live run showed at iteration ``k`` (0 ≤ k ≤ final.iteration)."""
    end = final.iteration
    if k >= end:
        return final
    frac = k / end if end else 1.0
    return replace(
        final, iteration=k, epoch=final.epoch * frac, elapsed_s=final.elapsed_s * frac,
        done=False, series=tuple(_series_at(s, k) for s in final.series),
        trials=final.trials[:k] if final.unit == "trial" else final.trials)


def _series_at(s: SeriesSnapshot, k: int) -> SeriesSnapshot:
    # A record of step k is what the live run had after step k.
    cut = cut_series(s, k, k, k)
    history = cut.histogram_history
    ended = k >= (int(s.loss_it[-1]) if len(s.loss_it) else 0)
    return replace(
        cut, histograms=history[-1][1] if history else (),
        diverged=s.diverged and ended, stopped_early=s.stopped_early and ended,
        best_it=s.best_it if s.best_it is not None and s.best_it <= k else None,
        path=None if s.path is None else s.path[: k + 1])


class ReplayRun:
    """A saved run as a Run: steps move through the recording, nothing is computed.

    One `step()` advances `stride` iterations (REPLAY_STEPS steps play the whole run); the
    driver's speed levels set how fast. `seek` jumps (←/→ in the replay dashboard).
    """

    def __init__(self, final: Snapshot, report: FinalReport | None = None, *,
                 at_end: bool = False) -> None:
        self.final = final
        self._report = report
        self.end = final.iteration
        self.stride = max(1, math.ceil(self.end / REPLAY_STEPS))
        self._k = self.end if at_end else 0
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return self.final.total

    @property
    def iteration(self) -> int:
        return self._k

    @property
    def done(self) -> bool:
        return self._k >= self.end

    def step(self) -> None:
        with self._lock:
            self._k = min(self.end, self._k + self.stride)

    def seek(self, iteration: int) -> int:
        """Jump to ``iteration`` (clamped to the recording); returns where it landed."""
        with self._lock:
            self._k = max(0, min(self.end, int(iteration)))
            return self._k

    def snapshot(self) -> Snapshot:
        return snapshot_at(self.final, self._k)

    def report(self) -> FinalReport | None:
        return self._report
