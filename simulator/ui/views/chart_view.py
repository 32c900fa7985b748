"""Chart: the patient's record as a clinician would review it before the visit."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QGridLayout, QWidget

from simulator.clinical import conditions
from simulator.clinical.drugs import class_label
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import Regimen, total_mme
from simulator.clinical.safety import last_dose_words
from simulator.scenario.models import Chart, CoMedication, RegimenItem, Scenario
from simulator.ui.views.common import ScrollPage, card, label, table


def regimen_mme(item: RegimenItem) -> str:
    """Daily MME of one chart regimen line, or why it cannot be given."""
    drug = "fentanyl_patch" if item.unit == "mcg/hr" else item.drug
    try:
        result = total_mme([Regimen(drug, item.strength, item.units_per_dose, item.doses_per_day)])
    except ClinicalInputError as exc:
        return f"n/a ({exc})"
    return f"{result.value:g}"


def co_medication_text(med: CoMedication) -> str:
    """One co-medication as the chart shows it: 'Alprazolam 0.5 mg at night (benzodiazepine)'."""
    if med.drug_class == "alcohol":
        return f"alcohol, {med.dose}" if med.dose else "alcohol"
    return f"{med.drug.capitalize()} {med.dose}".strip() + f" ({class_label(med.drug_class)})"


def condition_rows(scenario: Scenario) -> list[list[str]]:
    """The chart's structured conditions as (finding, value) rows; flagged ones start with ⚑."""
    cond = scenario.chart.conditions
    rows: list[list[str]] = []
    if cond.ecg is not None:
        band = conditions.qtc_band(cond.ecg.qtc_ms)
        flag = "⚑ " if band in ("prolonged", "high") else ""
        words = {"prolonged": f" (over {conditions.QTC_MONITOR_MS} ms)",
                 "high": f" (over {conditions.QTC_HIGH_MS} ms)"}.get(band, "")
        value = f"QTc {cond.ecg.qtc_ms} ms{words}. {cond.ecg.note}".strip()
        rows.append([flag + "ECG " + cond.ecg.date, value])
    else:
        rows.append(["ECG", "No ECG on record"])
    if cond.heart_disease:
        rows.append(["⚑ Heart", "Structural heart disease, arrhythmia or fainting"])
    if cond.sleep_apnoea != "none":
        flag = "⚑ " if cond.sleep_apnoea in ("suspected", "untreated") else ""
        rows.append([flag + "Sleep apnoea", conditions.label(conditions.SLEEP_APNOEA, cond.sleep_apnoea)])
    if cond.lung_disease != "none":
        rows.append(["⚑ Lungs", conditions.label(conditions.LUNG_DISEASE, cond.lung_disease)])
    for name, value in (("Kidney function", cond.kidney_function), ("Liver function", cond.liver_function)):
        if value != "normal":
            rows.append([f"⚑ {name}", conditions.label(conditions.ORGAN_FUNCTION, value)])
    if cond.pregnant:
        rows.append(["⚑ Pregnancy", "Pregnant"])
    if scenario.patient.age >= conditions.OLDER_AGE:
        rows.append(["Age", f"{scenario.patient.age} ({conditions.OLDER_AGE} or over)"])
    return rows


