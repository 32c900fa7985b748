"""Review an earlier phase of the session, read-only, beside the current one.

The chart, the conversation, the recorded assessment and plan, and the follow-up decisions
can be opened at any later phase (from the stepper or View > Patient chart). The window shows
the same views the trainee filled in, with every input locked: nothing here changes the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.session import Session
from simulator.engine.visit_text import choice_text
from simulator.scenario import vocabulary as vocab
from simulator.ui.views.common import fit_to_screen, hands_keyboard_back, label

_TITLES = {
    "chart": "The patient's chart",
    "interview": "The conversation so far",
    "assessment": "Your recorded assessment",
    "plan": "Your recorded plan",
    "visit": "Your follow-up decisions",
}


def lock(widget: QWidget) -> None:
    """Make every input inside ``widget`` read-only while keeping it legible (not greyed)."""
    for child in widget.findChildren(QWidget):
        if isinstance(child, QAbstractButton) and child.property("role") == "primary":
            child.hide()  # submit buttons have no place in a review
            continue
        child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)


def _transcript(session: Session) -> QWidget:
    view = QTextBrowser()
    view.setTabChangesFocus(True)  # Tab moves on (no focus trap)
    view.setAccessibleName("Conversation transcript")
    name = session.scenario.patient.name.split()[0]
    lines = []
    for entry in session.data.transcript:
        if entry.step:
            continue  # said at a visit: shown with that visit's decision
        who = "You" if entry.speaker == "trainee" else name if entry.speaker == "patient" else "Note"
        lines.append(f"{who}: {entry.text}")
        if entry.affect:
            lines.append(f"    ({entry.affect})")
    view.setPlainText("\n".join(lines) or "No questions were asked.")
    return view


def _decisions(session: Session) -> QWidget:
    view = QTextBrowser()
    view.setTabChangesFocus(True)  # Tab moves on (no focus trap)
    view.setAccessibleName("Follow-up decisions")
    lines = []
    for state in session.scenario.flow.states:
        chosen = session.data.decisions.get(state.name)
        if state.decision is None or chosen is None:
            continue
        text = choice_text(state, chosen)
        name = session.scenario.patient.name.split()[0]
        talk = [f"    {'You' if e.speaker == 'trainee' else name}: {e.text}"
                for e in session.data.transcript if e.step == state.name]
        lines.append("\n".join([state.title or state.name, *talk, f"    {state.decision.prompt} {text}"]))
    view.setPlainText("\n\n".join(lines) or "No follow-up decisions yet.")
    return view


def review_widget(session: Session, phase: str) -> QWidget:
    """The read-only content for ``phase`` of ``session``."""
    if phase == "chart":
        from simulator.ui.views.chart_view import ChartView

        return ChartView(session.scenario)
    if phase == "interview":
        return _transcript(session)
    if phase == "assessment":
        from simulator.ui.views.assessment_view import AssessmentView

        view = AssessmentView(session, lambda _action: False)
    elif phase == "plan":
        from simulator.ui.views.plan_view import PlanView

        view = PlanView(session, lambda _action: False)
    else:
        return _decisions(session)
    lock(view)
    return view


class ReviewWindow(QDialog):
    """A non-modal window with one earlier phase, read-only. Esc closes it."""

    def __init__(self, session: Session, phase: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = phase
        title = _TITLES.get(phase, vocab.label(vocab.PHASES, phase))
        self.setWindowTitle(f"{title} · review")
        self.setModal(False)
        fit_to_screen(self, 980, 720)  # never wider or taller than the screen
        layout = QVBoxLayout(self)
        note = label(
            f"{title}. Read-only: nothing you see here changes the session. Esc closes it.", "notice"
        )
        note.setAccessibleName("Review notice")
        layout.addWidget(note)
        self.content = review_widget(session, phase)
        layout.addWidget(self.content, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        hands_keyboard_back(self)
