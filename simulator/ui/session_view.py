"""One session on screen: stepper, patient card, the current step's view, Continue bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.records.store import SessionStore, StoreError
from simulator.scenario import vocabulary as vocab
from simulator.scenario.models import Scenario
from simulator.ui.bridge import SessionBridge
from simulator.ui.views.assessment_view import AssessmentView
from simulator.ui.views.chart_view import ChartView
from simulator.ui.views.common import label
from simulator.ui.views.debrief_view import DebriefView
from simulator.ui.views.interview_view import InterviewView
from simulator.ui.views.plan_view import PlanView
from simulator.ui.views.visit_view import VisitView
from simulator.ui.widgets.patient_card import PatientCard
from simulator.ui.widgets.stepper import PhaseStepper

_NEXT = {
    "chart": "Start the interview",
    "interview": "Go to assessment",
    "assessment": "Go to plan",
    "plan": "Start follow-up",
    "visit": "Continue",
}


class SessionView(QWidget):
    """Applies the trainee's actions to the session; each is stored before the view moves on."""

    finished = Signal(int, int)
    problem = Signal(str)

    def __init__(self, scenario: Scenario, scenario_path: str, store: SessionStore | None,
                 session_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.scenario_path = scenario_path
        if store is not None and session_id is not None:
            self.session = Session.replay(scenario, store.actions(session_id))
            self.session_id: int | None = session_id
        else:
            self.session = Session(scenario)
            self.session_id = store.start(scenario.id, scenario_path) if store is not None else None
        if store is not None:
            self.session.add_recorder(self._record)
        self.bridge = SessionBridge(self.session, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stepper = PhaseStepper()
        layout.addWidget(self.stepper)
        middle = QHBoxLayout()
        middle.setContentsMargins(12, 12, 12, 0)
        self.card = PatientCard(scenario.patient, self.session.data.rapport)
        middle.addWidget(self.card)
        self.stack = QStackedWidget()
        middle.addWidget(self.stack, 1)
        layout.addLayout(middle, 1)

        bar = QWidget()
        bar.setObjectName("bottombar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        self.status = label("", "muted")
        self.status.setAccessibleName("Status")
        row.addWidget(self.status, 1)
        self.continue_button = QPushButton()
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setToolTip("Ctrl+Enter")
        self.continue_button.clicked.connect(self.advance)
        row.addWidget(self.continue_button)
        layout.addWidget(bar)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.advance)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.advance)

        self.bridge.stateEntered.connect(lambda _e: self._show_state())
        self.bridge.rapportChanged.connect(lambda _old, new: self.card.set_rapport(new))
        self.view: QWidget | None = None
        self._show_state()

    # ---------------------------------------------------------------- acting

    def apply(self, action: dict[str, Any]) -> bool:
        """Apply one action; show why not if it cannot apply. True when accepted."""
        try:
            self.session.apply(action)
        except ActionError as exc:
            self.status.setText(exc.message)
            return False
        except StoreError as exc:
            self.problem.emit(f"Your last action could not be saved: {exc}")
            return False
        if self.session.finished and isinstance(self.view, DebriefView):
            debrief = self.view.debrief
            if self.store is not None and self.session_id is not None:
                try:
                    self.store.finish(self.session_id, debrief.score, debrief.max_score)
                except StoreError as exc:
                    self.problem.emit(f"The finished session could not be marked as complete: {exc}")
            self.finished.emit(debrief.score, debrief.max_score)
        self._refresh_bar()
        return True

    def advance(self) -> None:
        if self.session.finished:
            return
        self.apply({"type": "advance"})

    def _record(self, action: dict[str, Any]) -> None:
        if self.store is not None and self.session_id is not None:
            self.store.append(self.session_id, action)

    # ---------------------------------------------------------------- views

    def _show_state(self) -> None:
        session, state = self.session, self.session.state
        self.stepper.set_phase(state.phase)
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
        if state.phase == "chart":
            view: QWidget = ChartView(session.scenario)
        elif state.phase == "interview":
            view = InterviewView(session, self.apply)
            self.bridge.patientAnswered.connect(view.on_answered)
            self.bridge.traineeSaid.connect(view.on_said)
            self.bridge.stigmaNoted.connect(view.on_stigma)
        elif state.phase == "assessment":
            view = AssessmentView(session, self.apply)
        elif state.phase == "plan":
            view = PlanView(session, self.apply)
        elif state.phase == "visit":
            view = VisitView(session, state, self.apply)
        else:
            view = DebriefView(session, scenario_path=self.scenario_path)
        self.view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.card.setVisible(state.phase in ("chart", "interview", "visit"))
        self._refresh_bar()

    def _refresh_bar(self) -> None:
        state = self.session.state
        if state.phase == "debrief":
            self.continue_button.hide()
            self.status.setText("Session complete. Your work is saved.")
            return
        self.continue_button.show()
        self.continue_button.setText(_NEXT.get(state.phase, "Continue") + "  ›")
        blocker = self.session.advance_blocker()
        title = state.title or vocab.label(vocab.PHASES, state.phase)
        self.status.setText(blocker or f"{title}: ready to continue.")
