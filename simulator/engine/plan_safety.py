"""The clinical plan-safety rules applied to a session: every scenario, whatever its rubric says.

The scenario gives the patient (chart, answer key); the session context gives the plan. The
rules themselves live in :mod:`simulator.clinical.safety`. Scoring turns the findings into
debrief items that cost points; the engine exposes a few of them as ``safety.*`` variables so
that flow guards can follow the one rule (``safety.abrupt_stop`` is true for every plan that
ends the opioid at once, whatever the option is called).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from simulator.clinical.drugs import opioid_kind
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import FACTORS_2022
from simulator.clinical.plan import PlanChoices, from_variables
from simulator.clinical.safety import (
    CoMedication,
    OpioidLine,
    PatientFacts,
    SafetyFinding,
    evaluate_plan,
)
from simulator.scenario.models import Scenario

_last_facts: tuple[Scenario, PatientFacts] | None = None  # a plan sweep asks thousands of times


def patient_facts(scenario: Scenario) -> PatientFacts:
    """What the safety rules need to know about the scenario's patient (kept for the last one)."""
    global _last_facts
    last = _last_facts
    if last is not None and last[0] is scenario:
        return last[1]
    facts = _patient_facts(scenario)
    _last_facts = (scenario, facts)
    return facts


def _patient_facts(scenario: Scenario) -> PatientFacts:
    chart, truth = scenario.chart, scenario.assessment
    lines = []
    for item in chart.regimen:
        try:
            kind = opioid_kind(item.drug, item.formulation, item.unit)
        except ClinicalInputError:
            continue  # refused by the validator; nothing to judge
        key = "fentanyl_patch" if kind == "fentanyl" else item.drug.strip().lower()
        daily = item.strength * item.units_per_dose * item.doses_per_day
        lines.append(OpioidLine(key, kind, daily, round(daily * FACTORS_2022.get(key, 0.0), 1)))
    return PatientFacts(
        regimen=tuple(lines),
        months_on_opioids=chart.months_on_opioids,
        co_medications=tuple(CoMedication(m.drug, m.drug_class) for m in chart.co_medications),
        diagnosis=truth.diagnosis,
        withdrawal="withdrawal" in truth.criteria,
        oih=truth.oih,
        age=scenario.patient.age,
        overdose_history=chart.overdose_history,
        fentanyl=urine_shows(scenario, "fentanyl"),
        last_dose_hours=chart.last_opioid_dose_hours,
    )


def urine_shows(scenario: Scenario, substance: str) -> bool:
    """The chart's urine result is positive for ``substance`` (e.g. fentanyl)."""
    screen = scenario.chart.urine_drug_screen
    return screen is not None and any(
        substance in r.substance.lower() and r.result == "positive" for r in screen.results
    )


def plan_choices(context: Mapping[str, Any]) -> PlanChoices:
    """The plan recorded in a session context, as plain data (the ``plan.*`` variables read back)."""
    return from_variables(context)


def safety_findings(scenario: Scenario, context: Mapping[str, Any]) -> list[SafetyFinding]:
    """The safety findings of the session's plan (none before a plan is submitted)."""
    if not context.get("plan.submitted"):
        return []
    return list(judged(patient_facts(scenario), plan_choices(context)))


def judged(facts: PatientFacts, choices: PlanChoices) -> tuple[SafetyFinding, ...]:
    """:func:`~simulator.clinical.safety.evaluate_plan`, kept for the plans judged lately (the
    same plan is judged for the guards, the score and the debrief, and a sweep's grid twice)."""
    try:
        return _judged(facts, choices)
    except TypeError:  # a field that cannot be hashed: judge it without the cache
        return tuple(evaluate_plan(facts, choices))


@lru_cache(maxsize=16384)  # a quick sweep's grid (~7,600 plans), so `explore --plans` judges each once
def _judged(facts: PatientFacts, choices: PlanChoices) -> tuple[SafetyFinding, ...]:
    return tuple(evaluate_plan(facts, choices))


#: Findings guards may read, as ``safety.<name>`` booleans (rules of clinical.safety).
GUARD_RULES: dict[str, tuple[str, ...]] = {
    "abrupt_stop": ("abrupt_stop",),
    "precipitated_withdrawal": (
        "standard_start_with_agonist",
        "precipitated_withdrawal",
        "naltrexone_with_opioid",
        "naltrexone_too_soon",
        "low_dose_naltrexone_with_opioid",
    ),
}


def safety_variables(scenario: Scenario, context: Mapping[str, Any]) -> dict[str, bool]:
    """``safety.abrupt_stop``, ``safety.precipitated_withdrawal`` and ``safety.critical`` for the
    plan in ``context`` (all false before a plan is submitted)."""
    found = safety_findings(scenario, context)
    rules = {f.rule for f in found}
    out = {f"safety.{name}": bool(rules & set(members)) for name, members in GUARD_RULES.items()}
    out["safety.critical"] = any(f.critical for f in found)
    return out
