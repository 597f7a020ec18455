"""`nntui run PRESET --headless`: train without the dashboard, print progress, charts, a summary.

Output, in order: the preset's title and "what to look for" line; progress (a rich bar on a
terminal, plain lines every ~10 % when piped, e.g.
`optimizer-race  it 200/2000  10%  SGD 1.234  Adam 0.456`); plotext charts of the smoothed
loss and the accuracy (or the 2-D paths); a summary table; the held-out test accuracy of
the final report. With `--out DIR` the run directory gets config.json, metrics.csv and
summary.json (see nntui.results).

Exit codes: 0 done, 1 the run failed unexpectedly (one line; the traceback only with
NNTUI_DEBUG=1), 2 bad input (unknown preset/setting, bad value, dataset problem), 130
interrupted with Ctrl-C (results so far are still written).
"""

from __future__ import annotations

import math
import os
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

import numpy as np

from nntui.core.run import FinalReport, Run, close_run
from nntui.core.snapshot import SeriesSnapshot, Snapshot, series_groups
from nntui.presets.base import Preset, current_lang
from nntui.presets.params import ConfigError, RunConfig

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Short unit names for progress lines.
UNITS = {"iteration": "it", "trial": "trial", "step": "step", "check": "check"}
#: Per-preset `extra` values worth a column in the summary table.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "optimizer-paths": ("y_sign_changes", "path_ratio", "distance"),
    "activation-histograms": ("last_mean", "last_std", "last_saturated"),
    "lr-schedules": ("lr",),
    "regularizers": ("sparsity", "weight_norm"),
    "hparam-search": ("trial", "lr", "weight_decay"),
    "gradient-check": ("max_rel_error",),
}
#: Series named on one progress line at most (batchnorm has 32).
PROGRESS_SERIES = 6


def run_headless(
    preset: str,
    *,
    dataset: str | None = None,
    seed: int = 0,
    overrides: Mapping[str, str] | None = None,
    out: Path | None = None,
    data_dir: Path | None = None,
    lang: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one preset to the end in this thread; returns the exit code (see module doc)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def fail(message: str, code: int) -> int:
        print(f"nntui: {message}", file=stderr)
        return code

    from nntui.core.data import DataError
    from nntui.presets import get_preset

    try:
        p = get_preset(preset)
        config = resolve_config(p, dataset=dataset, seed=seed, overrides=overrides or {})
    except ConfigError as exc:
        return fail(str(exc), EXIT_USAGE)
    if out is not None:
        from nntui.results import out_dir_problem, prepare_dir

        try:
            out = prepare_dir(out)
        except OSError as exc:
            return fail(out_dir_problem(out, exc), EXIT_USAGE)

    language = current_lang(lang)
    tty = stdout.isatty()
    print(f"{p.title.get(language)}  [{p.name}, {config.dataset}, seed {config.seed}]",
          file=stdout)
    print(f"→ {p.look_for.get(language)}", file=stdout)

    from nntui.core.blas import limit_blas_threads

    run: Run | None = None
    interrupted = False
    try:
        with limit_blas_threads(1):  # measured fastest on a small shared VM (DESIGN.md)
            run = p.build(config, data_dir=data_dir, progress=_download_printer(stdout, tty))
            interrupted = not _drive(run, p.name, stdout, tty)
    except (ConfigError, DataError) as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        interrupted = True
    except Exception as exc:  # the run failed: one line, the traceback only on request
        if os.environ.get("NNTUI_DEBUG") == "1":
            traceback.print_exc(file=stderr)
        return fail(f"{p.name} failed: {type(exc).__name__}: {exc}", EXIT_FAILED)
    finally:
        if run is not None:
            close_run(run)
    if run is None:
        return fail("interrupted", EXIT_INTERRUPTED)

    snapshot = run.snapshot()
    report = run.report() if snapshot.done else None
    smoothing = config.get("smoothing", 0.9)
    smoothing = float(smoothing) if isinstance(smoothing, (int, float)) else 0.9
    for chart in charts(snapshot, smoothing, width=_width(), color=tty and not _no_color()):
        print(chart, file=stdout)
    print(summary_table(p.name, snapshot, report, rich_table=tty), file=stdout)
    for line in report_lines(snapshot, report):
        print(line, file=stdout)
    if out is not None:
        from nntui.results import RunDirError, write_results

        try:
            write_results(out, config, snapshot, report)
        except RunDirError as exc:  # the folder was replaced by a file during the run
            return fail(f"--out {exc}", EXIT_FAILED)
        except OSError as exc:
            return fail(f"cannot write results to {out}: {exc.strerror or exc}", EXIT_FAILED)
        print(f"results: {out}", file=stdout)
    if interrupted:
        return fail("interrupted", EXIT_INTERRUPTED)
    if snapshot.series and all(s.diverged for s in snapshot.series):
        # One diverged series is an outcome worth showing; all of them is a failed run.
        return fail(f"{p.name} failed: every series diverged (loss became NaN or inf); "
                    "try smaller learning rates", EXIT_FAILED)
    return EXIT_OK


def resolve_config(
    p: Preset, *, dataset: str | None, seed: int, overrides: Mapping[str, str]
) -> RunConfig:
    """Preset + overrides -> RunConfig; ConfigError for a dataset the preset cannot use."""
    if dataset is not None:
        name = dataset.strip().lower()
        if not p.datasets:
            raise ConfigError(f"{p.name} uses no dataset (got --dataset {dataset})")
        if name not in p.datasets:
            raise ConfigError(
                f"{p.name} runs on {', '.join(p.datasets)} (got --dataset {dataset})"
            )
        dataset = name
    return p.resolve(dataset=dataset, seed=seed, overrides=overrides)


# -- progress -------------------------------------------------------------------------------
def _drive(run: Run, name: str, stdout: TextIO, tty: bool) -> bool:
    """Step to the end, printing progress; False if interrupted (Ctrl-C)."""
    if tty:
        return _drive_rich(run, name, stdout)
    next_mark = 0.1
    try:
        while not run.done:
            run.step()
            frac = _fraction(run)
            if frac >= next_mark - 1e-9 or run.done:
                print(progress_line(name, run.snapshot()), file=stdout, flush=True)
                while next_mark <= frac + 1e-9:
                    next_mark += 0.1
    except KeyboardInterrupt:
        return False
    return True


def _fraction(run: Run) -> float:
    done = getattr(run, "iteration", None)
    if done is None:  # runs without a cheap counter: take a snapshot
        return run.snapshot().fraction
    return 0.0 if run.total <= 0 else min(1.0, done / run.total)


def _drive_rich(run: Run, name: str, stdout: TextIO) -> bool:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stdout)
    columns = (
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(), TextColumn("{task.fields[losses]}"),
    )
    last = 0.0
    try:
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(name, total=run.total, losses="")
            while not run.done:
                run.step()
                now = time.monotonic()
                if now - last > 0.25 or run.done:  # a snapshot copies histories: not every step
                    last = now
                    snap = run.snapshot()
                    bar.update(task, completed=snap.iteration, losses=_losses(snap))
    except KeyboardInterrupt:
        return False
    return True


