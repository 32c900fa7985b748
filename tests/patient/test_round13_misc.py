"""Issue 19, round 13 (misc): Scots words for home, children and shopping, a yes before a question,
a short question that points back at what he just said, medicines from the shops, the dose put up
over time, the tablets still working, a gap counted from the last use, and a few concepts of
plain clinical questions (a mood medicine named, opioids before, more than meant, a hobby), and
examples listed after a question.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.compound import split_turn
from simulator.patient.understanding.frames import asks_other_medicines, frame_intent
from simulator.patient.understanding.normalise import normalise_turn


@pytest.fixture(scope="module")
def postop():
    return bundled("postop-acute")


@pytest.fixture(scope="module")
def trauma():
    return bundled("trauma-new-pain")


def _asked(ctl, text):
    outcome = ctl.ask(text)
    return outcome.interpretation.action.get("intent"), outcome.reply


# ---------------------------------------------------------------- Scots words (normaliser rules)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("who bides at hame wi ye?", "who bides at home with you?"),
        ("do the bairns visit?", "do the children visit?"),
        ("are there any wee ones in the hoose", "are there any children in the house"),
        ("ye cannae sleep?", "you can't sleep?"),
    ],
)
def test_scots_home_and_family(typed, read):
    assert normalise_turn(typed) == read


def test_scots_messages_are_the_shopping_only_where_they_are_done():
    assert normalise_turn("who gets your messages in") == "who gets your shopping in"
    assert normalise_turn("did you read my messages") == "did you read my messages"


def test_scots_the_day_is_today_but_during_the_day_stays():
    assert normalise_turn("how's the knee the day?") == "how's the knee today?"
    assert normalise_turn("do you nap during the day?") == "do you nap during the day?"


def test_scots_aye_and_a_yes_before_a_question():
    assert normalise_turn("aye") == "yes"
    assert normalise_turn("aye, and when did you last take one") == "and when did you last take one"
    assert normalise_turn("yeah, you can have some") == "yeah, you can have some"


def test_a_bare_aye_is_an_acknowledgement_not_asked_back(postop):
    outcome = talk(postop).ask("aye")
    assert "follow" not in outcome.reply and "mean" not in outcome.reply


def test_scots_who_is_at_home_and_children_coming_round(postop):
    ctl = talk(postop)
    assert _asked(ctl, "so whos at hame wi ye the now")[0] in ("support.people", "life.relationships")
    intent, reply = _asked(ctl, "and dae any weans come roond to the hoose?")
    assert intent == "safety.storage" and "nephew" in reply.lower()


# ---------------------------------------------------------------- pointing back at what he just said


def test_a_short_question_in_his_own_words_is_about_what_he_just_said(postop):
    ctl = talk(postop, "do you take a drink at all?")
    intent, reply = _asked(ctl, "was that along with the tablets")
    assert intent == "opioid.other_substances"
    assert "tablet" in reply.lower()


def test_how_he_felt_after_is_the_story_just_told_not_withdrawal(postop):
    ctl = talk(postop, "any beer or wine with the oxycodone?")
    intent, reply = _asked(ctl, "and how did you feel afterwards?")
    assert intent == "opioid.other_substances"
    assert "sleepy" in reply.lower()


# ---------------------------------------------------------------- medicines from the shops


def test_other_medicines_are_not_drinking():
    assert asks_other_medicines("Do you buy anything over the counter, or any herbal remedies?")
    assert asks_other_medicines("any vitamins or supplements?")
    assert not asks_other_medicines("any alcohol or street drugs?")


def test_herbal_and_shop_medicines_get_his_medicines_and_a_no_not_his_drinking():
    ctl = talk(bundled("tramadol-taper"))
    reply = ctl.ask("Any supplements, vitamins or herbal remedies from the health food shop?").reply
    assert "wine" not in reply.lower() and "herbal" in reply.lower()
    again = ctl.ask("And nothing over the counter at all, cold and flu tablets?").reply
    assert "wine" not in again.lower() and "herbal" in again.lower()


# ---------------------------------------------------------------- the dose over time, still working


@pytest.mark.parametrize(
    "typed",
    [
        "When was the dose last increased?",
        "how often has the dose gone up over the years?",
        "Have you needed the dose put up since you started?",
    ],
)
def test_the_dose_put_up_is_the_pain_on_it_not_the_last_dose(typed):
    assert frame_intent(typed) == "pain.trend_on_opioids"


def test_coming_down_is_not_the_dose_put_up():
    assert frame_intent("when was the dose last reduced?") is None


def test_the_last_increase_is_not_the_last_dose_taken():
    ctl = talk(bundled("high-dose-rotation"))
    intent, reply = _asked(ctl, "How often have they put the morphine up?")
    assert intent == "pain.trend_on_opioids" and "this morning" not in reply


@pytest.mark.parametrize(
    "typed", ["is the morphine still working?", "have the pills kept workin ok", "Does it still work?"]
)
def test_the_tablets_still_working_is_the_pain_on_them(typed):
    assert frame_intent(typed) == "pain.trend_on_opioids"


def test_working_shifts_is_not_the_tablets_working():
    assert frame_intent("are you still working shifts?") is None


# ---------------------------------------------------------------- a gap from the last use


def test_a_gap_counted_from_the_last_use_is_the_story_it_names():
    ctl = talk(bundled("fentanyl-start"), "Have you ever tried buprenorphine before? What happened?")
    intent, reply = _asked(ctl, "how many hours after your last blue did you put the strip in?")
    assert intent == "topic.bad_start"
    assert "one" in reply.lower() or "hours" in reply.lower()


# ---------------------------------------------------------------- plain clinical questions


def test_opioids_before_this_time_is_not_asked_back(trauma):
    intent, reply = _asked(talk(trauma), "Any of these kind of painkillers before, ever?")
    assert intent == "opioid.duration" and "June" in reply


def test_does_the_tablet_help_or_not_is_the_pain_on_it(trauma):
    intent, _reply = _asked(talk(trauma), "Hydrocodone help or not? How much it help?")
    assert intent == "pain.trend_on_opioids"


def test_does_it_spread_down_to_the_arm(trauma):
    intent, reply = _asked(talk(trauma), "Pain go down to your arm?")
    assert intent == "pain.location" and "arm" in reply


def test_a_mood_medicine_named_is_his_mood_history(trauma):
    intent, reply = _asked(talk(trauma), "The sertraline, still on it?")
    assert intent == "history.mental_health" and "sertraline" in reply.lower()


def test_ending_up_taking_more_than_planned():
    ctl = talk(bundled("fentanyl-start"))
    intent, _reply = _asked(ctl, "Do you say a few today and then end up using more?")
    assert intent == "opioid.as_prescribed"


def test_a_hobby_given_up():
    ctl = talk(bundled("fentanyl-start"))
    intent, reply = _asked(ctl, "Any hobby you stopped doing?")
    assert intent == "life.activities_given_up" and "football" in reply.lower()


# ---------------------------------------------------------------- examples after a question


def test_examples_after_what_else_are_not_a_second_question():
    assert len(split_turn("Does the tablet do anything else for you? Sleep, nerves?")) == 1
    assert len(split_turn("How's your sleep? Any falls?")) == 2
