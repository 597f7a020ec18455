"""Start the dashboard from the command line (`nntui`, `nntui run PRESET`).

Everything a user can get wrong on the command line is checked here, before the terminal
switches to the app, so a bad `--set` prints one line on stderr and exits 2 instead of
flashing a screen. Imports stay inside the function: `nntui --help` must not pay for Textual.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _, pick_language, use_language
from nntui.pipeline.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from collections.abc import Mapping

    from nntui.pipeline.request import RunChoices
    from nntui.presets.base import Preset
    from nntui.tui.app import NNTuiApp


def has_terminal() -> bool:
    """Whether the dashboard has a terminal to draw on (stdout or stderr is a tty), or a
    browser (`nntui serve`: textual-serve names Textual's web driver)."""
    return sys.stdout.isatty() or sys.stderr.isatty() or web_driver()


def web_driver() -> bool:
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def run_app(
    *,
    choices: RunChoices | None,
    lang: str | None,
    out: Path | None,
    data_dir: Path | None,
    presets: Mapping[str, Preset] | None = None,
    demo_clock: bool = False,
    fps: float | None = None,
    history: bool = True,
) -> int:
    """Run the TUI, straight into ``choices``' dashboard when given; returns the process
    exit code (0 ok, 2 bad usage).

    The run is resolved as `nntui run --headless` resolves it (`resolve_run`): the same
    checks, the same one-line message on stderr. ``presets``: the catalog the picker offers
    (default: the built-in presets). ``history``: False keeps the runs started in this
    app out of the run history (`--no-history`)."""
    # Inside: `nntui --help` must not pay for the pipeline or Textual (module doc).
    from nntui.core.errors import UserError
    from nntui.pipeline.exit_codes import EXIT_USAGE, say
    from nntui.pipeline.request import prepare_out, resolve_run

    # Now, not when the App starts: a bad argument's message is in the chosen language too.
    # None: the language the command line chose (nntui.cli.app) stays.
    if lang is not None:
        use_language(pick_language(lang))
    request = None
    try:
        if choices is not None:
            request = resolve_run(choices, data_dir=data_dir, presets=presets)
        if not has_terminal():
            raise UserError(_("the dashboard needs a terminal; use "
                              "`nntui run PRESET --headless` instead"))
        # Refuse an unusable --out now, as headless runs do, not at the first export.
        out = prepare_out(out)
    except UserError as exc:
        say(exc)
        return EXIT_USAGE

    # Textual and the App: only once the command line was found good.
    from nntui.tui import terminal
    from nntui.tui.app import NNTuiApp
    from nntui.tui.demo_clock import demo_clock_from_env

    app = NNTuiApp(start=request, lang=lang, out=out,
                   data_dir=data_dir, presets=presets,
                   demo_clock=demo_clock or demo_clock_from_env(), fps=fps,
                   history=history, terminal_mode=terminal.prepare())
    return finish(app, app.run())


def finish(app: NNTuiApp, code: object) -> int:
    """The exit code of an App that returned from ``run()`` (its return code, else what
    ``run()`` gave, else 0). After a real terminal the process ends here, on time
    (`nntui.tui.lifeline.Lifeline.leave`); otherwise the code is returned."""
    if app.return_code not in (None, 0):
        code = app.return_code
    result = int(code or EXIT_OK)  # type: ignore[call-overload]
    app.lifeline.leave(result)
    return result
