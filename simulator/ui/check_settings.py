"""How the check before a case is offered (issue 26): a setting a programme may change.

Kept apart from the check's view so the Records menu can show it before the first paint
without loading the scenario models.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

CHECK_KEY = "learning/check_before"
CHECK_MODES = {
    "offer": "Offer the check before each case (it can be skipped)",
    "require": "Require the check before each case",
    "off": "Do not offer the check before the case",
}


def check_mode() -> str:
    """How the check before a case is offered: ``offer`` (the default), ``require`` or ``off``."""
    value = str(QSettings().value(CHECK_KEY, "offer"))
    return value if value in CHECK_MODES else "offer"


def set_check_mode(mode: str) -> None:
    if mode not in CHECK_MODES:
        raise ValueError(mode)
    QSettings().setValue(CHECK_KEY, mode)
