"""Assessment: diagnosis, DSM-5 criteria, supervised-use rule, severity, OIH, risk factors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from simulator.clinical.dsm5 import counted_criteria, severity_for_count
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.ui.views.common import (
    FlowColumns,
    RefusalLine,
    ScrollPage,
    check_group,
    label,
    on_any_edit,
    submit_row,
)


class AssessmentView(ScrollPage):
    refused = Signal(str)  #: as on the plan (PlanView.refused)

    def __init__(self, session: Session, apply: Callable[[dict[str, Any]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.apply = apply
        layout = self.page_layout
        layout.addWidget(label("Assessment", "title"))
        layout.addWidget(label("Record your conclusions. The answer key stays hidden until the debrief.",
                               "subtitle"))

        left = QVBoxLayout()
        criteria_box = QGroupBox("DSM-5 criteria for opioid use disorder")
        grid = QGridLayout(criteria_box)
        grid.addWidget(label("Tick those present in the past 12 months.", "muted"), 0, 0)
        self.criteria: dict[str, QCheckBox] = {}
        for n, (cid, text) in enumerate(vocab.DSM5_CRITERIA):
            box = QCheckBox(f"{n + 1}. {text}")
            box.setToolTip(vocab.DSM5_DESCRIPTIONS[cid])
            box.setChecked(cid in session.data.marks)
            box.toggled.connect(self._update_count)
            self.criteria[cid] = box
            grid.addWidget(box, n + 1, 0)
        self.supervised = QCheckBox("Takes opioids solely as prescribed, under supervision")
        self.supervised.setToolTip("Then tolerance and withdrawal do not count toward OUD (DSM-5).")
        self.supervised.toggled.connect(self._update_count)
        n = len(vocab.DSM5_CRITERIA) + 1
        grid.addWidget(self.supervised, n, 0)
        grid.addWidget(label("If so, tolerance and withdrawal do not count toward the diagnosis.", "muted"),
                       n + 1, 0)
        self.count_label = label("", "muted")
        grid.addWidget(self.count_label, n + 2, 0)
        left.addWidget(criteria_box)

        right = QVBoxLayout()
        dx_box = QGroupBox("Diagnosis")
        dv = QVBoxLayout(dx_box)
        self.diagnosis = QButtonGroup(self)
        self.diagnosis_buttons: dict[str, QRadioButton] = {}
        for did, text in vocab.DIAGNOSES:
            button = QRadioButton(text)
            self.diagnosis.addButton(button)
            self.diagnosis_buttons[did] = button
            dv.addWidget(button)
        form = QFormLayout()
        self.severity = QComboBox()
        for sid, text in vocab.SEVERITIES:
            self.severity.addItem(text, sid)
        self.severity.setAccessibleName("Severity")
        self.severity.setPlaceholderText("Choose severity…")
        self.severity.setCurrentIndex(-1)
        form.addRow("&Severity", self.severity)
        dv.addLayout(form)
        self.oih = QCheckBox("Opioid-induced hyperalgesia suspected")
        dv.addWidget(self.oih)
        right.addWidget(dx_box)

        risk_box, self.risks = check_group("Risk factors present", vocab.RISK_FACTORS)
        right.addWidget(risk_box)
        right.addStretch(1)
        self.columns = FlowColumns([(left, 1), (right, 1)])
        layout.addWidget(self.columns)

        row, self.status, self.submit = submit_row("Submit assessment", self._submit)
        layout.addLayout(row)
        layout.addStretch(1)
        if session.data.assessment is not None:
            self.load(session.data.assessment.model_dump())
        self._update_count()
        self.refusal = RefusalLine(self.missing, self.status, self.refused,
                                   "Everything needed is chosen: submit the assessment (Ctrl+S).", " and ")
        on_any_edit(self.columns, self.refusal.edited)

    def missing(self) -> list[str]:
        """What must still be chosen before the assessment can be submitted."""
        chosen = any(b.isChecked() for b in self.diagnosis_buttons.values())
        return [what for empty, what in (
            (not chosen, "a diagnosis"),
            (self.severity.currentIndex() < 0, "a severity (None if no use disorder)"),
        ) if empty]

    def first_focus(self) -> QWidget:
        """Where the keyboard starts: the first DSM-5 criterion."""
        return next(iter(self.criteria.values()))

    def load(self, assessment: dict[str, Any]) -> None:
        """Show a recorded assessment (when resuming or revising)."""
        self.diagnosis_buttons[assessment["diagnosis"]].setChecked(True)
        for cid, box in self.criteria.items():
            box.setChecked(cid in assessment["criteria"])
        self.supervised.setChecked(assessment["supervised_use"])
        self.severity.setCurrentIndex(self.severity.findData(assessment["severity"]))
        self.oih.setChecked(assessment["oih"])
        for rid, box in self.risks.items():
            box.setChecked(rid in assessment["risk_factors"])

    def _update_count(self) -> None:
        chosen = [c for c, box in self.criteria.items() if box.isChecked()]
        excluded = self.supervised.isChecked()
        counted = counted_criteria(chosen, excluded)
        severity = severity_for_count(len(counted))
        self.count_label.setText(
            f"{len(counted)} criteria count → severity by DSM-5 bands: {severity}"
            + (" (tolerance and withdrawal excluded)" if excluded and len(counted) < len(chosen) else "")
        )

    def payload(self) -> dict[str, Any] | None:
        diagnosis = next((d for d, b in self.diagnosis_buttons.items() if b.isChecked()), None)
        if diagnosis is None or self.severity.currentIndex() < 0:
            return None
        return {
            "type": "assess",
            "diagnosis": diagnosis,
            "criteria": [c for c, box in self.criteria.items() if box.isChecked()],
            "supervised_use": self.supervised.isChecked(),
            "severity": self.severity.currentData(),
            "oih": self.oih.isChecked(),
            "risk_factors": [r for r, box in self.risks.items() if box.isChecked()],
        }

    def _submit(self) -> None:
        payload = self.payload()
        if payload is None:
            self.refusal.refuse(self.missing())
            return
        if self.apply(payload):
            self.status.setText("Assessment recorded. You can revise it until you continue.")
