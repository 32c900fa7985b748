"""The Records menu: who is training, their progress, the PDF report, the cohort, the LRS.

One object the main window creates and calls at two moments (a session started, a session
finished); everything about trainees, reports and results lives here and in the records
package, so the main window stays a frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

# The records package (sqlite3, json, datetime...) is imported on use, not before the first paint.
from simulator.ui import shortcuts  # cheap shortcuts: the menus are built before the first paint
from simulator.ui.report_dialog import save_report_dialog
from simulator.ui.trainee import CURRENT_KEY, current_trainee
from simulator.ui.views.common import bring_up

if TYPE_CHECKING:
    from simulator.records.store import SessionStore

FIRST_SEND_MS = 3000  # after start-up, so the first paint is not delayed
RETRY_MS = 5 * 60 * 1000


class LrsDialog(QDialog):
    """Where results are sent: a programme's learning record store (xAPI), or nowhere."""

    def __init__(self, parent: QWidget | None = None, store: SessionStore | None = None) -> None:
        from PySide6.QtWidgets import QFormLayout, QLineEdit

        from simulator.records.xapi import XapiConfig
        from simulator.ui.lrs_sync import lrs_config, outbox_summary, xapi_base

        super().__init__(parent)
        self.setWindowTitle("Learning record store")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Finished sessions are sent as xAPI statements to your programme's learning record store. "
            "Leave the address empty to keep results on this computer only. Statements wait in an outbox "
            "while the store cannot be reached and are sent once, when it can."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        config = lrs_config()
        self.endpoint = QLineEdit(config.endpoint if config else "")
        self.endpoint.setPlaceholderText("https://lrs.example.org/xAPI")
        self.username = QLineEdit(config.username if config else "")
        self.password = QLineEdit(config.password if config else "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Address", self.endpoint)
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        self.activity_base = QLineEdit(xapi_base())
        self.activity_base.setPlaceholderText(XapiConfig().base)
        self.activity_base.setToolTip(
            "The start of the activity IRIs in the statements (your programme's own)"
        )
        form.addRow("Activity &IRIs", self.activity_base)
        layout.addLayout(form)
        from simulator.ui.lrs_sync import secrets

        self.password_place = QLabel(f"The password is kept in {secrets().where()}.")
        self.password_place.setWordWrap(True)
        self.password_place.setProperty("role", "muted")
        layout.addWidget(self.password_place)
        self.outbox_state = QLabel(outbox_summary(store))
        self.outbox_state.setWordWrap(True)
        self.outbox_state.setProperty("role", "muted")
        layout.addWidget(self.outbox_state)
        self.error = QLabel("")
        self.error.setProperty("role", "critical")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)

    def _save(self) -> None:
        from simulator.records.store import StoreError
        from simulator.ui.lrs_sync import save_lrs_config

        try:
            save_lrs_config(
                self.endpoint.text(), self.username.text(), self.password.text(), self.activity_base.text()
            )
        except StoreError as exc:
            self.error.setText(str(exc).capitalize() + ".")
            self.error.show()
            return
        self.accept()


