"""Issue 19, round 7: what the patient says back - the chart owned, the thread followed, leave given.

Each turn goes through ``SessionController.ask`` (the interview screen's path) and the tests
assert what a trainee sees: the words the patient says and the topic credited. The turns are
written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from fixtures.interview import talk
from fixtures.scenario_text import ROOT, SCENARIOS

from simulator.patient import reply
from simulator.scenario.loader import load_scenario

NAMES = ("severe-oud-overdose", "clbp-moderate-oud", "high-dose-rotation", "fentanyl-start", "postop-acute")


@pytest.fixture(scope="module")
def cases():
    return {name: load_scenario(SCENARIOS / f"{name}.yaml") for name in NAMES}


def confronted(scenario, fact: str) -> str:
    return scenario.interview.facts[fact].confronted


# --------------------------------------------------------------------- the chart named is owned


@pytest.mark.parametrize(
    ("name", "text", "fact"),
    [
        # a word of none of his answers ("fentanyl") names the fact, not a word of many ("prescribed")
        ("severe-oud-overdose",
         "Your drug screen had fentanyl in it, and nobody prescribes you that. Any thoughts?",
         "street_pills"),
        # two facts share "early": the fills name the one the early-refills answer tells
        ("clbp-moderate-oud",
         "The prescription database has three oxycodone fills a week early since spring.",
         "more_than_prescribed"),
        # the notes read back through, in the fact's words
        ("high-dose-rotation",
         "Going back through your notes, each increase helped for a few weeks, then nothing.", "tolerance"),
        # a number of ten or more names a fact; shorthand for the drug reads as the drug
        ("postop-acute", "discharge paperwork says twelve oxy, so u must be nearly out", "using_three_a_day"),
    ],
)
def test_the_chart_named_gets_the_facts_confronted_reply(cases, name, text, fact):
    ctl = talk(cases[name])
    outcome = ctl.ask(text)
    assert outcome.reply == confronted(cases[name], fact)
    assert fact in ctl.session.data.revealed


def test_the_nurse_documenting_signs_is_the_chart(cases):
    ctl = talk(cases["fentanyl-start"])
    outcome = ctl.ask("The nurse documented yawning and a runny nose - is the withdrawal starting?")
    assert outcome.reply == confronted(cases["fentanyl-start"], "withdrawal")


def test_writing_in_the_notes_is_not_the_chart_put_to_him():
    assert not reply.names_the_chart("I'll write the plan in your notes so the ward knows.")
    assert reply.names_the_chart("Looking back through your notes, the dose went up four times.")


# --------------------------------------------------------------------- the thread


def test_did_you_know_after_the_urine_result_is_answered_from_its_thread(cases):
    scenario = cases["fentanyl-start"]
    ctl = talk(scenario, "UDS came back fentanyl, no oxy")
    outcome = ctl.ask("did u know that?")
    assert outcome.intent == "topic.urine_result"
    assert "thought I knew what I was taking" in outcome.reply
    assert not outcome.reply.startswith("Sorry")


def test_did_you_know_with_no_words_of_the_case_gets_what_a_person_says(cases):
    ctl = talk(cases["severe-oud-overdose"], "UDS came back fentanyl, no oxy")
    outcome = ctl.ask("did you know that?")
    assert outcome.reply in reply.NO_FACET["aware"]


def test_when_was_that_after_a_word_of_sympathy_is_about_the_story(cases):
    ctl = talk(cases["severe-oud-overdose"], "Have you ever overdosed?", "That must have been terrifying.")
    outcome = ctl.ask("When was that?")
    assert outcome.intent == "opioid.overdose"
    assert "July" in outcome.reply and not outcome.reply.startswith("Like I said")


def test_how_long_ago_asks_when_not_the_story_again(cases):
    ctl = talk(cases["fentanyl-start"], "ever OD?")
    outcome = ctl.ask("how long ago?")
    assert ctl.session.actions[-1].get("facet") == "when"
    assert not outcome.reply.startswith("Like I said")


def test_was_anyone_with_you_after_the_overdose_is_its_who(cases):
    ctl = talk(cases["severe-oud-overdose"], "Have you ever overdosed?")
    outcome = ctl.ask("Was anyone with you?")
    assert outcome.intent == "opioid.overdose"
    assert "partner found me" in outcome.reply


def test_were_you_alone_with_nobody_in_the_story_is_its_own_question(cases):
    ctl = talk(cases["clbp-moderate-oud"], "Where is the pain?")
    ctl.ask("were you alone?")
    assert ctl.session.actions[-1].get("facet") != "who"


# --------------------------------------------------------------------- leave to ask


def test_a_greeting_that_asks_leave_is_given_it_after_the_greeting(cases):
    ctl = talk(cases["fentanyl-start"])
    outcome = ctl.ask("hiya, I'm Sam, one of the nurses, ok if I ask a few things?")
    assert outcome.intent is None and not outcome.interpretation.alternatives  # no "did you mean"
    assert outcome.reply.endswith(("go ahead.", "that's fine.", "ask away.", "Yeah, okay.", "Go on, then."))
    again = ctl.ask("Sorry - can I ask a few more questions before the doctor comes in?")
    assert again.reply != outcome.reply and again.reply not in outcome.reply


# --------------------------------------------------------------------- what bench counts


def _reply_checks():
    spec = importlib.util.spec_from_file_location("reply_checks", ROOT / "bench" / "reply_checks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("reply_checks", module)  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_bench_counts_a_retraction_and_a_denial_of_the_chart_but_not_a_miss(cases):
    checks = _reply_checks()
    interview = cases["clbp-moderate-oud"].interview
    open_, guarded = interview.answers["opioid.as_prescribed"]
    told: dict[str, set[str]] = {}
    first = checks.check(interview, [("opioid.as_prescribed", open_)], open_.text, None, told, (), False)
    assert first.contradiction == "" and first.chart_owned
    told_before = {"more_than_prescribed"}
    given = [("opioid.as_prescribed", guarded)]
    again = checks.check(interview, given, guarded.text, None, told, told_before, False)
    assert again.contradiction == "took back more_than_prescribed"
    sources_guarded = interview.answers["opioid.other_sources"][1]
    denied = checks.check(
        interview, [("opioid.other_sources", sources_guarded)], sources_guarded.text, None, {}, (), True
    )
    assert denied.contradiction == "denied the chart"
    missed = checks.check(interview, [], "Sorry, doc, what do you mean?", None, {}, (), True)
    assert missed.contradiction == "" and not missed.chart_owned  # asked back: a miss, not a contradiction


def test_an_apology_after_an_accusation_is_accepted_not_taken_as_goodbye(cases):
    ctl = talk(cases["high-dose-rotation"], "Are you sure you're not just after more tablets?")
    outcome = ctl.ask("Sorry, that came out wrong. I can see you've been really struggling.")
    assert outcome.interpretation.kind != "closing"
    assert outcome.reply in {line for persona in reply._PERSONAS for line in persona["apology"]}


def test_mind_if_i_ask_is_leave_given(cases):
    outcome = talk(cases["high-dose-rotation"]).ask(
        "Morning. I'm the locum today - mind if I ask a few questions?"
    )
    assert outcome.intent is None and not outcome.interpretation.alternatives
    assert outcome.reply.endswith(("go ahead.", "that's fine.", "ask away.", "Yeah, okay.", "Go on, then."))


def test_a_question_on_his_own_medicine_is_never_declined_as_small_talk(cases):
    ctl = talk(cases["high-dose-rotation"], "And what are you on for it?")
    outcome = ctl.ask("That's a lot of morphine. Do you know how much that adds up to?")
    assert not outcome.interpretation.action.get("off_topic")
    assert "keep to why I'm here" not in outcome.reply
