"""Follow-up visit: what happened, how the patient is, and the decision to make."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.plan_safety import plan_label
from simulator.engine.session import Session
from simulator.engine.visits import day_label
from simulator.scenario.models import State
from simulator.ui.views.common import ScrollPage, WrappingChoice, label, table
from simulator.ui.widgets.course_chart import CourseChart


def plain_label(text: str, role: str | None = None):
    """A label that shows scenario text as written (never as rich text)."""
    widget = label(text, role)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def medication_heading(session: Session) -> str:
    """What the buprenorphine/methadone column is called: the case's name for an accepted
    alternative plan (e.g. 'Rotation to buprenorphine for pain'), 'Medication for OUD' when the
    trainee diagnosed opioid use disorder, otherwise plain words that do not imply it."""
    context = session.context()
    label = plan_label(session.scenario, context)
    if label:
        return label
    return "Medication for OUD" if context.get("dx.diagnosis") == "oud" else "Buprenorphine or methadone"


class VisitView(ScrollPage):
    def __init__(
        self,
        session: Session,
        state: State,
        apply: Callable[[dict[str, Any]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.state_def = state
        self.apply = apply
        layout = self.page_layout
        visits = session.visits
        layout.addWidget(label(visits.title(state), "title"))
        day = visits.day_of(state.name) if visits.enabled else None
        if day is not None:
            when = f"{day_label(day)} after" if day else "The day of"
            layout.addWidget(label(f"{when} the visit where you made the plan", "subtitle"))
        elif state.week is not None:
            layout.addWidget(label(f"Week {state.week} of the simulated course", "subtitle"))
        shown = visits.page(state, session.context())
        narrative, says = shown.text, shown.says
        if narrative:
            layout.addWidget(plain_label(narrative))
        if says:
            first = session.scenario.patient.name.split()[0]
            layout.addWidget(plain_label(f"{first}: “{says}”", "patient"))
        m = visits.measures_now() if visits.enabled else (state.measures and state.measures.model_dump())
        if m:
            headers = ["Pain (0-10)", "COWS (0-48)", "Craving (0-10)", "Function (0-10)"]
            row = [f"{m['pain']:g}", f"{m['cows']:g}", f"{m['craving']:g}", f"{m['function']:g}"]
            if m.get("mme") is not None:
                headers.insert(0, "Opioid (MME/day)")
                row.insert(0, f"{m['mme']:g}")
            moud_heading = medication_heading(session)
            if m.get("moud") is not None:
                headers.insert(1, moud_heading)
                row.insert(1, m["moud"])
            measures = table(headers, [row])
            tips = {"Opioid (MME/day)": "Morphine milligram equivalents a day",
                    "COWS (0-48)": "Clinical Opiate Withdrawal Scale",
                    "Medication for OUD": "Medication for opioid use disorder"}
            for c, head in enumerate(headers):
                if head in tips:
                    measures.horizontalHeaderItem(c).setToolTip(tips[head])
            layout.addWidget(measures)
        self.chart = CourseChart(
            visits.points(), visits.marks(), "The course so far", spans=visits.moud_spans()
        )
        layout.addWidget(self.chart)
        self.buttons: dict[str, WrappingChoice] = {}
        self.feedback = label("", "notice")
        self.feedback.hide()
        if state.decision:
            box = QGroupBox(state.decision.prompt)
            bv = QVBoxLayout(box)
            group = QButtonGroup(self)
            for choice in session.choices():  # only those offered with this plan
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

    def first_focus(self) -> QWidget | None:
        """The first response while a decision is still to make (else the Continue button)."""
        if not self.buttons or not self.confirm.isEnabled():
            return None
        return next(iter(self.buttons.values())).radio

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
