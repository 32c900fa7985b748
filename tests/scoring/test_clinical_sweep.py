"""A clinician's questions, asked of every bundled case and every plan the form can produce.

The questions are written here from the chart and the plan alone, not from the safety rules:
does the plan stack two full agonists, start buprenorphine against what the urine or the regimen
shows, or add a sedating medicine for a patient at high risk of breathing suppression? No such
plan may reach the expert's score (issue 21). The sampled quick grid of the plan sweep is used
once per case (every plan of it, each with its cycled non-opioid set: on every case the plans it
names are named by the same questions as in the whole grid, bench/plan_sweep.py); the sedative
question also tries every fourth plan with a gabapentinoid added. The best unsafe score per case
is in docs/SAFETY.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.sweeps import SAMPLE, SWEEPS, expert_run, plan_scores  # the sweep's grid

from simulator.clinical.drugs import SEDATING_CLASSES, opioid_kind, urine_opioid_kind
from simulator.clinical.rules import COWS_READY, MIN_WAIT_HOURS, OLDER_AGE
from simulator.engine.actions import action_to_dict
from simulator.scenario.loader import load_scenario
from simulator.scenario.models import Scenario
from simulator.scoring.plan_sweep import plan_space
from simulator.scoring.rubric import score

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
KEEPS = {"continue", "increase", "taper"}


def _agonist_kept(plan: dict) -> bool:
    return plan["opioid"] in KEEPS and (plan.get("taper") or {}).get("percent", 0) < 100


def _kinds(scenario: Scenario) -> set[str]:
    """Every full-agonist kind in the body: the regimen's, and unexpected opioids in the urine
    (worked out once per case: the sweep asks for every plan)."""
    kept = _KINDS.get(id(scenario))
    if kept is not None and kept[0] is scenario:
        return kept[1]
    kinds = {opioid_kind(r.drug, r.formulation, r.unit) for r in scenario.chart.regimen} - {"buprenorphine"}
    uds = scenario.chart.urine_drug_screen
    for result in uds.results if uds else ():
        kind = urine_opioid_kind(result.substance)
        if result.result == "positive" and not result.expected and kind and kind != "buprenorphine":
            kinds.add(kind)
    _KINDS[id(scenario)] = (scenario, kinds)
    return kinds


_KINDS: dict[int, tuple[Scenario, set[str]]] = {}


def _urine_fentanyl(scenario: Scenario) -> bool:
    uds = scenario.chart.urine_drug_screen
    return any(
        r.result == "positive" and not r.expected and urine_opioid_kind(r.substance) == "fentanyl"
        for r in (uds.results if uds else ())
    )


def _high_risk(scenario: Scenario) -> bool:
    chart = scenario.chart
    problems = " ".join(chart.problems).lower()
    return (
        chart.overdose_history
        or any(m.drug_class in SEDATING_CLASSES for m in chart.co_medications)
        or any(w in problems for w in ("copd", "emphysema", "asthma", "lung", "apnoea", "apnea"))
        or scenario.patient.age >= OLDER_AGE
    )


def stacks_agonists(plan: dict, scenario: Scenario) -> bool:
    return plan["moud"] == "methadone" and _agonist_kept(plan) and bool(_kinds(scenario))


def buprenorphine_against_the_chart(plan: dict, scenario: Scenario) -> bool:
    if plan["moud"] != "buprenorphine" or plan.get("induction") != "standard" or not _kinds(scenario):
        return False
    wait = max(MIN_WAIT_HOURS.get(k, 0) for k in _kinds(scenario))
    return (
        _agonist_kept(plan)
        or plan.get("induction_cows", 0) < COWS_READY
        or plan.get("induction_wait_hours", 0) < wait
        or _urine_fentanyl(scenario)
    )


def sedative_for_high_risk(plan: dict, scenario: Scenario) -> bool:
    opioid_after = (
        _agonist_kept(plan)
        or plan["opioid"] == "short_course"
        or plan["moud"] in ("buprenorphine", "methadone")
    )
    on_chart = {m.drug_class for m in scenario.chart.co_medications}
    return (
        "gabapentinoid" in plan["nonopioid"]
        and "gabapentinoid" not in on_chart
        and opioid_after
        and bool(scenario.chart.regimen)
        and _high_risk(scenario)
    )


QUESTIONS = {
    "stacks two full agonists": stacks_agonists,
    "starts buprenorphine against the urine or the regimen": buprenorphine_against_the_chart,
    "adds a sedative for a high-risk patient": sedative_for_high_risk,
}


def clinical_sweep(name: str) -> tuple[int, dict[str, tuple[int, dict | None, int]]]:
    """The expert's score and, per question, the best score of a plan it names (and how many)."""
    expert = expert_run(name)
    scenario = expert.scenario

    expert_plan = action_to_dict(expert.data.plan)
    scored = plan_scores(name)  # the quick sweep's scores, where it scored the plan already
    best: dict[str, tuple[int, dict | None, int]] = {q: (-1, None, 0) for q in QUESTIONS}
    for n, plan in enumerate(plan_space(expert_plan, **SAMPLE)):
        tries = [plan]
        if n % 4 == 0 and "gabapentinoid" not in plan["nonopioid"]:
            tries.append(plan | {"nonopioid": [*plan["nonopioid"], "gabapentinoid"]})
        for candidate in tries:
            asked = [q for q, unsafe in QUESTIONS.items() if unsafe(candidate, scenario)]
            if not asked:
                continue
            total = scored(candidate)[0]
            for q in asked:
                top, example, count = best[q]
                best[q] = (total, candidate, count + 1) if total > top else (top, example, count + 1)
    return score(scenario, expert.context()), best


@SWEEPS
@pytest.mark.parametrize("name", NAMES)
def test_no_plan_a_clinician_calls_unsafe_reaches_the_experts_score(name):
    expert_score, best = clinical_sweep(name)
    for question, (top, example, count) in best.items():
        assert top < expert_score, f"{name}: a plan that {question} scores {top} of {expert_score}: {example}"
        if count:
            assert top >= 0
    if _kinds(load_scenario(ROOT / "scenarios" / f"{name}.yaml")):
        # a full agonist in the body: some plan the form can make must be unsafe, or the sweep is blind
        assert sum(count for _, _, count in best.values()) > 0


def test_the_questions_find_the_plans_the_audit_named():
    scenario = load_scenario(ROOT / "scenarios" / "severe-oud-overdose.yaml")
    plan = {
        "opioid": "switch_to_moud",
        "moud": "buprenorphine",
        "induction": "standard",
        "induction_cows": 8,
        "induction_wait_hours": 24,
        "nonopioid": [],
    }
    assert buprenorphine_against_the_chart(plan, scenario)  # fentanyl on the urine screen
    assert stacks_agonists({"opioid": "continue", "moud": "methadone", "nonopioid": []}, scenario)
    assert sedative_for_high_risk(
        {"opioid": "switch_to_moud", "moud": "methadone", "nonopioid": ["gabapentinoid"]}, scenario
    )
