"""A trainee's progress: attempts per case, and what improved since the attempt before.

Reads attempt records (:func:`simulator.control.results.stored_records`) and shows what
:func:`simulator.records.progress.compare` says; it holds no logic of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.control.results import stored_records
from simulator.records import learning, progress
from simulator.records.store import SessionStore
from simulator.ui.views.common import fit_to_screen, hands_keyboard_back, label


class ProgressView(QWidget):
    """A window over one trainee's finished attempts."""

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("page")
        self.setWindowTitle("Progress")
        fit_to_screen(self, 980, 640)  # never wider or taller than the screen
        self.store = store
        self.cases: dict[str, list[progress.Attempt]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        hands_keyboard_back(self)
        self.heading = label("", "title")
        layout.addWidget(self.heading)
        self.note = label("", "muted")
        layout.addWidget(self.note)
        row = QHBoxLayout()
        case_label = QLabel("&Case")
        self.case_box = QComboBox()
        self.case_box.setAccessibleName("Case")
        case_label.setBuddy(self.case_box)
        self.case_box.currentIndexChanged.connect(self._show_case)
        row.addWidget(case_label)
        row.addWidget(self.case_box, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 0)
        self.table.setAccessibleName("Attempts")
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line per attempt; the full text is in each tooltip
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_change(row))
        layout.addWidget(self.table, 2)
        self.change_title = label("", "section")
        layout.addWidget(self.change_title)
        self.changes = QListWidget()
        self.changes.setAccessibleName("What changed")
        layout.addWidget(self.changes, 3)
        self.gain_title = label("Check before and after, by guidance point", "section")
        layout.addWidget(self.gain_title)
        self.gains = QListWidget()
        self.gains.setAccessibleName("Learning gain by guidance point")
        layout.addWidget(self.gains, 2)
        self.records: list[dict] = []

    def load(self, trainee: str) -> None:
        """Show ``trainee``'s finished attempts (all trainees' when the name is empty)."""
        records, skipped = stored_records(self.store, trainee=trainee or None)
        self.records = records
        self.cases = progress.by_case(records)
        who = trainee or "all trainees"
        self.heading.setText(f"Progress: {who}")
        self.setWindowTitle(f"Progress · {who}")
        notes = []
        if not self.cases:
            notes.append("No finished sessions yet. Finish a case to see your results here.")
        if skipped:
            notes.append(f"{len(skipped)} session(s) could not be shown: {skipped[0].reason}")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self.case_box.blockSignals(True)
        self.case_box.clear()
        for scenario, attempts in sorted(self.cases.items(), key=lambda kv: kv[1][-1].title):
            n = len(attempts)
            self.case_box.addItem(f"{attempts[-1].title} ({n} attempt{'s' if n != 1 else ''})", scenario)
        self.case_box.blockSignals(False)
        self._show_case(0)

    def _show_case(self, index: int) -> None:
        scenario = self.case_box.itemData(index)
        attempts = self.cases.get(scenario, []) if scenario else []
        domains = list(attempts[-1].domains) if attempts else []
        titles = [attempts[-1].domains[d][0] for d in domains]
        checks = {str(r.get("attempt")): r for r in self.records if r.get("scenario") == scenario}
        headers = ["Attempt", "Date", "Score", *titles, "Check before → after", "Critical errors"]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(attempts))
        for r, a in enumerate(attempts):
            cells = [str(r + 1), _date(a.date), f"{a.score} / {a.max_score} ({a.percent}%)"]
            cells += [a.domain_text(d) for d in domains]  # as the debrief's bars give them
            cells.append(_check_cell(checks.get(a.attempt, {})))
            cells.append(f"⚠ {len(a.critical)}: " + "; ".join(a.critical.values()) if a.critical else "None")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self._show_gains(list(checks.values()))
        if attempts:
            self.table.setCurrentCell(len(attempts) - 1, 0)
            self._show_change(len(attempts) - 1)
        else:
            self._show_change(-1)

    def _show_change(self, row: int) -> None:
        scenario = self.case_box.currentData()
        attempts = self.cases.get(scenario, []) if scenario else []
        self.changes.clear()
        if not 0 <= row < len(attempts):
            self.change_title.setText("")
            return
        if row == 0:
            self.change_title.setText("First attempt at this case")
            a = attempts[0]
            lines = [f"Score {a.score} / {a.max_score} ({a.percent}%)."]
            lines += [f"⚠ Critical error: {t}" for t in a.critical.values()]
            lines.append("Try the case again to see what improves.")
        else:
            self.change_title.setText(f"What changed from attempt {row} to attempt {row + 1}")
            lines = progress.compare(attempts[row - 1], attempts[row]).lines()
        self.changes.addItems(lines)

    def change_lines(self) -> list[str]:
        """The lines of the 'what changed' list, as shown."""
        return [self.changes.item(i).text() for i in range(self.changes.count())]


    def _show_gains(self, records: list[dict]) -> None:
        """Per guidance point over this case's attempts: right before and after, and the gain."""
        self.gains.clear()
        rows = learning.by_guidance(records)
        for row in rows:
            if not row.paired and not row.stays_missed:
                continue
            sign = f"+{row.gain}" if row.gain > 0 else str(row.gain)
            text = (f"{guidance_title(row.key)}: right before {row.before} of {row.paired}, after "
                    f"{row.after} of {row.paired} ({sign})")
            if row.stays_missed:
                text += f"; still missed after the case {row.stays_missed} time(s)"
            self.gains.addItem(text)
        if not self.gains.count():
            self.gains.addItem("No check answered before and after this case yet.")
        self.gain_lines = [self.gains.item(i).text() for i in range(self.gains.count())]


def guidance_title(guidance_id: str) -> str:
    """The guidance point's title in plain words (its id only if the catalogue does not know it)."""
    from simulator.clinical import catalogue

    try:
        return catalogue.lookup(guidance_id).title
    except (KeyError, LookupError, ValueError):
        return guidance_id


def _check_cell(record: dict) -> str:
    rows = learning.check_rows(record)
    if not rows:
        return "—"
    before = [r.get("before") for r in rows if r.get("before") is not None]
    after = [r.get("after") for r in rows if r.get("after") is not None]
    b = f"{sum(before)} / {len(before)}" if before else "skipped"
    a = f"{sum(after)} / {len(after)}" if after else "not taken"
    return f"{b} → {a}"


def _date(value: str) -> str:
    return value[:16].replace("T", " ") if value else ""
