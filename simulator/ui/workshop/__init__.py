"""The instructor's workshop in the app: live preview, problems panel, inspector and case map.

``preview``: :class:`~simulator.ui.workshop.preview.PreviewWindow` plays a scenario file and
reloads it when it changes on disk. ``problems``, ``inspector`` and ``map_view`` are its docks;
the case map also opens on its own beside a trainee's session (:func:`open_case_map`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from simulator.engine.session import Session


def open_case_map(session: Session, parent: QWidget | None = None) -> QWidget:
    """A window with the map of ``session``'s case that follows the session as it goes."""
    from PySide6.QtCore import Qt

    from simulator.ui.workshop.map_view import CaseMapPanel

    panel = CaseMapPanel(parent)
    panel.setWindowFlag(Qt.WindowType.Window, True)
    panel.setWindowTitle(f"Case map: {session.scenario.title}")
    panel.resize(900, 760)
    panel.follow(session)
    panel.show()
    return panel
