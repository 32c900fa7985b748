"""Clinical tools: MME calculator, COWS form, DSM-5 checklist and taper planner.

Usable on their own (Tools menu) and during a session. Each tool calls the pure
functions in :mod:`simulator.clinical` and shows where its rule comes from.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.clinical import cows, dsm5, taper
from simulator.clinical.drugs import drug_name
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import FACTORS_2022, Regimen, total_mme
from simulator.ui.palette import colour
from simulator.ui.views.common import fit_to_screen, hands_keyboard_back, label, table


def _result(text: str = "") -> object:
    widget = label(text, "notice", rich=True)  # our own markup; error texts are escaped
    widget.setAccessibleName("Result")
    return widget


class MmeTool(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(label("Daily morphine milligram equivalents with the CDC 2022 factors. "
                               "Add up to three opioids taken together.", "muted"))
        grid = QGridLayout()
        for col, head in enumerate(["Opioid", "Strength", "Units per dose", "Doses a day"]):
            grid.addWidget(label(f"<b>{head}</b>", rich=True), 0, col)
        self.rows = []
        for r in range(3):
            drug = QComboBox()
            drug.addItem("(none)", "")
            for key in sorted(FACTORS_2022):
                drug.addItem(drug_name(key), key)  # words, not ids: "fentanyl patches"
            drug.setAccessibleName(f"Opioid {r + 1}")
            strength = QDoubleSpinBox()
            strength.setRange(0, 2000)
            strength.setAccessibleName(f"Strength {r + 1} (mg, or mcg/hr for patches)")
            per = QDoubleSpinBox()
            per.setRange(0.25, 20)
            per.setValue(1)
            times = QDoubleSpinBox()
            times.setRange(0.25, 24)
            times.setValue(1)
            for c, w in enumerate((drug, strength, per, times)):
                grid.addWidget(w, r + 1, c)
            self.rows.append((drug, strength, per, times))
        layout.addLayout(grid)
        self.button = QPushButton("Calculate MME")
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self.calculate)
        layout.addWidget(self.button)
        self.result = _result()
        layout.addWidget(self.result)
        layout.addStretch(1)

    def calculate(self) -> None:
        regimens = [
            Regimen(d.currentData(), s.value(), p.value(), t.value())
            for d, s, p, t in self.rows if d.currentIndex() > 0
        ]
        try:
            result = total_mme(regimens)
        except ClinicalInputError as exc:
            self.result.setText(f"Cannot calculate: {html.escape(str(exc))}")
            return
        lines = "".join(
            f"<br>{drug_name(line.drug)}: {line.daily_dose:g} {_per_day(line.unit)} × {line.factor:g}"
            f" = {line.mme:g} MME"
            for line in result.breakdown
        )
        notes = "".join(f"<br>• {n}" for n in result.notes)
        self.result.setText(f"<b>{result.value:g} MME/day</b> ({result.band}){lines}{notes}"
                            f"<br><i>Source: {result.citation.documents}</i>")


class CowsTool(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(label("Clinical Opiate Withdrawal Scale: rate each sign only as far as it is "
                               "due to withdrawal.", "muted"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.items: dict[str, QComboBox] = {}
        for item in cows.ITEMS:
            box = QComboBox()
            for value, anchor in item.anchors.items():
                box.addItem(f"{value} - {anchor}", value)
            box.setAccessibleName(item.title)
            # as wide as the window allows, not as the longest anchor (the list shows it whole)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(24)
            box.currentIndexChanged.connect(lambda _i, b=box: b.setToolTip(b.currentText()))
            box.currentIndexChanged.connect(self.calculate)
            self.items[item.id] = box
            form.addRow(f"{item.number}. {item.title}", box)
        layout.addLayout(form)
        self.result = _result()
        layout.addWidget(self.result)
        self.calculate()

    def calculate(self) -> None:
        result = cows.score({k: box.currentData() for k, box in self.items.items()})
        self.result.setText(f"<b>COWS total {result.total} / 48</b>: {result.band}"
                            f"<br><i>Source: {result.citation.documents}</i>")


class Dsm5Tool(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(label("DSM-5 opioid use disorder: criteria present within the same 12 months.",
                               "muted"))
        self.boxes: dict[str, QCheckBox] = {}
        for n, criterion in enumerate(dsm5.CRITERIA, start=1):
            box = QCheckBox(f"{n}. {criterion.title}")
            box.toggled.connect(self.calculate)
            self.boxes[criterion.id] = box
            layout.addWidget(box)
        self.supervised = QCheckBox("Opioids taken solely as prescribed under medical supervision")
        self.supervised.toggled.connect(self.calculate)
        layout.addWidget(self.supervised)
        self.result = _result()
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.calculate()

    def calculate(self) -> None:
        chosen = [c for c, b in self.boxes.items() if b.isChecked()]
        result = dsm5.assess(chosen, self.supervised.isChecked())
        explanation = "".join(f"<br>• {line}" for line in result.explanation)
        sources = "; ".join(c.documents for c in result.citations)
        self.result.setText(f"<b>{result.label}</b> ({result.count} criteria count){explanation}"
                            f"<br><i>Source: {sources}</i>")


class TaperChart(QWidget):
    """Daily MME at each taper step, as bars labelled with their day."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[taper.TaperStep] = []
        self.setMinimumHeight(180)
        self.setAccessibleName("Taper chart")

    def set_steps(self, steps) -> None:
        self.steps = list(steps)
        self.setAccessibleDescription(
            "; ".join(f"day {s.day}: {s.daily_mme:g} MME" for s in self.steps)
        )
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), colour("plot.background"))
        if not self.steps:
            painter.end()
            return
        top = max(s.daily_mme for s in self.steps) or 1
        plot = QRectF(40, 10, self.width() - 50, self.height() - 34)
        width = plot.width() / len(self.steps)
        painter.setPen(QPen(colour("plot.muted")))
        painter.drawText(QRectF(0, plot.top() - 6, 36, 14), Qt.AlignmentFlag.AlignRight, f"{top:g}")
        painter.drawText(QRectF(0, plot.bottom() - 8, 36, 14), Qt.AlignmentFlag.AlignRight, "0")
        for i, step in enumerate(self.steps):
            h = plot.height() * step.daily_mme / top
            bar = QRectF(plot.left() + i * width + 2, plot.bottom() - h, max(width - 4, 1), h)
            painter.fillRect(bar, colour("plot.bar"))
            if len(self.steps) <= 24 or i % 4 == 0:
                painter.drawText(QRectF(bar.left() - 6, plot.bottom() + 4, width + 12, 14),
                                 Qt.AlignmentFlag.AlignCenter, f"d{step.day}")
        painter.end()


