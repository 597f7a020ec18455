"""The `nntui` console script and `python -m nntui`.

Bare `nntui` (the usual launch) has nothing to parse, so it opens the picker without
importing the command-line parser: Typer and its vendored click cost 40-100 ms here, out of
a 600 ms first-paint budget (DESIGN.md). Any argument goes through `nntui.cli.app` as usual.
"""

from __future__ import annotations

import sys


def main() -> None:
    if "runs" in sys.argv[1:4]:  # `nntui [--lang X] runs …`
        # The list of past runs without Typer (`nntui.cli.runs_list`: ~3x quicker); any
        # other `runs` command line goes on to Typer below.
        from nntui.cli.runs_list import fast_list

        code = fast_list(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    if len(sys.argv) > 1:
        from nntui.cli.app import main as cli_main  # Typer: only when there is a command

        cli_main()
        return
    # Straight to the picker: none of the command line's modules (see the docstring).
    from nntui.i18n import pick_language, use_language
    from nntui.pipeline.exit_codes import EXIT_INTERRUPTED
    from nntui.pipeline.request import offered

    use_language(pick_language(None))  # the locale's: experiment-file problems included
    from nntui.tui.launch import run_app  # after the language: its messages speak it

    try:
        # The picker offers the user's experiment files after the presets.
        code = run_app(choices=None, lang=None, out=None, data_dir=None,
                       presets=offered(None)[0])
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    sys.exit(code)
