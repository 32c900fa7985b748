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

from simulator.clinical.drugs import opioid_kind, urine_opioid_kind
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
from simulator.scenario.expressions import compiled
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
    cond = chart.conditions
    lines = []
    for item in chart.regimen:
        try:
            kind = opioid_kind(item.drug, item.formulation, item.unit)
        except ClinicalInputError:
            continue  # refused by the validator; nothing to judge
        key = "fentanyl_patch" if kind == "fentanyl_patch" else item.drug.strip().lower()
        daily = item.strength * item.units_per_dose * item.doses_per_day
        lines.append(
            OpioidLine(
                key,
                kind,
                daily,
                round(daily * FACTORS_2022.get(key, 0.0), 1),
                strength=item.strength,
                per_dose=item.units_per_dose,
                doses_per_day=int(item.doses_per_day),
                strengths=tuple(item.strengths),
            )
        )
    prescribed = {line.kind for line in lines}
    urine = tuple(
        dict.fromkeys(
            kind
            for result in (chart.urine_drug_screen.results if chart.urine_drug_screen else ())
            if result.result == "positive" and not result.expected
            for kind in [urine_opioid_kind(result.substance)]
            if kind is not None and kind not in prescribed
        )
    )
    return PatientFacts(
        regimen=tuple(lines),
        months_on_opioids=chart.months_on_opioids,
        co_medications=tuple(CoMedication(m.drug, m.drug_class) for m in chart.co_medications),
        diagnosis=truth.diagnosis,
        withdrawal="withdrawal" in truth.criteria,
        oih=truth.oih,
        age=scenario.patient.age,
        overdose_history=chart.overdose_history,
        sleep_disordered_breathing=cond.sleep_apnoea != "none",
        qtc_ms=cond.ecg.qtc_ms if cond.ecg else None,
        heart_disease=cond.heart_disease,
        sleep_apnoea=cond.sleep_apnoea,
        lung_disease=cond.lung_disease,
        kidney_function=cond.kidney_function,
        liver_function=cond.liver_function,
        pregnant=cond.pregnant,
        urine_opioids=urine,
        fentanyl=urine_shows(scenario, "fentanyl"),
        last_dose_hours=chart.last_opioid_dose_hours,
        cows_now=chart.baseline.cows if chart.baseline else None,
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


_ORDER = {"critical": 0, "error": 1, "caution": 2}
_WORDS = {"critical": "a critical error", "error": "an error", "caution": "a caution"}


class _Reads:
    """A plan that records which of its fields a rule reads, and their values, in order."""

    def __init__(self, plan: PlanChoices) -> None:
        self._plan = plan
        self.read: list[tuple[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._plan, name)
        self.read.append((name, value))
        return value


class _Node:
    """One node of a rule's tree (:class:`RuleMemo`): the field read next and a branch per value
    seen, or the findings at the end of a path (``done``)."""

    __slots__ = ("done", "field", "next", "result")

    def __init__(self) -> None:
        self.field: str | None = None
        self.next: dict[Any, _Node] = {}
        self.done = False
        self.result: list[SafetyFinding] = []


class RuleMemo:
    """Memoised safety rules for one patient, for sweeps of many plans.

    A rule is a pure function of the patient and the plan, and it reads only some of the plan's
    fields (the taper rule never reads the naloxone choice). Each rule's past calls form a tree:
    a node names the field the rule reads next, its branches the values seen, a leaf the findings.
    A plan that follows an existing path gets the stored findings; any other is evaluated with the
    reads recorded and added. The first field read is always the same for the same patient, and
    each later one depends only on the values read before it, so a path fixes the result."""

    def __init__(self, patient: PatientFacts) -> None:
        self.patient = patient
        self._trees: dict[Any, _Node] = {}

    def __call__(self, rule: Any, patient: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
        if patient is not self.patient:
            return rule(patient, plan)
        root = self._trees.get(rule)
        if root is None:
            root = self._trees[rule] = _Node()
        node: _Node | None = root
        while node is not None:
            if node.done:
                return node.result
            if node.field is None:
                break
            node = node.next.get(getattr(plan, node.field))
        reads = _Reads(plan)
        result = rule(patient, reads)
        node = root
        try:
            for field, value in reads.read:
                if node.field is None:
                    node.field = field
                elif node.field != field:
                    return result  # not the pure rule this relies on: keep the result, store nothing
                branch = node.next.get(value)
                if branch is None:
                    branch = node.next[value] = _Node()
                node = branch
        except TypeError:  # a value that cannot be a key
            return result
        node.done, node.result = True, result
        return result


def case_findings(
    scenario: Scenario, patient: PatientFacts, plan: PlanChoices, memo: RuleMemo | None = None
) -> list[SafetyFinding]:
    """The safety findings of ``plan`` with the case's settings applied: a rule the case raises
    (``rules.raise``) takes the higher severity and its points, and says why. ``memo``: rules
    memoised across the plans of a sweep (:class:`RuleMemo`)."""
    found = evaluate_plan(patient, plan, memo) if memo is not None else list(judged(patient, plan))
    raised = {r.rule: r for r in scenario.rules.raise_}
    if not raised:
        return found
    out = []
    for f in found:
        setting = raised.get(f.rule)
        if setting is not None and _ORDER[setting.severity] < _ORDER[f.severity]:
            f = SafetyFinding(
                f.rule,
                f.guidance,
                setting.severity,  # type: ignore[arg-type]
                f.what,
                f"{f.why} In this case it counts as {_WORDS[setting.severity]}: {setting.reason}",
                varies=f.varies,
            )
        out.append(f)
    return sorted(out, key=lambda f: _ORDER[f.severity])


def safety_findings(scenario: Scenario, context: Mapping[str, Any]) -> list[SafetyFinding]:
    """The safety findings of the session's plan (none before a plan is submitted)."""
    if not context.get("plan.submitted"):
        return []
    return case_findings(scenario, patient_facts(scenario), plan_choices(context))


def accepted_plans(scenario: Scenario, context: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the case's accepted alternative plans (``rules.accept``) the plan in ``context`` is."""
    if not context.get("plan.submitted") or not scenario.rules.accept:
        return frozenset()
    return frozenset(a.id for a in scenario.rules.accept if compiled(a.when).holds(context))


def plan_label(scenario: Scenario, context: Mapping[str, Any]) -> str | None:
    """How the case names the plan in ``context`` when it is an accepted alternative, else None."""
    ids = context.get("plan.accepted") or accepted_plans(scenario, context)
    for a in scenario.rules.accept:
        if a.id in ids:
            return a.label
    return None


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
    return variables_from(safety_findings(scenario, context))


def variables_from(found: list[SafetyFinding]) -> dict[str, bool]:
    """The ``safety.*`` guard variables for findings already worked out."""
    # a caution (a correctly timed start where a low-dose start would be safer still) is advice,
    # not a risk the course plays out: guards read errors and critical findings only
    rules = {f.rule for f in found if f.severity != "caution"}
    out = {f"safety.{name}": bool(rules & set(members)) for name, members in GUARD_RULES.items()}
    out["safety.critical"] = any(f.critical for f in found)
    return out
