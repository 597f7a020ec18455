"""The final report of a finished run: held-out test metrics once, at the end.

Test accuracy of every series, then per-class precision / recall / F1 and the confusion
matrix of the focused series (`f` cycles). "Validation data tunes; test data judges."
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from nntui.core.band import mean_sd
from nntui.i18n import N_, _
from nntui.i18n.cells import clip
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.screens.modal_keys import MODAL_APP_KEYS

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig


def report_renderable(report: FinalReport, focus: int, width: int = 80,
                      train: Mapping[str, float] | None = None,
                      verdicts: Sequence[str] = ()) -> Group:
    """Rich tables for the report; per-class table and confusion side by side when wide.
    ``train``: per series its final train accuracy, for the train–test gap (regularization
    presets, where the gap is the lesson), else no gap columns. A K-seed run's test
    accuracy is the seeds' mean ± sd; ``verdicts``: the look-for's claims as measured on
    this run (`presets.verdicts.verdict_lines`: effect, holds, wins on k of K), under the
    table."""
    summary = Table(title=_("test accuracy"), title_justify="left", expand=False,
                    show_edge=False, pad_edge=False)
    summary.add_column(_("series"))
    if train is not None:
        summary.add_column(_("train acc"), justify="right")
    summary.add_column(_("test acc"), justify="right")
    if train is not None:
        summary.add_column(_("gap"), justify="right")
    summary.add_column(_("macro F1"), justify="right")
    n = len(report.series)
    focus = focus % max(1, n)
    for i, s in enumerate(report.series):
        mark = "▶ " if i == focus else "  "
        cells = [f"{s.test_acc:.4f}"]
        if len(s.per_seed) > 1:
            _mean, sd = mean_sd(s.per_seed)
            cells = [_("{mean} ± {sd}").format(mean=cells[0], sd=f"{sd:.4f}")]
        if train is not None:
            t = train.get(s.name, math.nan)
            cells = [_num(t), cells[0], _num(t - s.test_acc)]
        summary.add_row(mark + _(s.name), *cells, f"{float(s.f1.mean()):.4f}")
    top: list[RenderableType] = [summary]
    if verdicts:
        top += [Text(""), *(Text(line) for line in verdicts)]
    if not n:
        return Group(*top)
    s = report.series[focus]
    per_class = Table(title=_("{series}: per class").format(series=_(s.name)),
                      title_justify="left", show_edge=False, pad_edge=False)
    for col in (_("class"), _("precision"), _("recall"), _("F1")):
        per_class.add_column(col, justify="right")
    names = report.class_names or tuple(str(i) for i in range(len(s.f1)))
    for c, name in enumerate(names):
        # Cut by terminal cells: a class name may be Japanese (never half a character).
        per_class.add_row(clip(_(str(name)), 12, ""), f"{s.precision[c]:.3f}", f"{s.recall[c]:.3f}",
                          f"{s.f1[c]:.3f}")
    confusion = Table(title=_("{series}: confusion (rows = true)").format(series=_(s.name)),
                      title_justify="left",
                      box=None, pad_edge=False, padding=(0, 0, 0, 1))
    confusion.add_column("", justify="right")
    short = [clip(_(str(name)), 4, "") for name in names]
    for name in short:
        confusion.add_column(name, justify="right", min_width=4)
    for c, row in enumerate(s.confusion):
        cells = [Text(f"{int(v):d}", style="bold" if r == c else "dim") for r, v in
                 enumerate(row)]
        confusion.add_row(short[c], *cells)
    if width >= 110:
        grid = Table.grid(padding=(0, 3))
        grid.add_row(per_class, confusion)
        return Group(*top, Text(""), grid)
    return Group(*top, Text(""), per_class, Text(""), confusion)


def report_notes(preset: Preset, config: RunConfig, snap: Snapshot | None,
                 report: FinalReport, train: Mapping[str, float] | None) -> list[str]:
    """The lines under the report's table: why a train − test gap is negative where
    training labels are wrong (early-stopping), then the look-for's claims as measured on
    this run (holds; better on k of K seeds)."""
    from nntui.presets.verdicts import judge_run, verdict_lines  # the claims load on `v`
    from nntui.runs.summary import negative_gap_note  # (idem)

    lines: list[str] = []
    if train is not None:
        note = negative_gap_note([train[r.name] - r.test_acc for r in report.series
                                  if r.name in train],
                                 float(config.get("label_noise", 0.0) or 0.0))  # type: ignore[arg-type]
        lines += [note] if note else []
    if snap is not None:
        lines += verdict_lines(judge_run(preset, snap, report, dataset=config.dataset,
                                         book=config.book))
    return lines


def _num(x: float) -> str:
    return f"{x:.4f}" if math.isfinite(x) else "—"


class ReportScreen(TranslatedBindings, ModalScreen[None]):
    """A modal over the dashboard; escape / enter / v closes it."""

    BINDINGS = [
        Binding("escape,enter,v", "close", N_("Close")),
        Binding("f", "next_series", N_("Next series")),
        Binding("tab", "next_series", N_("Next series"), show=False),
        Binding("e", "export", N_("Export"), tooltip=N_("export the run directory")),
        *MODAL_APP_KEYS,  # S, q, ctrl+c as on every screen
    ]
    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > VerticalScroll {
        width: 94%; max-width: 110; height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, report: FinalReport, title: str, *, focus: int = 0,
                 train: Mapping[str, float] | None = None,
                 export: Callable[[], object] | None = None,
                 verdicts: Sequence[str] = ()) -> None:
        super().__init__()
        self.report = report
        self.train = train
        self.verdicts = tuple(verdicts)
        self.title_text = title
        self.focus_index = focus
        self._export = export  # the dashboard's export (it owns the run)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = _("Final report · {title}").format(title=self.title_text)
            box.border_subtitle = _("f: next series · esc: close")
            yield Static(report_renderable(self.report, self.focus_index, self.app.size.width,
                                           self.train, self.verdicts),
                         id="report-body")
        yield Footer()  # the report's own keys, not the dashboard's

    def action_next_series(self) -> None:
        self.focus_index = (self.focus_index + 1) % max(1, len(self.report.series))
        self.query_one("#report-body", Static).update(
            report_renderable(self.report, self.focus_index, self.app.size.width, self.train,
                              self.verdicts))

    def action_export(self) -> None:
        if self._export is None:
            self.notify(_("Nothing to export from here."))
            return
        self._export()

    def action_close(self) -> None:
        self.dismiss(None)
