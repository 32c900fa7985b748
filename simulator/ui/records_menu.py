"""The Records menu: who is training, their progress, the PDF report, the cohort, the LRS.

One object the main window creates and calls at two moments (a session started, a session
finished); everything about trainees, reports and results lives here and in the records
package, so the main window stays a frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from simulator.records import trainees
from simulator.records.store import StoreError

if TYPE_CHECKING:
    from simulator.records.store import SessionStore
    from simulator.ui.session_view import SessionView

CURRENT_KEY = "records/trainee"


def current_trainee() -> str:
    """The trainee chosen in this app (kept in the settings), or ``""``."""
    value = QSettings().value(CURRENT_KEY, "")
    return value if isinstance(value, str) else ""


class TraineeDialog(QDialog):
    """Pick a trainee profile or type a new name. No password: profiles are names only."""

    chosen = Signal(str)

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is training?")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose your name, or type a new one. Only the name is kept, on this computer, "
            "with your sessions; never any patient data."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.names = QComboBox()
        self.names.setEditable(True)
        self.names.addItems(names)
        self.names.setCurrentText(current)
        self.names.setAccessibleName("Trainee name")
        label = QLabel("&Name")
        label.setBuddy(self.names)
        layout.addWidget(label)
        layout.addWidget(self.names)
        self.error = QLabel("")
        self.error.setProperty("role", "critical")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            name = trainees.clean_name(self.names.currentText())
        except StoreError as exc:
            self.error.setText(str(exc).capitalize() + ".")
            self.error.show()
            return
        self.chosen.emit(name)
        self.accept()


class RecordsMenu(QObject):
    """Installs the Records menu on ``window`` and keeps the chosen trainee."""

    traineeChanged = Signal(str)

    def __init__(self, window: QMainWindow, store: SessionStore | None) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.progress = None
        self.cohort = None
        self.dialog: TraineeDialog | None = None
        menu = window.menuBar().addMenu("&Records")
        self.choose_action = QAction("&Who is training…", self, shortcut=QKeySequence("Ctrl+Shift+W"))
        self.choose_action.triggered.connect(self.choose_trainee)
        self.progress_action = QAction("My &progress…", self, shortcut=QKeySequence("Ctrl+Shift+P"))
        self.progress_action.triggered.connect(self.show_progress)
        self.report_action = QAction("Save &report as PDF…", self, shortcut=QKeySequence("Ctrl+Shift+R"))
        self.report_action.triggered.connect(self.save_report)
        self.cohort_action = QAction("&Cohort results…", self, shortcut=QKeySequence("Ctrl+Shift+K"))
        self.cohort_action.triggered.connect(self.show_cohort)
        for action in (self.choose_action, self.progress_action, self.report_action, self.cohort_action):
            menu.addAction(action)
        for action in (self.choose_action, self.progress_action):
            action.setEnabled(store is not None)
        self._show_trainee()

    # ------------------------------------------------------------ trainee

    @property
    def trainee(self) -> str:
        return current_trainee()

    def set_trainee(self, name: str) -> None:
        """Make ``name`` the current trainee (creating the profile)."""
        if self.store is not None:
            try:
                trainees.add(self.store, name)
            except StoreError as exc:
                QMessageBox.warning(self.window, "Trainee not saved", str(exc))
                return
        QSettings().setValue(CURRENT_KEY, name)
        self._show_trainee()
        self.traineeChanged.emit(name)

    def choose_trainee(self) -> TraineeDialog:
        """Open the trainee dialog (window-modal, does not block)."""
        names = [t.name for t in trainees.all_trainees(self.store)] if self.store is not None else []
        self.dialog = TraineeDialog(names, self.trainee, self.window)
        self.dialog.chosen.connect(self.set_trainee)
        self.dialog.open()
        return self.dialog

    def _show_trainee(self) -> None:
        name = self.trainee
        self.window.statusBar().showMessage(
            f"Training as {name}" if name else "No trainee chosen (Records menu)"
        )

    # ------------------------------------------------------------ session hooks

    def session_started(self, view: SessionView) -> None:
        """A new session began: it belongs to the current trainee."""
        name = self.trainee
        if name and self.store is not None and view.session_id is not None:
            try:
                trainees.assign(self.store, view.session_id, name)
            except StoreError as exc:
                QMessageBox.warning(self.window, "Trainee not recorded", str(exc))

    def session_finished(self, view: SessionView) -> None:
        """A session reached its debrief: queue it for the learning record store, if one is set."""
        from simulator.ui.lrs_sync import queue_and_send

        queue_and_send(self.window, self.store)

    # ------------------------------------------------------------ views

    def show_progress(self) -> None:
        from simulator.ui.views.progress_view import ProgressView

        if self.store is None:
            return
        if self.progress is None:
            self.progress = ProgressView(self.store, self.window)
        self.progress.load(self.trainee)
        self.progress.show()
        self.progress.raise_()

    def show_cohort(self) -> None:
        from simulator.ui.views.cohort_view import CohortView

        if self.cohort is None:
            self.cohort = CohortView(self.window)
        self.cohort.show()
        self.cohort.raise_()

    def save_report(self, path: str | None = None) -> str | None:
        """Write the debrief on screen as a PDF (asks where unless ``path`` is given)."""
        from simulator.ui.report_pdf import ReportError, write_report
        from simulator.ui.views.debrief_view import DebriefView

        view = getattr(self.window, "session_view", None)
        debrief_view = getattr(view, "view", None)
        if not isinstance(debrief_view, DebriefView):
            QMessageBox.information(
                self.window, "No report yet", "The report is ready once a session reaches its debrief."
            )
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Save report", f"{debrief_view.debrief.scenario_id}-report.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        try:
            write_report(debrief_view.debrief, path, trainee=self.trainee)
        except ReportError as exc:
            QMessageBox.warning(self.window, "Report not saved", str(exc))
            return None
        self.window.statusBar().showMessage(f"Report saved to {path}")
        return path
