"""Follow-up visit: what happened, how the patient is, and the decision to make."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.session import Session
from simulator.scenario.models import State
from simulator.ui.views.common import ScrollPage, WrappingChoice, label, table
from simulator.ui.widgets.course_chart import CourseChart


class VisitView(ScrollPage):
    def __init__(self, session: Session, state: State, apply: Callable[[dict[str, Any]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state_def = state
        self.apply = apply
        layout = self.page_layout
        layout.addWidget(label(state.title or state.name, "title"))
        if state.week is not None:
            layout.addWidget(label(f"Week {state.week} of the simulated course", "subtitle"))
        if state.narrative:
            layout.addWidget(label(state.narrative))
        if state.patient_says:
            first = session.scenario.patient.name.split()[0]
            said = f"<b>{html.escape(first)}:</b> “{html.escape(state.patient_says)}”"
            layout.addWidget(label(said, "patient", rich=True))
        if state.measures:
            m = state.measures
            layout.addWidget(table(["Pain (0-10)", "COWS (0-48)", "Craving (0-10)", "Function (0-10)"],
                                   [[f"{m.pain:g}", str(m.cows), f"{m.craving:g}", f"{m.function:g}"]]))
        layout.addWidget(CourseChart([
            {"week": w, "pain": m.pain, "cows": m.cows, "craving": m.craving, "function": m.function}
            for w, m in session.course()
        ]))
        self.buttons: dict[str, WrappingChoice] = {}
        self.feedback = label("", "notice")
        self.feedback.hide()
        if state.decision:
            box = QGroupBox(state.decision.prompt)
            bv = QVBoxLayout(box)
            group = QButtonGroup(self)
            for choice in state.decision.choices:
                button = WrappingChoice(choice.text, group)
                self.buttons[choice.id] = button
                bv.addWidget(button)
            row = QHBoxLayout()
            self.confirm = QPushButton("Confirm decision")
            self.confirm.setProperty("role", "primary")
            self.confirm.clicked.connect(self._decide)
            self.confirm.setToolTip("Ctrl+S")
            QShortcut(QKeySequence("Ctrl+S"), self, activated=self._decide)
            row.addStretch(1)
            row.addWidget(self.confirm)
            bv.addLayout(row)
            layout.addWidget(box)
            layout.addWidget(self.feedback)
            done = session.data.decisions.get(state.name)
            if done:
                self.buttons[done].setChecked(True)
                self._lock(done)
        layout.addStretch(1)

    def _decide(self) -> None:
        choice = next((c for c, b in self.buttons.items() if b.isChecked()), None)
        if choice is None:
            self.feedback.setText("Choose a response first.")
            self.feedback.show()
            return
        if self.apply({"type": "decide", "choice": choice}):
            self._lock(choice)

    def _lock(self, choice: str) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
        self.confirm.setEnabled(False)
        self.feedback.setText("Decision recorded. Continue to see how the weeks unfold.")
        self.feedback.show()
