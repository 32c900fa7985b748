"""The trainee this app is being used by: a name kept in the settings (the Records menu sets it)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

CURRENT_KEY = "records/trainee"


def current_trainee() -> str:
    """The trainee chosen in this app (kept in the settings), or ``""``."""
    value = QSettings().value(CURRENT_KEY, "")
    return value if isinstance(value, str) else ""