class TaperTool(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.drug = QComboBox()
        for key in sorted((d for d in FACTORS_2022 if d != "fentanyl_patch"), key=drug_name):
            self.drug.addItem(drug_name(key), key)
        self.drug.setCurrentIndex(self.drug.findData("oxycodone"))
        self.strength = QDoubleSpinBox()
        self.strength.setRange(0.5, 1000)
        self.strength.setValue(10)
        self.doses = QSpinBox()
        self.doses.setRange(1, 6)
        self.doses.setValue(4)
        self.percent = QDoubleSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(10)
        self.interval = QSpinBox()
        self.interval.setRange(1, 90)
        self.interval.setValue(30)
        self.months = QSpinBox()
        self.months.setRange(0, 600)
        self.months.setValue(24)
        self.basis = QComboBox()
        self.basis.addItem("Percent of the original dose", "original")
        self.basis.addItem("Percent of the current dose", "current")
        for text, w in (("Opioid", self.drug), ("Tablet strength (mg)", self.strength),
                        ("Doses a day", self.doses), ("Reduce by (%)", self.percent),
                        ("Every (days)", self.interval), ("Months on opioids", self.months),
                        ("Step based on", self.basis)):
            w.setAccessibleName(text)
            form.addRow(text, w)
        row = QHBoxLayout()
        row.addLayout(form)
        self.button = QPushButton("Plan taper")
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self.calculate)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        self.result = _result()
        layout.addWidget(self.result)
        self.chart = TaperChart()
        layout.addWidget(self.chart)
        self.table_holder = QVBoxLayout()
        layout.addLayout(self.table_holder)
        self.table = None

    def calculate(self) -> None:
        try:
            plan = taper.plan_taper(
                self.drug.currentData(), self.strength.value(), self.doses.value(), self.percent.value(),
                self.interval.value(), self.months.value(), basis=self.basis.currentData(),
            )
        except ClinicalInputError as exc:
            self.result.setText(f"Cannot plan: {html.escape(str(exc))}")
            return
        findings = "".join(f"<br>• <b>{f.severity.upper()}</b> {f.message} <i>({f.documents})</i>"
                           for f in plan.findings)
        self.result.setText(f"<b>{len(plan.steps)} steps over {plan.total_days} days</b>{findings}")
        self.chart.set_steps(plan.steps)
        rows = [[str(s.number), str(s.day), f"{s.daily_dose:g} {plan.unit}",
                 " + ".join(f"{d:g}" for d in s.doses), f"{s.daily_mme:g}", f"{s.percent_of_start:g}%"]
                for s in plan.steps]
        if self.table is not None:
            self.table.deleteLater()
        self.table = table(["Step", "Day", "Daily dose", "Doses", "MME/day", "% of start"], rows)
        self.table_holder.addWidget(self.table)


class ClinicalTools(QDialog):
    """The tools in one non-modal window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinical tools")
        fit_to_screen(self, 760, 720)  # never wider or taller than the screen
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.mme, self.cows, self.dsm5, self.taper = MmeTool(), CowsTool(), Dsm5Tool(), TaperTool()
        for widget, title in ((self.mme, "&MME"), (self.cows, "&COWS"), (self.dsm5, "&DSM-5"),
                              (self.taper, "&Taper planner")):
            self.tabs.addTab(widget, title)
        layout.addWidget(self.tabs)
        hands_keyboard_back(self)

    @property
    def focus_returned_to(self) -> QWidget | None:
        """The window the keyboard went back to when this one last closed."""
        return self.property("handedBackTo")


def _per_day(unit: str) -> str:
    """'mg' -> 'mg/day'; a rate such as 'mcg/hr' (patches) stays as it is."""
    return unit if "/" in unit else f"{unit}/day"
