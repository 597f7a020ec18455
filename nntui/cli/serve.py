"""`nntui serve`: the dashboard in a web browser, through textual-serve (`nntui[serve]`).

Every browser tab gets its own `python -m nntui …` process, drawn by Textual's web driver.
Binds 127.0.0.1 unless told otherwise: whoever reaches the port can start training runs.
"""

from __future__ import annotations

import shlex
import sys
from typing import Annotated

import typer

from nntui.i18n import N_, _, language
from nntui.pipeline.exit_codes import EXIT_USAGE

#: `nntui serve --help` (serve_cmd's docstring, marked for the catalog).
HELP = N_("Serve the dashboard to a web browser (needs `pip install 'nntui[serve]'`).")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"nntui: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def serve_command(preset: str | None, demo_clock: bool, fps: float | None,
                  lang: str = "en") -> str:
    """The shell command textual-serve runs for each browser session (in `lang`, the
    language `nntui serve` speaks, whatever the locale of the browser's process)."""
    args = [sys.executable, "-m", "nntui"] + (["--lang", lang] if lang != "en" else [])
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
        raise _fail(_("--port must be between 1 and 65535 (got {value})").format(value=port))
    if fps is not None and not 0.2 <= fps <= 60:
        raise _fail(_("--fps must be between 0.2 and 60 (got {value})").format(
            value=f"{fps:g}"))
    if preset is not None:
        from nntui.pipeline.request import did_you_mean
        from nntui.presets import PRESETS

        if preset not in PRESETS:
            raise _fail(_("unknown preset {name}:{hint} (see `nntui list`)").format(
                name=repr(preset), hint=did_you_mean(preset, PRESETS)))
    try:
        from textual_serve.server import Server
    except ImportError:
        raise _fail(_("serve needs textual-serve: {command}").format(
            command="pip install 'nntui[serve]'")) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo("nntui: " + _("listening on {host}: anyone who reaches it can run nntui")
                   .format(host=host), err=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo("nntui: " + _("serving on {url} (Ctrl+C stops)").format(
        url=f"http://{shown}:{port}/"))
    server = Server(serve_command(preset, demo_clock, fps, language()), host=host, port=port,
                    title="nntui")
    server.serve()
