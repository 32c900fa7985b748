"""Plan: opioid plan, taper, medication for OUD, non-opioid care, safety and monitoring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
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
from simulator.clinical.orders import ORDERS
from simulator.clinical.safety import start_hint
from simulator.clinical.taper import weekly_rate_percent
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.ui.views.common import (
    ElidedCombo,
    FlowColumns,
    RefusalLine,
    ScrollPage,
    check_group,
    label,
    on_any_edit,
    submit_row,
)

ORDER_PURPOSE = {o.id: o.purpose for o in ORDERS}


def _combo(choices: vocab.Choices, name: str, choose: str | None = None) -> QComboBox:
    """A drop-down of ``choices``; with ``choose`` it starts empty, showing that prompt.

    A "Not applicable" choice is never offered: a field that does not apply is disabled."""
    box = ElidedCombo()  # never narrower than its longest choice (below); "…" only as a last resort
    for cid, text in choices:
        if cid == "none" and text == "Not applicable":
            continue
        box.addItem(text, cid)
        box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
    box.setAccessibleName(name)
    # as wide as its longest choice: the form puts a row that cannot fit beside its label under
    # it (_form), and the page's columns flow onto more rows before a choice would be cut
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    if choose:
        box.setPlaceholderText(choose)
        box.setCurrentIndex(-1)
    box.currentIndexChanged.connect(lambda _: box.setToolTip(box.currentText()))
    return box


def _form(box: QGroupBox) -> QFormLayout:
    """A form whose field goes under its label when the two do not fit side by side."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


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


def _offer(box: QComboBox, unfit: set[str]) -> None:
    """Offer only the choices that fit what is already chosen: the ``unfit`` ones are hidden
    from the list and skipped by the arrow keys (one already shown stays, so nothing changes
    behind the trainee's back)."""
    model, view = box.model(), box.view()
    for row in range(box.count()):
        hidden = box.itemData(row) in unfit and row != box.currentIndex()
        view.setRowHidden(row, hidden)
        item = model.item(row)
        flags = item.flags()
        enabled = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags & ~enabled if hidden else flags | enabled)


def _blank(box: QAbstractSpinBox) -> bool:
    """True while a box that starts blank has not been given a value."""
    return bool(box.specialValueText()) and box.value() == box.minimum()


