"""Issue 19, round 13 (the turns left after the round's merges): who the trainee is, said without a
greeting, and "how's it going?" to open are a greeting, not who prescribes the tablets; the floor
offered in more words ("anything important I didn't ask?", "... before she comes in?", "anything
you want me to write down?") is the floor; the question a topic itself asks, asked again just after
its answer ("how many a day?"), gets the facet that says just that; "was that after X, or before?"
asks when.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk


@pytest.fixture(scope="module")
def postop():
    return bundled("postop-acute")


@pytest.fixture(scope="module")
def tramadol():
    return bundled("tramadol-taper")


def _action(result):
    return result.interpretation.action


@pytest.mark.parametrize("text", [
    "I'm Dr Okafor, one of the doctors on the ward",
    "im dr patel, one of the foundation doctors here",
    "My name is Nurse Adeyemi",
    "i'm one of the medical students with the team",
])
def test_who_the_trainee_is_is_a_greeting_not_the_prescriber(postop, text):
    result = talk(postop).ask(text)
    assert _action(result)["type"] == "say"
    assert "hospital gave" not in result.reply.lower()


@pytest.mark.parametrize("text", [
    "how's it going?",
    "hello there mr mensah, how's life? i'm dr reid, one of the registrars",
    "Hiya, how's it going with you?",
])
def test_hows_it_going_to_open_is_a_greeting(postop, text):
    result = talk(postop).ask(text)
    assert _action(result)["type"] == "say"
    assert not result.reply.lower().startswith("sorry")


def test_a_greeting_with_a_request_after_it_still_asks(postop):
    result = talk(postop).ask("Hi, how's it going? Tell me about the ankle pain.")
    assert _action(result)["type"] == "ask" and _action(result)["intent"] is not None


def test_a_self_description_is_not_an_introduction(postop):
    action = _action(talk(postop).ask("I'm a bit worried about the dose, to be honest."))
    assert action.get("kind") != "greeting"


@pytest.mark.parametrize("text", [
    "Anything important I didn't ask you about?",
    "Anything you'd like me to write down for the notes?",
    "Is there anything else you'd want the consultant to know before he comes round?",
    "Anything else yuh want me to pass on?",
    "anythin else botherin ye?",
])
def test_the_floor_offered_in_more_words_is_the_floor(postop, text):
    ctl = talk(postop, "Where is the pain?", "How bad is it out of ten?")
    result = ctl.ask(text)
    action = _action(result)
    assert action.get("nothing_more") or action.get("intent") is not None
    assert not result.reply.lower().startswith("sorry")


def test_how_many_a_day_right_after_the_regimen_is_how_many(postop):
    ctl = talk(postop, "What are you taking for the pain at the moment?")
    result = ctl.ask("And how many of those do you get through in a day?")
    assert (_action(result)["intent"], _action(result).get("facet")) == ("opioid.regimen", "how_much")
    assert "three a day" in result.reply.lower()


def test_how_many_a_day_asked_first_is_the_whole_regimen(postop):
    action = _action(talk(postop).ask("How many of the oxycodone do you take a day?"))
    assert action["intent"] == "opioid.regimen" and action.get("facet") is None


def test_was_that_after_or_before_asks_when(tramadol):
    ctl = talk(tramadol, "Can you tell me about that funny turn you had?")
    result = ctl.ask("Was that soon after the sertraline dose changed, or before it?")
    assert _action(result).get("facet") == "when"
    assert "week after" in result.reply.lower()


def test_words_of_feeling_said_after_a_story_are_said_not_the_story_again():
    ctl = talk(bundled("cold-turkey"), "What's made you want to stop them all of a sudden?")
    result = ctl.ask("Crikey. That would frighten anyone. Good for you for facing up to it.")
    assert _action(result)["type"] == "say"
