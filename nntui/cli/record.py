"""`nntui record PRESET|FILE.toml -o demo.cast`: the dashboard of a run written straight to an
asciicast v2 file (asciinema's), timed by the demo clock (`nntui.tui.recording`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nntui.cli import fail
from nntui.cli.replay import parse_size
from nntui.core.errors import UserError
from nntui.i18n import N_, _
from nntui.i18n.reasons import os_reason

if TYPE_CHECKING:
    from collections.abc import Callable

    from nntui.tui.recording import RecordOptions

#: `nntui record --help` (record_cmd's docstring, marked for the catalog).
HELP = N_("Record a run's dashboard to an asciicast v2 file (asciinema), frame n at n/fps: "
          "the same seed, size and keys give the same file on any machine.")
#: Frame rates a recording may have (a player shows any; more only makes the file bigger).
RECORD_FPS = (1.0, 30.0)


def record_cmd(
    preset: Annotated[str, typer.Argument(help=N_("Preset name (see `nntui list`) or an "
                                             "experiment file (FILE.toml)."))],
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("The .cast file to write."))],
    size: Annotated[str, typer.Option("--size", help=N_("Columns x rows."))] = "80x24",
    fps: Annotated[float, typer.Option("--fps", help=N_("Frames per second of the "
                                                        "recording."))] = 10.0,
    keys: Annotated[str, typer.Option("--keys", help=N_("Keys pressed at clock times, e.g. "
                                                        "\"3s:space,5s:f\"."))] = "",
    idle_limit: Annotated[float | None,
                          typer.Option("--idle-limit", help=N_("Longest still pause kept, "
                                                               "in seconds."))] = None,
    hold: Annotated[float, typer.Option("--hold", help=N_("Seconds the final screen stays "
                                                          "up."))] = 3.0,
    dataset: Annotated[str | None, typer.Option("--dataset", "-d",
                                                help=N_("Dataset (see `nntui data list`)."))
                       ] = None,
    seed: Annotated[int, typer.Option("--seed", "-s", help=N_("Random seed (>= 0)."))] = 0,
    set_: Annotated[list[str] | None,
                    typer.Option("--set", help=N_("Override a setting: key=value "
                                                  "(repeatable)."))] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help=N_("Read MNIST-format IDX files from this folder."))] = None,
) -> None:
    """Record a run's dashboard to an asciicast v2 file (asciinema), frame n at n/fps: the
    same seed, size and keys give the same file on any machine."""
    # The pipeline, the presets and Textual load with the command, not with `nntui --help`.
    from nntui.cli.experiment import offered_or_exit
    from nntui.pipeline.request import RunChoices, resolve_run
    from nntui.presets.params import parse_assignments
    from nntui.tui.asciicast import parse_keys

    if idle_limit is not None and idle_limit <= 0:
        fail(_("--idle-limit must be > 0 (got {value})").format(value=f"{idle_limit:g}"))
    if hold < 0:
        fail(_("--hold must be >= 0 (got {value})").format(value=f"{hold:g}"))
    if seed < 0:
        fail(_("--seed must be an integer >= 0 (got {value})").format(value=seed))
    try:
        cols_rows = parse_size(size)
        check_recording(cols_rows, size, fps)
        scripted = parse_keys(keys)
        overrides = parse_assignments(set_ or [])
        presets, name = offered_or_exit(None, preset)
        request = resolve_run(RunChoices(name, dataset, seed, overrides), data_dir=data_dir,
                              presets=presets)
    except UserError as exc:
        fail(exc)
    # Textual loads with the screen it draws, not with `nntui --help`
    from nntui.tui.recording import RecordOptions, record

    options = RecordOptions(cols_rows, fps, scripted, idle_limit, hold)
    write_recording(out, options, lambda: record(request, out, options))


def check_recording(cols_rows: tuple[int, int], size: str, fps: float) -> float:
    """A recording's size shows the dashboard and its rate is in RECORD_FPS (else
    UserError); returns the rate."""
    from nntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH  # Textual: not at --help

    if cols_rows[0] < MIN_WIDTH or cols_rows[1] < MIN_HEIGHT:
        raise UserError(_("--size must be at least {size} to show the dashboard (got "
                          "{value})").format(size=f"{MIN_WIDTH}x{MIN_HEIGHT}", value=size))
    low, high = RECORD_FPS
    if not low <= fps <= high:
        raise UserError(_("--fps must be between {low:g} and {high:g} (got {value})").format(
            low=low, high=high, value=f"{fps:g}"))
    return fps


def write_recording(out: Path, options: RecordOptions, make: Callable[[], str]) -> None:
    """Run ``make`` (a recorder writing ``out``), then say what was written; a file that
    cannot be written or a run that failed is one line and exit code 2 or 1."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        state = make()
    except OSError as exc:
        fail(_("cannot write {file}: {reason}").format(file=out, reason=os_reason(exc)))
    if state == "failed":
        fail(_("the run failed; the recording shows where: {file}").format(file=out), code=1)
    width, height = options.size
    print(_("wrote {file} ({size}, {fps} frames/s)").format(
        file=out, size=f"{width}x{height}", fps=f"{options.fps:g}"), file=sys.stdout)
