"""Issue 19, round 4: turns a stranger types that the classifier alone was unsure of.

Each turn goes through ``SessionController.ask`` (the interview screen's path). The turns are
written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import talk
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.patient import reply
from simulator.patient.understanding.concepts import concept_intent, decisive_intent
from simulator.scenario.loader import load_scenario


def last_action(ctl: SessionController) -> dict:
    return ctl.session.actions[-1]


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("did your dad or your brothers ever have trouble with alcohol", "history.family"),
        ("back in your twenties did you use cannabis", "history.substance_use"),
        ("in the past did you ever use cocaine or anything", "history.substance_use"),
        ("alcohol", "opioid.other_substances"),
        ("prescription drugs", None),  # not the patient's own use of other substances
        ("any childhood sexual abuse", "history.trauma"),
        ("do you sleep with the tablets", "life.sleep"),
        ("sleeping tablets at night", "opioid.other_substances"),
        ("ever been difficult to wake after a dose", "opioid.overdose"),
    ],
)
def test_a_concept_names_one_intent_or_none(words, intent):
    assert concept_intent(words) == intent


def test_decisive_phrases_are_the_screening_wordings():
    assert decisive_intent("do you take them as prescribed") == "opioid.as_prescribed"
    assert decisive_intent("scripts from several prescribers") == "opioid.other_sources"
    assert decisive_intent("where does it hurt") is None


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("etoh", "opioid.other_substances"),
        ("Anything like sexual abuse when you were small?", "history.trauma"),
        ("and do you keep it to what the doctor wrote, as rx'd?", "opioid.as_prescribed"),
    ],
)
def test_an_unmistakable_concept_is_answered(marcus, typed, intent):
    ctl = talk(marcus, "Hello, I'm one of the doctors.")
    outcome = ctl.ask(typed)
    assert outcome.intent == intent and outcome.reply


@pytest.mark.parametrize(
    "typed",
    [
        "Hi, I'm a student nurse. I usually go through some routine questions first, would that be alright?",
        "is it ok if i run through a few questions with you before the consultant comes round?",
    ],
)
def test_leave_to_ask_generic_questions_is_a_social_turn(marcus, typed):
    outcome = SessionController.practice(marcus).ask(typed)
    assert outcome.intent is None and outcome.interpretation.kind == "social" and not outcome.options


def test_closing_with_the_floor_offered_is_a_closing(marcus):
    ctl = talk(marcus, "Where is the pain?")
    outcome = ctl.ask("Great, that's all from me for today. Any questions for me?")
    assert outcome.interpretation.kind == "closing" and outcome.intent is None


def test_anything_not_covered_is_anything_else(marcus):
    ctl = talk(marcus, "Where is the pain?")
    outcome = ctl.ask("Is there anything we haven't covered that I should know about?")
    assert not outcome.options  # never asked back: it is the trainee's "anything else?"


def test_since_when_after_side_effects_asks_when_they_began(marcus):
    ctl = talk(marcus, "Any side effects from the tablets, like constipation?")
    assert last_action(ctl)["intent"] == "opioid.side_effects"
    ctl.ask("since when?")
    action = last_action(ctl)
    assert action["intent"] == "opioid.side_effects" and action.get("facet") == "when"


def test_since_when_after_the_pain_asks_how_long_it_has_hurt(marcus):
    ctl = talk(marcus, "Where is the pain?")
    assert ctl.ask("since when?").intent == "pain.duration"


def test_tell_me_more_after_content_stays_on_that_topic(marcus):
    ctl = talk(
        marcus, "Do you get cravings for the oxycodone?", "Any sweats or aches if you are late with a dose?"
    )
    ctl.ask("About feeling rough when you are late with a dose - tell me more about that")
    action = last_action(ctl)
    assert action["intent"] == "opioid.withdrawal" and action.get("facet") == "more"


def test_the_chart_named_again_is_owned_again_not_denied(marcus):
    ctl = talk(marcus, "The PDMP shows your oxycodone filled early four times.")
    first = last_action(ctl)
    assert first.get("confronts") == "more_than_prescribed"
    ctl.ask("Where is the pain?")
    outcome = ctl.ask("The prescription database shows those early fills again this spring, you know.")
    assert outcome.reply and not reply.denies(outcome.reply)
    assert outcome.reply != ctl.session.scenario.interview.facts["more_than_prescribed"].confronted


def test_a_charted_fact_put_to_the_patient_is_owned_even_when_the_question_is_vague():
    ben = load_scenario(SCENARIOS / "postop-acute.yaml")
    ctl = talk(ben, "Hello there.")
    outcome = ctl.ask("It says here the hospital discharged you with twelve oxycodone - how is that going?")
    assert last_action(ctl).get("confronts") and outcome.intent is not None
    assert outcome.reply == ben.interview.facts[last_action(ctl)["confronts"]].confronted
    empathy = ctl.ask("I can see this is really hard for you")  # not the chart: a statement
    assert empathy.interpretation.kind == "empathy"


def test_and_with_its_own_words_after_an_unclear_turn_is_answered(marcus):
    ctl = talk(marcus, "mm so what about the thing?")  # asked back: nothing to lean on
    assert ctl.ask("and where abouts is the pain exactly").intent == "pain.location"


def test_two_swapped_letters_are_one_typo():
    from simulator.patient.understanding import prepare

    assert "today" in prepare("what brings you in todya")


def test_a_form_read_as_a_list_stays_on_its_item(marcus):
    ctl = talk(marcus, "Is there a history of substance problems in your family?")
    assert last_action(ctl)["intent"] == "history.family"
    for item in ("Alcohol?", "Street drugs?", "Prescription medicines?"):
        assert ctl.ask(item).intent == "history.family"
    ctl = talk(marcus, "Where is the pain?")
    assert ctl.ask("Alcohol?").intent == "opioid.other_substances"  # not in a list: his own drinking


def test_anything_else_after_a_list_asks_for_more_of_it(marcus):
    ctl = talk(marcus, "Where is the pain?", "What are you taking for it?")
    assert ctl.ask("anything else?").intent == "opioid.other_substances"  # not the cut-down story


def test_a_facet_asked_again_is_not_said_again_in_the_same_words(marcus):
    ctl = talk(marcus, "Have you tried to cut down?", "tell me more")
    first = replies_of(ctl)[-1]
    again = ctl.ask("tell me more").reply
    assert again != first and again in reply.NO_FACET["more"]


def replies_of(ctl: SessionController) -> list[str]:
    return [e.text for e in ctl.session.data.transcript if e.speaker == "patient"]


def test_a_bare_statement_of_what_the_record_flags_reaches_the_confronted_reply():
    kim = load_scenario(SCENARIOS / "high-dose-rotation.yaml")
    ctl = talk(kim, "Hello.")
    outcome = ctl.ask("Your record mentions the dose went up three times this year.")
    fact = last_action(ctl).get("confronts")
    assert fact and outcome.reply == kim.interview.facts[fact].confronted
