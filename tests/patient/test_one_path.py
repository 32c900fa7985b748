"""Issue 19: one conversation path, understanding that holds, a patient who stays consistent.

Every conversation here goes through ``SessionController.ask`` (the interview screen's path) or
the ``intents --conversation`` command, which must agree turn for turn. The turns are written
for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from fixtures.interview import talk

from simulator.commands.intents import KINDS
from simulator.commands.intents import run as run_intents
from simulator.control.controller import SessionController
from simulator.patient import grounding, reply
from simulator.patient.understanding import CONFIDENCE_THRESHOLD, _get_model
from simulator.patient.understanding.acts import classify_act
from simulator.patient.understanding.compound import split_turn
from simulator.patient.understanding.normalise import RULES, normalise_turn


def replies(ctl: SessionController) -> list[str]:
    return [e.text for e in ctl.session.data.transcript if e.speaker == "patient"]


# ------------------------------------------------------------------ one path

CONVERSATION = [
    "Hi, I'm one of the doctors.",
    "where's the pain worst",
    "how long?",
    "What are you taking now, and how often?",
    "How's your sleep? Any falls?",
    "why?",
    "Have you ever run out early?",
    "I'm sorry, that sounds really hard.",
    "and your mood?",
    "anything else?",
]


def test_the_command_and_the_controller_read_and_answer_every_turn_alike(marcus):
    out = io.StringIO()
    run_intents(marcus, [t + "\n" for t in CONVERSATION], out, replies=True, conversation=True)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    ctl = SessionController.practice(marcus)
    for text, record in zip(CONVERSATION, records, strict=True):
        outcome = ctl.ask(text)
        assert record["intent"] == outcome.intent
        assert record["also"] == list(outcome.also)
        assert record["options"] == list(outcome.options)
        assert record["reply"] == outcome.reply and outcome.reply
        assert record["kind"] in KINDS


def _forced(monkeypatch, probability: float) -> None:
    """Every question is read with ``probability`` for its best intent (below the threshold)."""
    model = _get_model()
    classes = list(model.classes)
    real = model.proba

    def proba(texts):
        out = real(texts)
        for row in range(len(texts)):
            p = np.full(len(classes), (1.0 - 2 * probability) / (len(classes) - 2))
            p[classes.index("opioid.non_pain_use")] = probability
            p[classes.index("opioid.other_substances")] = probability / 4
            out[row] = p
        return out

    monkeypatch.setattr(model, "proba", proba)


@pytest.mark.parametrize(
    "text",
    [
        "Do you ever take one to get through a stressful evening?",  # a plain question
        "How's your sleep? And do you take one to unwind?",  # a compound turn
        "and to unwind?",  # a follow-up with words of its own
        "unwind?",  # a fragment
    ],
)
def test_no_path_answers_below_the_threshold(marcus, monkeypatch, text):
    _forced(monkeypatch, CONFIDENCE_THRESHOLD - 0.05)  # once answered by the "clear lead" rule
    # the case's own words are a second opinion of their own (test_round10_turns); not here
    monkeypatch.setattr(grounding, "RESCUE_WORDS", 99)
    ctl = talk(marcus, "Do you get tablets from anywhere else?")
    outcome = ctl.ask(text)
    # The unsure guess is never answered; only a clinical concept the words name is ("sleep").
    named = {"How's your sleep? And do you take one to unwind?": "life.sleep"}.get(text)
    assert outcome.intent == named and not outcome.also
    assert "opioid.non_pain_use" not in ctl.session.data.asked


# ------------------------------------------------------------------ understanding stages


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("0-10?", "How bad is the pain, from 0 to 10?"),
        ("out of 10?", "How bad is the pain, from 0 to 10?"),
        ("cravings", "Do you get cravings?"),
        ("any bup before?", "any buprenorphine before?"),
        ("any w/d sx?", "any withdrawal symptoms?"),
        ("any hx of OD?", "any history of OD?"),
        ("fhx of etoh?", "family history of alcohol?"),
        ("sx?", "symptoms?"),
        ("hx?", "history?"),
        ("how much etoh", "how much alcohol"),
        ("last uds?", "last urine drug screen?"),
        ("who writes the rx?", "who writes the prescription?"),
        ("ever been on subs?", "ever been on suboxone?"),
        ("who prescribes the oxy?", "who prescribes the oxycodone?"),
        ("SI?", "Any suicidal thoughts?"),
        ("other subs?", "other substances?"),
        ("pmhx?", "past medical history?"),
        ("any psych hx?", "any mental health history?"),
        ("ok so, um, where does it hurt?", "where does it hurt?"),
        ("taking as rx'd?", "taking as prescribed?"),
        ("Since when you take the morphine?", "how long have you been taking the morphine?"),
        ("And in these two days, how you were feeling?", "And in these two days, how were you feeling?"),
        ("Why you stop it?", "Why do you stop it?"),
        ("Who tell you about the long tablets?", "who told you about the long tablets?"),
        ("You are wanting something more strong?", "do you want something stronger?"),
        ("few qs first ok?", "few questions first ok?"),
        ("How much you are taking?", "How much are you taking?"),
    ],
)
def test_each_normaliser_rule(typed, read):
    assert normalise_turn(typed) == read


def test_every_normaliser_rule_has_a_test():
    tested = {"pain scale", "bare craving", "bup", "w/d sx", "hx of", "fhx", "sx", "hx", "etoh", "uds",
              "rx", "subs", "oxy", "SI", "other subs", "pmhx", "psych hx", "rx'd", "since when you",
              "how you were", "question without do", "who tell you", "you are wanting", "more strong", "qs",
              # round 6: each tested in tests/patient/test_round6_turns.py
              "since how much time", "what arrived", "how it goes", "for to", "chemist", "giving you gyp",
              "at the mo", "analgesia", "scots", "analgesics", "text speak",
              # round 9: each tested in tests/patient/test_round9_turns.py
              "progressive without are", "formal register", "text you",
              "perfect without have", "the patient", "the patient's", "c/o", "re", "pref", "n/v",
              # round 10: each tested in tests/patient/test_round10_turns.py
              "molests you", "exams", "preoccupation", "preoccupied", "pretend to",
              # round 11: each tested in tests/patient/test_round11_turns.py
              "vocative", "keeping", "things with", "tox", "fent", "pos neg",
              # round 11: tested in tests/patient/test_round11_safety.py
              "SI HI",
              # round 12: tested in tests/patient/test_round12_compound.py
              "caribbean",
              # round 13: tested in tests/patient/test_round13_plain.py
              "chemist said", "years that you", "the last time you", "wh last",
              # round 13: tested in tests/patient/test_round13_misc.py
              "scots home and family", "scots the day", "scots messages", "scots aye"}
    assert {name for name, _p, _r in RULES} == tested


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("How's your sleep? Any falls?", ["How's your sleep?", "Any falls?"]),
        (
            "Do you take more than prescribed, and have you run out early?",
            ["Do you take more than prescribed?", "have you run out early?"],
        ),
        ("Where is it and how long have you had it?", ["Where is it?", "how long have you had it?"]),
        ("Have you gone to another doctor for it?", ["Have you gone to another doctor for it?"]),
        ("Any pain in the back or the legs?", ["Any pain in the back or the legs?"]),
    ],
)
def test_compound_turns_are_split_into_their_questions(text, parts):
    assert split_turn(text) == parts


def test_each_part_of_a_compound_question_is_answered_and_credited(marcus):
    ctl = SessionController.practice(marcus)
    outcome = ctl.ask("How is your sleep at the moment? And have you had any falls?")
    assert (outcome.intent, outcome.also) == ("life.sleep", ("safety.falls",))
    assert {"life.sleep", "safety.falls"} <= set(ctl.session.data.asked)
    sleep = {a.text for a in marcus.interview.answers["life.sleep"]}
    falls = marcus.interview.answers["safety.falls"][0].text
    assert any(outcome.reply.startswith(s) for s in sleep) and outcome.reply.endswith(falls)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("So you're only here to get your hands on more pills?", "accusation"),
        ("I reckon you are after the pills.", "accusation"),
        ("That must be so hard for you and your family.", "empathy"),
        ("I do believe your pain is real.", "validation"),
        ("Do you ever take one to get through a stressful evening?", None),
        ("Why are you here today?", None),
    ],
)
def test_the_dialogue_act_classifier(text, act):
    assert classify_act(text) == act


def test_an_accusation_in_plain_words_is_heard_as_one(marcus):
    ctl = SessionController.practice(marcus)
    before = ctl.session.data.rapport
    outcome = ctl.ask("Let's be honest, you only want the tablets to get high.")
    assert outcome.interpretation.kind == "stigma" and outcome.intent is None
    assert ctl.session.data.rapport < before
    assert outcome.reply == marcus.interview.stigma_reactions.lines("accusation")[0]


def test_a_family_history_of_drug_abuse_is_a_history_question(marcus):
    outcome = SessionController.practice(marcus).ask("Is there a family history of alcohol or drug abuse?")
    assert outcome.intent == "history.family"


# ------------------------------------------------------------------ following the thread


def test_a_follow_up_gets_the_last_topics_facet(marcus):
    ctl = talk(marcus, "I believe you; the pain is real.", "Have you run out of tablets early?")
    answer = marcus.interview.answers["opioid.early_refills"][0]  # rapport is high enough now
    assert replies(ctl)[-1] == answer.text
    for text, facet in (("why?", "why"), ("how often?", "how_often"), ("when was that?", "when")):
        outcome = ctl.ask(text)
        assert (outcome.intent, outcome.interpretation.action["facet"]) == ("opioid.early_refills", facet)
        assert outcome.reply == answer.facets.get(facet)


def test_without_a_facet_the_patient_says_what_a_person_would(marcus):
    ctl = talk(marcus, "Where is the pain?")
    outcome = ctl.ask("who?")
    assert outcome.intent == "pain.location"
    assert outcome.reply in reply.NO_FACET["who"]
    assert not outcome.reply.startswith(marcus.interview.repeat_prefix)


def test_a_follow_up_with_its_own_content_is_a_new_topic(marcus):
    ctl = talk(marcus, "How are you sleeping?")
    outcome = ctl.ask("and your mood?")
    assert outcome.intent == "history.mental_health"
    assert not outcome.reply.startswith(marcus.interview.repeat_prefix)


# ------------------------------------------------------------------ a consistent patient


def test_a_disclosed_fact_is_never_taken_back(marcus):
    ctl = talk(marcus, "Your pain is real and I believe you.", "Have you run out of tablets early?")
    assert "more_than_prescribed" in ctl.session.data.revealed
    ctl.ask("Are you a junkie?")  # rapport falls below the bar of the open answer
    ctl.ask("Are you an addict?")
    assert ctl.session.data.rapport < 50
    outcome = ctl.ask("Do you take them as prescribed?")
    guarded = marcus.interview.answers["opioid.as_prescribed"][1].text
    assert guarded not in outcome.reply  # "I take them how I'm supposed to" would deny it
    assert outcome.reply == marcus.interview.answers["opioid.as_prescribed"][0].text


def test_naming_the_chart_gets_the_confronted_reply_not_a_denial(marcus):
    ctl = talk(marcus, "Do you get tablets from anywhere else?")
    guarded = marcus.interview.answers["opioid.other_sources"][1].text
    assert replies(ctl)[-1] == guarded  # guarded at the start
    outcome = ctl.ask("The monitoring database shows a script from urgent care. What happened there?")
    assert outcome.interpretation.action["confronts"] == "other_source"
    assert outcome.reply == marcus.interview.facts["other_source"].confronted
    assert "other_source" in ctl.session.data.revealed
    again = ctl.ask("Do you get tablets from anywhere else?")
    assert guarded not in again.reply  # and he does not go back on it


def test_the_same_words_never_answer_a_different_question(marcus):
    words = marcus.interview.answers["opioid.cut_down"][0].text
    said = {" ".join(words.lower().split()): "opioid.cut_down"}
    again = reply.compose(
        marcus.interview, "opioid.cut_down", rapport=50, context={}, revealed=(), answered_with={}, said=said
    )
    assert again.repeat and again.text.startswith(marcus.interview.repeat_prefix)  # same topic: honest
    other = {" ".join(words.lower().split()): "opioid.withdrawal"}
    elsewhere = reply.compose(
        marcus.interview, "opioid.cut_down", rapport=50, context={}, revealed=(), answered_with={}, said=other
    )
    assert elsewhere.text in reply.ALREADY_TOLD and not elsewhere.repeat


def test_reactions_are_the_patients_own_and_vary(marcus, ruth):
    a = talk(marcus, "I'm sorry, that must be hard.", "That must be so hard for you.")
    b = talk(ruth, "I'm sorry, that must be hard.")
    assert replies(a)[0] in marcus.interview.reactions.empathy
    assert replies(a)[0] != replies(a)[1]
    assert replies(b)[0] in ruth.interview.reactions.empathy and replies(b)[0] != replies(a)[0]


def test_stateless_replies_are_the_controllers_first_turn(marcus):
    lines = ["where does the pain go?", "why?", "Thanks for coming in today."]
    out = io.StringIO()
    run_intents(marcus, [line + "\n" for line in lines], out, replies=True)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    for line, record in zip(lines, records, strict=True):
        outcome = SessionController.practice(marcus).ask(line, alone=True)
        assert record["intent"] == outcome.intent and record["reply"] == outcome.reply and outcome.reply
    assert records[1]["intent"] is None  # read alone, a follow-up is not resolved
