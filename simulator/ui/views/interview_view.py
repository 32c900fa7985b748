"""Interview: transcript, free-text box, searchable question bank, statements, DSM-5 tracker."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.engine import events as ev
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.ui.resources import transcript_css
from simulator.ui.views.common import FlowColumns, label, plain_tooltip, wrap_items

Apply = Callable[[dict[str, Any]], bool]
Ask = Callable[[str], Any]  # a typed turn -> control.controller.AskResult


class InterviewView(QWidget):
    """Both routes (typing and the bank) record the same ``ask`` action."""

    def __init__(
        self, session: Session, apply: Apply, parent: QWidget | None = None, *, ask: Ask | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.apply = apply
        self.ask = ask  # typed turns: SessionController.ask (through the session view)
        self._language_note = ""  # the stigmatising-words note of the turn being sent
        bank = vocab.question_bank()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        # ---- conversation
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(label("Conversation", "section"))
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName("Conversation transcript")
        self.transcript.setOpenLinks(False)
        self.transcript.document().setDefaultStyleSheet(transcript_css())
        lv.addWidget(self.transcript, 1)
        self.understood = label("", "muted", rich=True)
        self.understood.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.understood.linkActivated.connect(self._ask_suggestion)
        # the hint under the transcript scrolls past a few lines: a long "did you mean" list
        # never squeezes the conversation itself
        self.understood_area = QScrollArea()
        self.understood_area.setObjectName("plain")
        self.understood_area.setWidgetResizable(True)
        self.understood_area.setFrameShape(QFrame.Shape.NoFrame)
        self.understood_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.understood_area.setWidget(self.understood)
        self.understood.setAutoFillBackground(False)  # setWidget turned it on: no grey block
        self.understood_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lv.addWidget(self.understood_area)
        self.input = QLineEdit()  # a row of its own, as wide as the conversation
        self.input.setPlaceholderText("Ask or tell the patient (Enter)")  # read whole at 1024x768
        self.input.setAccessibleName("Ask or say")
        self.input.returnPressed.connect(self._send_typed)
        lv.addWidget(self.input)
        send = QPushButton("Send")
        send.setProperty("role", "primary")
        send.setObjectName("sendButton")  # the icon comes from the theme
        send.clicked.connect(self._send_typed)
        self.send_button = send
        say_row = QHBoxLayout()
        statements = bank["statements"]
        self.validate_button = QPushButton("Acknowledge the pain")
        self.validate_button.setToolTip(statements["validate_pain"])
        self.validate_button.clicked.connect(
            lambda: self.apply({"type": "say", "kind": "validate_pain", "text": statements["validate_pain"]})
        )
        self.empathy_button = QPushButton("Show empathy")
        self.empathy_button.setToolTip(statements["empathy"])
        self.empathy_button.clicked.connect(
            lambda: self.apply({"type": "say", "kind": "empathy", "text": statements["empathy"]})
        )
        holders = []
        for button in (send, self.validate_button, self.empathy_button):
            holder = QVBoxLayout()
            holder.addWidget(button)
            holders.append((holder, 0))
        self._fit_say_buttons()
        # side by side while they fit, one above the other on a narrow pane
        self.say_buttons = FlowColumns(holders)
        say_row.addWidget(self.say_buttons, 1)
        lv.addLayout(say_row)
        splitter.addWidget(left)

        # ---- question bank
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        title = label("Question bank", "section")
        mv.addWidget(title)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search questions (Ctrl+F)")
        self.search.setAccessibleName("Search the question bank")
        self.search.textChanged.connect(self._filter)
        mv.addWidget(self.search)
        self.bank = QTreeWidget()
        self.bank.setHeaderHidden(True)
        self.bank.setAccessibleName("Question bank")
        wrap_items(self.bank)  # long questions wrap onto more lines instead of being cut
        case_topics = {f"topic.{t.id}": t.question for t in session.scenario.interview.topics}
        groups = list(bank["topics"])
        if case_topics:  # the scenario's own topics, under their own heading
            groups.append({"title": "This case", "questions": case_topics})
        for topic in groups:
            parent = QTreeWidgetItem([topic["title"]])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.bank.addTopLevelItem(parent)
            for intent, question in topic["questions"].items():
                item = QTreeWidgetItem([question])
                item.setData(0, Qt.ItemDataRole.UserRole, intent)
                item.setToolTip(0, question)
                parent.addChild(item)
        self.bank.expandAll()
        self.bank.itemActivated.connect(lambda item, _col: self._ask_item(item))
        mv.addWidget(self.bank, 1)
        ask = QPushButton("Ask selected question")
        ask.clicked.connect(lambda: self._ask_item(self.bank.currentItem()))
        mv.addWidget(ask)
        splitter.addWidget(middle)

        # ---- notes and tracker
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        notes = QGroupBox("Disclosed so far")
        nv = QVBoxLayout(notes)
        nv.addWidget(label("Select a line, then tick a criterion to attach it as evidence.", "muted"))
        self.disclosed = QListWidget()
        self.disclosed.setAccessibleName("Disclosed facts")
        wrap_items(self.disclosed)
        nv.addWidget(self.disclosed)
        rv.addWidget(notes, 1)
        tracker = QGroupBox("DSM-5 tracker")
        tv = QVBoxLayout(tracker)
        tv.setSpacing(2)
        tracker.setToolTip("Your own judgement as you listen; the answer key is shown only in the debrief.")
        self.criteria: dict[str, QCheckBox] = {}
        for cid, text in vocab.DSM5_CRITERIA:
            box = QCheckBox(vocab.DSM5_SHORT[cid])
            box.setToolTip(vocab.DSM5_DESCRIPTIONS[cid])
            box.setAccessibleName(f"Criterion: {text}")
            box.toggled.connect(lambda on, c=cid: self._mark(c, on))
            self.criteria[cid] = box
            tv.addWidget(box)
        rv.addWidget(tracker)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        # On a narrow screen (or with large text) the question bank and the notes share one
        # column as tabs, so nothing is squeezed or cut.
        self.splitter, self.bank_pane, self.notes_pane = splitter, middle, right
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName("Question bank and notes")
        self.side_tabs.hide()
        self.narrow = False

        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.input.setFocus)
        self.search.installEventFilter(self)  # Down or Enter: into the matching questions
        self.transcript.setTabChangesFocus(True)  # Tab leaves the transcript (no focus trap)
        self._render_opening()

    # ---------------------------------------------------------------- keyboard

    def first_focus(self) -> QWidget:
        """Where the keyboard starts in the interview: the question box."""
        return self.input

    def focus_search(self) -> None:
        """Ctrl+F: the search box, its text selected (on the Questions tab when narrow)."""
        if self.narrow:
            self.side_tabs.setCurrentWidget(self.bank_pane)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter
        ):
            first = self._first_match()
            if first is not None:
                self.bank.setCurrentItem(first)
                self.bank.setFocus(Qt.FocusReason.TabFocusReason)
                self.bank.scrollToItem(first)
            return True
        return super().eventFilter(watched, event)

    def _first_match(self) -> QTreeWidgetItem | None:
        for i in range(self.bank.topLevelItemCount()):
            topic = self.bank.topLevelItem(i)
            if topic.isHidden():
                continue
            for j in range(topic.childCount()):
                if not topic.child(j).isHidden():
                    return topic.child(j)
        return None

    # ---------------------------------------------------------------- layout

    def _fit_say_buttons(self) -> None:
        self._fit_hint()
        for button in (self.send_button, self.validate_button, self.empathy_button):
            button.ensurePolished()  # measure with the theme's padding, then never squeeze the label
            button.setMinimumWidth(0)
            button.setMaximumWidth(16777215)
            button.setFixedWidth(button.sizeHint().width())

    # the conversation is the widest pane at every size: it gets this share of the width
    CONVERSATION_SHARE = {False: 0.46, True: 0.58}

    def _wide_width(self) -> int:
        """The width from which the bank and the notes get columns of their own: where the
        conversation keeps its share and both side panes their minimum."""
        sides = max(self.bank_pane.minimumSizeHint().width(), self.notes_pane.minimumSizeHint().width(),
                    self.font().pointSizeF() * 20)
        margins = self.layout().contentsMargins()
        share = self.CONVERSATION_SHARE[False]
        handles = 2 * self.splitter.handleWidth()
        return int(2 * sides / (1 - share)) + handles + margins.left() + margins.right()

    def _share_width(self) -> None:
        """Give the conversation its share of the splitter (the widest pane)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        conversation = int(total * self.CONVERSATION_SHARE[self.narrow])
        rest = self.splitter.count() - 1
        self.splitter.setSizes([conversation] + [(total - conversation) // rest] * rest)

    def set_narrow(self, narrow: bool) -> None:
        """Bank and notes as tabs in one column (narrow) or as two columns of their own."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        if narrow:
            # the notes scroll in their tab, so the tracker's boxes are never squeezed together
            self.notes_scroll = QScrollArea()
            self.notes_scroll.setObjectName("plain")
            self.notes_scroll.setWidgetResizable(True)
            self.notes_scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.notes_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.notes_scroll.setWidget(self.notes_pane)
            bar = self.notes_scroll.verticalScrollBar().sizeHint().width()
            self.notes_scroll.setMinimumWidth(self.notes_pane.minimumSizeHint().width() + bar + 4)
            self.side_tabs.addTab(self.bank_pane, "&Questions")
            self.side_tabs.addTab(self.notes_scroll, "&Notes")
            self.side_tabs.setTabToolTip(1, "What the patient has disclosed, and your DSM-5 tracker")
            self.splitter.insertWidget(1, self.side_tabs)
            self.side_tabs.show()
        else:
            self.side_tabs.clear()
            self.notes_scroll.takeWidget()
            self.notes_scroll.deleteLater()
            self.splitter.insertWidget(1, self.bank_pane)
            self.splitter.insertWidget(2, self.notes_pane)
            self.side_tabs.hide()
            self.side_tabs.setParent(None)
            self.bank_pane.show()
            self.notes_pane.show()

    def _relayout(self) -> None:
        self._fit_say_buttons()
        was_narrow = self.narrow
        self.set_narrow(self.width() < self._wide_width())
        # a drag of the handle is kept, until the width or the columns change (a new text size
        # at the same width can turn two columns into three: each gets its share again)
        if self.width() != getattr(self, "_shared_at", None) or self.narrow != was_narrow:
            self._shared_at = self.width()
            self._share_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Never move widgets inside Qt's own resize or restyle handling: do it just after.
        QTimer.singleShot(0, self, self._relayout)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "side_tabs"):
            QTimer.singleShot(0, self, self._relayout)  # the text size changed: measure again

    # ---------------------------------------------------------------- actions

    def _send_typed(self) -> None:
        text = self.input.text().strip()
        if not text or self.ask is None:
            return
        self._language_note = ""  # set by on_stigma while the turn is applied
        outcome = self.ask(text)
        result = outcome.interpretation
        shown = html.escape(result.understood_as)
        if result.action["type"] == "ask" and result.action.get("intent"):
            # what the patient took the question as, in plain words: a trainee reads the patient,
            # not the classifier (its confidence is for instructors: `intents`, the benchmarks)
            how = "Follow-up, taken as" if result.action.get("follow_up") else "Understood as"
            shown = f"{how}: “{shown}”. Not what you meant? Put it another way."
        elif result.alternatives:
            links = " · ".join(
                f"<a href='{i}'>{html.escape(self._question(i))}</a>" for i in result.alternatives
            )
            shown = f"The patient is not sure what you mean. Did you mean: {links}"
        if self._language_note:  # the note on stigmatising words is not overwritten: it comes first
            shown = f"{self._language_note} {shown}"
        self._hint(shown)
        if outcome.accepted:
            self.input.clear()
        self._scroll_to_newest()

    def _hint(self, text: str) -> None:
        """The line under the transcript (shown only when it has something to say)."""
        self.understood.setText(text)
        self._fit_hint()

    def _fit_hint(self) -> None:
        """As tall as the hint's text, at most three lines (then it scrolls)."""
        text = self.understood.text()
        self.understood_area.setVisible(bool(text))
        if text:
            lines = self.understood.fontMetrics().lineSpacing()
            width = max(self.understood_area.width() - 16, 100)
            self.understood_area.setFixedHeight(min(self.understood.heightForWidth(width), 3 * lines) + 4)

    def _question(self, intent: str) -> str:
        from simulator.patient.persona import find_topic

        topic = find_topic(self.session.scenario.interview, intent)
        return topic.question if topic is not None else vocab.intent_question(intent)

    def _ask_suggestion(self, intent: str) -> None:
        self._hint("")
        self.apply({"type": "ask", "intent": intent, "via": "bank"})

    def _ask_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        intent = item.data(0, Qt.ItemDataRole.UserRole)
        if intent:
            self._hint("")
            self.apply({"type": "ask", "intent": intent, "via": "bank"})

    def _mark(self, criterion: str, present: bool) -> None:
        if (criterion in self.session.data.marks) == present:
            return
        evidence = ""
        selected = self.disclosed.currentItem()
        if present and selected is not None and selected.data(Qt.ItemDataRole.UserRole):
            evidence = self.session.scenario.interview.facts[selected.data(Qt.ItemDataRole.UserRole)].summary
        if self.apply({"type": "mark", "criterion": criterion, "present": present, "evidence": evidence}):
            box = self.criteria[criterion]
            full = dict(vocab.DSM5_CRITERIA)[criterion]
            box.setToolTip(plain_tooltip(f"{full}\nEvidence: {evidence}" if evidence else full))

    def _filter(self, text: str) -> None:
        needle = text.lower().strip()
        for i in range(self.bank.topLevelItemCount()):
            topic = self.bank.topLevelItem(i)
            visible = 0
            for j in range(topic.childCount()):
                child = topic.child(j)
                hit = not needle or needle in child.text(0).lower() or needle in topic.text(0).lower()
                child.setHidden(not hit)
                visible += hit
            topic.setHidden(visible == 0)

    # ---------------------------------------------------------------- events

    def _render_opening(self) -> None:
        patient = self.session.scenario.patient
        self._append("patient", patient.name.split()[0], patient.opening_line)
        for entry in self.session.data.transcript:  # when resuming: body language too
            who = "You" if entry.speaker == "trainee" else patient.name.split()[0]
            self._append(entry.speaker, who, entry.text, entry.affect if entry.speaker == "patient" else "")
        self._refresh_notes()

    def on_answered(self, event: ev.PatientAnswered) -> None:
        first = self.session.scenario.patient.name.split()[0]
        self._append("trainee", "You", event.question)
        self._append("patient", first, event.text, event.affect)
        self._refresh_notes()

    def on_said(self, event: ev.TraineeSaid) -> None:
        self._append("trainee", "You", event.text)
        self._append("patient", self.session.scenario.patient.name.split()[0], event.reply, event.affect)

    def on_stigma(self, term: str, alternative: str) -> None:
        self._language_note = (
            f"Note: “{html.escape(term)}” can feel stigmatising. Consider: {html.escape(alternative)}."
        )
        self._hint(self._language_note)

    def _append(self, speaker: str, who: str, text: str, affect: str = "") -> None:
        css = "you" if speaker == "trainee" else "patient"
        extra = f"<br><span class='affect'>{html.escape(affect)}</span>" if affect else ""
        self.transcript.append(
            f"<p><span class='{css}'>{html.escape(who)}:</span> {html.escape(text)}{extra}</p>"
        )
        self._scroll_to_newest()

    def _scroll_to_newest(self) -> None:
        """Keep the newest reply in view, now and once the layout has settled (the hint line
        under the transcript may have grown and shrunk it)."""

        def scroll() -> None:
            bar = self.transcript.verticalScrollBar()
            bar.setValue(bar.maximum())

        scroll()
        QTimer.singleShot(0, scroll)

    def _refresh_notes(self) -> None:
        facts = self.session.scenario.interview.facts
        self.disclosed.clear()
        for fid in self.session.data.revealed:
            item = QListWidgetItem(f"• {facts[fid].summary}")
            item.setData(Qt.ItemDataRole.UserRole, fid)
            self.disclosed.addItem(item)
        if not self.session.data.revealed:
            self.disclosed.addItem("Nothing yet. Ask open, non-judgemental questions.")

    def transcript_text(self) -> str:
        return self.transcript.toPlainText()


__all__ = ["InterviewView", "QLabel"]
