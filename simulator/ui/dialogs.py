"""The Qt side of :class:`simulator.control.dialogs.Dialogs`: modal message boxes.

Scenario-independent wording only; the text is always shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from simulator.control.dialogs import Choice
from simulator.ui.views.common import Qt  # built on first use, not before the first paint


class QtDialogs:
    """Asks and informs with a modal :class:`QMessageBox` over ``parent``."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

    def ask(self, title: str, text: str, choices: Sequence[Choice]) -> str | None:
        box = self._box(title, text, QMessageBox.Icon.Warning)
        buttons = {}
        for i, choice in enumerate(choices):
            role = QMessageBox.ButtonRole.AcceptRole if i == 0 else QMessageBox.ButtonRole.RejectRole
            button = box.addButton(choice.label, role)
            buttons[button] = choice.id
            if i == 0:
                box.setDefaultButton(button)
            if i == len(choices) - 1:
                box.setEscapeButton(button)  # Esc = the last, most cautious choice
        box.exec()
        return buttons.get(box.clickedButton())

    def inform(self, title: str, text: str, *, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = self._box(title, text, icon)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def save_path(self, title: str, suggested: str, kinds: Sequence[tuple[str, str]]) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        from simulator.ui.views.common import in_documents

        filters = [f"{description} (*.{ext})" for description, ext in kinds]
        # the documents folder, never the folder the app was started from
        start = suggested if Path(suggested).is_absolute() else in_documents(suggested)
        path, chosen = QFileDialog.getSaveFileName(self.parent, title, start, ";;".join(filters))
        if not path:
            return None
        extensions = [ext for _d, ext in kinds]
        if not any(path.lower().endswith(f".{ext}") for ext in extensions):
            ext = extensions[filters.index(chosen)] if chosen in filters else extensions[0]
            path += f".{ext}"
        return path

    def _box(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(self.parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        return box
