"""The one exception type the data layer raises for anything a user can fix."""

from __future__ import annotations

from nntui.core.errors import UserError
from nntui.i18n.reasons import os_reason

__all__ = ["DataError", "os_reason"]


class DataError(UserError):
    """One user-facing sentence: what happened and what to do.

    The CLI prints ``str(err)`` on stderr and exits with code 2, so the message must
    stand on its own (no traceback, no "see above"). It is written in the active
    language (nntui.i18n), paths and values as they are.
    """
