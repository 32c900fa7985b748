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
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.views.common import card, label, make_selectable, page, wrap_items

if TYPE_CHECKING:
    from simulator.records.history import CaseAttempts, SavedSession
    from simulator.scenario.cache import Listed as Entry
    from simulator.scenario.cache import ScenarioCache


def discover(folder: Path, cache: ScenarioCache | None = None) -> list[Entry]:
    """Every ``*.yaml`` scenario in ``folder`` (not its sub-folders), listed through ``cache``."""
    from simulator.scenario.cache import ScenarioCache

    return (cache or ScenarioCache(None)).scan(folder)


class LibraryView(QWidget):
    startRequested = Signal(object, str)  # Scenario, path
    resumeRequested = Signal(int)  # a saved session's id
    filled = Signal()  # the list shows the folder's scenarios (after reload())
    startSuggested = Signal(object, str, object)  # Scenario, path, seed (a patient not met before)

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
        # What to practise next, from what this trainee missed (issue 26); hidden until there is one.
        suggestion_row = QHBoxLayout()
        self.suggestion = label("", selectable=False)
        self.suggestion.setAccessibleName("Suggested next case")
        self.suggest_button = QPushButton("&Practise the suggested case")
        self.suggest_button.clicked.connect(self._start_suggested)
        suggestion_row.addWidget(self.suggestion, 1)
        suggestion_row.addWidget(self.suggest_button)
        layout.addLayout(suggestion_row)
        self.suggestion.hide()
        self.suggest_button.hide()
        self._suggested: tuple[str, int | None] | None = None  # (path, seed)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Scenarios")
        self.list.setMinimumWidth(300)
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
        # The trainee's saved sessions of this case: date, step reached, score; resume from here.
        self.history_title = label("Your sessions", "section", selectable=False)
        self.history_summary = label("", "muted", selectable=False)
        self.history_summary.setAccessibleName("Your attempts at this case")
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Saved sessions of this case")
        self.sessions.setToolTip("Enter resumes the selected unfinished session")
        self.sessions.currentRowChanged.connect(lambda _r: self._sync_resume())
        self.sessions.itemActivated.connect(lambda _i: self._resume())
        # the case's text scrolls inside the card at large text sizes; the buttons stay in view
        scroll = QScrollArea()
        scroll.setObjectName("plain")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setProperty("horizontalScrollBarPolicy", 1)  # always off; no Qt namespace before first paint
        inner = QWidget()
        inner.setObjectName("cardbody")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 6, 0)
        for w in (self.title, self.meta, self.summary, self.objectives, self.errors,
                  self.history_title, self.history_summary, self.sessions):
            column.addWidget(w)
        column.addStretch(1)
        scroll.setWidget(inner)
        self.detail.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.resume_button = QPushButton("Res&ume selected session")  # Alt+R is the Records menu
        self.resume_button.hide()
        self.resume_button.clicked.connect(self._resume)
        self.start_button = QPushButton("&Start new session")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self._start)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.start_button)
        self.detail.addLayout(buttons)
        row.addWidget(frame, 3)
        layout.addLayout(row, 1)
        self._history: dict[str, CaseAttempts] = {}
        self._history_who = ""
        self._wrapping = False
        self.entries: list[Entry] = []
        self.loaded = False
        self._loading = False
        self.list.addItem("Loading the scenario library…")
        self.start_button.setEnabled(False)
        if load:
            self.reload()

    def set_history(self, cases: dict[str, CaseAttempts], trainee: str = "") -> None:
        """The saved sessions per scenario path (``trainee``'s, or everyone's when "")."""
        self._history = cases
        self._history_who = trainee
        self._show(self.list.currentRow())

    def set_suggestion(self, text: str, path: str | None = None, seed: int | None = None) -> None:
        """Show what to practise next and why ("" hides it); the button starts that case."""
        self._suggested = (path, seed) if text and path else None
        self.suggestion.setText(f"Suggested next: {text}" if text else "")
        self.suggestion.setVisible(bool(text))
        self.suggest_button.setVisible(bool(text and path))

    def _start_suggested(self) -> None:
        from simulator.errors import ProblemsError

        if self._suggested is None or self.cache is None:
            return
        path, seed = self._suggested
        try:
            scenario = self.cache.load(Path(path))
        except ProblemsError:
            self.set_suggestion("")
            return
        self.startSuggested.emit(scenario, path, seed)

    def reload(self) -> None:
        """Read (or re-read, Ctrl+R) every scenario in the folder, off the GUI thread."""
        from simulator.ui.worker import background

        if self._loading:
            return
        self._loading = True
        self.loaded = False
        if self.cache is None:
            from simulator.ui.locations import scenario_cache

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
        if not self._wrapping:  # long titles and session lines wrap instead of being cut
            self._wrapping = True
            wrap_items(self.list)
            wrap_items(self.sessions)
            # the buttons' icons come from the theme by object name; set after the first paint,
            # so the SVG reader is not loaded before it
            from simulator.ui.resources import restyle

            for button, name in ((self.start_button, "startButton"), (self.resume_button, "resumeButton")):
                button.setObjectName(name)
                restyle(button)
        for widget in self.findChildren(QLabel):  # the frame painted first; now they can be selectable
            make_selectable(widget)
        self.entries = entries
        self.list.clear()
        for entry in self.entries:
            if entry.scenario is not None:
                s = entry.scenario
                text = f"{s.title}\n{who(s, short=True)} · {s.level} · ~{s.minutes} min"
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
            self._show_history(None)
            return
        self.title.setText(s.title)
        self.meta.setText(f"{who(s)} · {s.level} · about {s.minutes} minutes")
        self.summary.setText(s.summary)
        self.objectives.setText("<b>You will practise</b><ul>" + "".join(
            f"<li>{html.escape(o)}</li>" for o in s.objectives) + "</ul>")
        self._show_history(self._history.get(str(entry.path)))

    # ------------------------------------------------------------ saved sessions

    def _show_history(self, case: CaseAttempts | None) -> None:
        self.sessions.clear()
        self._listed: list[SavedSession] = []
        playable = 0 <= self.list.currentRow() < len(self.entries) and \
            self.entries[self.list.currentRow()].scenario is not None
        for w in (self.history_title, self.history_summary):
            w.setVisible(playable)
        self.history_title.setText("Your sessions" if self._history_who else "Sessions on this computer")
        if case is None or not case.sessions:
            self.history_summary.setText("No saved sessions of this case yet.")
            self.sessions.hide()
            self.resume_button.hide()
            return
        n = case.attempts
        parts = [f"{n} attempt{'s' if n != 1 else ''}", f"{case.finished} finished"]
        best = case.best
        if best is not None:
            r = best.record
            parts.append(f"best score {r.score} / {r.max_score} ({best.percent}%)")
        self.history_summary.setText(" · ".join(parts))
        for saved in case.sessions:
            self._listed.append(saved)
            self.sessions.addItem(session_line(saved))
        self.sessions.show()
        self._fit_sessions()
        resumable = case.newest_unfinished
        self.resume_button.setVisible(resumable is not None)
        self.sessions.setCurrentRow(self._listed.index(resumable) if resumable is not None else 0)
        self._sync_resume()

    def _fit_sessions(self) -> None:
        """As tall as its rows, up to four, so the card holds no empty box."""
        self.sessions.doItemsLayout()
        rows = [self.sessions.sizeHintForRow(r) for r in range(min(self.sessions.count(), 4))]
        self.sessions.setFixedHeight(sum(rows) + 2 * self.sessions.frameWidth() + 2)

    def selected_session(self) -> SavedSession | None:
        row = self.sessions.currentRow()
        listed = getattr(self, "_listed", [])
        return listed[row] if 0 <= row < len(listed) else None

    def _sync_resume(self) -> None:
        saved = self.selected_session()
        self.resume_button.setEnabled(
            saved is not None and not saved.record.finished and saved.record.action_count > 0
        )

    def _resume(self) -> None:
        saved = self.selected_session()
        if saved is not None and not saved.record.finished and saved.record.action_count:
            self.resumeRequested.emit(saved.record.id)

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


def session_line(saved: SavedSession) -> str:
    """One saved session in plain words: when it started, and its score or the step it is at."""
    from simulator.scenario.phases import PHASES  # not the vocabulary: ruamel and lark with it

    r = saved.record
    when = _when(r.started_at)
    if r.finished:
        return f"{when} · finished · {r.score} / {r.max_score} ({saved.percent}%)"
    if not r.action_count:
        return f"{when} · not started"
    step = PHASES[min(saved.advances, len(PHASES) - 2)][1]
    actions = f"{r.action_count} action{'s' if r.action_count != 1 else ''}"
    return f"{when} · unfinished, at {step.lower()} · {actions} saved"


def _when(stamp: str) -> str:
    """An ISO time stamp (UTC) as a local date and time a reader scans easily: 1 Dec 2026, 22:10."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp or "unknown date"
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')}"


def who(listing, short: bool = False) -> str:
    """The patient as the library names them: one person, or how many a retry can meet."""
    if listing.patients > 1:
        return f"One of {listing.patients} patients" + ("" if short else " (each attempt meets another)")
    return f"{listing.patient.name}, {listing.patient.age}"
