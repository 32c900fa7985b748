"""The main window: library or a session, a menu with shortcuts, and the session store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget

from simulator.control.dialogs import Dialogs
from simulator.errors import ProblemsError
from simulator.ui import shortcuts  # cheap shortcuts: the menus are built before the first paint
from simulator.ui.dialogs import QtDialogs
from simulator.ui.library_view import LibraryView
from simulator.ui.records_menu import RecordsMenu
from simulator.ui.views.common import bring_up

if TYPE_CHECKING:  # the session views and the scenario loader are imported when first needed
    from simulator.control.controller import SessionController
    from simulator.records.store import SessionStore
    from simulator.scenario.models import Scenario
    from simulator.ui.session_view import SessionView


class MainWindow(QMainWindow):
    def __init__(
        self, scenarios: Path, store: SessionStore | None, notice: str | None = None,
        dialogs: Dialogs | None = None, load_library: bool = True,
    ) -> None:
        super().__init__()
        if load_library:  # (the fast start, load_library=False, installs it after the first paint)
            from simulator.ui.widgets.wheel import install_wheel_policy

            install_wheel_policy()  # every value field of every window: the wheel only when focused
        self.setWindowTitle("Opioid Care Simulator")
        self.resize(*_first_size())
        self.store = store
        self.dialogs: Dialogs = dialogs or QtDialogs(self)
        """Every question or notice to the user goes through this (a test can replace it)."""
        self.notice = notice
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.library = LibraryView(scenarios, load=load_library)  # start-up fills it after the first paint
        self.library.startRequested.connect(self.start)
        self.library.startSuggested.connect(self.start)
        self.library.filled.connect(self._refresh_suggestion)
        self.library.resumeRequested.connect(self.resume)
        self.stack.addWidget(self.library)
        self.session_view: SessionView | None = None
        self.tools = None
        self.review_window = None
        self.help_window = None
        self.setMinimumSize(1000, 680)
        self._menus()
        self.records = RecordsMenu(self, store)  # trainees, progress, PDF report, cohort, LRS
        self.records.traineeChanged.connect(lambda _name: self._refresh_unfinished())
        self._refresh_unfinished()

    def attach_store(self, store: SessionStore | None, notice: str | None = None) -> None:
        """Save sessions in ``store`` (start-up opens it after the first paint); ``notice`` is
        shown by :meth:`show_notice` with anything else there is to say."""
        self.store = store
        self.records.attach_store(store)
        if notice:
            self.notice = f"{self.notice}\n\n{notice}" if self.notice else notice
        self._refresh_unfinished()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = shortcuts.action("&Open scenario file…", self, QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._open_file)
        library = shortcuts.action("Back to &library", self, "Ctrl+Shift+L")
        library.triggered.connect(self.show_library)
        quit_action = shortcuts.action("&Quit", self, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        # the instructor's workshop (simulator.ui.workshop): preview with reload, and the case map
        preview = shortcuts.action("Open scenario file for pre&view…", self, "Ctrl+Shift+O")
        preview.triggered.connect(self._open_preview)
        reload_action = shortcuts.action("&Reload", self, None)
        reload_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F5")])
        reload_action.triggered.connect(self.reload)
        case_map = shortcuts.action("Case &map", self, "Ctrl+M")
        case_map.triggered.connect(self.show_case_map)
        self.previews: list = []
        self.case_map_window = None
        for action in (open_action, preview, reload_action, case_map, library, quit_action):
            file_menu.addAction(action)
        from simulator.ui.view_menu import ViewMenu

        self.view_menu = ViewMenu(self)
        self.contrast_action = self.view_menu.contrast_action
        tools_menu = self.menuBar().addMenu("&Tools")
        tools = shortcuts.action("&Clinical tools…", self, "Ctrl+T")
        tools.triggered.connect(self.show_tools)
        tools_menu.addAction(tools)
        chart = shortcuts.action("Patient &chart (read-only)", self, "Ctrl+Shift+C")
        chart.triggered.connect(lambda: self.review("chart"))
        self.view_menu.menu.addSeparator()
        self.view_menu.menu.addAction(chart)
        help_menu = self.menuBar().addMenu("&Help")
        guide = QAction("&Getting started", self)
        guide.triggered.connect(self.show_guide)
        # F1 answers "which key does what?" at any step; the guide is one menu entry away
        keys = shortcuts.action("&Keyboard shortcuts", self, QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.show_keys)
        about = QAction("&About", self)
        about.triggered.connect(self._about)
        for action in (guide, keys, about):
            help_menu.addAction(action)

    def set_high_contrast(self, on: bool) -> None:
        """Switch to the high-contrast theme (or back to light) and remember the choice."""
        self.view_menu.set_theme("high-contrast" if on else "light")

    def show_guide(self) -> None:
        """The first-run guide (Help menu; shown once at the first start)."""
        from simulator.ui.help import GUIDE, HelpWindow, mark_first_run_done

        self.help_window = HelpWindow("Getting started", GUIDE, self)
        bring_up(self.help_window)
        mark_first_run_done()

    def show_keys(self) -> None:
        """The keyboard sheet (F1)."""
        from simulator.ui.help import HelpWindow, keyboard_sheet

        self.help_window = HelpWindow("Keyboard shortcuts", keyboard_sheet(), self)
        bring_up(self.help_window)

    def review(self, phase: str) -> None:
        """Open an earlier phase of the current session read-only (the chart at any phase)."""
        view = self.session_view
        if view is None or self.stack.currentWidget() is not view:
            self.statusBar().showMessage("Start or resume a session to see its chart.", 4000)
            return
        from simulator.ui.review import ReviewWindow

        if self.review_window is not None:  # one review at a time; the one it replaces is freed
            self.review_window.close()
            self.review_window.deleteLater()
        self.review_window = ReviewWindow(view.session, phase, self)
        bring_up(self.review_window)

    def show_tools(self) -> None:
        """Open (or raise) the clinical tools window; it stays open beside the session."""
        from simulator.ui.tools_panel import ClinicalTools

        if self.tools is None:
            self.tools = ClinicalTools(self)
        bring_up(self.tools)

    def show_notice(self) -> None:
        """Tell the user, in a modal dialog, what happened to the session history at start."""
        if self.notice:
            title = "Sessions will not be saved" if self.store is None else "Session history"
            self.dialogs.inform(title, self.notice, warning=True)
            self.notice = None

    def start(self, scenario: Scenario, path: str, seed: int | None = None) -> None:
        from simulator.control.controller import SessionController

        records = self.records
        controller = SessionController.start(
            scenario, path, self.store, self.dialogs, seed=seed, trainee=records.trainee,
            xapi=records.results_xapi(),
        )
        if controller is not None:
            self._show_session(controller)

    def resume(self, session_id: int) -> None:
        if self.store is None:
            return
        from simulator.control.controller import SessionController

        controller = SessionController.resume(
            self.store, session_id, self.dialogs, xapi=self.records.results_xapi()
        )
        if controller is None:
            self._refresh_unfinished()
            return
        self._show_session(controller)

    def try_again(self) -> bool:
        """A new session of the case on screen (read again from its file), from the chart."""
        view = self.session_view
        if view is None:
            return False
        return self.open_path(view.scenario_path)

    def open_path(self, path: str) -> bool:
        from simulator.scenario.loader import load_scenario

        try:
            scenario = load_scenario(path)
        except ProblemsError as exc:
            self.dialogs.inform("This scenario has problems", str(exc), warning=True)
            return False
        self.start(scenario, str(Path(path)))
        return True

    def _show_session(self, controller: SessionController) -> None:
        from simulator.ui.session_view import SessionView

        self._close_session()
        view = SessionView(controller)
        self.session_view = view
        view.leaveRequested.connect(self.show_library)
        view.againRequested.connect(self.try_again)
        view.stepper.phaseRequested.connect(self.review)
        view.finished.connect(lambda *_: self.records.session_finished(view))
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        suffix = " (read-only)" if controller.read_only else ""
        self.setWindowTitle(f"{view.session.scenario.patient.name}{suffix} · Opioid Care Simulator")

    def _close_session(self) -> None:
        if self.session_view is not None:
            self.session_view.close_session()
            self.stack.removeWidget(self.session_view)
            self.session_view.deleteLater()
            self.session_view = None

    def closeEvent(self, event) -> None:
        self._close_session()
        super().closeEvent(event)

    def show_library(self) -> None:
        self._close_session()
        self._refresh_unfinished()
        self.stack.setCurrentWidget(self.library)
        self.setWindowTitle("Opioid Care Simulator")
        self.library.list.setFocus()  # the keyboard starts where the trainee chooses a case

    def _refresh_unfinished(self) -> None:
        """Show the library each case's saved sessions (the current trainee's, or everyone's)."""
        if self.store is None:
            return
        from simulator.records.history import by_case, saved_sessions
        from simulator.records.store import StoreError
        from simulator.ui.trainee import current_trainee

        trainee = current_trainee()
        try:
            sessions = saved_sessions(self.store, trainee or None)
        except StoreError as exc:
            text = f"Saved sessions could not be listed, so they cannot be resumed.\n\nDetails: {exc}"
            if self.isVisible():
                self.dialogs.inform("Session history", text, warning=True)
            else:  # still starting: shown with the start-up notice, once the window is up
                self.notice = f"{self.notice}\n\n{text}" if self.notice else text
            return
        self.library.set_history(by_case(sessions), trainee)
        self._refresh_suggestion()

    def _refresh_suggestion(self) -> None:
        """What the current trainee should practise next, from what they missed (issue 26)."""
        if self.store is None or not self.library.loaded:
            return
        from simulator.ui.records_menu import current_trainee

        if not self._has_finished_sessions(current_trainee()):
            # a new trainee: nothing to suggest, so neither the records nor the cases are read, and
            # an idle library does not import the engine, scoring and the scenario models for it
            self.library.set_suggestion("")
            return
        from simulator.control.next_case import suggest
        from simulator.control.results import stored_records
        from simulator.errors import ProblemsError
        from simulator.records.learning import missed_guidance
        from simulator.records.store import StoreError

        trainee = current_trainee()
        try:
            records, _skipped = stored_records(self.store, trainee=trainee or None)
            library, paths = [], {}
            # nothing missed yet (a new trainee): nothing to suggest, so no case is read for it
            for entry in self.library.entries if missed_guidance(records) else ():
                if entry.scenario is None:
                    continue
                try:
                    scenario = self.library.cache.load(entry.path)
                except ProblemsError:
                    continue
                library.append(scenario)
                paths[scenario.id] = str(entry.path)
            found = suggest(records, library)
        except (StoreError, ProblemsError, OSError) as exc:
            self.library.set_suggestion(f"none for now (your results could not be read: {exc})")
            return
        if found is None:
            self.library.set_suggestion("")
            return
        self.library.set_suggestion(f"{found.title}. {found.why}", paths[found.scenario], found.seed)

    def _has_finished_sessions(self, trainee: str) -> bool:
        """Whether ``trainee`` (everyone's when empty) has finished a session: the sessions
        :func:`simulator.control.results.stored_records` would read, from the store alone."""
        from simulator.records.store import StoreError

        assert self.store is not None
        try:
            history = self.store.history(limit=1_000_000)
        except StoreError:
            return True  # let the suggestion itself say that the results could not be read
        name = trainee.casefold()
        return any(rec.finished and (not trainee or rec.trainee.casefold() == name) for rec in history)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", str(self.library.folder),
                                              "Scenario files (*.yaml *.yml)")
        if path:
            self.open_path(path)

    def open_preview(self, path: str) -> None:
        """Play the scenario file at ``path`` in a preview window (never saved as a session)."""
        from PySide6.QtCore import Qt

        from simulator.ui.workshop.preview import PreviewWindow

        window = PreviewWindow(path, self.dialogs, self)
        window.setWindowFlag(Qt.WindowType.Window, True)
        self.previews = [w for w in self.previews if w.isVisible()] + [window]
        window.show()

    def _open_preview(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open scenario file for preview", str(self.library.folder), "Scenario files (*.yaml *.yml)"
        )
        if path:
            self.open_preview(path)

    def reload(self) -> None:
        """Ctrl+R / F5: reload the newest open preview, or re-read the library."""
        previews = [w for w in self.previews if w.isVisible()]
        if previews:
            previews[-1].reload(force=True)
        elif self.stack.currentWidget() is self.library:
            self.library.reload()
        else:
            self.statusBar().showMessage(
                "Reload works on previews: File › Open scenario file for preview… plays a file and "
                "reloads it when it changes.", 6000)

    def show_case_map(self) -> None:
        """Ctrl+M: the map of the current session's case, following the session."""
        view = self.session_view
        if view is None or self.stack.currentWidget() is not view:
            self.statusBar().showMessage("Start or resume a session to see its case map.", 4000)
            return
        from simulator.ui.workshop import open_case_map

        if self.case_map_window is not None:
            self.case_map_window.close()
        self.case_map_window = open_case_map(view.session, self)
        view.destroyed.connect(self.case_map_window.close)  # the session left: so does its map

    def _about(self) -> None:
        QMessageBox.about(self, "About", "Opioid Care Simulator\nTraining for chronic pain and opioid care.\n"
                          "Feedback cites CDC 2022, DSM-5 and the course's source documents.")


def _first_size() -> tuple[int, int]:
    """1320x860, or the screen's free area when it is smaller (a 1024x768 screen gets a window
    that fits, with the bottom bar in view)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1320, 860
    free = screen.availableGeometry()
    return min(1320, free.width()), min(860, free.height())
