"""`nntui run PRESET --headless`: train without the dashboard, print progress, charts, a summary.

Output, in order: the preset's title and "what to look for" line; progress
(`nntui.headless.progress`); plotext charts of the smoothed loss and the accuracy (or the
2-D paths); a summary table; the held-out test accuracy of the final report
(`nntui.headless.charts`). With `--out DIR` the run directory gets config.json,
metrics.csv and summary.json (see nntui.runs.results).

The run is resolved (`pipeline.request.resolve_run`) and run by the pipeline's run session
(`pipeline.session`) as the dashboard runs it; only what is printed differs. Exit codes
(`nntui.pipeline.exit_codes`): 0 done, 1 the run failed unexpectedly (one line; the
traceback only with NNTUI_DEBUG=1), 2 bad input (unknown preset/setting, bad value, dataset
problem), 130 interrupted with Ctrl-C, 143 by SIGTERM, 129 by SIGHUP (results so far are
still written; see nntui.pipeline.interrupts).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from nntui.core.errors import UserError
from nntui.headless.charts import charts, no_color, report_lines, summary_table, terminal_width
from nntui.headless.progress import download_printer, progress_observer, short_label
from nntui.i18n import _, pick_language, use_language
from nntui.i18n.reasons import os_reason
from nntui.pipeline.drive import TrainingDriver
from nntui.pipeline.exit_codes import EXIT_FAILED, EXIT_USAGE, say
from nntui.pipeline.interrupts import exit_code_of, signals_interrupt
from nntui.pipeline.outcome import BAD_INPUT, FAILED, INTERRUPTED, Outcome
from nntui.pipeline.request import RunChoices, RunRequest, resolve_run
from nntui.pipeline.session import RunSession
from nntui.pipeline.threads import headless_threads
from nntui.presets.base import Preset
from nntui.presets.look_for import look_for_line
from nntui.presets.verdicts import judge_run, verdict_lines
from nntui.runs.results import write_results
from nntui.runs.summary import negative_gap_note


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
    # First: a bad preset or setting is reported in the run's language too. None: the
    # language the command line chose (nntui.cli.app) stays.
    if lang is not None:
        use_language(pick_language(lang))
    try:
        if isinstance(choices, str):
            choices = RunChoices(choices, dataset, seed, overrides or {})
        request = resolve_run(choices, out=out, data_dir=data_dir, presets=presets)
        threads = headless_threads()
    except UserError as exc:
        say(exc, stderr)
        return EXIT_USAGE
    with signals_interrupt():  # SIGTERM/SIGHUP end the run as Ctrl-C does
        try:
            return _run_resolved(request, stdout, stderr, threads)
        except KeyboardInterrupt as exc:  # a second one while the results were written
            say(_("interrupted"), stderr)
            return exit_code_of(exc)


def _run_resolved(request: RunRequest, stdout: TextIO, stderr: TextIO, threads: int = 1) -> int:
    """Run one resolved request (series stepped on `threads` threads: nobody else needs
    the cores), print it and write its results; returns the exit code."""
    p, config = request.preset, request.config
    tty = stdout.isatty()
    # A preset with no dataset to choose (paths on a formula, forward-only probes) runs on
    # "none": shown as the dashboard shows it, by leaving it out ("—").
    dataset = config.dataset if p.datasets else "—"
    k = int(config.get("seeds", 1) or 1)  # type: ignore[arg-type]
    if k > 1:
        print(_("{title}  [{preset}, {dataset}, seeds {first}–{last}]").format(
            title=_(p.title), preset=p.name, dataset=dataset, first=config.seed,
            last=config.seed + k - 1), file=stdout)
        print("  " + _("(every series trains on {k} seeds: the curves are their mean, the "
                       "tables give mean ± sd)").format(k=k), file=stdout)
    else:
        print(_("{title}  [{preset}, {dataset}, seed {seed}]").format(
            title=_(p.title), preset=p.name, dataset=dataset, seed=config.seed), file=stdout)
    if config.book:
        print("  " + _("(the book's exact setting: --book)"), file=stdout)
    print(f"→ {look_for_line(p, book=config.book, dataset=config.dataset, seeds=k)}",
          file=stdout)

    label = short_label(p.view.loss_label)
    session = RunSession(request, TrainingDriver(threads=threads),
                         compute=p.view.compute(), download=download_printer(stdout, tty),
                         observers=[progress_observer(p.name, stdout, tty, label)])
    outcome = session.execute()
    if outcome.trace is not None and os.environ.get("NNTUI_DEBUG") == "1":
        print(outcome.trace, file=stderr, end="")
    if outcome.state == BAD_INPUT or outcome.run is None:  # nothing ran: nothing to show
        say(outcome.error or _("interrupted"), stderr)
        return outcome.exit_code
    if outcome.state == FAILED:
        return _failed(outcome, request, stderr)
    _print_results(outcome, request, stdout, tty)
    written = _write_results(outcome, request, stdout, stderr)
    if written is not None:
        return written
    if outcome.state == INTERRUPTED:
        say(_("interrupted"), stderr)
    elif outcome.all_diverged:
        # One diverged series is an outcome worth showing; all of them is a failed run.
        say(_("{preset} failed: every series diverged (loss became NaN or inf); "
              "try smaller learning rates").format(preset=p.name), stderr)
    return outcome.exit_code


def _print_results(outcome: Outcome, request: RunRequest, stdout: TextIO, tty: bool) -> None:
    """The charts, the summary table and the final report's lines."""
    assert outcome.run is not None
    view = request.preset.view
    snapshot, report = outcome.run.snapshot(), outcome.report
    color = tty and not no_color()
    for chart in charts(snapshot, request.smoothing, width=terminal_width(), color=color):
        print(chart, file=stdout)
    print(summary_table(view.summary_columns, snapshot, report, rich_table=tty,
                        loss_label=view.loss_label, gap=view.show_gap), file=stdout)
    for line in report_lines(snapshot, report, gap=view.show_gap):
        print(line, file=stdout)
    config = request.config
    if view.show_gap and report is not None:
        tested = {r.name: r.test_acc for r in report.series}
        note = negative_gap_note([s.last_train_acc - tested.get(s.name, math.nan)
                                  for s in snapshot.series],
                                 float(config.get("label_noise", 0.0) or 0.0))  # type: ignore[arg-type]
        if note:
            print(note, file=stdout)
    for line in verdict_lines(judge_run(request.preset, snapshot, report,
                                        dataset=config.dataset, book=config.book)):
        print(line, file=stdout)


