"""The issue-22 teaching case, written in the format's own words (tests/fixtures/cases/
methadone-qtc.yaml): methadone for pain, a QTc of 478 ms, untreated sleep apnoea, no OUD.

It shows each format addition doing its job in a played session: chart conditions the safety
rules read, orders in the plan and at a visit with a result arriving later, a rule the case
raises with its reason, an accepted alternative named in the case's words, and visit choices
that depend on the plan."""

from __future__ import annotations

import pytest
from fixtures.qtc_case import BEFORE_PLAN, CASE

from simulator.engine.actions import ActionError
from simulator.engine.plan_safety import plan_label, safety_findings
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.rubric import score

EXPERT_PLAN = {
    "type": "plan", "opioid": "continue", "naloxone": True, "followup_days": 14,
    "orders": ["ecg", "electrolytes", "sleep_study", "interaction_review"],
}


@pytest.fixture(scope="module")
def case():
    return load_scenario(CASE)


def play(case, plan, *more):
    return Session.replay(case, [*BEFORE_PLAN, plan, *more])


def rules(session):
    return {f.rule: f for f in safety_findings(session.scenario, session.context())}


def test_the_chart_conditions_are_there_for_expressions(case):
    context = play(case, EXPERT_PLAN).context()
    assert context["chart.qtc_ms"] == 478 and context["chart.qtc"] == "prolonged"
    assert context["chart.sleep_apnoea"] == "untreated" and context["patient.age"] == 66
    assert {"diuretic", "antihypertensive"} <= context["chart.drug_classes"]


def test_the_expert_plan_with_its_orders_is_safe(case):
    session = play(case, EXPERT_PLAN)
    assert rules(session) == {}


def test_without_orders_the_safety_rules_see_the_qtc_and_the_sleep_apnoea(case):
    found = rules(play(case, {"type": "plan", "opioid": "continue"}))
    assert {"methadone_no_ecg", "methadone_interactions", "sleep_apnoea_unassessed",
            "naloxone_not_offered"} <= set(found)
    assert "478 ms" in found["methadone_no_ecg"].what
    assert "hydrochlorothiazide" in found["methadone_interactions"].what
    # the naloxone reasons read as a sentence and include the sleep apnoea
    why = found["naloxone_not_offered"].why
    assert "the patient takes 141 MME a day" in why and "sleep-disordered breathing" in why


def test_raising_methadone_is_a_raised_rule_with_its_reason(case):
    found = rules(play(case, {**EXPERT_PLAN, "opioid": "increase"}))
    escalation = found["escalation"]
    assert escalation.severity == "error" and escalation.points == 5  # a caution by default
    assert "not a judgement call" in escalation.why
    assert found["methadone_qtc_raise"].severity == "error"


def test_rotation_to_buprenorphine_is_accepted_and_named_as_pain_care(case):
    plan = {**EXPERT_PLAN, "opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"}
    session = play(case, plan)
    context = session.context()
    assert context["plan.accepted"] == {"buprenorphine_rotation"}
    assert plan_label(case, context) == "Rotation to buprenorphine for pain"
    expert = play(case, EXPERT_PLAN)
    assert score(case, context) == score(case, expert.context())


def test_an_order_brings_its_result_to_the_visit(case):
    session = play(case, EXPERT_PLAN, {"type": "advance"})
    assert session.state.name == "review"
    context = session.context()
    assert {"ecg", "electrolytes"} <= context["results"]
    assert "sleep_study" not in context["results"]  # 21 days: not back by this visit
    text, _ = session.visits.narrative(session.state, context)
    assert "Repeat ECG: QTc 481 ms" in text and "Potassium 3.3" in text
    assert "Sleep study" not in text


def test_visit_choices_follow_the_plan(case):
    without = play(case, {"type": "plan", "opioid": "continue"}, {"type": "advance"})
    assert [c.id for c in without.choices()] == ["sleep_referral", "raise_dose"]
    with_referral = play(case, {**EXPERT_PLAN, "orders": ["ecg", "sleep_referral"]}, {"type": "advance"})
    assert [c.id for c in with_referral.choices()] == ["follow_sleep_referral", "raise_dose"]
    with pytest.raises(ActionError, match="not offered with this plan"):
        with_referral.apply({"type": "decide", "choice": "sleep_referral"})


def test_a_visit_choice_places_its_order(case):
    session = play(case, {"type": "plan", "opioid": "continue"}, {"type": "advance"},
                   {"type": "decide", "choice": "sleep_referral"})
    assert "sleep_referral" in session.context()["orders"]


def test_the_debrief_names_the_accepted_rotation_in_the_case_words(case):
    from simulator.scoring.debrief import describe_action

    plan = {**EXPERT_PLAN, "opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"}
    session = play(case, plan)
    assert describe_action(session, plan) == "Plan: Rotation to buprenorphine for pain"
    assert describe_action(play(case, EXPERT_PLAN), EXPERT_PLAN) == "Plan: Continue the current opioid dose"


def test_a_misspelt_rule_or_a_bad_choice_condition_is_a_positioned_error():
    from simulator.errors import ProblemsError
    from simulator.scenario.loader import load_scenario_text

    text = CASE.read_text(encoding="utf-8")
    broken = text.replace("    - rule: escalation\n", "    - rule: escalaton\n").replace(
        "when: \"'sleep_referral' in orders\"", "when: \"'sleep_referal' in orders\""
    )
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(broken, "case.yaml")
    messages = [str(p) for p in info.value.problems]
    line = text.splitlines().index("    - rule: escalation") + 1
    assert any(m.startswith(f"case.yaml:{line}:") and "did you mean 'escalation'?" in m for m in messages)
    assert any("'sleep_referal'" in m for m in messages)
