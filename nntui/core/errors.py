"""The one error type for anything the user can fix, at the bottom of the package.

A bad setting, a bad file, an unusable folder, a dataset that cannot be read, an
unreachable cluster: each raises a `UserError` (or `ConfigError`, `DataError`, which say
which part was wrong) whose message is one sentence in the active language, saying what
happened and what to do. Every front end catches `UserError` alone and shows it one way:
one line on stderr and exit code 2 (`nntui.cli.fail`), a notice in the dashboard.
"""

from __future__ import annotations


class UserError(ValueError):
    """Input the user gave cannot be used; ``str()`` is the one line they read."""
