"""`nntui compare --headless`: the compared runs' curves overlaid in the printed charts,
then one table: a row per ``run:series`` with the settings in which the runs differ as
columns, then the end-of-run numbers (`headless.charts.summary_rows`)."""

from __future__ import annotations

from typing import TextIO

from nntui.headless.charts import charts, no_color, summary_rows, terminal_width
from nntui.i18n import _, cells
from nntui.pipeline.comparison import Comparison
from nntui.pipeline.request import smoothing_of
from nntui.runs.compare import series_label
from nntui.runs.listing import setting_text


def compare_table(comparison: Comparison) -> list[str]:
    """The table's lines (module doc)."""
    run = comparison.run
    view = comparison.preset.view
    header, rows = summary_rows(view.summary_columns, run.final, run.report(),
                                view.loss_label, view.show_gap)
    settings = {}  # the series label -> its run's differing settings, as text
    for label, record, config in zip(comparison.labels, comparison.records,
                                     comparison.configs):
        values = [setting_text(k, record, config) for k in comparison.keys]
        for name in record.series:
            settings[_(series_label(label, name))] = values
    width = len(comparison.keys)
    table = [[header[0], *comparison.keys, *header[1:]]]
    table += [[r[0], *settings.get(r[0], ["—"] * width), *r[1:]] for r in rows]
    return cells.table(table)


def print_comparison(comparison: Comparison, stdout: TextIO, *, tty: bool) -> None:
    """Charts, then the table, then one line per run (its label and differing settings)."""
    color = tty and not no_color()
    for chart in charts(comparison.run.final, smoothing_of(comparison.config),
                        width=terminal_width(), color=color):
        print(chart, file=stdout)
    for line in compare_table(comparison):
        print(line, file=stdout)
    print(_("runs: {lines}").format(lines=" · ".join(comparison.lines)), file=stdout)
