"""Issue 19, round 13: stigma words used kindly, safety questions, who-questions and the facts the
patient must not contradict.

A label denied ("you're no an addict") or named as the topic ("we'll come back to the addict bit")
is not an accusation, while a label given still is; a request after an aside is asked; "who's at
home with you in the evenings?" is the household and "who gave you them?" the prescriber; asked
whether she always uses the one pharmacy, her "No. Never." (to other sources) is turned, not said;
a part that only asks how long "it" lasted, or only names a scale, belongs to the part before (never
the suicide screen or the pain score); naloxone asked straight after storage is the naloxone, with
who can use it; how many kept tablets there are is never the regimen. The turns are written for
these tests, apart from a few of the testers'.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.normalise import normalise_turn
from simulator.patient.understanding.statements import classify_statement


@pytest.fixture(scope="module")
def ruth():
    return bundled("stable-dependence")


@pytest.fixture(scope="module")
def tramadol():
    return bundled("tramadol-taper")


@pytest.fixture(scope="module")
def rotation():
    return bundled("high-dose-rotation")


@pytest.fixture(scope="module")
def postop():
    return bundled("postop-acute")


@pytest.fixture(scope="module")
def trauma():
    return bundled("trauma-new-pain")


@pytest.fixture(scope="module")
def fentanyl():
    return bundled("fentanyl-start")


def _said(ctl, text: str):
    result = ctl.ask(text)
    assert result.accepted
    return result


def _intent(result) -> str | None:
    return result.interpretation.action.get("intent")


def _kind(result) -> str:
    return result.interpretation.kind


# ------------------------------------------------------------------ labels denied, quoted, given


@pytest.mark.parametrize("text", [
    "ye're no an addict. yer body's just got used to them",
    "I don't think you're an addict at all, Ruth",
    "you are not an addict - it's only that your body is used to the morphine",
    "she's nae addict, yer son's got that wrong",
])
def test_a_label_denied_is_not_heard_as_one(text):
    assert "stigma" not in classify_statement(text).kinds


@pytest.mark.parametrize("text", [
    "you're just an addict",
    "no, you're an addict",
    "you're no better than a junkie",
    "are you an addict?",
])
def test_a_label_given_is_still_heard(text):
    assert "stigma" in classify_statement(text).kinds


def test_reassurance_that_she_is_no_addict_is_a_relief(ruth):
    ctl = talk(ruth)
    result = _said(ctl, "ye're no an addict, mind. it's just yer body that's used to the tablets")
    assert _kind(result) != "stigma"
    assert "didn't expect to hear that word" not in result.reply
    assert any(w in result.reply.lower() for w in ("thank", "weight off", "good"))


def test_her_word_named_as_a_topic_is_not_an_accusation_and_the_request_is_answered(ruth):
    ctl = talk(ruth)
    result = _said(ctl, "right, we'll get to the addict question later, promise. "
                        "first tell me where the pain is")
    assert _kind(result) != "stigma"
    assert _intent(result) == "pain.location"
    assert "back" in result.reply.lower()


def test_an_accusation_after_a_denial_in_words_is_still_one(ruth):
    ctl = talk(ruth)
    result = _said(ctl, "are you sure you're not just after the high?")
    assert _kind(result) == "stigma"


# ------------------------------------------------------------------ who-questions


def test_who_is_at_home_in_the_evenings_is_the_household(tramadol):
    ctl = talk(tramadol)
    result = _said(ctl, "And who's at home with you during the evenings?")
    assert _intent(result) == "life.relationships"
    assert "me and the dog" in result.reply
    assert "sister, if" not in result.reply


def test_scots_hame_is_home():
    assert "home with you" in normalise_turn("whos at hame wi ye")


def test_who_gave_them_is_the_prescriber(postop):
    ctl = talk(postop, "how long have ye been on the oxycodone")
    result = _said(ctl, "and who gave ye them")
    assert _intent(result) == "opioid.prescriber"
    assert "hospital" in result.reply.lower()


def test_the_medicine_named_first_then_who_gave_it(trauma):
    ctl = talk(trauma)
    result = _said(ctl, "These tablets, who give you?")
    assert _intent(result) == "opioid.prescriber"
    assert "Lindqvist" in result.reply


# ------------------------------------------------------------------ facts not contradicted


def test_always_the_one_pharmacy_is_not_answered_no(rotation):
    ctl = talk(rotation)
    result = _said(ctl, "Is it always the same pharmacy you get them from?")
    assert not result.reply.startswith("No")
    assert result.reply.startswith("Yes")


def test_the_pharmacy_part_of_a_compound_is_not_answered_no(rotation):
    ctl = talk(rotation)
    result = _said(ctl, "Which doctor writes them, and do you only use the one pharmacy?")
    assert "No. Never" not in result.reply


# ------------------------------------------------------------------ the screen kept for the screen


def test_how_long_the_turn_lasted_does_not_open_the_suicide_screen(tramadol):
    ctl = talk(tramadol)
    result = _said(ctl, "Could you tell me about that funny turn - what day was it, "
                        "and how long did it last?")
    assert _intent(result) == "topic.serotonin_episode"
    assert "safety.suicidal_thoughts" not in result.interpretation.action.get("also", [])
    assert "better off without me" not in result.reply


def test_how_many_kept_tablets_is_not_the_regimen(tramadol):
    ctl = talk(tramadol, "Are there any tablets at home you don't use any more - old ones you kept back?")
    result = _said(ctl, "About how many are there, and where do you keep them - locked up or in a drawer?")
    assert _intent(result) == "safety.storage"
    assert "three times a day" not in result.reply


def test_naloxone_straight_after_storage_is_the_naloxone(rotation):
    ctl = talk(rotation, "Where do you keep your morphine - somewhere locked?")
    result = _said(ctl, "And have you got a naloxone kit at home, and does your daughter know how to use it?")
    assert _intent(result) == "safety.naloxone"
    assert "keyring" not in result.reply
    assert "nobody's ever offered" in result.reply
    assert "daughter" in result.reply.lower()


# ------------------------------------------------------------------ a scale belongs to its question


def test_a_craving_score_is_not_the_pain_score(fentanyl):
    ctl = talk(fentanyl)
    result = _said(ctl, "Cravings - how bad are they? Nought to ten.")
    assert _intent(result) == "opioid.craving"
    assert "pain.severity" not in result.interpretation.action.get("also", [])
    assert "eight" in result.reply


def test_the_pain_score_is_still_the_pain_score(fentanyl):
    ctl = talk(fentanyl)
    result = _said(ctl, "how bad is the shoulder out of ten?")
    assert _intent(result) == "pain.severity"
