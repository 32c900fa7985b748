"""One session on screen: stepper, patient card, the current step's view, Continue bar.

The view renders the session its :class:`~simulator.control.controller.SessionController`
owns and passes every action to it; saving, faults and finishing are the controller's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from simulator.control.controller import AskResult, SessionController
from simulator.scenario import vocabulary as vocab
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

HEARTBEAT_MS = 30_000


class SessionView(QWidget):
    """Shows the controller's session; each action is saved before the view moves on."""

    finished = Signal(int, int)
    leaveRequested = Signal()
    againRequested = Signal()  # the trainee wants a new session of the same case

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.session = controller.session
        self.scenario_path = controller.scenario_path
        self.bridge = SessionBridge(self.session, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stepper = PhaseStepper()
        layout.addWidget(self.stepper)
        middle = QHBoxLayout()
        middle.setContentsMargins(12, 12, 12, 0)
        self.card = PatientCard(self.session.scenario.patient, self.session.data.rapport)
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
        self.continue_button.setObjectName("continueButton")  # its arrow icon comes from the theme
        self.continue_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the arrow after the words
        self.continue_button.setToolTip("Ctrl+Enter")
        self.continue_button.clicked.connect(self.advance)
        row.addWidget(self.continue_button)
        layout.addWidget(bar)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.advance)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.advance)

        self.bridge.stateEntered.connect(lambda _e: self._show_state())
        self.bridge.rapportChanged.connect(lambda _old, new: self.card.set_rapport(new))
        self.view: QWidget | None = None
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(controller.heartbeat)
        self._heartbeat.start()
        self._show_state()
        if controller.note:
            self.status.setText(controller.note)

    # ---------------------------------------------------------------- acting

    def apply(self, action: dict[str, Any]) -> bool:
        """Apply one action through the controller; show why not if it did not. True when accepted."""
        result = self.controller.apply(action)
        if not result.accepted:
            self.status.setText(result.message)
            if result.leave:
                self.leaveRequested.emit()
            return False
        if result.finished and self.controller.final_score is not None:
            self.finished.emit(*self.controller.final_score)
        self._refresh_bar()
        return True

    def ask(self, text: str) -> AskResult:
        """A typed turn through the controller's one conversation path; shown like :meth:`apply`."""
        return self._shown(self.controller.ask(text))

    def ask_at_visit(self, text: str) -> AskResult:
        """A question typed at a follow-up visit (read the same way; answered from its day)."""
        return self._shown(self.controller.ask_at_visit(text))

    def _shown(self, outcome: AskResult) -> AskResult:
        if outcome.applied is not None and not outcome.accepted:
            self.status.setText(outcome.applied.message)
            if outcome.applied.leave:
                self.leaveRequested.emit()
        elif outcome.accepted:
            self._refresh_bar()
        return outcome

    def _check_before_open(self) -> bool:
        """The case has check items and nothing but check answers has been done yet."""
        session = self.session
        if not session.scenario.check or self.controller.read_only:
            return False
        from simulator.scoring import learning
        from simulator.ui.check_settings import check_mode

        if check_mode() == "off":
            return False
        if any(a["type"] != "check" for a in session.actions):
            return False
        return bool(learning.pending(session.scenario, "before", session.actions, session.seed))

    def advance(self) -> None:
        if self.session.finished:
            return
        self.apply({"type": "advance"})

    def close_session(self) -> None:
        """The trainee leaves this session (it stays saved as it is)."""
        self._heartbeat.stop()
        self.bridge.detach()
        self.controller.close()

    # ---------------------------------------------------------------- views

    def _show_state(self) -> None:
        session, state = self.session, self.session.state
        self.stepper.set_phase(state.phase)
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
        if state.phase == "chart" and self._check_before_open():
            from simulator.ui.check_settings import check_mode
            from simulator.ui.views.check_view import CheckView

            view: QWidget = CheckView(session, "before", self.apply, can_skip=check_mode() != "require")
            view.done.connect(self._show_state, Qt.ConnectionType.QueuedConnection)
        elif state.phase == "chart":
            view = ChartView(session.scenario)
        elif state.phase == "interview":
            view = InterviewView(session, self.apply, ask=self.ask)
            self.bridge.patientAnswered.connect(view.on_answered)
            self.bridge.traineeSaid.connect(view.on_said)
            self.bridge.stigmaNoted.connect(view.on_stigma)
        elif state.phase == "assessment":
            view = AssessmentView(session, self.apply)
        elif state.phase == "plan":
            view = PlanView(session, self.apply)
        elif state.phase == "visit":
            view = VisitView(session, state, self.apply, ask=self.ask_at_visit)
        else:
            view = DebriefView(session, scenario_path=self.scenario_path,
                               dialogs=self.controller.dialogs, record=self._stored_record(),
                               apply=None if self.controller.read_only else self.apply)
            view.libraryRequested.connect(self.leaveRequested)
            view.againRequested.connect(self.againRequested)
        refused = getattr(view, "refused", None)  # a form's refusal, where it is always in sight
        if refused is not None:
            refused.connect(self.status.setText)
        self.view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.card.setVisible(state.phase in ("chart", "interview", "visit"))
        self._refresh_bar()
        self._focus_new_step()

    def _focus_new_step(self) -> None:
        """The keyboard focus moves with the step: to where the new step starts (its
        ``first_focus``), or to the Continue button, never left on a widget that is gone."""
        if not self.isVisible():
            return
        target = getattr(self.view, "first_focus", None)
        widget = target() if callable(target) else None
        if widget is None:
            widget = self.continue_button if self.continue_button.isVisible() else self.view
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._focus_new_step()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # the card gives way on a small screen: the step's own view (the conversation) is wider
        self.card.setMaximumWidth(max(self.card.minimumWidth(), min(250, int(event.size().width() * 0.18))))

    def _stored_record(self):
        """A callable giving the saved attempt's results record (None when it was not saved)."""
        store, session_id = self.controller.store, self.controller.session_id
        if store is None or session_id is None or not self.controller.saved:
            return None

        def record() -> dict:
            from simulator.control.results import stored_record

            return stored_record(store, session_id)

        return record

    def _refresh_bar(self) -> None:
        state = self.session.state
        if state.phase == "debrief":
            self.continue_button.hide()
            self.status.setText(self.controller.finished_text())
            return
        if self.view is not None and self.view.objectName() == "checkPage":  # its own way on: answer or skip
            self.continue_button.hide()
            self.status.setText("A short check before the case (not scored).")
            return
        self.continue_button.show()
        self.continue_button.setText(_NEXT.get(state.phase, "Continue"))
        self.continue_button.setEnabled(not self.controller.read_only)
        blocker = self.session.advance_blocker()
        title = state.title or vocab.label(vocab.PHASES, state.phase)
        if self.controller.read_only:
            self.status.setText(f"{title}. {self.controller.note}")
            return
        self.status.setText(blocker or f"{title}: ready to continue.")
