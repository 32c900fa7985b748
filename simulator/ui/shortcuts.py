"""Menu actions with keyboard shortcuts, made cheaply enough for the first window.

``QAction(text, parent, shortcut=...)`` and ``QAction.setShortcut`` make PySide6 build its
whole ``Qt`` namespace of enums (about 20 ms of CPU, more on a busy machine) the first time
they are called; ``setShortcuts`` with a list or a standard key does not. The main window's
menus are built before the first paint, so they use :func:`action`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def action(text: str, parent: QObject, keys: QKeySequence.StandardKey | str | None = None) -> QAction:
    """A QAction showing ``text``, triggered by ``keys`` (a standard key or e.g. ``"Ctrl+T"``)."""
    made = QAction(text, parent)
    if isinstance(keys, str):
        made.setShortcuts([QKeySequence(keys)])
    elif keys is not None:
        made.setShortcuts(keys)
    return made
