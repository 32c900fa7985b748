"""Debrief: score, per-domain results, then tabs for cited feedback, the course and the timeline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.engine.session import Session
from simulator.scoring.debrief import Debrief, build_debrief
from simulator.scoring.report_html import debrief_html, timeline_html
from simulator.scoring.whatif import expert_plan
from simulator.ui.records_menu import save_report_dialog
from simulator.ui.resources import report_css
from simulator.ui.views.common import card, label
from simulator.ui.views.whatif_view import WhatIfView
from simulator.ui.widgets.course_chart import CourseChart


class DebriefView(QWidget):
    def __init__(
        self, session: Session, parent: QWidget | None = None, scenario_path: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.debrief: Debrief = build_debrief(session)
        d = self.debrief
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        top = QHBoxLayout()
        frame, box = card("Debrief")
        self.score_label = label(f"{d.score} / {d.max_score}", "score")
        self.score_label.setAccessibleName("Score")
        box.addWidget(self.score_label)
        box.addWidget(label(f"{d.percent}% of the available points", "muted"))
        if d.critical:
            wrong = d.critical_messages()
            self.critical_label = label(
                f"⚠ {len(wrong)} critical error{'s' if len(wrong) > 1 else ''}: " + "; ".join(wrong),
                "critical",
            )
            self.critical_label.setWordWrap(True)
        else:
            self.critical_label = label("✔ No critical errors.", "muted")
        box.addWidget(self.critical_label)
        self.report_button = QPushButton("Save report as &PDF…")  # the hand-in (simulator/ui/report_pdf.py)
        self.report_button.clicked.connect(lambda: save_report_dialog(self, self.debrief))
        box.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        top.addWidget(frame, 1)

        frame, box = card("By domain")
        for domain in d.domains:
            row = QHBoxLayout()
            row.addWidget(label(domain.title), 1)
            bar = QProgressBar()
            bar.setRange(0, max(domain.max, 1))
            bar.setValue(domain.earned)
            bar.setFormat(f"{domain.earned} / {domain.max}")
            bar.setAccessibleName(f"{domain.title} score")
            row.addWidget(bar, 2)
            box.addLayout(row)
        box.addStretch(1)
        top.addWidget(frame, 1)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.report = QTextBrowser()
        self.report.setAccessibleName("Feedback")
        self.tabs.addTab(self.report, "&Feedback")
        course = QWidget()
        cv = QVBoxLayout(course)
        self.course_chart = CourseChart(
            session.visits.points(),
            session.visits.marks(),
            "Your patient's course",
            spans=session.visits.moud_spans(),
        )
        cv.addWidget(self.course_chart)
        cv.addWidget(
            label(
                "Day 0 is the visit where you made the plan; vertical lines are follow-up visits "
                "(dashed: missed).",
                "muted",
            )
        )
        cv.addStretch(1)
        self.tabs.addTab(course, "&Course")
        self.whatif = WhatIfView(
            session, d.score, d.max_score, expert_plan(scenario_path) if scenario_path else None
        )
        self.tabs.addTab(self.whatif, "&What if")
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName("Timeline")
        self._render()
        self.tabs.addTab(self.timeline, "&Timeline")
        layout.addWidget(self.tabs, 1)

    def _render(self) -> None:
        """Write the feedback and the timeline in the current theme's colours and text size."""
        css = report_css()
        self.report.setHtml(debrief_html(self.debrief, include_header=False, include_timeline=False, css=css))
        self.timeline.setHtml(timeline_html(self.debrief, css=css))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "timeline"):
            self._render()  # the theme or the text size changed
