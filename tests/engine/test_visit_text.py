"""Visits written from the course: for every bundled case and a sweep of plans (dangerous ones
included), every visit's text, patient line and choices hold against that visit's course state,
and the state a visit must speak of (severe withdrawal, an overdose, a return to use) is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.actions import action_to_dict
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scenario.visit_claims import URGENT_COWS, contradictions
from simulator.scoring.visit_sweep import sweep_visits

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))

PLANS: dict[str, dict] = {
    "stop": {"opioid": "stop_abruptly"},
    "naltrexone-now": {"opioid": "no_opioid", "moud": "naltrexone_xr", "naltrexone_free_days": 0},
    "bup-at-cows-0": {"opioid": "continue", "moud": "buprenorphine", "induction": "standard",
                      "induction_cows": 0, "induction_wait_hours": 0},
    "bup-good": {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard",
                 "induction_cows": 12, "induction_wait_hours": 24},
    "bup-low-dose": {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"},
    "fast-taper": {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7}},
    "slow-taper": {"opioid": "taper", "taper": {"percent": 10, "interval_days": 30, "pauses": True}},
    "increase": {"opioid": "increase"},
    "methadone": {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp"},
    "short-course": {"opioid": "short_course", "end_date_days": 7},
    "short-course-high": {"opioid": "short_course", "end_date_days": 5, "short_course_tablets": 80},
}


def _expert(case: str) -> tuple[object, list[dict]]:
    scenario = load_scenario(ROOT / "scenarios" / f"{case}.yaml")
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{case}.expert.yaml")
    return scenario, actions


def _play_plan(scenario, actions: list[dict], plan: dict, pick: int) -> list[tuple[dict, object, object]]:
    """Play the expert's session up to its plan, then ``plan``, then every visit (the ``pick``-th
    offered choice, in turn); returns (course values, visit page, visit step) for every visit reached."""
    session = Session(scenario)
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    for action in actions[:upto]:
        session.apply(action)
    expert_plan = {k: v for k, v in actions[upto].items() if k in ("setting", "nonopioid", "naloxone")}
    session.apply({"type": "plan", **expert_plan, **plan})
    seen = []
    for _ in range(20):
        if session.finished:
            break
        state = session.state
        if state.phase == "visit":
            context = session.context()
            page = session.visits.page(state, context)
            seen.append((context, page, state))
            if page.choices and state.name not in session.data.decisions:
                session.apply({"type": "decide", "choice": page.choices[pick % len(page.choices)].id})
        session.apply({"type": "advance"})
    return seen


@pytest.mark.parametrize("case", CASES)
def test_every_visit_holds_against_its_course_state(case: str) -> None:
    """The plans above (dangerous ones included) through every choice at every visit: no text,
    patient line, choice or answer to a question there contradicts the day (scoring.visit_sweep,
    whose whole sweep of the plan form bench/visit_sweep.py runs)."""
    scenario, actions = _expert(case)
    assert scenario.course is not None, "every bundled case runs on the course model"
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    at_plan = Session.replay(scenario, actions[: upto + 1])
    expert_plan = {k: v for k, v in actions[upto].items() if k in ("setting", "nonopioid", "naloxone")}
    report = sweep_visits(at_plan, [{"type": "plan", **expert_plan, **plan} for plan in PLANS.values()])
    assert report.played == report.distinct >= len(PLANS) - 2  # plans the course reads alike play once
    assert report.visits >= report.paths >= report.played
    assert not report.faults, "\n".join(map(str, report.faults[:5]))
    assert not report.dropped, "\n".join(map(str, report.dropped.values()))


def test_xr_naltrexone_without_opioid_free_days_reads_as_severe_withdrawal() -> None:
    """The reported cold-turkey case: day 1 at COWS 46 no longer says 'aches and poor sleep', the
    patient does not say she just wants to feel normal, and no choice is about the taper's pace."""
    scenario, actions = _expert("cold-turkey")
    visits = _play_plan(scenario, actions, PLANS["naltrexone-now"], 0)
    context, page, _ = visits[0]
    assert context["course.cows"] >= URGENT_COWS
    assert "withdrawal" in page.text
    assert "aches and poor sleep" not in page.text
    assert "feel normal" not in page.says
    assert all("pace" not in c.text for c in page.choices)


