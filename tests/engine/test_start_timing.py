"""The chart tells what a start needs (issue 20, item 5): the time since the last opioid dose at the
visit (``chart.last_opioid_dose_hours``) times a buprenorphine or naltrexone start, read once
(:func:`simulator.clinical.safety.start_timing`) by the safety findings and by the played course,
so the two agree: after a short-acting opioid, methadone and fentanyl on the urine screen."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from simulator.clinical.plan import PlanChoices
from simulator.clinical.safety import PatientFacts, precipitates, start_timing
from simulator.engine.plan_safety import case_findings, patient_facts
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.engine.visits import course_patient
from simulator.patient.course import simulate
from simulator.scenario.course_format import CourseParams
from simulator.scenario.loader import load_scenario
from simulator.scenario.models import Scenario
from simulator.scenario.urgent import urgent_state

ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "short-acting": ROOT / "scenarios" / "clbp-moderate-oud.yaml",  # oxycodone IR, 2 h ago
    "methadone": ROOT / "tests" / "fixtures" / "cases" / "methadone-qtc.yaml",  # 30 mg a day, 7 h
    "fentanyl": ROOT / "scenarios" / "fentanyl-start.yaml",  # fentanyl on the urine screen, 5 h
}
START_RULES = {"precipitated_withdrawal", "standard_start_with_agonist", "naltrexone_too_soon",
               "naltrexone_with_opioid"}


@functools.cache
def _case(kind: str) -> Scenario:
    return load_scenario(CASES[kind])


def _charted(kind: str, hours: float | None) -> Scenario:
    scenario = _case(kind)
    chart = scenario.chart.model_copy(update={"last_opioid_dose_hours": hours})
    return scenario.model_copy(update={"chart": chart})


def _bup(cows: int, wait: float) -> PlanChoices:
    return PlanChoices(opioid="switch_to_moud", moud="buprenorphine", induction="standard",
                       induction_cows=cows, induction_wait_hours=wait, naloxone=True, followup_days=7)


def _naltrexone(days: int) -> PlanChoices:
    return PlanChoices(opioid="switch_to_moud", moud="naltrexone_xr", naltrexone_free_days=days,
                       naloxone=True, followup_days=7)


def _judged(scenario: Scenario, plan: PlanChoices) -> tuple[bool, bool, bool, list[str]]:
    """(a start finding that is a risk, the rules' precipitates, the played course precipitated,
    the start findings' words)."""
    facts = patient_facts(scenario)
    found = [f for f in case_findings(scenario, facts, plan) if f.rule in START_RULES]
    params = scenario.course.params if scenario.course else CourseParams()
    run = simulate(params, course_patient(scenario, 50), plan, days=14)
    risky = any(f.severity != "caution" for f in found)
    return risky, precipitates(facts, plan), any(d.precipitated for d in run.days), [
        f"{f.what}. {f.why}" for f in found]


def test_the_bundled_charts_give_the_time_their_story_tells() -> None:
    assert patient_facts(_case("short-acting")).last_dose_hours == 2  # "about two hours before"
    assert patient_facts(_case("fentanyl")).last_dose_hours == 5  # 10 am, the nurse's note at 3 pm
    assert patient_facts(_case("methadone")).last_dose_hours == 7


def test_a_start_comes_no_sooner_than_the_chart_says() -> None:
    facts = PatientFacts(regimen=(), months_on_opioids=0, last_dose_hours=30)
    late = start_timing(facts, _bup(10, 12))
    assert late.hours == 30 and late.later_than_planned  # "wait 12 h" when 30 h have passed
    assert start_timing(facts, _bup(10, 48)).hours == 48  # a longer wait stands
    now = start_timing(PatientFacts(regimen=(), months_on_opioids=0, last_dose_hours=2), _bup(10, 0))
    assert now.hours == 2 and now.later_than_planned  # "start now" is 2 hours after the dose
    unknown = start_timing(PatientFacts(regimen=(), months_on_opioids=0), _bup(10, 6))
    assert unknown.hours == 6 and not unknown.later_than_planned  # no chart time: the plan stands
    ten_days = start_timing(PatientFacts(regimen=(), months_on_opioids=0, last_dose_hours=240),
                            _naltrexone(0))
    assert ten_days.opioid_free_days == 10 and ten_days.naltrexone_days_from_now == 0
    assert start_timing(PatientFacts(regimen=(), months_on_opioids=0, last_dose_hours=50),
                        _naltrexone(7)).naltrexone_days_from_now == 5


@pytest.mark.parametrize(
    ("kind", "chart_hours", "plan", "risky"),
    [
        # short-acting oxycodone: 6-12 h (ASAM 2020)
        ("short-acting", 2, _bup(10, 0), True),  # "now" is 2 hours after the last dose
        ("short-acting", 30, _bup(10, 0), False),  # in withdrawal 30 hours after it: a safe start
        ("short-acting", 30, _bup(0, 0), True),  # no withdrawal yet: still too soon
        ("short-acting", None, _bup(10, 0), True),  # no chart time: the plan's 0 hours stands
        # methadone 30 mg a day: 24-72 h
        ("methadone", 7, _bup(10, 12), True),
        ("methadone", 30, _bup(10, 12), False),  # 30 hours have passed, not the plan's 12
        # fentanyl on the urine screen: COWS 13 and 24 hours or more (SAMHSA 2021)
        ("fentanyl", 5, _bup(13, 12), True),
        ("fentanyl", 30, _bup(13, 12), False),  # a caution remains: low-dose is safer still
        ("fentanyl", 5, _bup(13, 24), False),
        # extended-release naltrexone: 7 opioid-free days after a short-acting opioid
        ("short-acting", 2, _naltrexone(3), True),
        ("short-acting", 240, _naltrexone(0), False),  # ten opioid-free days already
        ("short-acting", 2, _naltrexone(7), False),
    ],
)
def test_the_finding_and_the_played_course_read_one_start_time(kind, chart_hours, plan, risky) -> None:
    found, rules, played, words = _judged(_charted(kind, chart_hours), plan)
    assert found == rules == played == risky, words


def test_the_finding_says_what_the_chart_changed() -> None:
    (_, _, _, words) = _judged(_charted("short-acting", 2), _bup(10, 0))
    (text,) = [w for w in words if w.startswith("Planned the first buprenorphine dose")]
    assert "2 hours after the last short-acting opioid" in text
    assert "last opioid dose was 2 hours ago" in text and "not 0" in text


def test_a_naltrexone_injection_counts_the_days_already_passed_in_the_course() -> None:
    scenario = _charted("short-acting", 72)  # three opioid-free days at the visit
    params = scenario.course.params if scenario.course else CourseParams()
    run = simulate(params, course_patient(scenario, 50), _naltrexone(7), days=14)
    first = next(d.day for d in run.days if d.moud == "naltrexone_xr")
    assert first == 1 + 4  # seven days in all: four more from the visit


def _played(scenario: Scenario, plan: PlanChoices) -> Session:
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / "fentanyl-start.expert.yaml")
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    session = Session.replay(scenario, actions[:upto])
    fields = {k: v for k, v in plan.__dict__.items()
              if k in ("opioid", "moud", "induction", "induction_cows", "induction_wait_hours",
                       "naloxone", "followup_days")}
    session.apply({"type": "plan", **fields, "setting": "outpatient"})
    session.apply({"type": "advance"})
    return session


