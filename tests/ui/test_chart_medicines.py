"""The chart shows the medicines beside the opioid regimen, each with its class, and alcohol."""

from __future__ import annotations

from simulator.scenario.loader import load_scenario
from simulator.ui.views.chart_view import ChartView
from tests.ui.conftest import ROOT


def test_the_chart_lists_other_medicines_with_their_class_and_alcohol(qtbot):
    scenario = load_scenario(ROOT / "scenarios" / "clbp-moderate-oud.yaml")
    view = ChartView(scenario)
    qtbot.addWidget(view)
    text = view.other_medicines.text()
    assert text.startswith("Other medicines and alcohol: ")
    assert "Amlodipine 5 mg once daily (heart or blood-pressure medicine)" in text
    assert "Ibuprofen 400 mg as needed, rarely taken (anti-inflammatory (NSAID))" in text
    assert "alcohol, two or three beers at weekends" in text
    assert "_" not in text


def test_the_chart_shows_its_conditions_with_the_ones_that_matter_flagged(qtbot):
    scenario = load_scenario(ROOT / "tests" / "fixtures" / "cases" / "methadone-qtc.yaml")
    view = ChartView(scenario)
    qtbot.addWidget(view)
    table = view.conditions_table
    rows = [[table.item(r, c).text() for c in range(2)] for r in range(table.rowCount())]
    assert ["⚑ ECG 2026-05", "QTc 478 ms (over 450 ms). Sinus rhythm."] in rows
    assert ["⚑ Sleep apnoea", "Diagnosed, untreated"] in rows
    assert ["Age", "66 (65 or over)"] in rows
    assert "Hydrochlorothiazide 25 mg once daily (diuretic)" in view.other_medicines.text()
