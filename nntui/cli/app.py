"""The `nntui` command line (contract in DESIGN.md "Command line").

Startup time matters (`nntui --help` ≤ 250 ms), so this module imports only Typer at the
top; NumPy, Textual, the presets and the data code load inside the command that needs them.
Every user mistake ends in one clear line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from nntui import __version__
from nntui.cli import check_fps, fail
from nntui.cli import compare as _compare
from nntui.cli import demo as _demo
from nntui.cli import experiment as _experiment
from nntui.cli import record as _record
from nntui.cli import replay as _replay
from nntui.cli import runs as _runs
from nntui.cli import serve as _serve
from nntui.cli.data import data_app
from nntui.cli.experiment import (
    ExecutorOption,
    ExperimentsOption,
    SchedulerOption,
    executor_overrides,
    new_cmd,
    offered_or_exit,
)
from nntui.cli.help import LANG_HELP, prepare_tree
from nntui.cli.runs import runs_app
from nntui.i18n import N_, _, pick_language, translate, use_language
from nntui.pipeline.exit_codes import EXIT_INTERRUPTED

if TYPE_CHECKING:  # the pipeline loads inside the commands: --help must stay fast
    from collections.abc import Mapping

    from nntui.pipeline.request import RunChoices
    from nntui.presets.base import Preset

def _lang_in(args: list[str]) -> str | None:
    """The last `--lang X` / `--lang=X` of the command line (a subcommand's comes after
    the top-level one and wins), None without one."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


class _Group(typer.core.TyperGroup):
    """The root command. Before click parses anything it picks the language, once for the
    whole process, from the last `--lang` wherever it stands (`nntui --lang ja replay D`,
    `nntui replay D --lang ja`) or else the locale: every command, its `--help` and every
    message after it speak that language (`nntui.cli.help.prepare_tree`). click's own usage
    errors are given in it too (`nntui.cli.usage_errors`)."""

    def main(self, args: object = None, *rest: object, **kwargs: object) -> object:
        argv = [str(a) for a in (sys.argv[1:] if args is None else args)]  # type: ignore[attr-defined]
        prepare_tree(self, use_language(pick_language(_lang_in(argv))))
        return super().main(args, *rest, **kwargs)  # type: ignore[arg-type]

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        # click's own errors in the chosen language: loaded when the command line is parsed
        from nntui.cli.usage_errors import localized_usage_errors

        with localized_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:
        from nntui.cli.usage_errors import localized_usage_errors  # as in make_context

        with localized_usage_errors():  # a subcommand's parsing happens in here
            return super().invoke(ctx)


app = typer.Typer(
    name="nntui",
    cls=_Group,
    help=N_("Watch neural-network training techniques work, live in your terminal."),
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain help text: Typer's rich-formatted help imports rich (~150 ms) on every --help.
    rich_markup_mode=None,
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"nntui {__version__}")
        raise typer.Exit()


DemoClockOption = Annotated[
    bool,
    typer.Option("--demo-clock", help=N_("Advance by frame, not wall clock: repeatable "
                                         "recordings (also NNTUI_DEMO_CLOCK=1).")),
]
FpsOption = Annotated[
    float | None,
    typer.Option("--fps", help=N_("Cap the dashboard's frames per second (slow links).")),
]

NoHistoryOption = Annotated[
    bool,
    typer.Option("--no-history", help=N_("Keep this run out of the run history (`nntui "
                                         "runs`; also NNTUI_HISTORY=0).")),
]

