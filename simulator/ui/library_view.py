"""The scenario library: every bundled scenario, with broken files shown and explained.

The frame is built at once (it is part of the first paint); the list is filled afterwards by
:meth:`LibraryView.reload`, which reads the files on a worker thread through the validated-
scenario cache, so an unchanged file is listed without parsing it again.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.views.common import card, label, make_selectable, page

if TYPE_CHECKING:
    from simulator.scenario.cache import Listed as Entry
    from simulator.scenario.cache import ScenarioCache


def discover(folder: Path, cache: ScenarioCache | None = None) -> list[Entry]:
    """Every ``*.yaml`` scenario in ``folder`` (not its sub-folders), listed through ``cache``."""
    from simulator.scenario.cache import ScenarioCache

    return (cache or ScenarioCache(None)).scan(folder)


class LibraryView(QWidget):
    startRequested = Signal(object, str)  # Scenario, path
    resumeRequested = Signal(int)
    filled = Signal()  # the list shows the folder's scenarios (after reload())

    def __init__(self, folder: Path, parent: QWidget | None = None, cache: ScenarioCache | None = None,
                 load: bool = True) -> None:
        super().__init__(parent)
        self.folder = folder
        self.cache = cache
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body, layout = page()
        outer.addWidget(body)
        layout.addWidget(label("Scenario library", "title", selectable=False))
        layout.addWidget(label("Choose a patient. Each case runs from chart review to a cited debrief.",
                               "subtitle", selectable=False))
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Scenarios")
        self.list.setMinimumWidth(360)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemActivated.connect(lambda _i: self._start())
        row.addWidget(self.list, 2)
        frame, self.detail = card()
        self.title = label("", "section", selectable=False)  # all selectable once filled
        self.meta = label("", "muted", selectable=False)
        self.summary = label("", selectable=False)
        self.objectives = label("", rich=True, selectable=False)
        self.errors = label("", "critical", selectable=False)
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
        self._resume_id = 0
        self._unfinished: dict[str, int] = {}
        self.entries: list[Entry] = []
        self.loaded = False
        self._loading = False
        self.list.addItem("Loading the scenario library…")
        self.start_button.setEnabled(False)
        if load:
            self.reload()

    def set_unfinished(self, unfinished: dict[str, int]) -> None:
        """Scenario path → id of the newest unfinished session for it."""
        self._unfinished = unfinished
        self._show(self.list.currentRow())

    def reload(self) -> None:
        """Read (or re-read, Ctrl+R) every scenario in the folder, off the GUI thread."""
        from simulator.ui.worker import background

        if self._loading:
            return
        self._loading = True
        self.loaded = False
        if self.cache is None:
            from simulator.ui.startup import scenario_cache

            self.cache = scenario_cache()
        folder, cache = self.folder, self.cache
        background().run(lambda: discover(folder, cache), self._fill, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self._fill([])
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.summary.setText(f"The scenario library in {self.folder} could not be read ({reason}).")

    def _fill(self, entries: list[Entry]) -> None:
        from PySide6.QtCore import Qt

        self._loading = False
        for widget in self.findChildren(QLabel):  # the frame painted first; now they can be selectable
            make_selectable(widget)
        self.entries = entries
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
            self.start_button.setEnabled(True)
            self.list.setCurrentRow(0)
            self._show(0)
        else:
            self.title.setText("No scenarios found")
            self.summary.setText(f"Put scenario files (*.yaml) in {self.folder}.")
            self.start_button.setEnabled(False)
        self.filled.emit()

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
        from simulator.errors import ProblemsError

        row = self.list.currentRow()
        if not (self.loaded and 0 <= row < len(self.entries)) or self.entries[row].scenario is None:
            return
        entry = self.entries[row]
        try:
            scenario = self.cache.load(entry.path)  # from the cache unless the file changed
        except ProblemsError as exc:
            self.entries[row] = type(entry)(entry.path, None, tuple(str(p) for p in exc.problems))
            self._show(row)
            return
        self.startRequested.emit(scenario, str(entry.path))
