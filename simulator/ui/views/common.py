"""Small helpers shared by the views."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def label(text: str, role: str | None = None, wrap: bool = True, rich: bool = False) -> QLabel:
    """A label that shows ``text`` exactly as written (plain text).

    ``rich=True`` only for our own markup, with any scenario text inside passed through
    :func:`html.escape`: scenario text is never interpreted as HTML.
    """
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setText(text)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        widget.setProperty("role", role)
    return widget


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would render a tooltip that looks like HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    if title:
        layout.addWidget(label(title, "section"))
    return frame, layout


def table(headers: list[str], rows: list[list[str]], bold_rows: set[int] | None = None) -> QTableWidget:
    """A read-only table sized to its contents."""
    widget = QTableWidget(len(rows), len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().setVisible(False)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(plain_tooltip(text))
            if bold_rows and r in bold_rows:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    widget.resizeRowsToContents()
    header_height = widget.horizontalHeader().sizeHint().height()
    height = header_height + sum(widget.rowHeight(r) for r in range(len(rows))) + 6
    widget.setMinimumHeight(min(height, 360))
    widget.setMaximumHeight(max(height, 60))
    return widget


def check_group(title: str, choices, texts: dict[str, str] | None = None):
    """A titled box of check boxes, one per ``(id, label)`` choice; returns it and the boxes."""
    from PySide6.QtWidgets import QCheckBox, QGroupBox

    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.setSpacing(4)
    checks: dict[str, QCheckBox] = {}
    for cid, text in choices:
        check = QCheckBox((texts or {}).get(cid, text))
        check.setAccessibleName(text)
        checks[cid] = check
        column.addWidget(check)
    return box, checks


def submit_row(text: str, on_submit) -> tuple:
    """A status line and a primary submit button (also Ctrl+S) for a form."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    row = QHBoxLayout()
    status = label("", "muted")
    button = QPushButton(f"{text}  (Ctrl+S)")
    button.setProperty("role", "primary")
    button.clicked.connect(on_submit)
    QShortcut(QKeySequence("Ctrl+S"), status, activated=on_submit)
    row.addWidget(status, 1)
    row.addWidget(button)
    return row, status, button


class WrappingChoice(QWidget):
    """A radio button whose text wraps: long clinical choices stay readable at any width."""

    def __init__(self, text: str, group, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QRadioButton

        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        self.radio = QRadioButton()
        self.radio.setAccessibleName(text)
        group.addButton(self.radio)
        self.text = label(text)
        self.text.mousePressEvent = lambda _event: self.radio.click()
        row.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)

    # the API views and tests use, as on a QRadioButton
    def click(self) -> None:
        self.radio.click()

    def isChecked(self) -> bool:  # noqa: N802 - Qt naming
        return self.radio.isChecked()

    def setChecked(self, on: bool) -> None:  # noqa: N802 - Qt naming
        self.radio.setChecked(on)

    def setEnabled(self, on: bool) -> None:  # noqa: N802 - Qt naming
        self.radio.setEnabled(on)
        self.text.setEnabled(on)


class ScrollPage(QScrollArea):
    """A page that scrolls vertically and never sideways; views add to ``page_layout``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body, self.page_layout = page()
        self.setWidget(body)


def page() -> tuple[QWidget, QVBoxLayout]:
    widget = QWidget()
    widget.setObjectName("page")
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.setSpacing(12)
    return widget, layout