class TraineeDialog(QDialog):
    """Pick a trainee profile or type a new name. No password: profiles are names only."""

    chosen = Signal(str)

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is training?")
        self.setMinimumWidth(440)
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
        from simulator.records import trainees
        from simulator.records.store import StoreError

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
        bar = window.menuBar()
        menu = QMenu("&Records", bar)
        existing = bar.actions()
        if existing:
            bar.insertMenu(existing[-1], menu)  # before Help
        else:
            bar.addMenu(menu)
        self.choose_action = shortcuts.action("&Who is training…", self, "Ctrl+Shift+W")
        self.choose_action.triggered.connect(self.choose_trainee)
        self.progress_action = shortcuts.action("My &progress…", self, "Ctrl+Shift+P")
        self.progress_action.triggered.connect(self.show_progress)
        self.report_action = shortcuts.action("Save &report as PDF…", self, "Ctrl+Shift+R")
        self.report_action.triggered.connect(self.save_report)
        self.export_action = QAction("&Export results…", self)
        self.export_action.setToolTip("Your finished attempts as a CSV file (for a spreadsheet) or JSON")
        self.export_action.triggered.connect(lambda: self.export_results())
        self.cohort_action = shortcuts.action("&Cohort results…", self, "Ctrl+Shift+K")
        self.cohort_action.triggered.connect(self.show_cohort)
        self.lrs_action = QAction("&Learning record store…", self)
        self.lrs_action.triggered.connect(self.configure_lrs)
        for action in (self.choose_action, self.progress_action, self.report_action, self.export_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.cohort_action)
        menu.addAction(self.lrs_action)
        menu.addSeparator()
        self.check_menu = menu.addMenu("Check &before each case")
        self._check_group = QActionGroup(self)
        from simulator.ui.check_settings import CHECK_MODES, check_mode, set_check_mode

        for mode, text in CHECK_MODES.items():
            item = QAction(text, self._check_group)
            item.setCheckable(True)
            item.setChecked(mode == check_mode())
            item.triggered.connect(lambda _checked=False, m=mode: set_check_mode(m))
            self.check_menu.addAction(item)
        self.attach_store(store)
        self._show_trainee()
        # results that could not be sent last time go when the app is back (and every few minutes)
        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.send_results)
        self.retry.start()
        QTimer.singleShot(FIRST_SEND_MS, self.send_results)

    def attach_store(self, store: SessionStore | None) -> None:
        """Read and write ``store``: the entries that need it are enabled with it, and only
        here (the app opens its store after the first paint, so the menu is built without it)."""
        self.store = store
        for action in (self.choose_action, self.progress_action, self.lrs_action, self.export_action):
            action.setEnabled(store is not None)

    # ------------------------------------------------------------ trainee

    @property
    def trainee(self) -> str:
        return current_trainee()

    def set_trainee(self, name: str) -> None:
        """Make ``name`` the current trainee (creating the profile)."""
        from simulator.records import trainees
        from simulator.records.store import StoreError

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
        from simulator.records import trainees

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

    def results_xapi(self):
        """Statement settings for a session's controller when results go to a learning record
        store (it queues them at the finish); None when they stay on this computer."""
        from simulator.ui.lrs_sync import lrs_config, xapi_config

        return xapi_config() if self.store is not None and lrs_config() is not None else None

    def session_finished(self, view: QWidget) -> None:
        """A session reached its debrief: its controller kept the result and queued it; say if that
        failed, then send what waits."""
        note = getattr(getattr(view, "controller", None), "finish_note", "")
        if note:
            self.window.statusBar().showMessage(note)
        self.send_results()

    def send_results(self):
        """Queue finished sessions and send what waits (only when an LRS is configured)."""
        from simulator.ui.lrs_sync import queue_and_send

        return queue_and_send(self.window, self.store)

    def configure_lrs(self) -> LrsDialog:
        dialog = LrsDialog(self.window, self.store)
        dialog.accepted.connect(self.send_results)
        dialog.open()
        self.lrs_dialog = dialog
        return dialog

    # ------------------------------------------------------------ views

    def show_progress(self) -> None:
        from simulator.ui.views.progress_view import ProgressView

        if self.store is None:
            return
        if self.progress is None:
            self.progress = ProgressView(self.store, self.window)
        self.progress.load(self.trainee)
        bring_up(self.progress)

    def show_cohort(self) -> None:
        from simulator.ui.views.cohort_view import CohortView

        if self.cohort is None:
            self.cohort = CohortView(self.window, self.store)  # reads the sessions saved here
        bring_up(self.cohort)

    def export_results(self, path: str | None = None) -> str | None:
        """Write the finished attempts saved here (the current trainee's, or everyone's when no
        trainee is chosen) as CSV or JSON, by the file's extension; asks where unless ``path``
        is given. The path written, or None."""
        from simulator.control.results import stored_records
        from simulator.records.export import ResultsError, write
        from simulator.records.store import StoreError

        if self.store is None:
            return None
        trainee = self.trainee or None
        if path is None:
            kinds = (("Results for a spreadsheet (CSV)", "csv"), ("Results as JSON", "json"))
            path = self.window.dialogs.save_path("Export results", f"{trainee or 'all'}-results.csv", kinds)
            if path is None:
                return None
        try:
            records, _skipped = stored_records(self.store, trainee=trainee)
            write(records, "json" if path.lower().endswith(".json") else "csv", path)
        except (ResultsError, StoreError, OSError) as exc:
            self.window.dialogs.inform("Results not exported", str(exc), warning=True)
            return None
        self.window.statusBar().showMessage(f"{len(records)} results saved to {path}", 15000)
        return path

    def save_report(self, path: str | None = None) -> str | None:
        """Write the debrief on screen as a PDF (asks where unless ``path`` is given)."""
        from simulator.records.store import StoreError
        from simulator.ui.views.debrief_view import DebriefView

        view = getattr(self.window, "session_view", None)
        debrief_view = getattr(view, "view", None)
        if not isinstance(debrief_view, DebriefView):
            QMessageBox.information(
                self.window, "No report yet", "The report is ready once a session reaches its debrief."
            )
            return None
        trainee = None
        session_id = session_id_of(view)
        if self.store is not None and session_id is not None:
            try:
                trainee = self.store.session(session_id).trainee
            except StoreError:
                trainee = None
        return save_report_dialog(self.window, debrief_view.debrief, trainee=trainee, path=path)


def session_id_of(view: object) -> int | None:
    """The stored session a session view shows (on the view, or on its controller)."""
    for owner in (view, getattr(view, "controller", None)):
        value = getattr(owner, "session_id", None)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None
