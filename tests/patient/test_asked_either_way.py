"""A typed turn answered as it was asked: a question put the other way round gets no yes or no
that says the opposite of the answer, and "how many a day, realistically?" after the medicines
asks their amount. Each turn goes through ``SessionController.ask`` (the interview screen's path);
the turns are written for these tests, apart from the phrasings and every benchmark file."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.patient.reply import fit_to_question
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def trauma():
    return load_scenario(SCENARIOS / "trauma-new-pain.yaml")


def test_asked_as_prescribed_she_says_yes(trauma):
    said = SessionController.practice(trauma).ask("Do you take them as prescribed?")
    assert said.intent == "opioid.as_prescribed"
    assert said.reply.startswith("Yes") and "careful" in said.reply


@pytest.mark.parametrize("text", [
    "do you ever end up taking more than the label says?",
    "Have you been using extra ones on the bad days?",
    "Do you sometimes take a higher dose than you were told to?",
])
def test_asked_the_other_way_round_her_answer_does_not_open_with_a_yes(trauma, text):
    said = SessionController.practice(trauma).ask(text)
    assert said.intent == "opioid.as_prescribed"
    assert not said.reply.lower().startswith(("yes", "no")), said.reply
    assert said.reply.startswith("I'm careful")  # the rest of the answer, capitalised


def test_only_an_opening_yes_or_no_is_left_off():
    more = "do you take more than prescribed?"
    assert fit_to_question("Mostly, yeah. On a bad day I take an extra one.", "opioid.as_prescribed", more) \
        == "On a bad day I take an extra one."
    assert fit_to_question("No. Not for a long time.", "opioid.as_prescribed", more) == "Not for a long time."
    assert fit_to_question("Exactly as written.", "opioid.as_prescribed", more) == "Exactly as written."
    assert fit_to_question("Yes.", "opioid.as_prescribed", more) == "Yes."  # nothing else to say
    assert fit_to_question("Yes. Every day.", "opioid.craving", "do you crave more than before?") \
        == "Yes. Every day."  # only intents asked both ways round


@pytest.mark.parametrize("text", ["how many a day realistically", "And how many a day, roughly?",
                                  "how much in total per day?"])
def test_an_amount_asked_after_the_medicines_is_their_amount(trauma, text):
    ctl = SessionController.practice(trauma)
    assert ctl.ask("what are you taking for it at the moment?").intent == "opioid.regimen"
    said = ctl.ask(text)
    assert said.intent == "opioid.regimen"
    assert ctl.session.actions[-1].get("facet") == "how_much"


def test_a_greeting_then_a_dash_then_the_question_is_the_question(trauma):
    said = SessionController.practice(trauma).ask(
        "morning, I'm one of the residents covering today - how are things?")
    assert said.intent == "goals.concerns"  # not asked back as if the greeting were the question
