"""The problems panel: a scenario file's errors and warnings, each opening the file at its line.

Errors come from loading the file (as ``validate`` prints them), warnings from ``lint``
(:func:`simulator.control.lint.lint_warnings`). Activating a row (double-click or
Enter) opens the file at the line: with the command in ``SIMULATOR_EDITOR``, ``VISUAL`` or
``EDITOR`` if one is set (``{file}``, ``{line}`` and ``{col}`` in it are filled in; without them
``+LINE FILE`` is added, as vi, Emacs, nano and gedit understand), otherwise with the desktop's
program for the file. "Copy location" puts ``FILE:LINE:COL`` on the clipboard.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.errors import Problem

EDITOR_VARIABLES = ("SIMULATOR_EDITOR", "VISUAL", "EDITOR")


def location(problem: Problem) -> str:
    """``FILE:LINE:COL`` of ``problem`` with the file as an absolute path."""
    return f"{Path(problem.file).resolve()}:{problem.line}:{problem.col}"


def editor_command(problem: Problem, env: dict[str, str] | None = None) -> list[str] | None:
    """The editor command line that opens ``problem``'s file at its line, or None if none is set."""
    env = dict(os.environ) if env is None else env
    command = next((env[v] for v in EDITOR_VARIABLES if env.get(v, "").strip()), None)
    if command is None:
        return None
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if not words:
        return None
    file = str(Path(problem.file).resolve())
    fields = {"file": file, "line": str(problem.line), "col": str(problem.col)}
    if any("{file}" in w or "{line}" in w for w in words):
        return [w.format_map(fields) if "{" in w else w for w in words]
    return [*words, f"+{problem.line}", file]


class ProblemsPanel(QWidget):
    """A list of problems (errors first, then warnings, in file order) with open and copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.launch: Callable[[str, list[str]], bool] = lambda program, args: QProcess.startDetached(
            program, args
        )[0]
        """Starts the editor (a test may replace it); returns whether it started."""
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.summary = QLabel("No problems.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Problems summary")
        top.addWidget(self.summary, 1)
        self.open_button = QPushButton("Open at line")
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button = QPushButton("Copy location")
        self.copy_button.clicked.connect(self.copy_selected)
        top.addWidget(self.open_button)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Problems")
        self.tree.setHeaderLabels(["Kind", "Where", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(lambda item, _col: self.open_problem(item.data(0, _ROLE)))
        self.tree.currentItemChanged.connect(lambda *_: self._sync_buttons())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (("Open at line", self.open_selected), ("Copy location", self.copy_selected)):
            action = QAction(text, self.tree)
            action.triggered.connect(slot)
            self.tree.addAction(action)
        layout.addWidget(self.tree, 1)
        self.note = ""
        self._sync_buttons()

    def set_problems(self, problems: Sequence[Problem], note: str = "") -> None:
        """Show ``problems`` (errors first); ``note`` is a sentence for the summary line."""
        self.problems = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.line, p.col))
        self.note = note
        self.tree.clear()
        for p in self.problems:
            kind = "Error" if p.severity == "error" else "Warning"
            item = QTreeWidgetItem([kind, f"{Path(p.file).name}:{p.line}:{p.col}", p.message])
            item.setData(0, _ROLE, p)
            item.setToolTip(1, location(p))
            item.setToolTip(2, p.message)
            self.tree.addTopLevelItem(item)
        for col in (0, 1):
            self.tree.resizeColumnToContents(col)
        if self.problems:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._sync_buttons()
        self.summary.setText(self.summary_text())

    def summary_text(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' * (errors != 1)}")
        if warnings:
            parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
        text = (" and ".join(parts) + ".") if parts else "No problems."
        return f"{text} {self.note}".strip()

    def selected(self) -> Problem | None:
        item = self.tree.currentItem()
        return item.data(0, _ROLE) if item is not None else None

    def open_selected(self) -> None:
        problem = self.selected()
        if problem is not None:
            self.open_problem(problem)

    def copy_selected(self) -> None:
        problem = self.selected()
        if problem is not None:
            QGuiApplication.clipboard().setText(location(problem))

    def open_problem(self, problem: Problem | None) -> bool:
        """Open the problem's file at its line; True if an editor or the desktop took it."""
        if problem is None:
            return False
        command = editor_command(problem)
        if command is not None and self.launch(command[0], command[1:]):
            return True
        return bool(self.open_url(QUrl.fromLocalFile(str(Path(problem.file).resolve()))))

    def _sync_buttons(self) -> None:
        has = self.tree.currentItem() is not None
        self.open_button.setEnabled(has)
        self.copy_button.setEnabled(has)


_ROLE = Qt.ItemDataRole.UserRole
