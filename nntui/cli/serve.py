"""`nntui serve`: the dashboard in a web browser, through textual-serve (`nntui[serve]`).

Every browser tab gets its own `python -m nntui …` process, drawn by Textual's web driver.
Binds 127.0.0.1 unless told otherwise: whoever reaches the port can start training runs.
The page is nntui's copy of textual-serve's (serve_templates/): its font comes from the
server itself, so the browser asks nothing of any other host (offline machines, clusters).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from nntui.cli import check_fps, fail
from nntui.i18n import N_, _, language
from nntui.pipeline.exit_codes import say

#: `nntui serve --help` (serve_cmd's docstring, marked for the catalog).
HELP = N_("Serve the dashboard to a web browser (needs `pip install 'nntui[serve]'`).")
#: The page template (app_index.html) textual-serve fills in.
TEMPLATES = Path(__file__).with_name("serve_templates")


def serve_command(preset: str | None, demo_clock: bool, fps: float | None,
                  lang: str = "en") -> str:
    """The shell command textual-serve runs for each browser session (in `lang`, the
    language `nntui serve` speaks, whatever the locale of the browser's process: English
    too, under a Japanese locale)."""
    args = [sys.executable, "-m", "nntui", "--lang", lang]
    if preset is not None:
        args += ["run", preset]
    if demo_clock:
        args.append("--demo-clock")
    if fps is not None:
        args += ["--fps", f"{fps:g}"]
    return shlex.join(args)


def serve_cmd(
    preset: Annotated[str | None, typer.Argument(help=N_("Open this preset's dashboard "
                                                    "(default: the picker)."))] = None,
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port to listen on."))] = 8000,
    demo_clock: Annotated[bool, typer.Option("--demo-clock",
                                             help=N_("Advance by frame."))] = False,
    fps: Annotated[float | None,
                   typer.Option("--fps", help=N_("Cap frames per second."))] = None,
) -> None:
    """Serve the dashboard to a web browser (needs `pip install 'nntui[serve]'`)."""
    if not 1 <= port <= 65535:
        fail(_("--port must be between 1 and 65535 (got {value})").format(value=port))
    check_fps(fps)
    if preset is not None:
        # the catalog and the pipeline load with the command, not with `nntui --help`
        from nntui.presets import get_preset
        from nntui.presets.params import ConfigError

        try:
            get_preset(preset)
        except ConfigError as exc:
            fail(exc)
    try:
        # an optional extra: a missing one is said, not a traceback
        from textual_serve.server import Server
    except ImportError:
        fail(_("serve needs textual-serve: {command}").format(
            command="pip install 'nntui[serve]'"))
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(_("listening on {host}: anyone who reaches it can run nntui").format(host=host))
    shown = f"[{host}]" if ":" in host else host
    say(_("serving on {url} (Ctrl+C stops)").format(url=f"http://{shown}:{port}/"),
        sys.stdout)
    server = Server(serve_command(preset, demo_clock, fps, language()), host=host, port=port,
                    title="nntui", templates_path=TEMPLATES)
    server.serve()