class ChartView(ScrollPage):
    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = self.page_layout
        chart: Chart = scenario.chart
        layout.addWidget(label(f"Chart review · {scenario.patient.name}", "title"))
        layout.addWidget(label(scenario.summary, "subtitle"))

        grid = QGridLayout()
        grid.setSpacing(12)
        frame, box = card("Problems")
        for problem in chart.problems:
            box.addWidget(label(f"• {problem}"))
        box.addWidget(label(f"Allergies: {chart.allergies}", "muted"))
        grid.addWidget(frame, 0, 0)

        frame, box = card("Vitals")
        v = chart.vitals
        rows = [
            ["Blood pressure", v.blood_pressure or "—"],
            ["Heart rate", f"{v.heart_rate} /min" if v.heart_rate is not None else "—"],
            ["Respiratory rate", f"{v.resp_rate} /min" if v.resp_rate is not None else "—"],
            ["Temperature", f"{v.temperature_c} °C" if v.temperature_c is not None else "—"],
            ["SpO₂", f"{v.spo2} %" if v.spo2 is not None else "—"],
            ["Pain score", f"{v.pain_score} / 10" if v.pain_score is not None else "—"],
        ]
        box.addWidget(table(["Measure", "Value"], rows))
        grid.addWidget(frame, 0, 1)
        layout.addLayout(grid)

        rows = condition_rows(scenario)
        frame, box = card("Conditions and findings")
        self.conditions_table = table(
            ["Finding", "Value"], rows, {i for i, r in enumerate(rows) if r[0].startswith("⚑")}
        )
        box.addWidget(self.conditions_table)
        layout.addWidget(frame)

        frame, box = card("Current opioid regimen")
        rows = []
        for item in chart.regimen:
            dose = f"{item.strength:g} {item.unit} × {item.units_per_dose:g}, {item.doses_per_day:g}×/day"
            rows.append(
                [
                    item.drug,
                    item.formulation,
                    dose + (" (as needed)" if item.prn else ""),
                    regimen_mme(item),
                    item.since,
                    item.prescriber,
                ]
            )
        self.regimen_table = table(["Drug", "Form", "Dose", "MME/day", "Since", "Prescriber"], rows)
        box.addWidget(self.regimen_table)
        months = chart.months_on_opioids
        box.addWidget(
            label(
                f"On opioids for {months} months ({months / 12:.1f} years). "
                + (f"Last opioid dose {last_dose_words(chart.last_opioid_dose_hours)}. "
                   if chart.last_opioid_dose_hours is not None else "")
                + "MME/day: morphine milligram equivalents a day, by the CDC 2022 conversion factors.",
                "muted",
            )
        )
        others = list(chart.other_medications) + [co_medication_text(m) for m in chart.co_medications]
        if others:
            self.other_medicines = label("Other medicines and alcohol: " + "; ".join(others))
            self.other_medicines.setWordWrap(True)
            box.addWidget(self.other_medicines)
        layout.addWidget(frame)

        if chart.prescriptions:
            frame, box = card("Prescription history")
            flagged = {i for i, p in enumerate(chart.prescriptions) if p.flagged}
            rows = [
                [
                    ("⚑ " if p.flagged else "") + p.date,
                    p.drug,
                    str(p.quantity),
                    f"{p.days_supply} d",
                    p.prescriber,
                    p.pharmacy,
                    p.note,
                ]
                for p in chart.prescriptions
            ]
            box.addWidget(
                table(
                    ["Date", "Drug", "Qty", "Supply", "Prescriber", "Pharmacy", "Note"],
                    rows,
                    flagged,
                )
            )
            if flagged:
                box.addWidget(label(f"⚑ marks {len(flagged)} fill(s) that need attention.", "flag"))
            layout.addWidget(frame)

        if chart.pdmp:
            frame, box = card("Prescription monitoring programme (PDMP)")
            box.addWidget(label(chart.pdmp.summary))
            box.addWidget(
                label(
                    f"Prescribers: {chart.pdmp.prescribers} · Pharmacies: {chart.pdmp.pharmacies}",
                    "muted",
                )
            )
            for flag in chart.pdmp.flags:
                box.addWidget(label(f"⚑ {flag}", "flag"))
            layout.addWidget(frame)

        if chart.urine_drug_screen:
            uds = chart.urine_drug_screen
            frame, box = card(f"Urine drug screen {uds.date}".strip())
            rows = [
                [r.substance, r.result, "as expected" if r.expected else "⚑ UNEXPECTED", r.note]
                for r in uds.results
            ]
            unexpected = {i for i, r in enumerate(uds.results) if not r.expected}
            box.addWidget(
                table(["Substance", "Result", "Against prescriptions", "Note"], rows, unexpected)
            )
            layout.addWidget(frame)

        if chart.social_history or chart.notes:
            frame, box = card("History and notes")
            if chart.social_history:
                box.addWidget(label(f"<b>Social history.</b> {html.escape(chart.social_history)}", rich=True))
            if chart.notes:
                box.addWidget(label(f"<b>Notes.</b> {html.escape(chart.notes)}", rich=True))
            layout.addWidget(frame)
        layout.addStretch(1)
