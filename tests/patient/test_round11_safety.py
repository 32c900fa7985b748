"""Issue 19, round 11: the safety turns - the suicide screen and what follows it, naloxone offered,
the overdose - as outside testers played them, fixed as rules that hold for every case.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply
from simulator.patient.understanding.frames import frame_intent, offers_naloxone
from simulator.patient.understanding.normalise import normalise_turn

SCREEN = "safety.suicidal_thoughts"



@pytest.fixture(scope="module")
def brennan():
    return bundled("severe-oud-overdose")


@pytest.fixture(scope="module")
def taper():
    return bundled("tramadol-taper")


@pytest.fixture(scope="module")
def rosa():
    return bundled("surgery-on-buprenorphine")


# ---------------------------------------------------------------- "thoughts?" asks his view


@pytest.mark.parametrize(
    "typed",
    [
        "So it's a clinic every day or a prescription you pick up weekly. Thoughts?",
        "What are your thoughts on either of them?",
        "any thoughts about the plan",
    ],
)
def test_thoughts_after_a_plan_ask_his_view_not_the_suicide_screen(brennan, typed):
    outcome = talk(brennan).ask(typed)
    assert outcome.intent == "goals.treatment_views"
    assert "on purpose" not in outcome.reply


def test_thoughts_of_harm_are_still_the_screen():
    assert frame_intent("Any thoughts of harming yourself lately?") is None
    assert frame_intent("And those thoughts, are they there every day?") is None


def test_leave_to_share_his_thoughts_is_no_question_about_harm(brennan):
    outcome = talk(brennan).ask("Could I share a few thoughts about the plan with you?")
    assert outcome.interpretation.kind == "social"
    assert "harming" not in outcome.reply


# ---------------------------------------------------------------- naloxone offered, and taken


@pytest.mark.parametrize(
    "typed",
    [
        "I'd really like you to take a naloxone kit home with you. Is that alright?",
        "Would you be happy to keep a nasal spray in the house, in case?",
        "Can I give you a naloxone kit before you go?",
    ],
)
def test_a_naloxone_offer_is_taken_in_his_words(brennan, typed):
    assert offers_naloxone(typed)
    outcome = talk(brennan).ask(typed)
    assert outcome.intent == "safety.naloxone"
    assert not reply.denies(outcome.reply)
    assert "never gave us" not in outcome.reply


def test_an_offer_after_naloxone_was_named_points_back_at_it(rosa):
    ctl = talk(rosa, "Do you still have naloxone at home?")
    outcome = ctl.ask("We'll give you a new one today, and your son could practise with it. Okay with you?")
    assert outcome.intent == "safety.naloxone"
    assert not reply.denies(outcome.reply) and "kitchen drawer" not in outcome.reply


def test_the_spray_explained_then_offered_is_no_question_about_overdoses(marcus):
    outcome = talk(marcus).ask(
        "It's a nasal spray that can bring someone round from an overdose. "
        "Would you be okay if we gave you one?"
    )
    assert outcome.intent == "safety.naloxone"
    assert "hard to wake" not in outcome.reply


def test_whether_he_has_one_asked_with_the_offer_is_answered_too(brennan):
    outcome = talk(brennan).ask("Do you have naloxone, and would you be willing to take some home today?")
    assert outcome.intent == "safety.naloxone"
    assert outcome.reply.startswith("No.") and len(outcome.reply.split(". ")) > 2


def test_a_case_without_words_for_the_offer_gets_its_persona_default(taper):
    assert not taper.interview.reactions.naloxone_offer
    outcome = talk(taper).ask("Would you be willing to carry naloxone from now on?")
    assert outcome.reply and not reply.denies(outcome.reply)


# ---------------------------------------------------------------- the screen and what follows it


def _disclosed(taper):
    return talk(
        taper,
        "That sounds like a really hard few months.",
        "When people feel this low, sometimes they think about ending their life. Has that happened to you?",
    )


def test_ever_tried_after_thoughts_told_is_a_no_not_the_taper(taper):
    ctl = _disclosed(taper)
    assert ctl.session.data.revealed and "passive_si" in ctl.session.data.revealed
    outcome = ctl.ask("Have you ever attempted to hurt yourself in the past?")
    assert outcome.intent == SCREEN
    assert outcome.reply.startswith("No")


def test_what_stops_him_acting_gets_more_of_the_thoughts(taper):
    ctl = _disclosed(taper)
    outcome = ctl.ask("What stops you from acting on them?")
    assert outcome.intent == SCREEN
    assert "son" in outcome.reply


def test_why_now_after_the_thoughts_is_their_why(taper):
    ctl = _disclosed(taper)
    outcome = ctl.ask("Why now, do you think - what's brought it on?")
    assert outcome.intent == SCREEN
    assert outcome.interpretation.action.get("facet") == "why"


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("Do you feel safe going home tonight?", None),
        ("Are you safe tonight?", SCREEN),
        ("Could you hand the old packet in to the pharmacy?", "safety.storage"),
        ("Are there any firearms in the house?", "safety.storage"),
    ],
)
def test_safety_plan_questions_are_asked_of_him(taper, typed, intent):
    outcome = talk(taper).ask(typed)
    if intent is None:
        assert outcome.intent in (SCREEN, "support.people") or outcome.options
    else:
        assert outcome.intent == intent


def test_si_hi_shorthand_is_the_screen():
    assert normalise_turn("any SI/HI?") == "Any suicidal thoughts, or thoughts of harming anyone?"
    assert normalise_turn("si hi") == "Any suicidal thoughts, or thoughts of harming anyone?"


def test_the_screen_item_by_item_after_a_no_gets_short_noes(brennan):
    ctl = talk(brennan)
    first = ctl.ask("Over the last month have you wished you were dead?")
    assert first.intent == SCREEN and first.reply.startswith("No.")
    replies = [
        ctl.ask(t).reply
        for t in (
            "Have you actually thought about killing yourself?",
            "Have you thought about how you would go about it?",
            "Have you had any intention of acting on those thoughts?",
        )
    ]
    assert all(r.startswith(("No", "Like I said, no")) for r in replies)
    assert all(len(r) < 40 for r in replies)
    assert len(set(replies)) == len(replies)


def test_an_item_about_something_done_keeps_the_overdose_explanation(brennan):
    ctl = talk(brennan, "Have you had any thoughts of ending your life?")
    outcome = ctl.ask("Have you ever done anything to try to end your life?")
    assert outcome.reply.startswith("No") and "on purpose" in outcome.reply


# ---------------------------------------------------------------- the overdose and the kit


def test_was_it_intentional_after_the_overdose_is_its_intent(brennan):
    ctl = talk(brennan, "Tell me about the overdose in the summer.")
    outcome = ctl.ask("Was that deliberate?")
    assert outcome.intent in (SCREEN, "opioid.overdose")
    assert "on purpose" in outcome.reply or "meant" in outcome.reply


def test_who_helped_after_the_overdose_is_who_was_there(brennan):
    ctl = talk(brennan, "Tell me about the overdose in the summer.")
    outcome = ctl.ask("Who helped you that night?")
    assert outcome.intent == "opioid.overdose"
    assert outcome.interpretation.action.get("facet") == "who"


def test_since_when_and_who_knows_of_the_kit(rosa):
    ctl = talk(rosa, "Is there naloxone in the house?")
    when = ctl.ask("Since when has it been out of date?")
    assert when.intent == "safety.naloxone" and when.interpretation.action.get("facet") == "when"
    who = ctl.ask("Does anyone at home know how to use it?")
    assert who.intent == "safety.naloxone" and who.interpretation.action.get("facet") == "who"


def test_reaching_his_people_at_night_is_support(rosa):
    outcome = talk(rosa).ask("Is your sponsor reachable at night?")
    assert outcome.intent == "support.people"


# ---------------------------------------------------------------- spare tablets let go


def test_asked_to_let_the_spare_tablets_go_he_agrees(taper):
    outcome = talk(taper).ask("Could you hand the old packet in to the pharmacy this week?")
    assert outcome.intent == "safety.storage"
    assert outcome.reply in taper.interview.reactions.means_offer


def test_a_case_without_words_for_it_agrees_in_its_persona(marcus):
    assert not marcus.interview.reactions.means_offer
    outcome = talk(marcus).ask("Would you be willing to return any unused tablets to the pharmacy?")
    assert outcome.intent == "safety.storage" and not reply.denies(outcome.reply)


def test_where_they_are_kept_is_still_where_they_are_kept(taper):
    outcome = talk(taper).ask("Where are your tablets kept at home?")
    assert outcome.intent == "safety.storage"
    assert outcome.reply not in taper.interview.reactions.means_offer


def test_ever_tried_asked_before_the_thoughts_are_told_tells_no_thoughts(taper):
    outcome = talk(taper).ask("Have you ever tried to end your life?")
    assert outcome.intent == SCREEN
    assert "thoughts" not in outcome.reply
