"""`nntui run PRESET --headless`: train without the dashboard, print progress, charts, a summary.

Output, in order: the preset's title and "what to look for" line; progress (a rich bar on a
terminal, plain lines every ~10 % when piped, e.g.
`optimizer-race  it 200/2000  10%  SGD 1.234  Adam 0.456`); plotext charts of the smoothed
loss and the accuracy (or the 2-D paths); a summary table; the held-out test accuracy of
the final report (`nntui.headless.charts`). With `--out DIR` the run directory gets config.json,
metrics.csv and summary.json (see nntui.runs.results).

The run is resolved (`pipeline.request.resolve_run`) and stepped (`pipeline.drive`) as the
dashboard does it; only the progress callback differs. Exit codes (`nntui.pipeline.exit_codes`): 0
done, 1 the run failed unexpectedly (one line; the traceback only with NNTUI_DEBUG=1), 2
bad input (unknown preset/setting, bad value, dataset problem), 130 interrupted with Ctrl-C, 143 by
SIGTERM, 129 by SIGHUP (results so far are still written; see nntui.pipeline.interrupts).
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

from nntui.core.errors import UserError
from nntui.core.run import Run, close_run
from nntui.core.snapshot import Snapshot
from nntui.headless.charts import (
    charts,
    fmt_number,
    no_color,
    report_lines,
    summary_table,
    terminal_width,
)
from nntui.i18n import N_, _, pgettext, pick_language, use_language
from nntui.i18n.reasons import os_reason
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.exit_codes import EXIT_FAILED, EXIT_OK
from nntui.pipeline.interrupts import exit_code_of, signals_interrupt
from nntui.pipeline.request import (
    RunChoices,
    RunInputError,
    RunRequest,
    resolve_run,
    show_input_error,
)
from nntui.pipeline.threads import ThreadsError, headless_threads
from nntui.presets.base import Preset
from nntui.runs.failure import RunFailure, failure_of

#: The progress line's short form of gradient-check's loss label (see `_short_label`),
#: marked here because it is made at run time; `_losses` translates it.
N_("worst relative error")
#: Series named on one progress line at most (batchnorm has 32).
PROGRESS_SERIES = 6


def run_headless(
    choices: RunChoices | str,
    *,
    dataset: str | None = None,
    seed: int = 0,
    overrides: Mapping[str, str] | None = None,
    out: Path | None = None,
    data_dir: Path | None = None,
    lang: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    presets: Mapping[str, Preset] | None = None,
) -> int:
    """Run one preset to the end in this thread; returns the exit code (see module doc).

    ``choices``: what the command line resolved into `RunChoices`, or just a preset name
    with ``dataset``, ``seed`` and ``overrides`` given here (scripts, tests). ``presets``:
    the catalog to look the name up in (default: the built-in presets; `nntui run
    FILE.toml` adds the experiment file)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    # First: a bad preset or setting is reported in the run's language too.
    use_language(pick_language(lang))
    try:
        if isinstance(choices, str):
            choices = RunChoices(choices, dataset, seed, overrides or {})
        request = resolve_run(choices, out=out, data_dir=data_dir, presets=presets)
    except RunInputError as exc:
        return show_input_error(exc, stderr)
    try:
        threads = headless_threads()
    except ThreadsError as exc:
        return show_input_error(exc, stderr)
    with signals_interrupt():  # SIGTERM/SIGHUP end the run as Ctrl-C does
        try:
            return _run_resolved(request, data_dir, stdout, stderr, threads)
        except KeyboardInterrupt as exc:  # a second one while the results were written
            print("nntui: " + _("interrupted"), file=stderr)
            return exit_code_of(exc)


