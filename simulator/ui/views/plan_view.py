"""Plan: opioid plan, taper, medication for OUD, non-opioid care, safety and monitoring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.clinical import plan as plan_decl
from simulator.clinical.taper import weekly_rate_percent
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.ui.views.common import FlowColumns, ScrollPage, check_group, label, submit_row


def _combo(choices: vocab.Choices, name: str, choose: str | None = None) -> QComboBox:
    """A drop-down of ``choices``; with ``choose`` it starts empty, showing that prompt."""
    box = QComboBox()
    for cid, text in choices:
        box.addItem(text, cid)
        box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)
    if choose:
        box.setPlaceholderText(choose)
        box.setCurrentIndex(-1)
    box.currentIndexChanged.connect(lambda _: box.setToolTip(box.currentText()))
    return box


def _spin(lo: int, hi: int, value: int | None, suffix: str, name: str) -> QSpinBox:
    """A whole-number box; ``value=None`` starts blank (one below ``lo``, shown as "enter")."""
    box = QSpinBox()
    box.setRange(lo - 1 if value is None else lo, hi)
    if value is None:
        box.setSpecialValueText("enter…")
        box.setValue(lo - 1)
    else:
        box.setValue(value)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    return box


BUPRENORPHINE_FIELDS = ("bup_day1_mg", "bup_target_mg")
METHADONE_FIELDS = ("methadone_start_mg", "methadone_step_mg", "methadone_step_days")
SHORT_COURSE_FIELDS = ("short_course_tablets",)


def _blank(box: QSpinBox) -> bool:
    """True while a box that starts blank has not been given a value."""
    return bool(box.specialValueText()) and box.value() == box.minimum()


class PlanView(ScrollPage):
    def __init__(self, session: Session, apply: Callable[[dict[str, Any]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.apply = apply
        layout = self.page_layout
        layout.addWidget(label("Plan", "title"))
        layout.addWidget(label("Build one plan for the pain and for the opioid use. "
                               "Nothing is scored until the debrief.", "subtitle"))
        left, middle, right = QVBoxLayout(), QVBoxLayout(), QVBoxLayout()

        box = QGroupBox("Opioid")
        form = QFormLayout(box)
        self.opioid = _combo(vocab.OPIOID_PLANS, "Opioid plan", "Choose the opioid plan…")
        form.addRow("&Current opioid", self.opioid)
        self.taper_percent = QDoubleSpinBox()
        self.taper_percent.setRange(1, 100)
        self.taper_percent.setValue(10)
        self.taper_percent.setSuffix(" %")
        self.taper_percent.setAccessibleName("Taper step percent")
        self.taper_interval = _spin(1, 90, 30, " days", "Days between steps")
        self.taper_basis = _combo(vocab.TAPER_BASES, "Taper basis")
        self.taper_pauses = QCheckBox("Pauses allowed when needed")
        form.addRow("Taper &step", self.taper_percent)
        form.addRow("Step &every", self.taper_interval)
        form.addRow("Step based on", self.taper_basis)
        form.addRow("", self.taper_pauses)
        self.taper_check = label("", "muted")
        form.addRow(self.taper_check)
        self.end_days = _spin(1, 90, None, " days", "Days until the short course ends")
        form.addRow("Course ends &after", self.end_days)
        self.written: dict[str, QWidget] = {}  # fields built from the plan declaration (clinical.plan)
        self._add_declared(form, SHORT_COURSE_FIELDS + ("formulation",))
        left.addWidget(box)

        box = QGroupBox("Medication for opioid use disorder (OUD)")
        form = QFormLayout(box)
        self.moud = _combo(vocab.MOUD, "Medication for OUD", "Choose…")
        form.addRow("&Medication", self.moud)
        self.induction = _combo(vocab.INDUCTIONS, "Buprenorphine start", "Choose how to start…")
        form.addRow("Buprenorphine &start", self.induction)
        self.cows = _spin(0, 48, None, "", "COWS score for the first dose")
        self.cows.setToolTip("The Clinical Opiate Withdrawal Scale (COWS, 0 to 48) score the patient "
                             "should reach before the first buprenorphine dose")
        form.addRow("First dose when COWS ≥", self.cows)
        self.wait = _spin(0, 120, None, " h", "Hours since the last full-agonist dose")
        form.addRow("Hours after last dose", self.wait)
        self.methadone_route = _combo(vocab.METHADONE_ROUTES, "Methadone route", "Choose…")
        form.addRow("Methadone through", self.methadone_route)
        self.naltrexone_days = _spin(0, 30, None, " days", "Opioid-free days before naltrexone")
        form.addRow("Opioid-free days", self.naltrexone_days)
        self._add_declared(form, BUPRENORPHINE_FIELDS + METHADONE_FIELDS)
        left.addWidget(box)
        left.addStretch(1)

        box, self.nonopioid = check_group("Non-opioid pain care", vocab.NONOPIOID)
        middle.addWidget(box)
        box = QGroupBox("Mental health")
        grid = QVBoxLayout(box)
        self.psych = QCheckBox("Treat anxiety/depression alongside")
        self.trauma = QCheckBox("Trauma-informed care")
        grid.addWidget(self.psych)
        grid.addWidget(self.trauma)
        middle.addWidget(box)
        middle.addStretch(1)

        box = QGroupBox("Safety, setting and monitoring")
        form = QFormLayout(box)
        self.naloxone = QCheckBox("Offer naloxone")
        form.addRow("", self.naloxone)
        self.setting = _combo(vocab.SETTINGS, "Care setting", "Choose the setting…")
        form.addRow("Se&tting", self.setting)
        self.followup = _spin(1, 180, 28, " days", "Follow-up")
        form.addRow("&Follow-up in", self.followup)
        self.pdmp = QCheckBox("Check the PDMP (prescription monitoring)")
        self.pdmp.setToolTip("The prescription drug monitoring program: every controlled-substance "
                             "prescription filled for this patient")
        self.urine = QCheckBox("Urine drug testing")
        form.addRow("", self.pdmp)
        form.addRow("", self.urine)
        self._add_declared(form, ("benzodiazepine",))
        right.addWidget(box)

        box, self.counselling = check_group("Counselling", vocab.COUNSELLING)
        right.addWidget(box)
        right.addStretch(1)

        self.columns = FlowColumns([(left, 4), (middle, 3), (right, 3)])
        layout.addWidget(self.columns)
        row, self.status, self.submit = submit_row("Submit plan", self._submit)
        layout.addLayout(row)
        layout.addStretch(1)

        if session.data.plan is not None:
            self.load(session.data.plan.model_dump())
        for widget in (self.opioid, self.moud, self.induction):
            widget.currentIndexChanged.connect(self._sync)
        self.taper_percent.valueChanged.connect(self._sync)
        self.taper_interval.valueChanged.connect(self._sync)
        self._sync()

    def first_focus(self) -> QWidget:
        """Where the keyboard starts: the decision about the current opioid."""
        return self.opioid

    def _sync(self) -> None:
        opioid, moud = self.opioid.currentData(), self.moud.currentData()
        tapering = opioid == "taper"
        for w in (self.taper_percent, self.taper_interval, self.taper_basis, self.taper_pauses):
            w.setEnabled(tapering)
        self.end_days.setEnabled(opioid == "short_course")
        self.induction.setEnabled(moud == "buprenorphine")
        standard = moud == "buprenorphine" and self.induction.currentData() == "standard"
        self.cows.setEnabled(standard)
        self.wait.setEnabled(standard)
        self.methadone_route.setEnabled(moud == "methadone")
        self.naltrexone_days.setEnabled(moud == "naltrexone_xr")
        for name, widget in self.written.items():
            widget.setEnabled(
                (name not in BUPRENORPHINE_FIELDS or moud == "buprenorphine")
                and (name not in METHADONE_FIELDS or moud == "methadone")
                and (name not in SHORT_COURSE_FIELDS or opioid == "short_course")
                and (name != "formulation" or opioid in ("continue", "increase", "short_course"))
            )
        if tapering:
            weekly = weekly_rate_percent(self.taper_percent.value(), self.taper_interval.value())
            self.taper_check.setText(f"≈ {weekly:.1f}% a week, {weekly * 30 / 7:.0f}% a month")
        else:
            self.taper_check.setText("")

    def load(self, plan: dict[str, Any]) -> None:
        """Show a recorded plan (when resuming or revising)."""
        def pick(box: QComboBox, value: str) -> None:
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)

        pick(self.opioid, plan["opioid"])
        pick(self.moud, plan["moud"])
        pick(self.induction, plan["induction"])
        pick(self.setting, plan["setting"])
        pick(self.methadone_route, plan["methadone_route"])
        if plan.get("taper"):
            self.taper_percent.setValue(plan["taper"]["percent"])
            self.taper_interval.setValue(plan["taper"]["interval_days"])
            pick(self.taper_basis, plan["taper"]["basis"])
            self.taper_pauses.setChecked(plan["taper"]["pauses"])
        self.cows.setValue(plan["induction_cows"])
        self.wait.setValue(int(plan["induction_wait_hours"]))
        self.naltrexone_days.setValue(plan["naltrexone_free_days"])
        self.end_days.setValue(plan["end_date_days"])
        self.followup.setValue(plan["followup_days"])
        for key, box in self.nonopioid.items():
            box.setChecked(key in plan["nonopioid"])
        for key, box in self.counselling.items():
            box.setChecked(key in plan["counselling"])
        self.psych.setChecked(plan["psych_care"])
        self.trauma.setChecked(plan["trauma_informed"])
        self.naloxone.setChecked(plan["naloxone"])
        self.pdmp.setChecked(plan["pdmp"])
        self.urine.setChecked(plan["urine_testing"])
        for name, widget in self.written.items():
            value = plan.get(name, plan_decl.DEFAULTS[name])
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(index, 0))
            else:
                widget.setValue(value)  # type: ignore[attr-defined]

    def missing(self) -> list[str]:
        """What must still be chosen or entered before the plan can be submitted."""
        needed: list[tuple[bool, str]] = [
            (self.opioid.currentIndex() < 0, "the opioid plan"),
            (self.moud.currentIndex() < 0, "medication for OUD (or none)"),
            (self.setting.currentIndex() < 0, "the care setting"),
        ]
        moud = self.moud.currentData()
        if moud == "buprenorphine":
            needed.append((self.induction.currentIndex() < 0, "how to start buprenorphine"))
            if self.induction.currentData() == "standard":
                needed.append((_blank(self.cows), "the COWS score for the first dose"))
                needed.append((_blank(self.wait), "the hours since the last opioid dose"))
        if moud == "methadone":
            needed.append((self.methadone_route.currentIndex() < 0, "how methadone is provided"))
        if moud == "naltrexone_xr":
            needed.append((_blank(self.naltrexone_days), "the opioid-free days before naltrexone"))
        if self.opioid.currentData() == "short_course":
            needed.append((_blank(self.end_days), "when the short course ends"))
        return [what for is_missing, what in needed if is_missing]

    def payload(self) -> dict[str, Any]:
        opioid, moud = self.opioid.currentData(), self.moud.currentData()
        data: dict[str, Any] = {
            "type": "plan",
            "opioid": opioid,
            "moud": moud,
            "nonopioid": [k for k, c in self.nonopioid.items() if c.isChecked()],
            "psych_care": self.psych.isChecked(),
            "trauma_informed": self.trauma.isChecked(),
            "naloxone": self.naloxone.isChecked(),
            "setting": self.setting.currentData(),
            "followup_days": self.followup.value(),
            "pdmp": self.pdmp.isChecked(),
            "urine_testing": self.urine.isChecked(),
            "counselling": [k for k, c in self.counselling.items() if c.isChecked()],
        }
        if opioid == "taper":
            data["taper"] = {
                "percent": self.taper_percent.value(),
                "interval_days": self.taper_interval.value(),
                "basis": self.taper_basis.currentData(),
                "pauses": self.taper_pauses.isChecked(),
            }
        if opioid == "short_course":
            data["end_date_days"] = self.end_days.value()
        if moud == "buprenorphine":
            data["induction"] = self.induction.currentData()
            if data["induction"] == "standard":
                data["induction_cows"] = self.cows.value()
                data["induction_wait_hours"] = self.wait.value()
        if moud == "methadone":
            data["methadone_route"] = self.methadone_route.currentData()
        if moud == "naltrexone_xr":
            data["naltrexone_free_days"] = self.naltrexone_days.value()
        for name, widget in self.written.items():
            if not widget.isEnabled():
                continue
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.value()  # type: ignore[attr-defined]
            if value != plan_decl.DEFAULTS[name]:
                data[name] = value
        return data

    def _add_declared(self, form: QFormLayout, names: tuple[str, ...]) -> None:
        """Rows for declared plan fields: a drop-down for a choice, a number box for a dose (its
        lowest value, 0, reads "not written")."""
        for name in names:
            spec = plan_decl.spec(name)
            widget: QWidget
            if spec.choices:
                widget = _combo(spec.choices, spec.label)
            else:
                box = QSpinBox() if spec.integer else QDoubleSpinBox()
                box.setRange(int(spec.low or 0), int(spec.high or 0))
                if isinstance(box, QDoubleSpinBox):
                    box.setDecimals(1)
                    box.setSingleStep(0.5 if spec.unit == "mg" else 1)
                box.setSpecialValueText("not written")
                box.setSuffix(f" {spec.unit}" if spec.unit else "")
                box.setAccessibleName(spec.label)
                widget = box
            widget.setToolTip(spec.meaning.replace("`", ""))
            self.written[name] = widget
            form.addRow(spec.label, widget)

    def _submit(self) -> None:
        missing = self.missing()
        if missing:
            self.status.setText("Before submitting, choose " + "; ".join(missing) + ".")
            return
        if self.apply(self.payload()):
            self.status.setText("Plan recorded. You can revise it until you continue.")