def progress_line(name: str, snap: Snapshot) -> str:
    """`optimizer-race  it 200/2000  10%  SGD 1.234  Adam 0.456`."""
    unit = UNITS.get(snap.unit, snap.unit)
    pct = f"{100 * snap.fraction:.0f}%"
    return f"{name}  {unit} {snap.iteration}/{snap.total}  {pct:>4}  {_losses(snap)}".rstrip()


def _losses(snap: Snapshot) -> str:
    if snap.unit == "trial":
        best = [t.val_acc for t in snap.trials if t.done and math.isfinite(t.val_acc)]
        return f"best val {max(best):.3f}" if best else ""
    parts = []
    for s in snap.series[:PROGRESS_SERIES]:
        value = _recent_loss(s)
        if math.isfinite(value):
            parts.append(f"{s.name} {value:.4g}" + (" (diverged)" if s.diverged else ""))
    more = len(snap.series) - PROGRESS_SERIES
    if more > 0 and parts:
        parts.append(f"(+{more} more)")
    return "  ".join(parts)


def _recent_loss(s: SeriesSnapshot) -> float:
    """Mean of the last few finite losses: one mini-batch loss is too noisy to read."""
    finite = s.loss[np.isfinite(s.loss)] if len(s.loss) else s.loss
    return float(finite[-10:].mean()) if len(finite) else math.nan


def _download_printer(stdout: TextIO, tty: bool) -> Callable[[str, int, int], None]:
    """progress(file, done, total) for dataset downloads: a line per ~10 % of each file."""
    marks: dict[str, int] = {}

    def progress(file_name: str, done: int, total: int) -> None:
        if total <= 0:
            return
        tenth = min(10, int(10 * done / total))
        if marks.get(file_name, -1) < tenth:
            marks[file_name] = tenth
            end = "\n" if tenth == 10 or not tty else "\r"
            print(f"downloading {file_name}  {10 * tenth:3d}%", end=end, file=stdout, flush=True)

    return progress


