"""The chart keeps opioids and other medicines apart: an author who types a benzodiazepine into
the opioid regimen, misspells an opioid, or files a medicine under the wrong class is told where
and what to write instead."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import real_text, replace_line

from simulator.errors import ProblemsError
from simulator.scenario.loader import load_scenario_text

DRUG_LINE = "    - drug: oxycodone"


def problems(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml")
    return [str(p) for p in info.value.problems]


def test_a_benzodiazepine_in_the_opioid_regimen_is_refused_with_where_it_belongs():
    text, line = replace_line(real_text(), DRUG_LINE, "    - drug: alprazolam")
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:13: error: ")
    assert "alprazolam is not an opioid but a benzodiazepine" in problem
    assert "chart.co_medications with class 'benzodiazepine'" in problem


def test_a_misspelt_opioid_names_the_nearest_one():
    text, line = replace_line(real_text(), DRUG_LINE, "    - drug: oxycodon")
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:13: error: ")
    assert "did you mean 'oxycodone'?" in problem


def test_an_unknown_drug_lists_the_opioids_it_could_be():
    text, _ = replace_line(real_text(), DRUG_LINE, "    - drug: wibblecaine")
    (problem,) = problems(text)
    assert "unknown opioid 'wibblecaine'" in problem and "morphine" in problem


def test_a_co_medication_under_the_wrong_class_gets_the_right_one():
    old = "    - {drug: amlodipine, class: cardiovascular, dose: 5 mg once daily}"
    text, line = replace_line(
        real_text(), old, "    - {drug: gabapentin, class: antidepressant, dose: 300 mg}"
    )
    (problem,) = problems(text)
    assert (
        problem.startswith(f"s.yaml:{line}:") and "use class 'gabapentinoid', not 'antidepressant'" in problem
    )


def test_an_opioid_among_the_co_medications_is_sent_to_the_regimen():
    old = "    - {drug: amlodipine, class: cardiovascular, dose: 5 mg once daily}"
    text, _ = replace_line(real_text(), old, "    - {drug: tramadol, class: analgesic, dose: 50 mg}")
    (problem,) = problems(text)
    assert "tramadol is an opioid: put it in chart.regimen" in problem


def test_an_unknown_class_names_the_valid_ones():
    old = "    - {drug: amlodipine, class: cardiovascular, dose: 5 mg once daily}"
    text, line = replace_line(real_text(), old, "    - {drug: amlodipine, class: heart, dose: 5 mg}")
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:") and "benzodiazepine" in problem
