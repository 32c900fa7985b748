"""The scenario library: every bundled scenario, with broken files shown and explained."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from simulator.ui.views.common import card, label, page

if TYPE_CHECKING:
    from simulator.scenario.models import Scenario


@dataclass
class Entry:
    path: Path
    scenario: Scenario | None
    problems: list[str]


def discover(folder: Path) -> list[Entry]:
    """Load every ``*.yaml`` scenario in ``folder`` (not its sub-folders)."""
    from simulator.errors import ProblemsError
    from simulator.scenario.loader import load_scenario

    entries = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            entries.append(Entry(path, load_scenario(path), []))
        except ProblemsError as exc:
            entries.append(Entry(path, None, [str(p) for p in exc.problems]))
    return entries


class LibraryView(QWidget):
    startRequested = Signal(object, str)  # Scenario, path
    resumeRequested = Signal(int)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body, layout = page()
        outer.addWidget(body)
        layout.addWidget(label("Scenario library", "title"))
        layout.addWidget(label("Choose a patient. Each case runs from chart review to a cited debrief.",
                               "subtitle"))
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Scenarios")
        self.list.setMinimumWidth(360)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemActivated.connect(lambda _i: self._start())
        row.addWidget(self.list, 2)
        frame, self.detail = card()
        self.title = label("", "section")
        self.meta = label("", "muted")
        self.summary = label("")
        self.objectives = label("", rich=True)
        self.errors = label("", "critical")
        self.errors.hide()
        for w in (self.title, self.meta, self.summary, self.objectives, self.errors):
            self.detail.addWidget(w)
        self.detail.addStretch(1)
        buttons = QHBoxLayout()
        self.resume_button = QPushButton("Resume unfinished session")
        self.resume_button.hide()
        self.resume_button.clicked.connect(lambda: self.resumeRequested.emit(self._resume_id))
        self.start_button = QPushButton("Start session")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self._start)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.start_button)
        self.detail.addLayout(buttons)
        row.addWidget(frame, 3)
        layout.addLayout(row, 1)
        QShortcut(QKeySequence("Ctrl+R"), self, activated=self.reload)
        self._resume_id = 0
        self._unfinished: dict[str, int] = {}
        self.entries: list[Entry] = []
        self.loaded = False
        self.reload()

    def set_unfinished(self, unfinished: dict[str, int]) -> None:
        """Scenario path → id of the newest unfinished session for it."""
        self._unfinished = unfinished
        self._show(self.list.currentRow())

    def reload(self) -> None:
        """Load (or reload, Ctrl+R) every scenario in the folder."""
        self.loaded = False
        self.entries = discover(self.folder)
        self.list.clear()
        for entry in self.entries:
            if entry.scenario is not None:
                s = entry.scenario
                text = f"{s.title}\n{s.patient.name}, {s.patient.age} · {s.level} · ~{s.minutes} min"
            else:
                text = f"⚠ {entry.path.name}\nCannot be opened: {len(entry.problems)} problem(s)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            self.list.addItem(item)
        self.loaded = True
        if self.entries:
            self.list.setCurrentRow(0)
            self._show(0)
        else:
            self.title.setText("No scenarios found")
            self.summary.setText(f"Put scenario files (*.yaml) in {self.folder}.")
            self.start_button.setEnabled(False)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        s = entry.scenario
        self.errors.setVisible(s is None)
        self.start_button.setEnabled(s is not None)
        if s is None:
            self.title.setText(entry.path.name)
            self.meta.setText("This file has problems and cannot be played:")
            self.summary.setText("")
            self.objectives.setText("")
            self.errors.setText("\n".join(entry.problems[:20]))
            self.resume_button.hide()
            return
        self.title.setText(s.title)
        self.meta.setText(f"{s.patient.name}, {s.patient.age} · {s.level} · about {s.minutes} minutes")
        self.summary.setText(s.summary)
        self.objectives.setText("<b>You will practise</b><ul>" + "".join(
            f"<li>{html.escape(o)}</li>" for o in s.objectives) + "</ul>")
        resume = self._unfinished.get(str(entry.path))
        self.resume_button.setVisible(resume is not None)
        self._resume_id = resume or 0

    def _start(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries) and self.entries[row].scenario is not None:
            entry = self.entries[row]
            self.startRequested.emit(entry.scenario, str(entry.path))
