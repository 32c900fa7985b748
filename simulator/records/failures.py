"""The records' error for the user, and a process check: shared by the store and its recovery."""

from __future__ import annotations

import os


class StoreError(Exception):
    """The store cannot be used or an operation on it failed; ``str()`` is for the user.

    ``corrupt`` is true when the file is damaged or is not a session store at all: then
    :meth:`SessionStore.open_or_recover` can move it aside and start afresh.
    """

    def __init__(self, message: str, *, corrupt: bool = False, busy: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.corrupt = corrupt
        self.busy = busy
        """Another process holds the store's write lock (it is migrating or recovering it): try again."""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when it cannot tell)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) is not a probe there: rely on the heartbeat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or cannot tell: assume alive
    return True
