"""`nntui runs`: the run history (`nntui.runs.history`) on the command line.

    nntui runs [--preset P] [--dataset D] [--status S] [-n N | --all] [--json]
    nntui runs show ID [--json]        one run: settings, numbers, final report, look-for
    nntui runs rm ID…                  delete runs
    nntui runs prune [--keep N] [--max-mb M] [--incomplete] [--dry-run]
    nntui runs export ID… --csv FILE | --json FILE [--per-seed]   (FILE - : stdout)
    nntui runs path                    where the history is

An ID is a run's id or a unique prefix of it, ``last`` or ``last~N``. The list reads each
run's small record only (no NumPy): a thousand runs list in a fraction of a second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from nntui.cli import fail
from nntui.core.errors import UserError
from nntui.i18n import N_, _
from nntui.i18n.reasons import os_reason

HELP = N_("Your past runs: list, show, compare, export, remove (the run history).")
ID_HELP = N_("A run: its id or the start of it, last, or last~N (N runs before the last).")

runs_app = typer.Typer(help=HELP, invoke_without_command=True, no_args_is_help=False,
                       add_completion=False)


@runs_app.callback(help=HELP)
def list_cmd(
    ctx: typer.Context,
    preset: Annotated[str | None, typer.Option("--preset", "-p",
                                               help=N_("Only runs of this preset."))] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", "-d",
                                                help=N_("Only runs on this dataset."))] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help=N_("Only runs with this status (done, stopped, failed, diverged, "
                            "interrupted, incomplete, running)."))] = None,
    limit: Annotated[int, typer.Option("--limit", "-n",
                                       help=N_("Show the newest N runs."))] = 30,
    every: Annotated[bool, typer.Option("--all", help=N_("Show every run."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    """Your past runs: list, show, compare, export, remove (the run history)."""
    if ctx.invoked_subcommand is not None:
        return
    from nntui.cli.runs_list import ListOptions, list_lines, terminal_width  # with the list
    from nntui.runs.history import STATUSES  # the words --status takes

    if status is not None and status not in STATUSES:
        fail(_("--status must be one of {values} (got {value})").format(
            values=", ".join(STATUSES), value=status))
    if limit < 1:
        fail(_("--limit must be an integer >= 1 (got {value})").format(value=limit))
    opts = ListOptions(preset, dataset, status, limit, every, as_json)
    for line in list_lines(opts, terminal_width()):
        typer.echo(line)


@runs_app.command("show", help=N_("One run: its settings, numbers, final report and "
                                  "look-for claims."))
def show_cmd(
    run: Annotated[str, typer.Argument(help=ID_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    """One run: its settings, numbers, final report and look-for claims."""
    # The history's modules load with the command, not with `nntui --help`.
    from nntui.runs.history import records, resolve, short_ids
    from nntui.runs.listing import record_json

    found = records()
    try:
        record = resolve(run, found)
    except UserError as exc:
        fail(exc)
    short = short_ids(r.id for r in found)[record.id]
    if as_json:
        typer.echo(json.dumps(record_json(record, short), ensure_ascii=False, indent=1))
        return
    from nntui.cli.runs_show import show_lines  # NumPy and the report: for one run

    for line in show_lines(record, short):
        typer.echo(line)


@runs_app.command("rm", help=N_("Delete runs from the history."))
def rm_cmd(runs: Annotated[list[str], typer.Argument(help=ID_HELP)]) -> None:
    """Delete runs from the history."""
    # The history's modules load with the command, not with `nntui --help`.
    from nntui.runs.history import records, resolve, short_ids
    from nntui.runs.history_write import remove

    found = records()
    shorts = short_ids(r.id for r in found)
    try:
        doomed = list({r.id: r for r in (resolve(a, found) for a in runs)}.values())
    except UserError as exc:
        fail(exc)
    live = [r for r in doomed if r.effective_status() == "running"]
    if live:
        fail(_("run {id} is still running (process {pid}): stop it first").format(
            id=shorts[live[0].id], pid=live[0].pid))
    remove(doomed)
    for r in doomed:
        typer.echo(_("removed {id} ({preset}, {folder})").format(
            id=shorts[r.id], preset=r.preset, folder=r.folder))


@runs_app.command("prune", help=N_("Remove the oldest runs beyond the cap (500 runs, 1024 MB; "
                                   "NNTUI_HISTORY_MAX_RUNS, NNTUI_HISTORY_MAX_MB)."))
def prune_cmd(
    keep: Annotated[int | None, typer.Option("--keep", help=N_("Keep the newest N runs."))
                    ] = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", help=N_(
        "Keep at most this many megabytes."))] = None,
    incomplete: Annotated[bool, typer.Option("--incomplete", help=N_(
        "Also remove every run whose process was killed."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_(
        "Only say what would be removed."))] = False,
) -> None:
    """Remove the oldest runs beyond the cap (500 runs, 1024 MB; NNTUI_HISTORY_MAX_RUNS,
    NNTUI_HISTORY_MAX_MB)."""
    # The history's modules load with the command, not with `nntui --help`.
    from nntui.runs.history_write import Cap, prune

    if keep is not None and keep < 0:
        fail(_("--keep must be an integer >= 0 (got {value})").format(value=keep))
    if max_mb is not None and max_mb < 0:
        fail(_("--max-mb must be >= 0 (got {value})").format(value=max_mb))
    env = Cap.from_env()
    cap = Cap(env.runs if keep is None else keep, env.mb if max_mb is None else max_mb)
    result = prune(cap=cap, incomplete=incomplete, dry_run=dry_run)
    text = (_("would remove {n} runs ({mb} MB); {kept} would be left ({kept_mb} MB)")
            if dry_run else _("removed {n} runs ({mb} MB); {kept} left ({kept_mb} MB)"))
    typer.echo(text.format(n=len(result.removed), mb=_mb(result.freed_bytes),
                           kept=result.kept, kept_mb=_mb(result.kept_bytes)))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


@runs_app.command("export", help=N_("Several runs' metrics as one long table: run, series, "
                                    "iteration, epoch, loss, accuracies."))
def export_cmd(
    runs: Annotated[list[str], typer.Argument(help=ID_HELP)],
    csv_file: Annotated[Path | None, typer.Option("--csv", help=N_(
        "Write CSV here (- : standard output)."))] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help=N_(
        "Write JSON here (- : standard output)."))] = None,
    per_seed: Annotated[bool, typer.Option("--per-seed", help=N_(
        "Every seed's rows of K-seed runs (seed_metrics.csv), not their mean."))] = False,
) -> None:
    """Several runs' metrics as one long table: run, series, iteration, epoch, loss,
    accuracies."""
    # The history's modules load with the command, not with `nntui --help`.
    from nntui.runs.export_table import long_csv, runs_json
    from nntui.runs.history import records, resolve, short_ids

    if csv_file is None and json_file is None:
        fail(_("say where to write: --csv FILE or --json FILE (- for standard output)"))
    found = records()
    try:
        chosen = [resolve(a, found) for a in runs]
        texts = []
        if csv_file is not None:
            texts.append((csv_file, long_csv(chosen, per_seed=per_seed)))
        if json_file is not None:
            obj = runs_json(chosen, short_ids(r.id for r in found), per_seed=per_seed)
            texts.append((json_file, json.dumps(obj, ensure_ascii=False, indent=1) + "\n"))
    except UserError as exc:
        fail(exc)
    for path, text in texts:
        write_out(path, text)


def write_out(path: Path, text: str) -> None:
    """``text`` to ``path`` ("-": standard output); a message naming the file on stderr."""
    if str(path) == "-":
        sys.stdout.write(text)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(_("cannot write {file}: {reason}").format(file=path, reason=os_reason(exc)))
    print(_("wrote {file}").format(file=path), file=sys.stderr)


@runs_app.command("path", help=N_("Print the run history's folder ($NNTUI_RUNS_DIR or the "
                                  "platform user data folder)."))
def path_cmd() -> None:
    """Print the run history's folder ($NNTUI_RUNS_DIR or the platform user data folder)."""
    # The history's modules load with the command, not with `nntui --help`.
    from nntui.runs.history import history_root

    typer.echo(str(history_root()))
