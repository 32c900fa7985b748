"""Issue 19, round 13: a follow-up with words of its own that stays on the topic just answered gets
the facet it asks (when, who, why, how much), not the whole answer again or a neighbouring topic;
a new topic asked in a facet's words is still a new topic.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk


@pytest.fixture(scope="module")
def hale():
    return bundled("clbp-moderate-oud")


@pytest.fixture(scope="module")
def tyler():
    return bundled("fentanyl-start")


@pytest.fixture(scope="module")
def tramadol():
    return bundled("tramadol-taper")


def _action(result):
    return result.interpretation.action


def test_what_made_you_asks_why_of_the_story_just_told(hale):
    ctl = talk(hale, "Have you ever tried to cut down on them yourself?")
    action = _action(ctl.ask("What made you go back on them?"))
    assert (action["intent"], action.get("facet")) == ("opioid.cut_down", "why")


def test_and_then_what_happened_goes_on_with_the_story(hale):
    ctl = talk(hale, "Have you ever tried to cut down on them yourself?")
    result = ctl.ask("And then what happened after that?")
    assert (_action(result)["intent"], _action(result).get("facet")) == ("opioid.cut_down", "more")
    assert "Like I said" not in result.reply


def test_how_many_hours_after_asks_when_of_the_answer_just_given(hale):
    # the words lean to the last dose; the timing of what he just described is asked
    ctl = talk(hale, "What happens when a dose is late?")
    result = ctl.ask("How many hours after the last tablet does that kick in?")
    assert (_action(result)["intent"], _action(result).get("facet")) == ("opioid.withdrawal", "when")
    assert "hours" in result.reply


def test_how_soon_after_asks_when_of_a_topic_not_yet_answered(tyler):
    ctl = talk(tyler, "When did you last use?")
    result = ctl.ask("How soon after your last one do you start feeling sick?")
    assert (_action(result)["intent"], _action(result).get("facet")) == ("opioid.withdrawal", "when")
    assert "after the last one" in result.reply


def test_who_else_after_where_else_he_got_them_asks_its_who(hale):
    ctl = talk(hale, "The prescription database shows hydrocodone from urgent care in June. "
                     "Can you tell me about that?")
    result = ctl.ask("Who else? Just the urgent care?")
    assert (_action(result)["intent"], _action(result).get("facet")) == ("opioid.other_sources", "who")
    assert "guy at work" in result.reply


def test_how_much_worse_stays_on_the_answer_just_given(hale):
    ctl = talk(hale, "Do the tablets work as well as they used to?")
    action = _action(ctl.ask("How much worse? Roughly?"))
    assert action["intent"] == "opioid.tolerance" and action.get("facet") == "how_much"


def test_how_much_less_is_not_the_pain_score(hale):
    ctl = talk(hale, "On a scale of nought to ten, how bad is it?",
               "Has the oxycodone kept working over the years, or does it help less now?")
    action = _action(ctl.ask("How much less? In numbers."))
    assert action.get("facet") == "how_much"
    assert action["intent"] != "pain.severity"


def test_a_bare_facet_first_then_the_topic_named(hale):
    action = _action(talk(hale).ask("Why more? What would a bigger dose change for you?"))
    assert (action["intent"], action.get("facet")) == ("topic.dose_increase", "why")


def test_a_bare_how_much_first_asks_it_of_the_answer_just_given(tramadol):
    ctl = talk(tramadol, "Any alcohol?")
    action = _action(ctl.ask("How much, and is that every night?"))
    assert (action["intent"], action.get("facet")) == ("opioid.other_substances", "how_much")


def test_a_new_topic_in_a_facets_words_is_still_a_new_topic(hale):
    ctl = talk(hale, "What are you taking for the back at the moment?")
    assert _action(ctl.ask("How long have you been in pain?"))["intent"] == "pain.duration"
    assert _action(ctl.ask("Who prescribes them?"))["intent"] == "opioid.prescriber"
