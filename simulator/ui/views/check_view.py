"""The short check before the chart and after the debrief (issue 26), one item at a time.

The view only renders and forwards: each answer is a ``check`` action applied through the
session view (saved before the view moves on), so a resumed session asks only what is left.
The gain itself is computed in :mod:`simulator.scoring.learning`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.session import Session
from simulator.scoring import learning
from simulator.ui.views.common import WrappingChoice, card, label

Apply = Callable[[dict[str, Any]], bool]
INTRO = {
    "before": "A short check before you start: a few questions on what this case teaches. It is not "
    "scored; the same questions come back after the debrief so you can see what you learned.",
    "after": "The same questions as before the case, in another order. Your answers before and after "
    "are compared below, point by point.",
}


class CheckView(QWidget):
    """Asks the items of one stage still to answer; ``done`` when none is left (or skipped)."""

    done = Signal()

    def __init__(self, session: Session, stage: str, apply: Apply, *, can_skip: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkPage")
        self.session, self.stage, self.apply = session, stage, apply
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        inner = QWidget()
        scroll.setWidget(inner)
        layout = QVBoxLayout(inner)
        frame, box = card("Check before the case" if stage == "before" else "Check after the case")
        box.addWidget(label(INTRO[stage], "muted"))
        self.progress = label("", "muted")
        box.addWidget(self.progress)
        self.stem = label("")
        self.stem.setProperty("role", "question")
        box.addWidget(self.stem)
        self.hint = label("", "muted")
        box.addWidget(self.hint)
        self.options_box = QVBoxLayout()
        box.addLayout(self.options_box)
        self.message = label("", "critical")
        self.message.hide()  # shown only with something to say
        box.addWidget(self.message)
        row = QHBoxLayout()
        self.submit_button = QPushButton("&Submit answer")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(self.submit_button)
        self.skip_button = QPushButton("S&kip the check")
        self.skip_button.setToolTip("Go on without answering the rest; nothing is counted against you.")
        self.skip_button.clicked.connect(self.skip)
        self.skip_button.setVisible(can_skip)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.buttons: list[WrappingChoice] = []
        self.group: QButtonGroup | None = None
        self.item: Any = None
        self._show_next()

    # ------------------------------------------------------------ state

    def pending(self) -> list[Any]:
        return learning.pending(self.session.scenario, self.stage, self.session.actions, self.session.seed)

    def _show_next(self) -> None:
        left = self.pending()
        if not left:
            self.item = None
            self.done.emit()
            return
        self.item = left[0]
        total = len(self.session.scenario.check)
        self.progress.setText(f"Question {total - len(left) + 1} of {total}")
        self.stem.setText(self.item.stem)
        single = self.item.kind == "single"
        self.hint.setText("Choose the one best answer." if single else "Tick every statement that is true.")
        for b in self.buttons:
            self.options_box.removeWidget(b)
            b.deleteLater()
        self.group = QButtonGroup(self)
        self.group.setExclusive(single)
        self.buttons = []
        for option in self.item.options:  # (their text wraps: the page never scrolls sideways)
            b = WrappingChoice(option.text, self.group, kind=QRadioButton if single else QCheckBox)
            self.options_box.addWidget(b)
            b.show()  # now, not when the layout gets round to it: the focus goes to a shown option
            self.buttons.append(b)
        # Tab goes as the page reads: the options (made after the buttons below them), then
        # Submit and Skip
        stops = [*(b.button for b in self.buttons), self.submit_button, self.skip_button]
        for before, after in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.message.setText("")
        self.message.hide()
        if self.buttons:
            self.buttons[0].setFocus()

    def first_focus(self) -> QWidget:
        """Where the keyboard starts on this page (the session view puts it there): the first option."""
        return self.buttons[0].button if self.buttons else self.submit_button

    # ------------------------------------------------------------ acting

    def chosen(self) -> list[int]:
        return [n for n, b in enumerate(self.buttons) if b.isChecked()]

    def submit(self) -> None:
        if self.item is None:
            return
        answer = self.chosen()
        if self.item.kind == "single" and len(answer) != 1:
            self.message.setText("Choose one answer, or skip the check.")
            self.message.show()
            return
        if self.apply({"type": "check", "stage": self.stage, "item": self.item.id, "answer": answer}):
            self._show_next()

    def skip(self) -> None:
        if self.apply({"type": "check", "stage": self.stage, "skip": True}):
            self.item = None
            self.done.emit()
