"""Debrief: score, per-domain results, then tabs for cited feedback, the course and the timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.control.dialogs import Dialogs
from simulator.control.whatif import WhatIf
from simulator.engine.session import Session
from simulator.scoring import learning
from simulator.scoring.debrief import Debrief, build_debrief
from simulator.scoring.report_html import debrief_html, timeline_html
from simulator.ui.report_dialog import save_report_dialog
from simulator.ui.report_pdf import critical_summary, other_deductions
from simulator.ui.resources import report_css
from simulator.ui.views.check_view import CheckView
from simulator.ui.views.common import FlowColumns, ScrollPage, card, label
from simulator.ui.views.whatif_view import WhatIfView
from simulator.ui.widgets.course_chart import CourseChart

EXPORT_KINDS = (("Results for a spreadsheet (CSV)", "csv"), ("Results as JSON", "json"))


class DebriefView(QWidget):
    """The score and the cited feedback, with the ways on: back to the library, the same case
    again, the PDF report and the results file. ``dialogs`` asks where to save; ``record``
    gives the attempt's results record (the stored one when the session was saved)."""

    libraryRequested = Signal()
    againRequested = Signal()

    def __init__(
        self, session: Session, parent: QWidget | None = None, scenario_path: str | None = None,
        dialogs: Dialogs | None = None, record: Callable[[], dict[str, Any]] | None = None,
        apply: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.session = session
        self.dialogs = dialogs
        self._record = record
        self.debrief: Debrief = build_debrief(session)
        d = self.debrief
        # the whole debrief scrolls: on a small screen the tabs keep most of the window's height
        # (the score scrolls away above them) instead of being squeezed under it
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page = ScrollPage()
        self.page.setObjectName("plain")
        outer.addWidget(self.page)
        layout = self.page.page_layout
        layout.setContentsMargins(16, 12, 16, 12)

        top = QHBoxLayout()
        frame, box = card("Debrief")
        self.score_label = label(f"{d.score} / {d.max_score}", "score")
        self.score_label.setAccessibleName("Score")
        box.addWidget(self.score_label)
        box.addWidget(label(f"{d.percent}% of the available points", "muted"))
        # how the score was reached: earned, then each deduction with its reason
        self.score_sentence = label(d.score_sentence())
        self.score_sentence.setAccessibleName("How the score was reached")
        box.addWidget(self.score_sentence)
        self.critical_label = label(critical_summary(d), "critical" if d.critical_items() else "muted")
        box.addWidget(self.critical_label)
        others = other_deductions(d)  # (the PDF says both in the same words)
        if others:
            self.deductions_label = label(others)
            self.deductions_label.setAccessibleName("Other deductions")
            box.addWidget(self.deductions_label)
        box.addStretch(1)
        top.addWidget(frame, 1)

        frame, box = card("By domain")
        grid = QGridLayout()  # one column of names, one of bars: the bars line up
        grid.setColumnStretch(1, 1)
        for r, domain in enumerate(d.domains):
            name = label(domain.title)
            bar = QProgressBar()
            bar.setRange(0, max(domain.max, 1))
            bar.setValue(min(domain.gained, domain.max))  # what the items earned; deductions beside
            cost = f"  −{domain.deducted}" if domain.deducted else ""
            bar.setFormat(f"{domain.gained} / {domain.max}{cost}")
            bar.setAccessibleName(f"{domain.title} score")
            grid.addWidget(name, r, 0)
            grid.addWidget(bar, r, 1)
        box.addLayout(grid)
        box.addStretch(1)
        top.addWidget(frame, 1)
        layout.addLayout(top)

        # the ways on, in one row while they fit (one per line at large text sizes)
        self.library_button = QPushButton("Back to the &library")
        self.library_button.setToolTip("Ctrl+Shift+L. This session stays saved with its score.")
        self.library_button.clicked.connect(self.libraryRequested)
        self.again_button = QPushButton("Try this case &again")
        self.again_button.setToolTip("A new session of the same case, from the chart")
        self.again_button.clicked.connect(self.againRequested)
        self.report_button = QPushButton("Save report as &PDF…")  # the hand-in (simulator/ui/report_pdf.py)
        self.report_button.setToolTip("Ctrl+Shift+R. The debrief as a PDF to hand in.")
        self.report_button.clicked.connect(lambda: self.save_report())
        self.export_button = QPushButton("E&xport results…")
        self.export_button.setToolTip("This attempt's results as a CSV file (for a spreadsheet) or JSON")
        for button, name in ((self.library_button, "libraryButton"), (self.again_button, "againButton"),
                             (self.report_button, "reportButton"), (self.export_button, "exportButton")):
            button.setObjectName(name)  # the icon comes from the theme
        self.export_button.clicked.connect(lambda: self.export_results())
        holders = []
        for button in (self.library_button, self.again_button, self.report_button, self.export_button):
            holder = QVBoxLayout()
            holder.addWidget(button)
            holders.append((holder, 0))
        self.again_button.setProperty("role", "primary")
        ways = QHBoxLayout()
        self.ways = FlowColumns(holders)
        ways.addWidget(self.ways)
        ways.addStretch(1)
        layout.addLayout(ways)

        self.tabs = QTabWidget()
        self.report = QTextBrowser()
        self.report.setAccessibleName("Feedback")
        self.report.setTabChangesFocus(True)  # Tab moves on; arrows and Page keys scroll
        self.tabs.addTab(self.report, "F&eedback")  # Alt+F and Alt+T belong to the File and Tools menus
        # the chart and its caption scroll together: never cut, never drawn over (held by the
        # view: Python's garbage collector once took the page, and the Course tab with it)
        self.course_page = course = ScrollPage()
        course.setObjectName("plain")
        cv = course.page_layout
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
        self.whatif = WhatIfView(WhatIf(session, scenario_path), d.score, d.max_score)
        self.tabs.addTab(self.whatif, "&What if")
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setTabChangesFocus(True)
        self._render()
        self.tabs.addTab(self.timeline, "T&imeline")
        self.check_tab: QWidget | None = None
        if session.scenario.check:
            self.check_tab = self._check_tab(apply)
            self.tabs.addTab(self.check_tab, "Check: &before and after")
        layout.addWidget(self.tabs, 1)
        # choosing a tab, by mouse or by key (Alt+W, Ctrl+Tab), brings the tabs into view (the
        # score scrolls up out of the way)
        self.tabs.tabBarClicked.connect(lambda _i: self._show_tabs())
        self.tabs.currentChanged.connect(lambda _i: self._show_tabs())

    def _check_tab(self, apply: Callable[[dict[str, Any]], bool] | None) -> QWidget:
        """The check after the case while items are left (and it can be saved), then the gain."""
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 0, 0, 0)
        self.gain = QTextBrowser()
        self.gain.setAccessibleName("Before and after")
        self.gain.setTabChangesFocus(True)
        self.check_view: CheckView | None = None
        session = self.session
        if apply is not None and learning.pending(session.scenario, "after", session.actions, session.seed):
            self.check_view = CheckView(session, "after", apply)
            self.check_view.done.connect(self._show_gain)
            box.addWidget(self.check_view, 1)
            self.gain.hide()
        box.addWidget(self.gain, 1)
        self._render_gain()
        return tab

    def _show_gain(self) -> None:
        if self.check_view is not None:
            self.check_view.hide()
        self._render_gain()
        self.gain.show()

    def _render_gain(self) -> None:
        summary = learning.summarise(self.session.scenario, self.session.actions)
        self.debrief.check = summary
        self.gain.setHtml(f"<style>{report_css()}</style>" + learning.check_html(summary))

    def first_focus(self) -> QWidget:
        """The feedback, to read first (Tab goes on to the ways on)."""
        return self.report

    # ------------------------------------------------------------ saving

    def save_report(self, path: str | None = None) -> str | None:
        """Ask where (unless ``path`` is given), then write the PDF report; the path or None."""
        if path is None and self.dialogs is not None:
            path = self.dialogs.save_path(
                "Save report as PDF", f"{self.debrief.scenario_id}-report.pdf", (("PDF report", "pdf"),)
            )
            if path is None:
                return None
        if path is not None and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return save_report_dialog(self, self.debrief, path=path)

    def export_results(self, path: str | None = None) -> str | None:
        """Ask where (unless ``path`` is given), then write this attempt's results as CSV or JSON
        (by the file's extension); the path written or None."""
        from simulator.engine.actions import ActionError
        from simulator.errors import ProblemsError
        from simulator.records.export import ResultsError, write
        from simulator.records.store import StoreError

        if path is None:
            if self.dialogs is None:
                return None
            path = self.dialogs.save_path(
                "Export results", f"{self.debrief.scenario_id}-results.csv", EXPORT_KINDS
            )
            if path is None:
                return None
        fmt = "json" if path.lower().endswith(".json") else "csv"
        try:
            record = self._record() if self._record is not None else self._unsaved_record()
            write([record], fmt, path)
        except (ResultsError, OSError) as exc:
            if self.dialogs is not None:
                self.dialogs.inform("Results not exported", str(exc), warning=True)
            return None
        except (StoreError, ProblemsError, ActionError) as exc:  # the stored record could not be rebuilt
            if self.dialogs is not None:
                self.dialogs.inform("Results not exported", f"The results could not be put together: {exc}",
                                    warning=True)
            return None
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Results saved to {path}", 15000)
        return path

    def _unsaved_record(self) -> dict[str, Any]:
        from simulator.control.results import attempt_record
        from simulator.ui.trainee import current_trainee

        return attempt_record(self.session, trainee=current_trainee())

    def _render(self) -> None:
        """Write the feedback and the timeline in the current theme's colours and text size."""
        css = report_css()
        self.report.setHtml(debrief_html(self.debrief, include_header=False, include_timeline=False, css=css))
        self.timeline.setHtml(timeline_html(self.debrief, css=css))

    def _show_tabs(self) -> None:
        bar = self.page.verticalScrollBar()
        bar.setValue(min(bar.maximum(), self.tabs.y()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.tabs.setMinimumHeight(max(260, int(event.size().height() * 0.8)))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "timeline"):
            self._render()  # the theme or the text size changed