def test_the_urgent_visit_follows_the_chart_time_too() -> None:
    """The same written plan after fentanyl: precipitated withdrawal and the next-day call when
    the chart says 5 hours; no call when 30 hours have passed."""
    plan = _bup(13, 12)
    early = _played(_charted("fentanyl", 5), plan)
    context = early.context()
    assert context["course.event"] == "precipitated" and context["course.day"] == 1
    assert early.state.title == "Phone call" and context["course.cows"] >= 13  # the case's own call
    late = _played(_charted("fentanyl", 30), plan)
    context = late.context()
    assert context["course.event"] == "scheduled" and context["course.cows"] < 13
    assert not urgent_state(late.state.name) and late.state.name != early.state.name


def _withdrawn(kind: str, hours: float, cows: int) -> Scenario:
    """The case with the chart's last dose ``hours`` ago and COWS ``cows`` today."""
    scenario = _charted(kind, hours)
    baseline = scenario.chart.baseline.model_copy(update={"cows": cows})
    return scenario.model_copy(update={"chart": scenario.chart.model_copy(update={"baseline": baseline})})


def test_withdrawal_already_on_the_chart_is_not_taken_back() -> None:
    """A plan that waits for COWS 3 when the patient is at COWS 9 today starts at 9: judged as the
    withdrawal the chart shows, said in the finding, and played as a start without precipitation."""
    scenario = _withdrawn("short-acting", 14, 9)
    assert start_timing(patient_facts(scenario), _bup(3, 0)).cows == 9
    assert start_timing(patient_facts(scenario), _bup(12, 0)).cows == 12  # a higher wait stands
    risky, rules, played, words = _judged(scenario, _bup(3, 0))
    assert not rules and not played and not risky
    # the same plan on the bundled chart (COWS 2 today, 2 hours after the dose) is judged and played
    # as the precipitated withdrawal it is
    risky, rules, played, words = _judged(_case("short-acting"), _bup(3, 0))
    assert risky and rules and played
    assert "COWS 3" in words[0] and "already" not in " ".join(words)


def test_a_finding_says_when_the_charts_cows_moved_the_start() -> None:
    scenario = _withdrawn("short-acting", 4, 6)  # mild withdrawal 4 hours after oxycodone
    risky, _, _, words = _judged(scenario, _bup(0, 0))
    text = " ".join(words)
    assert risky and "COWS 6" in text
    assert "The patient's COWS is already 6 today, so the first dose comes at COWS 6, not 0." in text
