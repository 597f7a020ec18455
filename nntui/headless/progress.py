"""What `nntui run --headless` prints while a run goes: progress lines (a rich bar on a
terminal, one plain line per ~10 % when piped) and dataset downloads, as `RunObserver`s of
the run session (`nntui.pipeline.session`).

A progress line: `optimizer-race  it 200/2000  10%  loss avg of last 20: SGD 1.234  Adam
0.456`; its losses are the summary table's and summary.json's (`SeriesSnapshot.final_loss`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from nntui.core.snapshot import Snapshot
from nntui.headless.charts import fmt_number
from nntui.i18n import N_, _, pgettext
from nntui.pipeline.outcome import Outcome, RunObserver

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.pipeline.request import RunRequest

#: The progress line's short form of gradient-check's loss label (see `short_label`),
#: marked here because it is made at run time; `_losses` translates it.
N_("worst relative error")
#: Series named on one progress line at most (batchnorm has 32).
PROGRESS_SERIES = 6
#: Seconds between two updates of the rich bar (a snapshot copies histories).
BAR_PERIOD_S = 0.25


def short_label(loss_label: str) -> str:
    """The progress line's name for what the loss panel holds ("loss", "f(x, y)", "worst
    relative error" for gradient-check's "worst relative error per check"), in English:
    `_losses` translates it."""
    return loss_label.removesuffix(" per check")


def progress_observer(name: str, stdout: TextIO, tty: bool, label: str = "loss"
                      ) -> RunObserver:
    """The rich bar on a terminal, plain lines otherwise."""
    return RichProgress(name, stdout, label) if tty else PlainProgress(name, stdout, label)


class PlainProgress(RunObserver):
    """One line per ~10 % of the budget (piped output)."""

    wants_steps = True

    def __init__(self, name: str, stdout: TextIO, label: str = "loss") -> None:
        self.name, self.stdout, self.label = name, stdout, label
        self.next_mark = 0.1

    def stepped(self, run: Run) -> None:
        frac = _fraction(run)
        if frac >= self.next_mark - 1e-9 or run.done:
            print(progress_line(self.name, run.snapshot(), self.label), file=self.stdout,
                  flush=True)
            while self.next_mark <= frac + 1e-9:
                self.next_mark += 0.1


class RichProgress(RunObserver):
    """A rich progress bar with the losses beside it (a terminal)."""

    wants_steps = True

    def __init__(self, name: str, stdout: TextIO, label: str = "loss") -> None:
        self.name, self.stdout, self.label = name, stdout, label
        self._bar: Any = None
        self._task: Any = None
        self._last = 0.0

    def started(self, request: RunRequest, run: Run) -> None:
        from rich.console import Console  # rich loads only when a bar is drawn
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (
            TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(),
            TextColumn("{task.fields[losses]}"),
        )
        self._bar = Progress(*columns, console=Console(file=self.stdout), transient=False)
        self._bar.start()
        self._task = self._bar.add_task(self.name, total=run.total, losses="")

    def stepped(self, run: Run) -> None:
        now = time.monotonic()
        if now - self._last > BAR_PERIOD_S or run.done:
            self._last = now
            snap = run.snapshot()
            self._bar.update(self._task, completed=snap.iteration,
                             losses=_losses(snap, self.label))

    def ended(self, request: RunRequest, outcome: Outcome) -> None:
        if self._bar is not None:
            self._bar.stop()


def _fraction(run: Run) -> float:
    done = getattr(run, "iteration", None)
    if done is None:  # runs without a cheap counter: take a snapshot
        return run.snapshot().fraction
    return 0.0 if run.total <= 0 else min(1.0, done / run.total)


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


def download_printer(stdout: TextIO, tty: bool) -> Callable[[str, int, int], None]:
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
