"""Help: a short first-run guide and the keyboard sheet, as plain text a trainee can scan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QPushButton, QTextEdit, QVBoxLayout, QWidget

from simulator.ui.views.common import hands_keyboard_back, label

GUIDE = """\
A session has six steps, shown along the top of the window.

1. Chart: read the record before you meet the patient: the opioid regimen with its daily
   morphine milligram equivalents (MME), the prescription and refill history (flagged fills are
   marked), the prescription monitoring (PDMP) summary, the urine drug screen and the vitals.
2. Interview: ask from the question bank or type in your own words. The patient answers in
   character. Some things are only told once they trust you; how you speak matters, and
   stigmatising words cost trust. Tick the DSM-5 tracker as you hear evidence.
3. Assessment: mark the DSM-5 criteria you found, apply the rule for supervised prescribed use,
   choose the diagnosis and its severity, and say whether you suspect opioid-induced
   hyperalgesia.
4. Plan: decide what happens to the opioid (continue, taper and how fast, stop), whether to
   start medication for opioid use disorder and how, the non-opioid care, naloxone, the
   setting and the monitoring. Nothing is pre-chosen for you.
5. Follow-up: see the patient at later visits; what happens follows from your plan, and each
   visit asks for a decision.
6. Debrief: your score by area, critical errors first, each point with what you did, what the
   guidance says and where it comes from, and the expert path. From there you can go back to
   the library, try the same case again, save the report as a PDF or export your results.

Completed steps can be opened again, read-only, by clicking them in the step bar; the chart is
always one shortcut away (Ctrl+Shift+C). Every action is saved the moment it is accepted, so you
can close the app and resume the session later from the library, which lists your saved
sessions of each case with their dates and scores, your attempts and your best score.
The clinical tools (Ctrl+T) hold an MME calculator, a COWS form, a DSM-5 checklist and a taper
planner, usable at any time.

Before the chart, a case may offer a short check: a few questions on what it teaches, not scored
(Skip the check, Alt+K, goes straight to the chart). The same questions come back after the
debrief, in its "Check: before and after" tab, which shows what you learned point by point. The
library then suggests what to practise next from what you missed.
"""

KEYS = (
    ("Ctrl+Enter", "Move on to the next step"),
    ("Ctrl+S", "Submit the assessment, the plan or a visit decision"),
    ("Ctrl+F", "Search the question bank; Down or Enter goes into the matching questions"),
    ("Ctrl+L", "Type a question"),
    ("Enter", "Ask the selected question / send what you typed"),
    ("Enter (library)", "Start the chosen case; in its saved sessions, resume the selected one"),
    ("Alt+letter", "Press the button or open the tab whose letter is underlined"),
    ("Ctrl+Shift+C", "Open the patient's chart (read-only) at any step"),
    ("Alt+1 ... Alt+5", "Review a completed step (chart, interview, assessment, plan, follow-up)"),
    ("Ctrl+T", "Clinical tools"),
    ("Ctrl+O", "Open a scenario file"),
    ("Ctrl+Shift+O", "Open a scenario file for preview (reloads when the file changes)"),
    ("Ctrl+R / F5", "Reload the preview (or the scenario library)"),
    ("Ctrl+M", "Map of the case, with the path taken so far"),
    ("Ctrl+Shift+L", "Back to the library"),
    ("Ctrl+Plus / Ctrl+Minus / Ctrl+0", "Larger, smaller or normal text"),
    ("Ctrl+Shift+H", "High-contrast theme on or off"),
    ("Tab / Shift+Tab", "Move between controls; Space ticks a box or presses a button"),
    ("Esc", "Close a review, tools or help window (the keyboard returns to the session)"),
    ("F1", "These keyboard shortcuts (Help > Getting started: the guide)"),
)


def keyboard_sheet() -> str:
    """The keyboard shortcuts, a key and what it does on each line, split by a tab (the help
    window sets its tab stop past the widest key, so the second column lines up in any font, and
    a description too long for one line goes on under itself, not under the keys)."""
    return "\n".join(f"{k}\t{what}" for k, what in KEYS)


class HelpWindow(QDialog):
    """The guide or the keyboard sheet in a plain-text, scalable, keyboard-friendly window."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, "title"))
        self.text = QTextEdit()
        self.text.setAcceptRichText(False)
        self.text.setPlainText(text)
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(title)
        layout.addWidget(self.text, 1)
        close = QPushButton("Close")
        close.setAccessibleName("Close help")
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        close.setFocus()
        self._line_up()
        hands_keyboard_back(self)

    def _line_up(self) -> None:
        """A tab stop just past the widest text before a tab, in the font shown now; each line
        with a tab hangs from it (its wrapped part starts at the tab stop)."""
        text = getattr(self, "text", None)  # (a style change can come before it is built)
        if text is None:
            return
        text.ensurePolished()
        metrics = text.fontMetrics()
        firsts = [line.split("\t")[0] for line in text.toPlainText().splitlines() if "\t" in line]
        if not firsts:
            return
        stop = max(metrics.horizontalAdvance(f) for f in firsts) + 3 * metrics.averageCharWidth()
        text.setTabStopDistance(stop)
        hang = QTextBlockFormat()
        hang.setLeftMargin(stop)
        hang.setTextIndent(-stop)
        block = text.document().begin()
        while block.isValid():
            if "\t" in block.text():
                QTextCursor(block).mergeBlockFormat(hang)
            block = block.next()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # Ctrl+Plus, a theme
            self._line_up()


def first_run_due() -> bool:
    """True until the guide has been shown once (remembered in the settings)."""
    return QSettings().value("guide_shown", "false") != "true"


def mark_first_run_done() -> None:
    QSettings().setValue("guide_shown", "true")