def _run_resolved(request: RunRequest, data_dir: Path | None,
                  stdout: TextIO, stderr: TextIO, threads: int = 1) -> int:
    """Build, drive (on `threads` threads), print and write one resolved run; returns the
    exit code."""

    def fail(message: str, code: int) -> int:
        print(f"nntui: {message}", file=stderr)
        return code

    p, config, out = request.preset, request.config, request.out

    tty = stdout.isatty()
    k = int(config.get("seeds", 1) or 1)  # type: ignore[arg-type]
    if k > 1:
        print(_("{title}  [{preset}, {dataset}, seeds {first}–{last}]").format(
            title=_(p.title), preset=p.name, dataset=config.dataset, first=config.seed,
            last=config.seed + k - 1), file=stdout)
        print("  " + _("(every series trains on {k} seeds: the curves are their mean, the "
                       "tables give mean ± sd)").format(k=k), file=stdout)
    else:
        print(_("{title}  [{preset}, {dataset}, seed {seed}]").format(
            title=_(p.title), preset=p.name, dataset=config.dataset, seed=config.seed),
            file=stdout)
    if config.book:
        print("  " + _("(the book's exact setting: --book)"), file=stdout)
    print(f"→ {_(p.look_for_text(config.book, config.dataset))}", file=stdout)

    from nntui.core.blas import limit_blas_threads

    run: Run | None = None
    interrupted: KeyboardInterrupt | None = None  # Ctrl-C, SIGTERM or SIGHUP
    try:
        with limit_blas_threads(1):  # measured fastest on a small shared VM (DESIGN.md)
            run = p.build(config, data_dir=data_dir, progress=_download_printer(stdout, tty))
            _drive(run, p.name, stdout, tty, _short_label(p.loss_label), threads)
    except UserError as exc:  # a setting, the data, a cluster: one line, exit code 2
        return show_input_error(exc, stderr)
    except KeyboardInterrupt as exc:
        interrupted = exc
    except Exception as exc:  # the run failed: one line, the traceback only on request
        if os.environ.get("NNTUI_DEBUG") == "1":
            traceback.print_exc(file=stderr)
        if run is None:  # while building it
            return fail(_("{preset} failed: {error}").format(
                preset=p.name, error=f"{type(exc).__name__}: {exc}"), EXIT_FAILED)
        return _failed(failure_of(p.name, run, exc), run, request, stderr)
    finally:
        if run is not None:
            close_run(run)
    if run is None:
        return fail(_("interrupted"), exit_code_of(interrupted))

    snapshot = run.snapshot()
    report = None
    if snapshot.done:
        # Still one BLAS thread: report() may predict the whole test set again (series
        # that diverged), and OpenBLAS's spinning threads cost 10x the CPU on a busy VM.
        with limit_blas_threads(1):
            report = run.report()
    color = tty and not no_color()
    for chart in charts(snapshot, request.smoothing, width=terminal_width(), color=color):
        print(chart, file=stdout)
    print(summary_table(p.summary_columns, snapshot, report, rich_table=tty,
                        loss_label=p.loss_label, gap=p.show_gap), file=stdout)
    for line in report_lines(snapshot, report, gap=p.show_gap):
        print(line, file=stdout)
    from nntui.presets.verdicts import judge_run, verdict_lines

    for line in verdict_lines(judge_run(p, snapshot, report, dataset=config.dataset,
                                        book=config.book)):
        print(line, file=stdout)
    if out is not None:
        from nntui.runs.results import RunDirError, write_results

        try:
            write_results(out, config, snapshot, report)
        except RunDirError as exc:  # the folder was replaced by a file during the run
            return fail(f"--out {exc}", EXIT_FAILED)
        except OSError as exc:
            return fail(_("cannot write results to {out}: {reason}").format(
                out=out, reason=os_reason(exc)), EXIT_FAILED)
        print(_("results: {out}").format(out=out), file=stdout)
    if interrupted is not None:
        return fail(_("interrupted"), exit_code_of(interrupted))
    if snapshot.series and all(s.diverged for s in snapshot.series):
        # One diverged series is an outcome worth showing; all of them is a failed run.
        return fail(_("{preset} failed: every series diverged (loss became NaN or inf); "
                      "try smaller learning rates").format(preset=p.name), EXIT_FAILED)
    return EXIT_OK


def _failed(failure: RunFailure, run: Run, request: RunRequest, stderr: TextIO) -> int:
    """Training raised: the results so far, "failed" and traceback.txt go to --out; one
    line naming the preset and the iteration; exit code 1."""
    message = failure.message()
    if request.out is not None:
        from nntui.runs.results import write_results

        try:
            write_results(request.out, request.config, run.snapshot(), None, failure)
            message = _("{failure} (results so far and traceback.txt in {out})").format(
                failure=message, out=request.out)
        except Exception:  # the snapshot or the disk failed too: the message still counts
            pass
    print(f"nntui: {message}", file=stderr)
    return EXIT_FAILED


# -- progress -------------------------------------------------------------------------------
def _short_label(loss_label: str) -> str:
    """The progress line's name for what the loss panel holds ("loss", "f(x, y)", "worst
    relative error" for gradient-check's "worst relative error per check"), in English:
    `_losses` translates it."""
    return loss_label.removesuffix(" per check")


