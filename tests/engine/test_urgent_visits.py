"""Urgent visits: a dangerous start brings the unscheduled visit a clinician would expect, on the
day the course puts it, with choices that fit it; each choice is scored and changes the course."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.cases import before_plan

from simulator.clinical.catalogue import get
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scenario.urgent import urgent_state
from simulator.scenario.visit_claims import contradictions, left_out
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import evaluate

ROOT = Path(__file__).resolve().parents[2]


def _after_plan(case: str, plan: dict) -> Session:
    session = before_plan(case)[0].fork()
    session.apply({"type": "plan", **plan})
    session.apply({"type": "advance"})
    return session


BUP_AT_ZERO = {"opioid": "continue", "moud": "buprenorphine", "induction": "standard",
               "induction_cows": 0, "induction_wait_hours": 0}
NALTREXONE_NOW = {"opioid": "no_opioid", "moud": "naltrexone_xr", "naltrexone_free_days": 0}


def test_buprenorphine_at_cows_0_brings_a_call_the_next_day_about_precipitated_withdrawal() -> None:
    """The reported oih-taper case: day 1 is no longer a visit about a urine screen."""
    session = _after_plan("oih-taper", BUP_AT_ZERO)
    assert urgent_state(session.state.name)
    context = session.context()
    assert context["course.day"] == 1 and context["course.event"] == "precipitated"
    page = session.visits.page(session.state, context)
    assert "withdrawal" in page.text and "buprenorphine" in page.text
    ids = [c.id for c in page.choices]
    assert ids == ["precipitated-buprenorphine--more-buprenorphine",
                   "precipitated-buprenorphine--stop-buprenorphine",
                   "precipitated-buprenorphine--wait-it-out"]


def test_naltrexone_without_opioid_free_days_brings_the_emergency_department() -> None:
    session = _after_plan("cold-turkey", NALTREXONE_NOW)
    context = session.context()
    assert urgent_state(session.state.name) and context["course.day"] == 1
    ids = [c.id for c in session.offered_choices()]
    assert ids[0] == "precipitated-naltrexone--supportive-care"
    assert not any("buprenorphine" in i for i in ids)


@pytest.mark.parametrize(("choice", "earned"), [("more-buprenorphine", 5), ("wait-it-out", 0)])
def test_each_urgent_choice_is_scored_against_guidance(choice: str, earned: int) -> None:
    session = _after_plan("oih-taper", BUP_AT_ZERO)
    session.apply({"type": "decide", "choice": f"precipitated-buprenorphine--{choice}"})
    items = {i.id: i for i in evaluate(session.scenario, session.context(), {})}
    item = items["urgent-plan-precipitated-buprenorphine"]
    assert item.guidance == "tx.bup_induction" and item.earned == earned


def test_urgent_care_that_did_not_arise_is_listed_once_in_the_debrief() -> None:
    """The loader checks each kind of urgent care after every step it could follow; the debrief
    lists each kind that did not arise once, and not at all beside the same care counted."""
    session = _after_plan("oih-taper", BUP_AT_ZERO)
    session.apply({"type": "decide", "choice": "precipitated-buprenorphine--more-buprenorphine"})
    items = build_debrief(session).items
    urgent = [i for i in items if urgent_state(i.id)]
    assert sum(urgent_state(i.id) for i in session.scenario.rubric) > len(urgent) == 5
    assert len({i.title for i in urgent}) == 5
    counted = [i for i in urgent if i.applicable]
    assert [i.id for i in counted] == ["urgent-plan-precipitated-buprenorphine"] and counted[0].earned == 5


def test_more_buprenorphine_settles_the_withdrawal_faster_than_waiting() -> None:
    helped, waited = (_after_plan("oih-taper", BUP_AT_ZERO) for _ in range(2))
    helped.apply({"type": "decide", "choice": "precipitated-buprenorphine--more-buprenorphine"})
    waited.apply({"type": "decide", "choice": "precipitated-buprenorphine--stop-buprenorphine"})
    day = helped.context()["course.day"] + 3
    cows = [s.visits.values(day, "scheduled")["course.cows"] for s in (helped, waited)]
    assert cows[0] < cows[1]


DANGEROUS = {
    "bup-at-cows-0": BUP_AT_ZERO,
    "naltrexone-now": NALTREXONE_NOW,
    "stop": {"opioid": "stop_abruptly"},
}


@pytest.mark.parametrize("case", ["clbp-moderate-oud", "cold-turkey", "oih-taper", "severe-oud-overdose",
                                  "stable-dependence", "trauma-new-pain", "fentanyl-start",
                                  "surgery-on-buprenorphine", "high-dose-rotation", "tramadol-taper"])
@pytest.mark.parametrize("plan", sorted(DANGEROUS))
def test_an_urgent_contact_is_always_met_by_a_visit_that_speaks_of_it(case: str, plan: str) -> None:
    session = _after_plan(case, DANGEROUS[plan])
    context = session.context()
    if not context["course.urgent"]:
        return  # this start is not dangerous for this patient (no physical dependence, say)
    run = session.visits.run()
    first = run.first_event(0, ("precipitated", "withdrawal", "return_to_use", "overdose"))
    assert first is not None and context["course.day"] == first.day  # on the day it happens
    page = session.visits.page(session.state, context)
    assert not left_out(page.text, context), page.text  # withdrawal, the overdose or the use is spoken of


# ---------------------------------------------------------------- the dangerous starts, every case
ALL_CASES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
#: The kind of urgent care each course event calls for (the urgent visit's choice ids start with it).
KIND_OF = {"precipitated": ("precipitated-buprenorphine", "precipitated-naltrexone"),
           "withdrawal": ("severe-withdrawal",), "overdose": ("overdose",),
           "return_to_use": ("return-to-use", "overdose")}
DANGEROUS_STARTS = {
    "precipitated-buprenorphine": BUP_AT_ZERO,
    "naltrexone-too-early": NALTREXONE_NOW,
    "abrupt-stop": {"opioid": "stop_abruptly", "naloxone": False},
    "fast-cut": {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7}, "naloxone": False},
    "methadone-stacked-with-benzodiazepine": {
        "opioid": "continue", "moud": "methadone", "methadone_route": "otp", "methadone_start_mg": 40,
        "benzodiazepine": "continue", "naloxone": False,
    },
    "high-dose-on-top": {"opioid": "short_course", "end_date_days": 5, "short_course_tablets": 80,
                         "formulation": "extended_release", "benzodiazepine": "start"},
}


def _urgent_visits(case: str, plan: dict) -> list[tuple[dict, tuple, object]]:
    """Every urgent contact on the path where each urgent visit takes its first (guided) choice and
    each other visit its first: (the day's context, the choices offered, the page), each checked
    to come on the day of its event in the course as it then stands."""
    session = _after_plan(case, plan)
    met = []
    for _ in range(12):
        if session.finished:
            break
        state = session.state
        if state.phase == "visit" and state.name not in session.data.decisions:
            context = session.context()
            offered = session.offered_choices()
            if context["course.urgent"]:
                # the course as it stands at this visit (earlier choices included) holds the event
                happened = {(e.day, e.kind) for e in session.visits.run().events}
                assert (context["course.day"], context["course.event"]) in happened, (
                    case, context["course.day"], context["course.event"], sorted(happened))
                met.append((context, offered, session.visits.page(state, context)))
            if offered:
                session.apply({"type": "decide", "choice": offered[0].id})
        session.apply({"type": "advance"})
    return met


@pytest.mark.parametrize("case", ALL_CASES)
def test_every_dangerous_start_brings_the_urgent_visit_on_its_day_with_choices_that_fit(case: str) -> None:
    """For every bundled case and every dangerous start: each urgent contact the course brings is a
    visit on the day of its event that speaks of it, whose choices are the care that event calls for
    (none contradicting what the patient takes), each scored by a rubric item citing guidance with
    its source, at least one of them the guided care."""
    scenario = load_scenario(ROOT / "scenarios" / f"{case}.yaml")
    items = {i.id: i for i in scenario.rubric}
    met_any = 0
    for name, plan in DANGEROUS_STARTS.items():
        for context, offered, page in _urgent_visits(case, plan):
            met_any += 1
            where = f"{case}, {name}, day {context['course.day']}"
            event = context["course.event"]
            assert not left_out(page.text, context), (where, page.text)
            state = context["state"]
            if not urgent_state(state):
                continue  # the case's own visit for it (held to its words by the visit sweep)
            kinds = {c.id.split("--")[0] for c in offered}
            assert kinds and kinds <= set(KIND_OF[event]), (where, event, kinds)
            assert not any(contradictions(c.text, context) for c in offered), where
            for choice in offered:
                scored = [i for i in items.values() if f"'{state}.{choice.id}'" in (i.applies or "")]
                assert len(scored) == 1, (where, choice.id)
                cited = get(scored[0].guidance)  # the catalogue's, with its sources
                assert all(s.document and s.section for s in cited.sources) and cited.sources, where
            good = [c for c in offered
                    if f"'{state}.{c.id}'" in items[f"{state}-{c.id.split('--')[0]}"].expect]
            assert good, (where, [c.id for c in offered])
    assert met_any or case in ("postop-acute",), f"no dangerous start brought an urgent visit in {case}"
