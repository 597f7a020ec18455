"""The reason of an OSError, for a user-facing message in the active language.

Here, not in the data layer, so every layer (the CLI's --out checks, experiment files,
exports) can quote it without importing NumPy.
"""

from __future__ import annotations

import errno

from nntui.i18n import N_, _

#: The operating system's reasons a user meets most, so a Japanese message does not quote
#: the English C library text; any other error keeps the system's own words.
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EIO: N_("Input/output error"),
}


def os_reason(exc: BaseException) -> str:
    """The reason of an OSError for a message: the C library's text (as `strerror`, so
    English messages are unchanged) in the active language when it is a common one."""
    code = getattr(exc, "errno", None)
    text = getattr(exc, "strerror", None) or str(exc)
    if code in _OS_REASONS and text == _OS_REASONS[code]:
        return _(_OS_REASONS[code])
    return text
