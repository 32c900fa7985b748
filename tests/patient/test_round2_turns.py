"""Round 2 of issue 9: fewer wrong replies in realistic turns.

Each test plays typed turns the way the app does (``interpret`` with the conversation so far,
then ``Session.apply``) and checks what the trainee would notice: the patient's reply, whether
he asks what is meant, or reacts to stigmatising words. The turns are written for these tests,
apart from the training phrasings and from every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import interview

from simulator.engine.session import Session
from simulator.patient.dialogue import Conversation
from simulator.patient.turn import interpret


def say(session: Session, text: str):
    result = interpret(text, Conversation.of(session))
    session.apply(result.action)
    return result, session.data.transcript[-1].text


@pytest.mark.parametrize(
    "text",
    [
        "ty",
        "thnx doc",
        "Alright, we're all done for today.",
        "OK, that's everything from me.",
        "Would it be alright if I go through a few questions?",
        "Do you mind if I ask you some questions first?",
    ],
)
def test_thanks_closings_and_asking_permission_are_not_questions(marcus, text):
    session = interview(marcus)
    result, reply = say(session, text)
    assert result.action["type"] == "say"
    assert reply != marcus.interview.not_understood  # no "what do you mean?"
    assert not session.data.asked


def test_asking_permission_about_a_topic_is_still_that_question(marcus):
    result, reply = say(interview(marcus), "Can I ask about your sleep?")
    assert result.action["intent"] == "life.sleep"
    assert "night" in reply.lower()


def test_a_clause_naming_what_is_not_asked_does_not_pull_the_answer(marcus):
    result, reply = say(interview(marcus), "Before we come to the tablets, where does it hurt?")
    assert result.action["intent"] == "pain.location"
    assert "back" in reply.lower()


def test_a_question_made_only_of_pronouns_is_read_with_the_statement_before_it(ruth):
    session = interview(ruth)
    say(session, "I gather the chemist couldn't fill your prescription last month.")
    result, reply = say(session, "What did you do about it?")
    assert result.action["intent"] == "topic.pharmacy_shortage"
    assert "stock" in reply.lower()


def test_a_pronoun_only_question_with_nothing_before_it_is_not_guessed(ruth):
    assert interpret("What did you do about it?").needs_context
    session = interview(ruth)
    result, reply = say(session, "What did you do about it?")
    assert result.action["intent"] is None
    assert not session.data.asked


def test_a_short_last_question_pointing_back_keeps_the_sentence_before_it(marcus):
    result, _reply = say(
        interview(marcus), "Your notes mention a prescription from the dentist. What was that about?"
    )
    offered = [result.action.get("intent"), *result.action.get("suggestions", [])]
    assert "opioid.other_sources" in offered
    assert result.action.get("intent") in (None, "opioid.other_sources")


@pytest.mark.parametrize(
    "text", ["Are you abusing the codeine?", "Are you an alcoholic?", "You sound like a smackhead."]
)
def test_stigmatising_words_with_drug_names_get_a_reaction_not_an_answer(marcus, text):
    session = interview(marcus)
    before = session.data.rapport
    result, _reply = say(session, text)
    assert result.kind == "stigma"
    assert result.action.get("intent") is None
    assert session.data.rapport < before


def test_being_abused_is_still_a_trauma_question_not_stigma(marcus):
    result, _reply = say(interview(marcus), "Were you ever abused as a child?")
    assert result.kind == "question"
    assert result.action["intent"] == "history.trauma"


def test_who_was_that_asks_about_the_last_answer(marcus):
    session = interview(marcus)
    say(session, "Is there any history of drug problems in your family?")
    result, _reply = say(session, "who was that?")
    assert result.action["intent"] == "history.family"


def test_why_not_stays_on_the_question_just_answered(ruth):
    session = interview(ruth)
    first, _ = say(session, "Have you ever tried cutting down?")
    assert first.action["intent"] == "opioid.cut_down"
    result, _reply = say(session, "why not?")
    assert result.action["intent"] == "opioid.cut_down"


def test_a_question_pointing_back_is_never_declined_as_small_talk(ruth):
    session = interview(ruth)
    say(session, "Do you think you're addicted?")
    result, reply = say(session, "What is it about that which upsets you so much?")
    assert not result.action.get("off_topic")
    assert reply != ruth.interview.nothing_more
    chat, _ = say(session, "Did you watch that film on Sunday?")
    assert chat.action.get("off_topic")
