"""The patient card: portrait, who they are, why they came, rapport and affect."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from simulator.patient.persona import affect_for
from simulator.scenario.models import Patient
from simulator.ui.palette import colour
from simulator.ui.resources import portrait_path
from simulator.ui.views.common import plain_tooltip

PORTRAIT = QSize(120, 120)


def portrait_pixmap(patient: Patient, expression: str = "wary") -> QPixmap:
    """The patient's SVG portrait, or their initials on a disc when there is none."""
    pixmap = QPixmap(PORTRAIT)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = portrait_path(patient.portrait, expression)
    if path is not None:
        QSvgRenderer(str(path)).render(painter)
    else:
        painter.setBrush(colour("portrait.disc"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(0, 0, PORTRAIT.width(), PORTRAIT.height())
        painter.setPen(colour("portrait.initials"))
        font = QFont()
        font.setPointSize(28)
        font.setBold(True)
        painter.setFont(font)
        initials = "".join(part[0] for part in patient.name.split()[:2])
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, initials)
    painter.end()
    return pixmap


class PatientCard(QFrame):
    def __init__(self, patient: Patient, rapport: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.patient = patient
        # the card's text scrolls inside it when the window is short or the text large: never cut
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("plain")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setObjectName("cardbody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 12, 12)
        self.portrait = QLabel()
        self.portrait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.portrait.setAccessibleName(f"Portrait of {patient.name}")
        layout.addWidget(self.portrait)
        name = QLabel(patient.name)
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setProperty("role", "section")
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name.setWordWrap(True)
        layout.addWidget(name)
        pronouns = patient.pronouns.replace("/", "/\u2060")  # a word joiner keeps "he/him" on one line
        who = QLabel(f"{patient.age} years · {patient.sex} · {pronouns}\n{patient.occupation}")
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setProperty("role", "muted")
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setWordWrap(True)
        layout.addWidget(who)
        complaint = QLabel(f"<b>Reason for visit</b><br>{html.escape(patient.chief_complaint)}")
        complaint.setTextFormat(Qt.TextFormat.RichText)
        complaint.setWordWrap(True)
        layout.addWidget(complaint)
        layout.addSpacing(6)
        self.rapport_bar = QProgressBar()
        self.rapport_bar.setRange(0, 100)
        self.rapport_bar.setAccessibleName("Rapport")
        self.rapport_bar.setTextVisible(False)  # the number is written beside it, never over the bar
        self.rapport_bar.setFixedHeight(10)
        self.rapport_label = QLabel()
        self.rapport_label.setWordWrap(True)
        layout.addWidget(self.rapport_label)
        layout.addWidget(self.rapport_bar)
        self.affect = QLabel()
        self.affect.setTextFormat(Qt.TextFormat.PlainText)
        self.affect.setWordWrap(True)
        self.affect.setProperty("role", "muted")
        layout.addWidget(self.affect)
        layout.addStretch(1)
        scroll.setWidget(body)
        body.setAutoFillBackground(False)
        outer.addWidget(scroll)
        self.setMinimumWidth(184)  # narrower on small screens; names and text wrap
        self.setMaximumWidth(250)
        self.set_rapport(rapport)

    def set_rapport(self, rapport: int) -> None:
        affect = affect_for(rapport)
        self.rapport_bar.setValue(rapport)
        self.rapport_bar.setFormat(f"{rapport} / 100 · {affect.expression}")
        self.rapport_bar.setAccessibleDescription(f"{rapport} of 100, {affect.expression}")
        self.rapport_label.setText(f"<b>Rapport</b> {rapport} / 100 · {affect.expression}")
        self.affect.setText(affect.line)
        self.portrait.setPixmap(portrait_pixmap(self.patient, affect.expression))
        self.portrait.setToolTip(plain_tooltip(f"{self.patient.name} looks {affect.expression}"))