def _drive(run: Run, name: str, stdout: TextIO, tty: bool, label: str = "loss",
           threads: int = 1) -> bool:
    """Step to the end with the shared driver loop on `threads` threads (nobody else
    needs the cores), printing progress. An interrupt (KeyboardInterrupt,
    `nntui.pipeline.interrupts.Terminated`) propagates to the caller."""
    driver = TrainingDriver(run, threads=threads)
    if tty:
        return _drive_rich(driver, name, stdout, label)
    return driver.loop(progress=_plain_progress(name, stdout, label))


def _plain_progress(name: str, stdout: TextIO, label: str = "loss"
                    ) -> Callable[[Run], None]:
    """A progress callback printing one line per ~10 % of the budget (piped output)."""
    next_mark = 0.1

    def progress(run: Run) -> None:
        nonlocal next_mark
        frac = _fraction(run)
        if frac >= next_mark - 1e-9 or run.done:
            print(progress_line(name, run.snapshot(), label), file=stdout, flush=True)
            while next_mark <= frac + 1e-9:
                next_mark += 0.1

    return progress


def _fraction(run: Run) -> float:
    done = getattr(run, "iteration", None)
    if done is None:  # runs without a cheap counter: take a snapshot
        return run.snapshot().fraction
    return 0.0 if run.total <= 0 else min(1.0, done / run.total)


def _drive_rich(driver: TrainingDriver, name: str, stdout: TextIO, label: str) -> bool:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    run = driver.run
    assert run is not None
    console = Console(file=stdout)
    columns = (
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(), TextColumn("{task.fields[losses]}"),
    )
    last = 0.0
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(name, total=run.total, losses="")

        def progress(run: Run) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.25 or run.done:  # a snapshot copies histories: not every step
                last = now
                snap = run.snapshot()
                bar.update(task, completed=snap.iteration, losses=_losses(snap, label))

        return driver.loop(progress=progress)


def unit_name(unit: str) -> str:
    """The progress line's short name of a run's unit ("it" for iteration), translated."""
    names = {"iteration": pgettext("unit", "it"), "trial": pgettext("unit", "trial"),
             "step": pgettext("unit", "step"), "check": pgettext("unit", "check")}
    return names.get(unit, unit)


def progress_line(name: str, snap: Snapshot, label: str = "loss") -> str:
    """`optimizer-race  it 200/2000  10%  loss avg of last 20: SGD 1.234  Adam 0.456`."""
    unit = unit_name(snap.unit)
    pct = f"{100 * snap.fraction:.0f}%"
    losses = _losses(snap, label)
    return f"{name}  {unit} {snap.iteration}/{snap.total}  {pct:>4}  {losses}".rstrip()


def _losses(snap: Snapshot, label: str = "loss") -> str:
    """Each series' loss as the summary table and summary.json give it: the mean of the
    last N losses (`SeriesSnapshot.final_loss`; one mini-batch loss is too noisy to
    read), labelled with N, so the last line matches the table and metrics.csv."""
    label = _(label)
    if snap.unit == "trial":
        best = [t.val_acc for t in snap.trials if t.done and math.isfinite(t.val_acc)]
        return _("best val {acc}").format(acc=f"{max(best):.3f}") if best else ""
    parts = []
    shown = snap.series[:PROGRESS_SERIES]
    for s in shown:
        value = s.final_loss()
        if math.isfinite(value):
            part = (_("{series} {loss} (diverged)") if s.diverged else "{series} {loss}")
            parts.append(part.format(series=_(s.name), loss=fmt_number(value)))
    more = len(snap.series) - PROGRESS_SERIES
    if more > 0 and parts:
        parts.append(_("(+{n} more)").format(n=more))
    if not parts:
        return ""
    windows = {s.final_loss_window() for s in shown} - {0}
    n = windows.pop() if len(windows) == 1 else None
    values = "  ".join(parts)
    if n == 1:
        return _("{loss} last: {values}").format(loss=label, values=values)
    if n:
        return _("{loss} avg of last {n}: {values}").format(loss=label, n=n, values=values)
    return _("{loss} avg of last 10%: {values}").format(loss=label, values=values)


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
            print(_("downloading {file}  {percent}%").format(
                file=file_name, percent=f"{10 * tenth:3d}"), end=end, file=stdout, flush=True)

    return progress
