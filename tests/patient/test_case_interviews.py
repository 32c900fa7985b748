"""The four newest cases talk as the older ones do (issue 19 items 3-5, issue 26 check items).

A trainee who names what the chart shows hears the patient own it, a follow-up gets the
patient's own detail, kind words get this patient's words, and the check before and after
tests every critical point of the case. Conversations go through ``SessionController.ask``,
the interview screen's path.
"""

from __future__ import annotations

import pytest
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.scenario.loader import load_scenario

CASES = ("fentanyl-start", "surgery-on-buprenorphine", "high-dose-rotation", "tramadol-taper")


@pytest.fixture(scope="module", params=CASES)
def case(request):
    return load_scenario(SCENARIOS / f"{request.param}.yaml")


# (case, a turn naming the chart, the fact whose confronted reply it gets)
CHART_TURNS = [
    ("fentanyl-start", "Your urine drug screen was positive for fentanyl and there was no oxycodone in it.",
     "learns_fentanyl"),
    ("surgery-on-buprenorphine",
     "Your urine tests show only buprenorphine, nothing else. Do you use anything else?",
     "takes_as_prescribed"),
    ("high-dose-rotation", "The PDMP flags your morphine dose as above 90 MME a day.", "knows_dose_high"),
    ("tramadol-taper", "The notes from your last review say your mood was low.", "low_mood"),
]


@pytest.mark.parametrize(("name", "turn", "fact"), CHART_TURNS, ids=[c[0] for c in CHART_TURNS])
def test_naming_the_chart_gets_the_patients_own_acknowledgement(name, turn, fact):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    ctl = SessionController.practice(scenario)
    outcome = ctl.ask(turn)
    assert outcome.reply == scenario.interview.facts[fact].confronted
    assert fact in ctl.session.data.revealed


def test_the_urine_result_once_owned_is_talked_through_not_told_again():
    scenario = load_scenario(SCENARIOS / "fentanyl-start.yaml")
    ctl = SessionController.practice(scenario)
    first = ctl.ask("Your urine drug screen was positive for fentanyl and there was no oxycodone in it.")
    second = ctl.ask("What do you make of that?")
    assert "what does that mean for the buprenorphine" in second.reply.lower()
    assert "Fentanyl? No." not in second.reply and second.reply != first.reply


def test_a_follow_up_gets_the_detail_not_a_shrug():
    scenario = load_scenario(SCENARIOS / "fentanyl-start.yaml")
    ctl = SessionController.practice(scenario)
    ctl.ask("Have you ever overdosed?")
    outcome = ctl.ask("when was that?")
    assert outcome.reply == scenario.interview.answers["opioid.overdose"][0].facets.get("when")


def test_kind_words_get_this_patients_words(case):
    ctl = SessionController.practice(case)
    empathy = ctl.ask("I'm so sorry, that sounds really hard.")
    assert empathy.reply in case.interview.reactions.empathy
    hello = ctl.ask("Hello, I'm one of the doctors here.")
    assert hello.reply in case.interview.reactions.greeting


def test_the_check_tests_every_critical_point(case):
    assert 5 <= len(case.check) <= 10
    tested = {g for item in case.check for g in item.guidance}
    critical = {r.guidance for r in case.rubric if r.critical}
    assert critical <= tested
    for item in case.check:
        assert all(option.why for option in item.options)
        assert any(option.correct for option in item.options)