# -- charts and tables ----------------------------------------------------------------------
MARKERS = ("braille", "dot", "x", "+", "o", "*", "hd", "fhd")
COLORS = ("blue", "red", "green", "orange", "magenta", "cyan", "yellow", "gray")
MAX_POINTS = 400  # decimate curves: a chart is at most ~100 columns wide anyway
#: Series drawn in one chart (one marker each). A preset with more (batchnorm has 32) gets
#: small multiples: the same chart once per group of consecutive series, on shared axes.
CHART_SERIES = len(MARKERS)


def charts(snapshot: Snapshot, smoothing: float, *, width: int = 100, color: bool = False
           ) -> list[str]:
    """plotext charts (strings) for a finished run: loss, accuracy, or paths.

    Every series is drawn: more than CHART_SERIES become small multiples (one chart per
    group, titled "series 1–8 of 32", with shared axes), and a series that has nothing to
    draw (no finite value) is named under its chart."""
    import plotext as plt

    from nntui.core.metrics import ema_smooth

    out: list[str] = []
    series = snapshot.series
    groups = series_groups(len(series), CHART_SERIES)
    many = len(groups) > 1
    height = 16 if many else 18

    def start(title: str, group: range | None = None) -> None:
        plt.clf()
        plt.plotsize(width, height)
        # No canvas colour (the default theme paints a white background over a dark
        # terminal); series get colours below when the terminal has them.
        plt.theme("clear")
        if many and group is not None:
            title = f"{title} · series {group.start + 1}–{group.stop} of {len(series)}"
        plt.title(title)

    def paint(i: int) -> str | None:
        return COLORS[i % len(COLORS)] if color else None

    def build(group: range, drawn: set[int]) -> str:
        text = plt.build()
        # The "clear" theme still ends every line with a reset code; piped output and
        # NO_COLOR terminals get plain text.
        text = text if color else plt.uncolorize(text)
        missing = [series[k].name for k in group if k not in drawn]
        if missing:
            text += "\nnot drawn (no finite values): " + ", ".join(missing)
        return text

    def line_chart(title: str, group: range, curves: dict[int, tuple[np.ndarray, np.ndarray]],
                   ylim: tuple[float, float] | None) -> str:
        """One chart of the `group`'s curves (k -> (x, y)), on `ylim` when given."""
        start(title, group)
        if ylim is not None:
            plt.ylim(*ylim)
        drawn = set()
        for i, k in enumerate(group):
            if k in curves:
                x, y = curves[k]
                plt.plot(x.tolist(), y.tolist(), marker=MARKERS[i], color=paint(i),
                         label=series[k].name)
                drawn.add(k)
        return build(group, drawn)

    if many:
        out.append(
            f"{len(series)} series: each chart below draws one group of at most "
            f"{len(groups[0])} (same axes); the summary table lists every series."
        )
    if any(s.path is not None for s in series):
        # A runaway path (SGD with a big lr reaches 1e9) is clipped to the contour window
        # of the TUI: it must not squash the other paths into one pixel.
        window = snapshot.boundary_extent
        for group in groups:
            start("optimizer paths (x, y)", group)
            drawn = set()
            for i, k in enumerate(group):
                s = series[k]
                if s.path is not None and len(s.path):
                    path = s.path[np.isfinite(s.path).all(axis=1)]
                    if window is not None:
                        x0, x1, y0, y1 = window
                        path = np.clip(path, (x0, y0), (x1, y1))
                    plt.plot(path[:, 0].tolist(), path[:, 1].tolist(), marker=MARKERS[i],
                             color=paint(i), label=s.name)
                    drawn.add(k)
            if many and window is not None:
                plt.xlim(window[0], window[1])
                plt.ylim(window[2], window[3])
            out.append(build(group, drawn))
    elif any(len(s.loss) > 1 for s in series):
        log = snapshot.unit == "check"  # relative gradient errors span decades
        curves: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        diverged: dict[int, bool] = {}
        for k, s in enumerate(series):
            ok = np.isfinite(s.loss)
            if ok.any():
                y = s.loss[ok]
                y = np.log10(np.maximum(y, 1e-300)) if log else ema_smooth(y, smoothing)
                curves[k] = _decimate(s.loss_it[ok], y)
                diverged[k] = s.diverged
        ylim: tuple[float, float] | None = None
        if not log and curves:
            # A short early spike (RMSprop's first steps) must not flatten every other
            # curve: cap the axis at the 98th percentile of all points, like the book's
            # fixed ylim. Diverged series (1e34 in batchnorm) do not set the scale.
            calm = [k for k in curves if not diverged[k]] or list(curves)
            pooled = np.concatenate([curves[k][1] for k in calm])
            top = float(np.percentile(pooled, 98)) * 1.1
            if 0 < top < math.inf:
                ylim = (0.0, top)
                # plotext joins points pixel by pixel even off the canvas: a diverged
                # series at 1e34 would make it allocate gigabytes. Clip to the axis.
                curves = {k: (x, np.minimum(y, top)) for k, (x, y) in curves.items()}
        elif many and curves:  # small multiples share the axis
            pooled = np.concatenate([y for _, y in curves.values()])
            ylim = (float(pooled.min()), float(pooled.max()))
        title = "log10 relative error" if log else f"loss (EMA {smoothing:g})"
        out += [line_chart(title, group, curves, ylim) for group in groups]
    if any(len(s.eval_it) > 1 for s in series):
        # The test curve when one was recorded; a search tests once at the end (a single
        # point draws no line), so it shows its validation curve instead.
        test = any(np.isfinite(s.test_acc).sum() > 1 for s in series)
        accs = {}
        for k, s in enumerate(series):
            acc = s.test_acc if test else s.val_acc
            ok = np.isfinite(acc) if len(acc) == len(s.eval_it) else np.zeros(0, bool)
            if ok.sum() > 1:
                accs[k] = (s.eval_it[ok], acc[ok])
        acc_lim = None
        if many and accs:
            pooled = np.concatenate([y for _, y in accs.values()])
            acc_lim = (float(pooled.min()), float(pooled.max()))
        if acc_lim is not None and not acc_lim[0] < acc_lim[1]:
            acc_lim = None
        title = "test accuracy" if test else "validation accuracy"
        if test and snapshot.test_subset_note():  # live points on a subset: say so
            title += " " + snapshot.test_subset_note()
        out += [line_chart(title, group, accs, acc_lim) for group in groups]
    if snapshot.trials:
        done = [t for t in snapshot.trials if t.done and math.isfinite(t.val_acc)]
        if done:
            start("trials: log10(lr) vs validation accuracy")
            for rnd, marker in ((1, "dot"), (2, "x")):
                pts = [t for t in done if t.round == rnd]
                if pts:
                    plt.scatter([math.log10(t.lr) for t in pts], [t.val_acc for t in pts],
                                marker=marker, label=f"round {rnd}")
            out.append(build(range(0), set()))
    plt.clf()
    return out


