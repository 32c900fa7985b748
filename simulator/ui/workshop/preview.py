"""Live preview of a scenario file: play it, edit it, and see the edit at the same point.

The preview window plays any scenario file (not only the bundled ones) in the normal session
views, with three docks: the problems panel, the inspector and the case map. A
QFileSystemWatcher notices when the file changes on disk. Editors often save by writing a new
file and renaming it over the old one, which drops the watch, so the path is watched again after
every change (and the folder is watched so that a file that was briefly gone is noticed when it
comes back). After a short pause for the editor to finish writing, the file is validated:

- valid: the case is reloaded and the session is fast-forwarded to the same point by replaying
  its actions (:meth:`SessionController.replay`); if an action no longer applies to the edited
  case, the preview stops just before it and says so. Lint warnings follow in the problems panel.
- not valid: the session stays exactly as it was and the problems panel lists the errors, each
  with its line and column.

Preview sessions are never stored: the controller has no store, so nothing reaches the
trainee's records, and the window and the status line say "Preview".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QStackedWidget, QWidget

from simulator.control.controller import SessionController
from simulator.control.dialogs import Dialogs
from simulator.engine.session import Session
from simulator.errors import Problem, ProblemsError
from simulator.scenario.models import Scenario
from simulator.ui import shortcuts
from simulator.ui.workshop.inspector import InspectorPanel
from simulator.ui.workshop.map_view import CaseMapPanel
from simulator.ui.workshop.problems import ProblemsPanel

SETTLE_MS = 250
"""Wait this long after a change before reading the file (an editor may write it in parts)."""

WIDE_SCREEN = 1500
"""Below this width (pixels) the docks are tabs under the session instead of beside it."""

PREVIEW_NOTE = "Preview: nothing you do here is saved or added to anyone's training record."


def read_case(path: Path) -> tuple[Scenario, bytes]:
    """Load and cross-check the scenario at ``path``; raise ``ProblemsError`` as ``validate`` does.
    (Through the one loader every opener uses, looked up when called: the suite serves a bundled
    case from memory there, tests/fixtures/loads.py.)"""
    from simulator.scenario import loader

    with loader.load_failures(str(path)):
        raw = path.read_bytes() if path.exists() else b""
    return loader.load_scenario(path), raw


class PreviewWindow(QMainWindow):
    """One scenario file in preview; reloads itself when the file changes."""

    reloaded = Signal(bool)
    """After every reload attempt: True if the edited case is now the one playing."""

    def __init__(
        self, path: str | Path, dialogs: Dialogs | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.path = Path(path).resolve()
        if dialogs is None:
            from simulator.ui.dialogs import QtDialogs

            dialogs = QtDialogs(self)
        self.dialogs = dialogs
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            self.resize(min(1400, screen.width()), min(900, screen.height()))
        else:
            self.resize(1400, 900)
        self.controller: SessionController | None = None
        self.session_view = None
        self._loaded_digest = b""
        self._errors = False
        self._attempt = 0
        self.reloads = 0
        self.linting = 0
        """Lint runs not finished yet (they run off the GUI thread)."""

        self.stack = QStackedWidget()
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(40)
        self.stack.addWidget(self.placeholder)
        self.setCentralWidget(self.stack)

        self.problems = ProblemsPanel()
        self.inspector = InspectorPanel()
        self.case_map = CaseMapPanel()
        self.problems_dock = self._dock("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.map_dock = self._dock("Case map", self.case_map, Qt.DockWidgetArea.RightDockWidgetArea)
        self.arrange_docks()
        self._menus()

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._file_settled)
        self._watch()
        self.reload()

    # ---------------------------------------------------------------- building

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        dock.setTitleBarWidget(_dock_title(title, dock))
        # a panel behind another tab stays "visible" to Qt: without this, Tab would take the
        # focus into a panel the trainer cannot see
        dock.visibilityChanged.connect(dock.setEnabled)
        self.addDockWidget(area, dock)
        return dock

    def arrange_docks(self, width: int | None = None) -> None:
        """Map and inspector beside the session and problems below it on a wide screen; on a
        narrow one (the interview needs about 900 pixels) all three as tabs below the session."""
        if width is None:
            screen = self.screen()
            width = screen.availableGeometry().width() if screen is not None else 1920
        for dock in (self.problems_dock, self.inspector_dock, self.map_dock):
            self.removeDockWidget(dock)
        if width < WIDE_SCREEN:
            for dock in (self.problems_dock, self.map_dock, self.inspector_dock):
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
                dock.show()
            self.tabifyDockWidget(self.problems_dock, self.map_dock)
            self.tabifyDockWidget(self.map_dock, self.inspector_dock)
            self.map_dock.raise_()
            self.resizeDocks([self.map_dock], [240], Qt.Orientation.Vertical)
        else:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.map_dock)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
            self.splitDockWidget(self.map_dock, self.inspector_dock, Qt.Orientation.Vertical)
            for dock in (self.problems_dock, self.inspector_dock, self.map_dock):
                dock.show()
            self.resizeDocks([self.map_dock], [min(780, width * 2 // 5)], Qt.Orientation.Horizontal)
            self.resizeDocks([self.map_dock, self.inspector_dock], [560, 340], Qt.Orientation.Vertical)
            self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = shortcuts.action("Open scenario file for &preview…", self, "Ctrl+Shift+O")
        open_action.triggered.connect(self._open_other)
        self.reload_action = shortcuts.action("&Reload", self, None)
        self.reload_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F5")])
        self.reload_action.triggered.connect(lambda: self.reload(force=True))
        restart = shortcuts.action("Restart the preview from the &beginning", self, None)
        restart.triggered.connect(self.restart)
        close = shortcuts.action("&Close preview", self, QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        for action in (open_action, self.reload_action, restart, close):
            file_menu.addAction(action)
        view = self.menuBar().addMenu("&View")
        self.map_action = shortcuts.action("Case &map", self, "Ctrl+M")
        self.map_action.triggered.connect(self.show_map)
        view.addAction(self.map_action)
        for dock in (self.problems_dock, self.inspector_dock, self.map_dock):
            view.addAction(dock.toggleViewAction())

    def show_map(self) -> None:
        self.map_dock.show()
        self.map_dock.raise_()

    def _open_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open scenario file for preview", str(self.path.parent), "Scenario files (*.yaml *.yml)"
        )
        if path:
            other = PreviewWindow(path, self.dialogs, self.parentWidget())
            other.show()

    # ---------------------------------------------------------------- watching

    def _watch(self) -> None:
        if self.path.exists() and str(self.path) not in self.watcher.files():
            self.watcher.addPath(str(self.path))
        if str(self.path.parent) not in self.watcher.directories():
            self.watcher.addPath(str(self.path.parent))

    def _changed(self, _where: str) -> None:
        self._settle.start()  # several signals for one save become one reload

    def _file_settled(self) -> None:
        self._watch()  # the editor may have replaced the file: watch the new one
        if not self.path.exists():
            self.statusBar().showMessage("The file is gone for now; the preview will reload when it is back.")
            return
        digest = hashlib.sha256(self.path.read_bytes()).digest()
        if digest == self._loaded_digest and not self._errors:
            return  # touched, or another file in the folder changed
        self.reload()

    # ---------------------------------------------------------------- loading

    @property
    def session(self) -> Session | None:
        return self.controller.session if self.controller is not None else None

    def restart(self) -> None:
        """Play the file from its first step again (the edits stay)."""
        self.reload(force=True, actions=())

    def reload(self, force: bool = False, actions: tuple | None = None) -> bool:
        """Validate the file; if it is valid, play it to the same point as before. True if reloaded."""
        self._watch()
        self._attempt += 1  # a lint still running for an earlier attempt is not shown
        try:
            scenario, raw = read_case(self.path)
        except (ProblemsError, OSError, RecursionError) as exc:
            self._show_errors(exc)
            self.reloaded.emit(False)
            return False
        digest = hashlib.sha256(raw).digest()
        self._errors = False
        if not force and digest == self._loaded_digest and self.controller is not None and actions is None:
            self.problems.set_problems([])  # back to the text that is playing: nothing to replay
            self._lint()
            self.stack.setCurrentWidget(self.session_view)
            self.statusBar().showMessage(f"{self.path.name} is valid again; the preview is as it was.")
            self.reloaded.emit(True)
            return True
        old = self.session
        if actions is None:
            actions = old.actions if old is not None else ()
        controller, error = SessionController.replay(scenario, str(self.path), actions, self.dialogs)
        session = controller.session
        stopped = ""
        if error is not None and error.index is not None:
            stopped = (
                f"The preview stopped before action {error.index + 1} of {len(actions)}, which no "
                f"longer applies to the edited case: {error.message}"
            )
        controller.note = f"{stopped} {PREVIEW_NOTE}".strip()
        self._loaded_digest = digest
        self._show_session(controller)
        self.reloads += 1
        self.problems.set_problems([], stopped)
        self._lint()
        where = session.state.title or session.state.name
        if old is None:
            self.statusBar().showMessage(f"Playing {self.path.name} in preview.")
        else:
            self.statusBar().showMessage(
                f"Reloaded {self.path.name}: replayed {len(session.actions)} action(s), back at {where}."
            )
        self.reloaded.emit(True)
        return True

    def _show_errors(self, exc: BaseException) -> None:
        self._errors = True
        if isinstance(exc, ProblemsError):
            problems = list(exc.problems)
        elif isinstance(exc, RecursionError):
            problems = [Problem(str(self.path), 1, 1, "the file is nested too deeply")]
        else:
            problems = [Problem(str(self.path), 1, 1, f"the file cannot be read: {exc}")]
        if self.controller is None:
            note = "Fix them and save: the preview starts by itself."
            self.placeholder.setText(
                f"{self.path.name} has problems, listed below. Fix them and save the file: the "
                "preview starts by itself."
            )
            self.stack.setCurrentWidget(self.placeholder)
        else:
            note = "The preview is unchanged; fix them and save to reload."
        self.problems.set_problems(problems, note)
        self.problems_dock.show()
        self.problems_dock.raise_()
        count = len(problems)
        self.statusBar().showMessage(
            f"{self.path.name} has {count} problem{'s' * (count != 1)}; the preview was not reloaded."
        )

    def _show_session(self, controller: SessionController) -> None:
        from simulator.ui.session_view import SessionView

        if self.session_view is not None:
            self.session_view.close_session()
            self.stack.removeWidget(self.session_view)
            self.session_view.deleteLater()
        self.controller = controller
        view = SessionView(controller)
        self.session_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.inspector.follow(controller.session)
        self.case_map.follow(controller.session)
        name = controller.session.scenario.patient.name
        self.setWindowTitle(f"Preview: {self.path.name} ({name}) · Opioid Care Simulator")

    def _lint(self) -> None:
        """The file's ``lint`` warnings, off the GUI thread (the first run may load the intent
        model). The warnings that need the case played from its playthroughs
        (``commands.lint.played_warnings``, many seconds) are left to the ``lint`` command."""
        from simulator.control.lint import lint_warnings
        from simulator.ui.worker import background

        path, attempt = str(self.path), self._attempt

        def done(warnings: list[Problem]) -> None:
            self.linting -= 1
            if attempt == self._attempt:  # not overtaken by a later reload or a broken save
                self.problems.set_problems(warnings, self.problems.note)

        def failed(exc: BaseException) -> None:
            self.linting -= 1
            if attempt == self._attempt and isinstance(exc, ProblemsError):
                self.problems.set_problems(exc.problems, "The file changed again while it was checked.")

        self.linting += 1
        background().run(lambda: lint_warnings(path), done, failed, owner=self.problems)

    # ---------------------------------------------------------------- closing

    def closeEvent(self, event) -> None:
        self._settle.stop()
        for watched in self.watcher.files() + self.watcher.directories():
            self.watcher.removePath(watched)
        if self.session_view is not None:
            self.session_view.close_session()
        self.inspector.follow(None)
        self.case_map.follow(None)
        super().closeEvent(event)


def _dock_title(title: str, dock: QDockWidget) -> QWidget:
    """A dock's title with float and close buttons a mouse can hit (24 px and more; Qt's own are
    18 x 14)."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton

    bar = QWidget()
    row = QHBoxLayout(bar)
    row.setContentsMargins(8, 2, 4, 2)
    name = QLabel(title)
    name.setProperty("role", "section")
    row.addWidget(name, 1)
    for text, tip, act in (("⧉", "Float or dock this panel", lambda: dock.setFloating(not dock.isFloating())),
                           ("✕", "Close this panel (View menu brings it back)", dock.close)):
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumSize(28, 28)
        button.clicked.connect(act)
        row.addWidget(button)
    return bar
