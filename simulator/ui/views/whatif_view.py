"""What if: change one plan field or one visit decision and see the replayed course and score.

The choices and the replay come from :class:`simulator.control.whatif.WhatIf` (Qt-free, through
the same engine); this panel only offers the choices and shows the result beside the trainee's own.
The recorded session is never changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.control.whatif import CannotReplay, WhatIf
from simulator.scoring.whatif import WhatIfResult
from simulator.ui.views.common import FlowColumns, ScrollPage, label
from simulator.ui.widgets.course_chart import CourseChart

WHO = {"you": "your response", "changed": "the changed response", "best response": "best response"}


def _plain(text: str, role: str | None = None) -> QLabel:
    widget = label(text, role)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class WhatIfView(ScrollPage):
    """Pick what to change, replay, and compare."""

    def __init__(self, whatif: WhatIf, score: int, max_score: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.control = whatif
        session = whatif.session
        self.session = session
        self.own_score = score
        self.points = whatif.points
        self.result: WhatIfResult | None = None
        layout = self.page_layout
        layout.addWidget(
            label(
                "Change one thing you decided and replay the case through the same simulation. "
                "Your own session is not changed.",
                "muted",
            )
        )

        row = QHBoxLayout()
        what = QLabel("&Change:")
        self.what = QComboBox()
        self.what.setAccessibleName("What to change")
        for point in self.points:
            self.what.addItem(point.label)
        what.setBuddy(self.what)
        to = QLabel("&To:")
        self.to = QComboBox()
        self.to.setAccessibleName("New value")
        to.setBuddy(self.to)
        self.replay_button = QPushButton("&Replay")
        self.replay_button.setProperty("role", "primary")
        self.replay_button.clicked.connect(self.replay)
        self.expert_button = QPushButton("Try the &expert plan")
        self.expert_button.setEnabled(whatif.can_try_expert)
        self.expert_button.setToolTip(
            "Replay with the expert's plan"
            if whatif.expert_plan
            else "No expert plan is available for this case"
        )
        self.expert_button.clicked.connect(self.try_expert)
        self.what.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.to.setMinimumContentsLength(24)
        self.what.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.what.setMinimumContentsLength(24)
        # what and to on rows of their own, the two buttons under them: fits 1024 px at 150% text
        choose = QGridLayout()
        choose.addWidget(what, 0, 0)
        choose.addWidget(self.what, 0, 1)
        choose.addWidget(to, 1, 0)
        choose.addWidget(self.to, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.replay_button)
        buttons.addWidget(self.expert_button)
        buttons.addStretch(1)
        choose.addLayout(buttons, 2, 1)
        choose.setColumnStretch(1, 1)
        row.addLayout(choose, 1)
        layout.addLayout(row)
        self.current = _plain("", "muted")
        layout.addWidget(self.current)
        self.what.currentIndexChanged.connect(self._fill_values)
        self._fill_values(0)

        own, new = QVBoxLayout(), QVBoxLayout()  # side by side while they fit, else one above the other
        self.own_label = _plain(f"Your session: {score} / {max_score}", "section")
        self.new_label = _plain("What if: choose a change and replay.", "section")
        own.addWidget(self.own_label)
        new.addWidget(self.new_label)
        self.own_chart = CourseChart(
            session.visits.points(),
            session.visits.marks(),
            "Your patient's course",
            spans=session.visits.moud_spans(),
        )
        self.new_chart = CourseChart([], [], "What if")
        self.new_chart.hide()  # no empty axes beside the trainee's course: it shows with a replay
        own.addWidget(self.own_chart)
        new.addWidget(self.new_chart)
        self.details = _plain("")
        new.addWidget(self.details)
        own.addStretch(1)
        new.addStretch(1)
        layout.addWidget(FlowColumns([(own, 1), (new, 1)]))
        layout.addStretch(1)
        if not self.points:
            self.replay_button.setEnabled(False)
            self.current.setText("There is nothing to change: the session has no plan or visit decisions.")

    def _fill_values(self, index: int) -> None:
        self.to.clear()
        if not 0 <= index < len(self.points):
            return
        point = self.points[index]
        for option in point.options:
            self.to.addItem(option.label, option.value)
        self.current.setText(f"You chose: {point.current}")

    def replay(self) -> None:
        index = self.what.currentIndex()
        label = f"{self.points[index].label} → {self.to.currentText()}"
        self._run(lambda: self.control.change(index, self.to.currentData()), label)

    def try_expert(self) -> None:
        if self.control.expert_plan is not None:
            self._run(self.control.expert, "The expert's plan")

    def _run(self, replay: Callable[[], WhatIfResult], what: str) -> None:
        try:
            result = replay()
        except CannotReplay as exc:
            self.new_label.setText("What if: this change cannot be replayed.")
            self.new_chart.hide()
            self.details.setText(exc.message)
            return
        self._show(result, what)

    def _show(self, result: WhatIfResult, what: str) -> None:
        self.result = result
        diff = result.score - self.own_score
        sign = "+" if diff > 0 else ""
        self.new_label.setText(f"What if: {result.score} / {result.max_score} ({sign}{diff})")
        visits = result.session.visits
        title = "What if: the expert's plan" if what == "The expert's plan" else "What if"
        self.new_chart.set_course(visits.points(), visits.marks(), visits.moud_spans(), title)
        self.new_chart.show()
        lines = [what if what.endswith(".") else what + "."]
        lines.append(
            "Critical errors: " + "; ".join(result.critical_titles)
            if result.critical_titles
            else "No critical errors."
        )
        for response in result.responses:
            lines.append(f"{response.visit}: {response.response} ({WHO[response.by]})")
        self.details.setText("\n".join(lines))
