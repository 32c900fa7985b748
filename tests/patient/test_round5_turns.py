"""Issue 19, round 5: whole-turn readings that hold for strangers.

Reflections and summaries are statements the patient confirms; the plan told is a statement;
a turn's frame (accepting a treatment, a readiness ruler, an open question) decides before its
topic words; the chart named with its figures is owned, never chosen on one common word; a
time frame before a screening item is not a question of its own; a facet asked with the topic
named is that facet. Each turn goes through ``SessionController.ask`` (the interview screen's
path); the turns are written for these tests, apart from the phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import talk
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.patient import reply
from simulator.patient.understanding.compound import split_turn
from simulator.patient.understanding.frames import frame_intent, is_reflection, tells_plan
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def cases():
    return {name: load_scenario(SCENARIOS / f"{name}.yaml")
            for name in ("tramadol-taper", "postop-acute", "severe-oud-overdose", "stable-dependence")}


@pytest.mark.parametrize(
    "text",
    [
        "So coming down has been harder than you expected, and it's getting you down.",
        "It sounds like the nights are the worst part for you.",
        "You're worried that if you stop, the pain will take over, is that right?",
    ],
)
def test_a_reflection_is_confirmed_not_answered_as_a_question(cases, text):
    assert is_reflection(text)
    ctl = SessionController.practice(cases["tramadol-taper"])
    result = ctl.ask(text)
    assert result.interpretation.action["type"] == "say"  # nothing credited, nothing asked back
    assert not ctl.session.data.asked
    assert result.reply not in ("Okay.", "Right.", "Mm-hm.", "I see.", "All right.", "Yes.", "Mm.")


def test_a_reflection_naming_a_topic_not_yet_spoken_of_is_his_cue(cases):
    ctl = talk(cases["stable-dependence"], "So you take them exactly as the doctor wrote them.")
    assert ctl.session.actions[-1]["intent"] == "opioid.as_prescribed"


def test_short_pointers_and_questions_after_so_are_not_reflections():
    assert not is_reflection("So, the back.")
    assert not is_reflection("so what do you take for it")
    assert not is_reflection("So you're worried about the surgery?")


def test_the_plan_told_is_a_statement_not_a_question_on_its_topic(cases):
    text = "We'll keep the next step small and check in with you in two weeks."
    assert tells_plan(text)
    assert not tells_plan("I'll ask you a few things about your mood now.")
    ctl = SessionController.practice(cases["tramadol-taper"])
    assert ctl.ask(text).interpretation.kind == "statement"
    assert not ctl.session.data.asked


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Would you be willing to try physiotherapy instead of more oxycodone?", "goals.treatment_views"),
        ("How would you feel about slowly cutting down the tablets?", "goals.readiness"),
        ("On a scale of 0 to 10, how confident are you that you could manage with fewer?", "goals.readiness"),
        ("What gets you through the bad days?", "support.people"),
        ("What do you hope to get out of today?", "goals.concerns"),
        ("What matters most to you these days?", "goals.function"),
    ],
)
def test_the_frame_of_the_turn_decides_before_its_topic_words(cases, text, intent):
    ctl = talk(cases["postop-acute"], text)
    assert ctl.session.actions[-1]["intent"] == intent


def test_words_without_a_frame_keep_their_topic():
    assert frame_intent("What do you think about the pain?") is None
    assert frame_intent("How bad is the pain out of ten?") is None


def test_a_time_frame_before_a_screening_item_is_not_a_question_of_its_own():
    assert split_turn("Over the past month, have you felt that you would be better off dead?") == [
        "Over the past month, have you felt that you would be better off dead?"
    ]
    assert len(split_turn("Apart from the back, what else hurts, and do you sleep?")) == 2


def test_the_chart_named_with_its_figures_is_owned_under_the_intent_that_tells_it(cases):
    text = "The hospital letter says you went home with 12 tablets. How many are left?"
    ctl = talk(cases["postop-acute"], text)
    action = ctl.session.actions[-1]
    assert action["confronts"] == "using_three_a_day"
    assert ctl.session.data.transcript[-1].text.startswith("Yes, the twelve")


def test_the_monitoring_report_in_its_own_words_names_the_fact(cases):
    ctl = talk(cases["severe-oud-overdose"],
               "Your prescription monitoring report shows scripts from three different prescribers.")
    action = ctl.session.actions[-1]
    assert action["confronts"] == "several_doctors"
    assert not reply.denies(ctl.session.data.transcript[-1].text)


def test_a_single_common_word_never_names_a_charted_fact(cases):
    interview = cases["stable-dependence"].interview
    assert reply.named_fact(interview, "The chart says you sleep badly most nights.") is None


def test_a_facet_asked_with_its_topic_named_is_that_facet_not_the_answer_again(cases):
    ctl = talk(cases["stable-dependence"], "Do you take them as prescribed?",
               "Why are you so careful to take them as prescribed?")
    assert ctl.session.actions[-1]["facet"] == "why"
    first, second = ctl.session.data.transcript[-3].text, ctl.session.data.transcript[-1].text
    assert first != second


def test_and_then_after_an_answer_gets_more_of_it_not_the_same_words():
    marcus = load_scenario(SCENARIOS / "clbp-moderate-oud.yaml")
    ctl = talk(marcus, "Have you ever tried cutting down?", "and then?")
    action = ctl.session.actions[-1]
    assert action["intent"] == "opioid.cut_down" and action["facet"] == "more"
    assert not ctl.session.data.transcript[-1].text.startswith("Like I said")


def test_a_why_that_leans_on_the_last_topic_asks_its_reason(cases):
    ctl = talk(cases["postop-acute"], "Have you been taking any paracetamol?", "Why did you stop it?")
    action = ctl.session.actions[-1]
    assert action["facet"] == "why"
    assert ctl.session.data.transcript[-1].text != ctl.session.data.transcript[-3].text


@pytest.mark.parametrize("text", ["Is something more?", "anything else u want to mention",
                                  "is there something more you would like to tell me"])
def test_anything_else_however_it_is_put_is_not_asked_back(cases, text):
    ctl = talk(cases["stable-dependence"], "Do you take them as prescribed?", text)
    action = ctl.session.actions[-1]
    assert action.get("intent") is not None or action.get("nothing_more")


def test_shorthand_plans_and_leave_to_take_a_history_are_statements(cases):
    ctl = SessionController.practice(cases["severe-oud-overdose"])
    assert ctl.ask("hi, im a student, ok if i take a quick history?").interpretation.kind == "social"
    assert ctl.ask("ok will check with pharmacy, back in 5").interpretation.kind == "statement"
    assert not ctl.session.data.asked


def test_a_substance_is_never_declined_as_small_talk(cases):
    ctl = talk(cases["postop-acute"], "How much whisky?")
    assert ctl.session.actions[-1]["intent"] == "opioid.other_substances"


def test_he_never_simply_agrees_with_a_reflection_of_what_he_has_not_said(cases):
    ctl = talk(cases["stable-dependence"], "It sounds like your mood has been low lately.")
    assert ctl.session.actions[-1]["intent"] == "history.mental_health"  # his own words on it
    assert "bereavement" in ctl.session.data.transcript[-1].text