def _write_results(outcome: Outcome, request: RunRequest, stdout: TextIO, stderr: TextIO
                   ) -> int | None:
    """With --out: the results files (also of a run stopped by a signal); the exit code
    when they could not be written, else None."""
    if request.out is None:
        return None
    assert outcome.run is not None
    try:
        write_results(request.out, request.config, outcome.run.snapshot(), outcome.report)
    except UserError as exc:  # the folder was replaced by a file during the run
        say(f"--out {exc}", stderr)
        return EXIT_FAILED
    except OSError as exc:
        say(_("cannot write results to {out}: {reason}").format(
            out=request.out, reason=os_reason(exc)), stderr)
        return EXIT_FAILED
    print(_("results: {out}").format(out=request.out), file=stdout)
    return None


def _failed(outcome: Outcome, request: RunRequest, stderr: TextIO) -> int:
    """Training raised: the results so far, "failed" and traceback.txt go to --out; one
    line naming the preset and the iteration; exit code 1."""
    assert outcome.run is not None and outcome.failure is not None
    message = outcome.failure.message()
    if request.out is not None:
        try:
            write_results(request.out, request.config, outcome.run.snapshot(), None,
                          outcome.failure)
            message = _("{failure} (results so far and traceback.txt in {out})").format(
                failure=message, out=request.out)
        except Exception:  # the snapshot or the disk failed too: the message still counts
            pass
    say(message, stderr)
    return outcome.exit_code
