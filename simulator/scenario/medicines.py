"""The chart's medicines: opioids in the regimen, everything else in ``co_medications``."""

from __future__ import annotations

from simulator.clinical.drugs import KNOWN_NON_OPIOIDS, class_label, medicine_classes, opioid_key
from simulator.clinical.errors import ClinicalInputError
from simulator.errors import Problem
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document


def check_medicines(scenario: Scenario, doc: Document) -> list[Problem]:
    """A non-opioid or an unknown drug in the opioid regimen, or a co-medication filed under the
    wrong class, is a positioned error naming the nearest valid value."""
    problems: list[Problem] = []
    for i, item in enumerate(scenario.chart.regimen):
        if item.unit == "mcg/hr":
            continue  # patches: the unit says fentanyl
        try:
            opioid_key(item.drug)
        except ClinicalInputError as exc:
            problems.append(
                doc.problem(("chart", "regimen", i, "drug"), f"not an opioid regimen drug: {exc}")
            )
    for i, med in enumerate(scenario.chart.co_medications):
        name = " ".join(med.drug.lower().split())
        known = KNOWN_NON_OPIOIDS.get(name)
        if known is None:
            try:
                opioid_key(name)
            except ClinicalInputError:
                continue  # an unlisted non-opioid: its class is the author's word
            problems.append(
                doc.problem(
                    ("chart", "co_medications", i, "drug"),
                    f"{med.drug} is an opioid: put it in chart.regimen with its dose",
                )
            )
        elif known != "other" and med.drug_class not in medicine_classes(name):
            problems.append(
                doc.problem(
                    ("chart", "co_medications", i, "class"),
                    f"{med.drug} is a {class_label(known)}: use class '{known}', not "
                    f"'{med.drug_class}'",
                )
            )
    return problems