def _decimate(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(x) <= MAX_POINTS:
        return x, y
    idx = np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(int)
    return x[idx], y[idx]


def _table_rows(
    preset: str, snapshot: Snapshot, report: FinalReport | None
) -> tuple[list[str], list[list[str]]]:
    tested = {r.name: r.test_acc for r in report.series} if report else {}
    extras = EXTRA_COLUMNS.get(preset, ())
    header = ["series", "final loss", "train acc", "test acc", "diverged", *extras]
    rows = []
    for s in snapshot.series:
        rows.append([
            s.name,
            _fmt(s.final_loss()),
            _fmt(s.last_train_acc, 3),
            _fmt(tested.get(s.name, s.last_test_acc), 3),
            "yes" if s.diverged else "no",
            *(_fmt(s.extra.get(k, math.nan)) for k in extras),
        ])
    return header, rows


def summary_table(
    preset: str, snapshot: Snapshot, report: FinalReport | None, *, rich_table: bool = False
) -> str:
    """The end-of-run table: series, final loss, train acc, test acc, diverged (+ extras)."""
    header, rows = _table_rows(preset, snapshot, report)
    if rich_table:
        import io

        from rich.console import Console
        from rich.table import Table

        table = Table(*header, title="summary")
        for row in rows:
            table.add_row(*row)
        buf = io.StringIO()
        Console(file=buf, width=_width(), force_terminal=not _no_color()).print(table)
        return buf.getvalue().rstrip("\n")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def report_lines(snapshot: Snapshot, report: FinalReport | None) -> list[str]:
    lines = []
    if snapshot.message:
        lines.append(snapshot.message)
    if report is not None:
        parts = [
            f"{r.name} {r.test_acc:.3f} (F1 {float(np.mean(r.f1)):.3f})" for r in report.series
        ]
        lines.append("test accuracy (held-out, once at the end): " + ",  ".join(parts))
    elif not snapshot.done:
        lines.append("stopped before the end: no final test report")
    return lines


def _fmt(x: float, digits: int = 4) -> str:
    x = float(x)
    if not math.isfinite(x):
        return "-"
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.2e}"
    return f"{x:.{digits}f}" if digits == 3 else f"{x:.4g}"


def _width() -> int:
    try:
        return max(60, min(120, os.get_terminal_size().columns))
    except OSError:
        return 100


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))
