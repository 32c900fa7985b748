"""Issue 19, round 12: every part of a compound turn answered, and the safety answers that a
compound or a follow-up lost (guns never read as where his tablets are kept, naloxone follow-ups
kept on naloxone, a means offer after empathy).

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.compound import split_turn


@pytest.fixture(scope="module")
def rosa():
    return bundled("surgery-on-buprenorphine")


def _last(ctl):
    return ctl.session.data.transcript[-1].text


def test_a_when_question_first_is_a_question_not_a_clause():
    parts = split_turn("When did you last use, and have you taken anything else since Friday?")
    assert len(parts) == 2
    # a real clause still sets the scene of the question after it
    assert len(split_turn("When the pain is bad, what do you do?")) == 1


def test_a_second_part_after_a_when_question_is_answered(rosa):
    ctl = talk(rosa)
    result = ctl.ask("When did you take your last film, and have you ever used heroin or pills on top of it?")
    assert result.interpretation.action["intent"] == "opioid.last_dose"
    assert result.also  # the second part is answered too


def test_who_can_use_the_kit_asked_in_the_same_turn(rosa):
    ctl = talk(rosa)
    result = ctl.ask("Have you got a naloxone kit at home, and would anybody there know how to use it?")
    assert result.interpretation.action["intent"] == "safety.naloxone"
    assert "drawer" in result.reply and "son" in result.reply


def test_partner_knowing_how_to_use_it_stays_on_naloxone():
    ctl = talk(bundled("severe-oud-overdose"), "Is there a naloxone spray in the house?")
    result = ctl.ask("And does your partner know how to use it?")
    assert result.interpretation.action["intent"] == "safety.naloxone"
    assert "row" not in result.reply and "counts my pills" not in result.reply


@pytest.mark.parametrize(
    "case", ["trauma-new-pain", "surgery-on-buprenorphine", "tramadol-taper", "postop-acute"]
)
def test_guns_are_never_answered_with_where_the_tablets_are(case):
    ctl = talk(bundled(case))
    result = ctl.ask("Are there any guns or firearms at home?")
    storage = bundled(case).interview.answers["safety.storage"][0].text
    assert result.reply.lower().startswith("no")
    assert "gun" in result.reply.lower()
    assert storage not in result.reply


def test_guns_and_other_means_get_both_answers():
    ctl = talk(bundled("trauma-new-pain"))
    result = ctl.ask("Is there a gun in the house, or any other means, like a stash of tablets?")
    assert result.reply.lower().startswith("no")
    assert "wardrobe" in result.reply  # where her tablets are, said as the tablets


def test_tablets_storage_is_still_answered():
    ctl = talk(bundled("trauma-new-pain"))
    assert "wardrobe" in ctl.ask("Where are your tablets kept at home?").reply


def test_a_means_offer_after_empathy_is_the_offer():
    ctl = talk(bundled("tramadol-taper"))
    result = ctl.ask(
        "That was brave of you to say, thank you. "
        "Would you let your sister hold on to those pills for a while?"
    )
    assert result.interpretation.action["intent"] == "safety.storage"
    assert "Ruth" in result.reply


def test_caribbean_who_is_at_home():
    from simulator.patient.understanding.normalise import normalise_turn

    assert normalise_turn("Who deh home wid yuh?") == "Who is at home with you?"
    assert "yuh head" in normalise_turn("How yuh feeling in yuh head?")  # "your" there: left alone
    ctl = talk(bundled("cold-turkey"))
    result = ctl.ask("Who deh home wid yuh these days?")
    assert result.interpretation.action["intent"] in ("life.relationships", "support.people")


def test_last_seeing_someone_is_not_the_last_dose(rosa):
    ctl = talk(rosa)
    result = ctl.ask("Is the pain keeping you up at night? And when did you last see your counsellor?")
    assert "opioid.last_dose" not in (result.interpretation.action.get("intent"), *result.also)
    assert talk(rosa).ask("When did you last take your film?").interpretation.action["intent"] == (
        "opioid.last_dose"
    )
