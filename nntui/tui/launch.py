"""Start the dashboard from the command line (`nntui`, `nntui run PRESET`).

Everything a user can get wrong on the command line is checked here, before the terminal
switches to the app, so a bad `--set` prints one line on stderr and exits 2 instead of
flashing a screen. Imports stay inside the function: `nntui --help` must not pay for Textual.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it


def _fail(message: str) -> int:
    print(f"nntui: {message}", file=sys.stderr)
    return EXIT_USAGE


def has_terminal() -> bool:
    """Whether the dashboard has a terminal to draw on (stdout or stderr is a tty)."""
    return sys.stdout.isatty() or sys.stderr.isatty()


def run_app(
    *,
    preset: str | None,
    dataset: str | None,
    seed: int,
    overrides: dict[str, str],
    lang: str | None,
    out: Path | None,
    data_dir: Path | None,
) -> int:
    """Run the TUI; returns the process exit code (0 ok, 2 bad usage)."""
    from nntui.presets import PRESETS
    from nntui.presets.params import ConfigError

    config = None
    if preset is not None:
        if preset not in PRESETS:
            return _fail(f"unknown preset {preset!r}; see `nntui list` "
                         f"({', '.join(PRESETS)})")
        p = PRESETS[preset]
        if dataset is not None and p.datasets and dataset not in p.datasets:
            return _fail(f"preset {preset} takes --dataset {', '.join(p.datasets)} "
                         f"(got {dataset!r})")
        if dataset is not None and not p.datasets:
            return _fail(f"preset {preset} uses no dataset (got --dataset {dataset!r})")
        try:
            config = p.resolve(dataset=dataset, seed=seed, overrides=overrides)
        except ConfigError as exc:
            return _fail(str(exc))
    elif overrides:
        return _fail("--set needs a preset: nntui run PRESET --set key=value")
    if not has_terminal():
        return _fail("the dashboard needs a terminal; use `nntui run PRESET --headless` "
                     "instead")
    if out is not None:
        # Refuse an unusable --out now, as headless runs do, not at the first export.
        from nntui.results import out_dir_problem, prepare_dir

        try:
            out = prepare_dir(out)
        except OSError as exc:
            return _fail(out_dir_problem(out, exc))

    from nntui.tui.app import NNTuiApp

    app = NNTuiApp(start=config, lang=lang, out=out, data_dir=data_dir)
    code = app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(code or EXIT_OK)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the process's real stderr.

    A process pool (hparam-search) starts the tracker on first use, passing `sys.stderr`'s
    file descriptor to it; while Textual runs, `sys.stderr` is its capture object with no
    descriptor and that fails ("bad value(s) in fds_to_keep", DESIGN.md pitfall). The
    dashboard calls it on the UI thread (nothing else writes to stderr meanwhile) before
    it starts a run's worker. Idempotent and cheap once running.
    """
    import multiprocessing.resource_tracker

    real, current = sys.__stderr__, sys.stderr
    if real is None:  # no stderr at all (pythonw): the tracker copes without one
        multiprocessing.resource_tracker.ensure_running()
        return
    sys.stderr = real
    try:
        multiprocessing.resource_tracker.ensure_running()
    finally:
        sys.stderr = current