def test_play_json_reports_the_visits_as_read() -> None:
    from simulator.engine.playthrough import play
    from simulator.scoring.debrief import build_debrief

    scenario = load_scenario(ROOT / "scenarios" / "cold-turkey.yaml")
    session = play(scenario, ROOT / "scenarios" / "playthroughs" / "cold-turkey.poor.yaml")
    visits = build_debrief(session).to_json()["visits"]
    assert [v["state"] for v in visits] == [n for n in session.data.visited
                                           if scenario.state(n).phase == "visit"]
    first = visits[0]
    assert first["day"] == 3 and "COWS" in first["text"] and "\u201c" in first["text"]
    assert first["chosen"] in {c["id"] for c in first["choices"]}


def test_old_plan_actions_still_load() -> None:
    """A plan written before the dose fields existed means 'not prescribed' for each of them."""
    scenario, actions = _expert("oih-taper")
    session = Session.replay(scenario, actions)
    plan = action_to_dict(session.data.plan)
    assert "bup_day1_mg" not in plan and "benzodiazepine" not in plan
    context = session.context()
    assert context["plan.bup_day1_mg"] == 0 and context["plan.benzodiazepine"] == "none"


@pytest.mark.parametrize(
    ("tablets", "drowsy"), [(0, False), (80, True)]  # the usual dose, then 16 tablets a day
)
def test_a_short_course_on_top_of_buprenorphine_reads_as_the_chart_shows(tablets: int, drowsy: bool) -> None:
    """Oxycodone added for the surgery while buprenorphine goes on: the ward's call says what the
    chart shows (the MME line, a little relief at the usual dose, drowsiness only at a high one),
    and the review after the supply ran out says it is finished while the MME line is back at 0."""
    scenario, actions = _expert("surgery-on-buprenorphine")
    plan = {"opioid": "short_course", "end_date_days": 5, "short_course_tablets": tablets}
    (call, page, _), *rest = _play_plan(scenario, actions, plan, 0)  # choice 0: keep and add
    assert call["course.on_buprenorphine"] and call["course.mme"] == call["course.added_mme"] > 0
    assert "oxycodone" in page.text and not contradictions(page.text, call)
    little = "takes only a little off the pain" in page.text
    assert little == (call["course.added_relief"] < 1.5) and little != drowsy
    assert ("drowsy" in page.text) == drowsy == (call["course.sedation"] >= 3)
    review, review_page, _ = rest[-1]
    assert review["course.mme"] == 0 and "finished the oxycodone" in review_page.text


def test_increase_on_buprenorphine_alone_raises_it_on_the_chart_without_an_escalation_finding() -> None:
    """Surgery on buprenorphine: "increase the opioid dose" reads as buprenorphine raised and split
    (ASRA 2021), on the chart the trainee sees, and the safety rules find no escalation in it."""
    from simulator.clinical.safety import evaluate_plan, raises_buprenorphine
    from simulator.engine.actions import plan_choices
    from simulator.engine.plan_safety import patient_facts

    scenario, actions = _expert("surgery-on-buprenorphine")
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    plans = {}
    for opioid in ("continue", "increase"):
        plan = {**actions[upto], "opioid": opioid}
        plans[opioid] = Session.replay(scenario, [*actions[:upto], plan, {"type": "advance"}])
    raised, kept = plans["increase"].visits.measures_now(), plans["continue"].visits.measures_now()
    assert raised["moud"] == "Buprenorphine 20 mg/day" and kept["moud"] == "Buprenorphine 16 mg/day"
    assert raised["pain"] < kept["pain"]
    facts = patient_facts(scenario)
    choices = plan_choices(plans["increase"].data.plan)
    assert raises_buprenorphine(facts, choices)
    assert not any(f.rule.startswith("escalation") for f in evaluate_plan(facts, choices))


@pytest.mark.parametrize(("mme", "said"), [(48.75, "about 49 MME"), (60.0, "60 MME"), (7.5, "7.5 MME"),
                                           (2.25, "about 2.2 MME")])
def test_a_visit_gives_the_daily_dose_as_a_clinician_says_it(mme: float, said: str) -> None:
    from simulator.engine.visit_text import Person, default_text

    text = default_text({"course.medication": "", "course.mme": mme}, Person.of("Dana Ruiz", "she/her"),
                        only=("medication",))
    assert text == f"She takes {said} a day of the prescribed opioid."