#: The root's --lang (every command has one: `nntui.cli.help.prepare_tree`); `_Group.main`
#: reads it from the command line before click does, so the value is not used here.
LangOption = Annotated[str | None, typer.Option("--lang", help=LANG_HELP)]


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help=N_("Print the version.")),
    ] = False,
    lang: LangOption = None,
    experiments: ExperimentsOption = None,
    demo_clock: DemoClockOption = False,
    fps: FpsOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Open the TUI at the preset picker when no command is given."""
    # The language (this --lang, a later subcommand's, or the locale's) was chosen by
    # `_Group.main` before click parsed anything: errors and --help speak it already.
    if ctx.invoked_subcommand is None:
        _launch_tui(None, out=None, data_dir=None, experiments=experiments,
                    demo_clock=demo_clock, fps=fps, history=not no_history)


@app.command("run", help=N_("Run a preset or an experiment file: in the dashboard, or "
                             "--headless in plain text."))
def run_cmd(
    preset: Annotated[str, typer.Argument(help=N_("Preset name (see `nntui list`) or an "
                                             "experiment file (FILE.toml)."))],
    headless: Annotated[
        bool, typer.Option("--headless",
                           help=N_("No TUI: print progress, charts and a summary."))
    ] = False,
    dataset: Annotated[
        str | None, typer.Option("--dataset", "-d",
                                 help=N_("Dataset (see `nntui data list`)."))
    ] = None,
    seed: Annotated[int, typer.Option("--seed", "-s", help=N_("Random seed (>= 0)."))] = 0,
    seeds: Annotated[
        int | None,
        typer.Option("--seeds", "-k", help=N_("Train every series on K seeds (from --seed "
                                              "on): mean curves, spread, wins on k of K.")),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help=N_("Override a setting: key=value (repeatable).")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=N_("Write config/metrics/summary here.")),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help=N_("Read MNIST-format IDX files from this folder.")),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers",
                     help=N_("Worker processes for hparam-search (default: cores).")),
    ] = None,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
    book: Annotated[
        bool,
        typer.Option("--book", help=N_("The book's exact setting instead of the default "
                                       "that shows the finding on this dataset (--set still "
                                       "overrides it).")),
    ] = False,
    experiments: ExperimentsOption = None,
    demo_clock: DemoClockOption = False,
    fps: FpsOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Run a preset or an experiment file: in the dashboard, or --headless in plain text."""
    # The pipeline and the presets load with the command, not with `nntui --help`.
    from nntui.pipeline.request import RunChoices
    from nntui.presets.params import ConfigError, parse_assignments

    try:
        overrides = parse_assignments(set_ or [])
    except ConfigError as exc:
        fail(exc)
    if workers is not None:
        if workers < 1:
            fail(_("--workers must be an integer >= 1 (got {value})").format(value=workers))
        overrides.setdefault("workers", str(workers))
    overrides.update(executor_overrides(executor, scheduler))
    if seed < 0:
        fail(_("--seed must be an integer >= 0 (got {value})").format(value=seed))
    if seeds is not None:
        overrides["seeds"] = str(seeds)  # validated as the preset's `seeds` setting
    presets, preset = offered_or_exit(experiments, preset)
    # What the user chose, once, for whichever front end runs it.
    choices = RunChoices(preset, dataset, seed, overrides, book=book, history=not no_history)
    if headless:
        from nntui.headless.run import run_headless  # NumPy, plotext: with the run

        raise typer.Exit(run_headless(choices, out=out, data_dir=data_dir, presets=presets))
    _launch_tui(choices, out=out, data_dir=data_dir, presets=presets,
                demo_clock=demo_clock, fps=fps, history=not no_history)


@app.command("list", help=N_("The presets, one per line (or as JSON)."))
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    """The presets, one per line (or as JSON)."""
    # The catalog, JSON and cell widths: with the command, not with `nntui --help`.
    import json

    from nntui.i18n.cells import table
    from nntui.presets import PRESETS

    if as_json:
        typer.echo(json.dumps([preset_json(p) for p in PRESETS.values()], ensure_ascii=False,
                              indent=2))
        return
    # Padded in terminal cells (a Japanese title is two cells per character).
    for line in table([(p.name, _(p.title)) for p in PRESETS.values()]):
        typer.echo(line)


def preset_json(p: Preset) -> dict[str, object]:
    """`nntui list --json` entry: name, title, budget {key, default}, series, and every
    setting's default in force per dataset ("defaults") and under --book ("book")."""

    def plain(values: dict[str, object]) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    datasets = p.datasets or (p.default_dataset,)
    return {
        "name": p.name,
        "title": p.title,
        "title_ja": translate(p.title, "ja"),
        "budget": {"key": p.budget_key, "default": p.budget_default},
        "series": list(p.series),
        "datasets": list(p.datasets),
        "panels": list(p.view.panels),
        "defaults": {ds: plain(p.defaults(ds)) for ds in datasets},
        "book": plain(p.defaults(p.default_dataset, book=True)),
    }


def _launch_tui(
    choices: RunChoices | None, *, out: Path | None, data_dir: Path | None,
    experiments: list[Path] | None = None, presets: Mapping[str, Preset] | None = None,
    demo_clock: bool = False, fps: float | None = None, history: bool = True,
) -> None:
    from nntui.tui.launch import run_app  # Textual loads with the dashboard only

    check_fps(fps)
    if presets is None:
        presets, _name = offered_or_exit(experiments, "")
    try:
        code = run_app(choices=choices, lang=None, out=out, data_dir=data_dir,
                       presets=presets, demo_clock=demo_clock, fps=fps, history=history)
    except KeyboardInterrupt:  # as bare `nntui` (entry.py) does, whatever Typer's version
        code = EXIT_INTERRUPTED
    raise typer.Exit(code)


app.add_typer(data_app, name="data", help=N_("Datasets: list, download, path."))
app.add_typer(runs_app, name="runs", help=_runs.HELP)

# help=: the docstrings, marked for the catalog (`--help` in Japanese, nntui.cli.help).
app.command("new", help=_experiment.NEW_HELP)(new_cmd)
app.command("replay", help=_replay.REPLAY_HELP)(_replay.replay_cmd)
app.command("export", help=_replay.EXPORT_HELP)(_replay.export_cmd)
app.command("compare", help=_compare.COMPARE_HELP)(_compare.compare_cmd)
app.command("demo", help=_demo.HELP)(_demo.demo_cmd)
app.command("serve", help=_serve.HELP)(_serve.serve_cmd)
app.command("record", help=_record.HELP)(_record.record_cmd)


def main() -> None:
    """Console-script entry point."""
    app()
