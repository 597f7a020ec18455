"""`nntui runs show ID`: one run of the history as text: what it was (preset, dataset,
seeds, when, status, every setting, the ones changed from the defaults marked), then its
final numbers as `--headless` printed them at its end: the summary table, the final
report's test accuracies and the look-for's claims judged on the run."""

from __future__ import annotations

import time

from nntui.core.errors import UserError
from nntui.headless.charts import report_lines, summary_table
from nntui.i18n import _, join_list
from nntui.pipeline.saved import load_saved
from nntui.presets.verdicts import judge_run, verdict_lines
from nntui.runs.history import RunRecord
from nntui.runs.listing import duration, seeds_text, status_word


def show_lines(record: RunRecord, short: str) -> list[str]:
    """The lines `nntui runs show` prints for ``record`` (``short``: its short id)."""
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.started))
    count = f"{record.iteration:,}/{record.total:,}" if record.total else "—"
    lines = [
        _("run {id} ({short})  {status}").format(id=record.id, short=short,
                                                 status=status_word(record.effective_status())),
        _("  {title} [{preset}, {dataset}, seeds {seeds}]").format(
            title=_(record.title), preset=record.preset, dataset=record.dataset or "—",
            seeds=seeds_text(record.seed_list)),
        _("  started {when}, ran {duration}, {unit} {count}").format(
            when=started, duration=duration(record.elapsed_s), unit=record.unit, count=count),
        _("  folder: {folder}").format(folder=record.folder),
    ]
    if record.file:
        lines.append(_("  experiment file: {file} (as it ran: experiment.toml)").format(
            file=record.file))
    try:
        saved = load_saved(record.folder)
    except UserError as exc:  # killed before its first checkpoint, or unreadable
        lines.append(_("  (no results to show: {reason})").format(reason=exc))
        return lines
    config, preset = saved.config, saved.preset
    changed = [f"{k}={v}" for k, v in record.changed.items()]
    lines.append(_("  changed from the defaults: {settings}").format(
        settings=join_list(changed) if changed else "—") + ("  (--book)" if config.book else ""))
    lines.append(_("  every setting: {settings}").format(settings=join_list(
        f"{k}={preset.param(k).format(v)}" if _known(preset, k) else f"{k}={v}"
        for k, v in config.values)))
    run = saved.run
    run.seek(run.end)
    snapshot, report = run.snapshot(), run.report()
    view = preset.view
    lines.append("")
    lines.append(summary_table(view.summary_columns, snapshot, report, rich_table=False,
                               loss_label=view.loss_label, gap=view.show_gap))
    lines += report_lines(snapshot, report, gap=view.show_gap)
    lines += verdict_lines(judge_run(preset, snapshot, report, dataset=config.dataset,
                                     book=config.book))
    lines.append("")
    lines.append(_("replay: nntui replay {id} · compare: nntui compare {id} ID…").format(
        id=short))
    return lines


def _known(preset: object, key: str) -> bool:
    try:
        preset.param(key)  # type: ignore[attr-defined]
    except KeyError:
        return False
    return True

