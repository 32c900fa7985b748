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
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.clinical import cows
from simulator.engine.plan_safety import plan_label
from simulator.engine.session import Session
from simulator.engine.visit_talk import signs_text
from simulator.engine.visits import day_label
from simulator.scenario.models import State
from simulator.ui.views.common import ScrollPage, WrappingChoice, label, table
from simulator.ui.widgets.course_chart import CourseChart


def plain_label(text: str, role: str | None = None):
    """A label that shows scenario text as written (never as rich text)."""
    widget = label(text, role)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def _two_lines(heading: str) -> str:
    """A heading or a value on two lines, so six columns fit a small screen at large text: the
    scale under its name ("Pain" over "(0-10)"), or the words broken nearest the middle
    ("Medication" over "for OUD", "Buprenorphine" over "16 mg/day")."""
    if " (" in heading:
        return heading.replace(" (", "\n(", 1)
    words = heading.split()
    if len(words) < 2:
        return heading
    cut = min(range(1, len(words)),
              key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


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
        *,
        ask: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.state_def = state
        self.apply = apply
        self._ask = ask
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
                row.insert(1, _two_lines(m["moud"]))  # "Buprenorphine" over "16 mg/day"
            # the scale under its name, and columns sharing the page: six fit at 1024x768
            measures = table([_two_lines(h) for h in headers], [row],
                             name="Measures today: " + ", ".join(headers))
            # each column as wide as its words, the last taking what is left
            tips = {"Opioid (MME/day)": "Morphine milligram equivalents a day",
                    "COWS (0-48)": "Clinical Opiate Withdrawal Scale",
                    "Medication for OUD": "Medication for opioid use disorder"}
            for c, head in enumerate(headers):
                measures.horizontalHeaderItem(c).setToolTip(tips.get(head, head))
            layout.addWidget(measures)
        self.chart = CourseChart(
            visits.points(), visits.marks(), "The course so far", spans=visits.moud_spans()
        )
        layout.addWidget(self.chart)
        layout.addWidget(self._talk_box())
        total = self._cows_today()
        if total is not None:
            layout.addWidget(self._cows_box(total))
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
        """None: a visit opens with the page itself focused at its top, where the narrative
        starts (its first response lies below the fold at 1024x768); Tab goes on to the talk box,
        the COWS form and the responses, each scrolled into sight as it is reached."""
        return None

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

    # ---------------------------------------------------------------- talking at the visit

    def _talk_box(self) -> QGroupBox:
        """Questions to the patient at this visit, and what was said here (kept in the session)."""
        first = self.session.scenario.patient.name.split()[0]
        box = QGroupBox(f"Talk with {first}")
        bv = QVBoxLayout(box)
        bv.addWidget(label("Ask about today before you decide. The answers are about how things are "
                           "now; questions here earn no interview points.", "muted"))
        self.talk = QVBoxLayout()
        bv.addLayout(self.talk)
        for entry in self.session.data.transcript:
            if entry.step == self.state_def.name:
                self._show_turn(entry.speaker, entry.text)
        row = QHBoxLayout()
        self.question = QLineEdit()
        self.question.setPlaceholderText(f"Ask {first} a question, e.g. How is the withdrawal today?")
        self.question.setAccessibleName(f"Question for {first}")
        self.question.returnPressed.connect(self._send)
        self.ask_button = QPushButton("Ask")
        self.ask_button.clicked.connect(self._send)
        row.addWidget(self.question, 1)
        row.addWidget(self.ask_button)
        bv.addLayout(row)
        if self._ask is None:  # read-only review: what was said stays visible
            self.question.setEnabled(False)
            self.ask_button.setEnabled(False)
        return box

    def _show_turn(self, speaker: str, text: str) -> None:
        first = self.session.scenario.patient.name.split()[0]
        if speaker == "trainee":
            self.talk.addWidget(plain_label(f"You: {text}"))
        elif speaker == "patient":
            self.talk.addWidget(plain_label(f"{first}: \u201c{text}\u201d", "patient"))

    def _send(self) -> None:
        text = self.question.text().strip()
        if not text or self._ask is None:
            return
        before = len(self.session.data.transcript)
        outcome = self._ask(text)
        if outcome.accepted:
            self.question.clear()
            for entry in self.session.data.transcript[before:]:
                self._show_turn(entry.speaker, entry.text)

    # ---------------------------------------------------------------- COWS from the signs

    def _cows_today(self) -> int | None:
        """The patient's COWS on this visit's day (the course model's, or the case's measures)."""
        context = self.session.context()
        if "course.cows" in context:
            return int(context["course.cows"])
        measures = self.state_def.measures
        return int(measures.cows) if measures is not None else None

    def _cows_box(self, total: int) -> QGroupBox:
        from simulator.ui.tools_panel import CowsTool

        box = QGroupBox("Score withdrawal (COWS) from today's signs")
        outer = QVBoxLayout(box)
        # folded until asked for: the eleven items would push the decision out of sight
        self.cows_toggle = QPushButton("Show the signs and score COWS")
        self.cows_toggle.setCheckable(True)
        body = QWidget()
        body.setVisible(False)
        self.cows_toggle.toggled.connect(body.setVisible)
        self.cows_toggle.toggled.connect(lambda shown: self.cows_toggle.setText(
            "Hide the COWS form" if shown else "Show the signs and score COWS"))
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.cows_toggle)
        toggle_row.addStretch(1)
        outer.addLayout(toggle_row)
        outer.addWidget(body)
        bv = QVBoxLayout(body)
        bv.setContentsMargins(0, 0, 0, 0)
        seen = "\n".join(f"\u2022 {sign}" for sign in signs_text(total))
        bv.addWidget(plain_label(f"What you see and hear:\n{seen}"))
        self.cows_form = CowsTool()
        bv.addWidget(self.cows_form)
        row = QHBoxLayout()
        self.cows_record = QPushButton("Record COWS")
        self.cows_record.clicked.connect(self._record_cows)
        row.addStretch(1)
        row.addWidget(self.cows_record)
        bv.addLayout(row)
        self.cows_note = label("", "notice")
        self.cows_note.hide()
        bv.addWidget(self.cows_note)
        self._cows_total = total
        done = self.session.data.cows_scores.get(self.state_def.name)
        if done:
            for item, value in done:
                combo = self.cows_form.items[item]
                combo.setCurrentIndex(combo.findData(value))
            self._show_cows(dict(done))
            self.cows_toggle.setChecked(True)
        return box

    def _record_cows(self) -> None:
        items = {k: combo.currentData() for k, combo in self.cows_form.items.items()}
        if self.apply({"type": "cows", "items": items}):
            self._show_cows(items)

    def _show_cows(self, items: dict[str, int]) -> None:
        yours = cows.score(items)
        signs = cows.band_for_total(self._cows_total)
        text = f"You scored COWS {yours.total} of 48 ({yours.band}); the signs add up to {self._cows_total}"
        if yours.band == signs:
            text += f", also {signs}."
        else:
            text += f" ({signs}). Look at the signs again before you decide."
        self.cows_note.setText(text)
        self.cows_note.show()
