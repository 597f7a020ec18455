"""The process exit codes of every `nntui` command (DESIGN.md "Command line")."""

from __future__ import annotations

EXIT_OK = 0  #: the run finished (or the app was quit normally)
EXIT_FAILED = 1  #: the run failed (an unexpected error, every series diverged)
EXIT_USAGE = 2  #: bad usage or bad input: one clear line on stderr, no traceback
EXIT_INTERRUPTED = 130  #: Ctrl-C, as shells report it
EXIT_TERMINATED = 143  #: SIGTERM (128 + 15), as shells report a process killed by it
EXIT_HANGUP = 129  #: SIGHUP (128 + 1): the terminal went away (a dropped SSH link)
