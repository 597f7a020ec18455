"""The process exit codes of every `nntui` command (DESIGN.md "Command line"), and `say`,
the one way a command writes a line for the user on stderr."""

from __future__ import annotations

import sys
from typing import TextIO

EXIT_OK = 0  #: the run finished (or the app was quit normally)
EXIT_FAILED = 1  #: the run failed (an unexpected error, every series diverged)
EXIT_USAGE = 2  #: bad usage or bad input: one clear line on stderr, no traceback
EXIT_INTERRUPTED = 130  #: Ctrl-C, as shells report it
EXIT_TERMINATED = 143  #: SIGTERM (128 + 15), as shells report a process killed by it
EXIT_HANGUP = 129  #: SIGHUP (128 + 1): the terminal went away (a dropped SSH link)


def say(message: object, file: TextIO | None = None) -> None:
    """``nntui: message`` on stderr (or ``file``): a user error (`UserError`'s text), a
    failure, a warning or a note. The only place the prefix is written."""
    print(f"nntui: {message}", file=file or sys.stderr, flush=True)