class PlanView(ScrollPage):
    #: a submission refused, in the words shown under the form (the session's status line,
    #: always in sight, repeats them: the form's own line is at the foot of a long page)
    refused = Signal(str)

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
        form = _form(box)
        self.opioid = _combo(vocab.OPIOID_PLANS, "Opioid plan", "Choose the opioid plan…")
        form.addRow("&Current opioid", self.opioid)
        self.taper_percent = QDoubleSpinBox()  # starts blank, like every clinical number here
        self.taper_percent.setRange(0, 100)
        self.taper_percent.setSpecialValueText("enter…")
        self.taper_percent.setValue(0)
        self.taper_percent.setSuffix(" %")
        self.taper_percent.setAccessibleName("Taper step percent")
        self.taper_interval = _spin(1, 90, None, " days", "Days between steps")
        self.taper_basis = _combo(vocab.TAPER_BASES, "Taper basis", "Choose…")
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
        form = _form(box)
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
        chart_hours = session.scenario.chart.last_opioid_dose_hours
        baseline = session.scenario.chart.baseline
        self.wait_hint = label(start_hint(chart_hours, "buprenorphine", baseline.cows if baseline else None),
                               "muted")  # what the chart says
        form.addRow(self.wait_hint)
        self.methadone_route = _combo(vocab.METHADONE_ROUTES, "Methadone route", "Choose…")
        form.addRow("Methadone through", self.methadone_route)
        self.naltrexone_days = _spin(0, 30, None, " days", "Opioid-free days before naltrexone")
        form.addRow("Opioid-free days", self.naltrexone_days)
        self.naltrexone_hint = label(start_hint(chart_hours, "naltrexone"), "muted")
        form.addRow(self.naltrexone_hint)
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
        form = _form(box)
        self.naloxone = QCheckBox("Offer naloxone")
        form.addRow("", self.naloxone)
        self.setting = _combo(vocab.SETTINGS, "Care setting", "Choose the setting…")
        form.addRow("Se&tting", self.setting)
        self.followup = _spin(1, 180, None, " days", "Follow-up")
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
        box, self.orders = check_group("Orders: tests and referrals", vocab.ORDERS)
        for key, check in self.orders.items():
            check.setToolTip(ORDER_PURPOSE[key])
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
        self.refusal = RefusalLine(self.missing, self.status, self.refused,
                                   "Everything needed is chosen: submit the plan (Ctrl+S).")
        on_any_edit(self.columns, self.refusal.edited)

    def first_focus(self) -> QWidget:
        """Where the keyboard starts: the decision about the current opioid."""
        return self.opioid

    def _sync(self) -> None:
        opioid, moud = self.opioid.currentData(), self.moud.currentData()
        # moving to medication for OUD and choosing none contradict each other
        _offer(self.moud, {"none"} if opioid == "switch_to_moud" else set())
        _offer(self.opioid, {"switch_to_moud"} if moud == "none" else set())
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
        # the chart's last dose beside the field it times, shown while that field is in use
        self.wait_hint.setVisible(standard and bool(self.wait_hint.text()))
        self.naltrexone_hint.setVisible(moud == "naltrexone_xr" and bool(self.naltrexone_hint.text()))
        for name, widget in self.written.items():
            widget.setEnabled(
                (name not in BUPRENORPHINE_FIELDS or moud == "buprenorphine")
                and (name not in METHADONE_FIELDS or moud == "methadone")
                and (name not in SHORT_COURSE_FIELDS or opioid == "short_course")
                and (name != "formulation" or opioid in ("continue", "increase", "short_course"))
            )
        if tapering and not (_blank(self.taper_percent) or _blank(self.taper_interval)):
            weekly = weekly_rate_percent(self.taper_percent.value(), self.taper_interval.value())
            self.taper_check.setText(f"≈ {weekly:.1f}% a week, {weekly * 30 / 7:.0f}% a month")
        else:
            self.taper_check.setText("")
        self.taper_check.setVisible(bool(self.taper_check.text()))  # no blank line in the form

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
        # a number shows only where it applies: a field that does not stays blank, not "0"
        if plan["moud"] == "buprenorphine" and plan["induction"] == "standard":
            self.cows.setValue(plan["induction_cows"])
            self.wait.setValue(int(plan["induction_wait_hours"]))
        if plan["moud"] == "naltrexone_xr":
            self.naltrexone_days.setValue(plan["naltrexone_free_days"])
        if plan["opioid"] == "short_course":
            self.end_days.setValue(plan["end_date_days"])
        self.followup.setValue(plan["followup_days"])
        for key, box in self.nonopioid.items():
            box.setChecked(key in plan["nonopioid"])
        for key, box in self.counselling.items():
            box.setChecked(key in plan["counselling"])
        for key, box in self.orders.items():
            box.setChecked(key in plan.get("orders", ()))
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
        return [what for what, _field in self._missing_fields()]

    def _missing_fields(self) -> list[tuple[str, QWidget]]:
        """Each missing choice or number, with the field that takes it (in the page's order)."""
        needed: list[tuple[bool, str, QWidget]] = [
            (self.opioid.currentIndex() < 0, "the opioid plan", self.opioid),
        ]
        if self.opioid.currentData() == "taper":
            needed.append((_blank(self.taper_percent), "the taper step", self.taper_percent))
            needed.append((_blank(self.taper_interval), "the days between taper steps", self.taper_interval))
            needed.append((self.taper_basis.currentIndex() < 0, "what the taper step is based on",
                           self.taper_basis))
        if self.opioid.currentData() == "short_course":
            needed.append((_blank(self.end_days), "when the short course ends", self.end_days))
            needed.append(self._dose("short_course_tablets", "the number of tablets"))
        needed.append((self.moud.currentIndex() < 0, "medication for OUD (or none)", self.moud))
        moud = self.moud.currentData()
        if moud == "buprenorphine":
            needed.append((self.induction.currentIndex() < 0, "how to start buprenorphine", self.induction))
            if self.induction.currentData() == "standard":
                needed.append((_blank(self.cows), "the COWS score for the first dose", self.cows))
                needed.append((_blank(self.wait), "the hours since the last opioid dose", self.wait))
            # a prescriber writes doses, not only a decision (issue 20)
            needed.append(self._dose("bup_day1_mg", "the buprenorphine dose on day 1"))
            needed.append(self._dose("bup_target_mg", "the buprenorphine daily dose to reach"))
        if moud == "methadone":
            needed.append((self.methadone_route.currentIndex() < 0, "how methadone is provided",
                           self.methadone_route))
            if self.methadone_route.currentData() == "office":  # a programme sets its own doses
                needed.append(self._dose("methadone_start_mg", "the methadone first-day dose"))
        if moud == "naltrexone_xr":
            needed.append((_blank(self.naltrexone_days), "the opioid-free days before naltrexone",
                           self.naltrexone_days))
        if self._takes_benzodiazepine():  # a sedative beside the opioid needs a written decision
            box = self.written["benzodiazepine"]
            needed.append((box.currentData() == "none", "what happens to the benzodiazepine", box))
        needed.append((self.setting.currentIndex() < 0, "the care setting", self.setting))
        needed.append((_blank(self.followup), "when to follow up", self.followup))
        return [(what, field) for is_missing, what, field in needed if is_missing]

    def _takes_benzodiazepine(self) -> bool:
        return any(m.drug_class == "benzodiazepine" for m in self.session.scenario.chart.co_medications)

    def _dose(self, name: str, what: str) -> tuple[bool, str, QWidget]:
        """A written dose the plan needs: missing while its box says "not written"."""
        box = self.written[name]
        return _blank(box), what, box

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
            "orders": [k for k, c in self.orders.items() if c.isChecked()],
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
        missing = self._missing_fields()
        if missing:
            self.refusal.refuse([w for w, _ in missing])
            # the first missing field in sight (the message is in the status line), the keyboard on it
            missing[0][1].setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(missing[0][1])
            return
        if self.apply(self.payload()):
            self.status.setText("Plan recorded. You can revise it until you continue.")
