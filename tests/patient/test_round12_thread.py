"""Issue 19, round 12: the chart, indirect questions, summaries and follow-ups.

The chart a trainee named stays owned; his regimen read out from the record is not a confrontation;
a question put politely or as a fact to confirm is asked; a filler about what he does is never a
yes; a summary with a wrong detail is put right; a short follow-up is read against the last answer.
The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply


@pytest.fixture(scope="module")
def marcus():
    return bundled("clbp-moderate-oud")


@pytest.fixture(scope="module")
def ruth():
    return bundled("stable-dependence")


@pytest.fixture(scope="module")
def severe():
    return bundled("severe-oud-overdose")


@pytest.fixture(scope="module")
def rotation():
    return bundled("high-dose-rotation")


@pytest.fixture(scope="module")
def nadia():
    return bundled("oih-taper")


@pytest.fixture(scope="module")
def tramadol():
    return bundled("tramadol-taper")


def _said(ctl, text: str):
    result = ctl.ask(text)
    assert result.accepted
    return result


def _intent(result) -> str | None:
    return result.interpretation.action.get("intent")


# ------------------------------------------------------------------ the chart


def test_a_chart_fact_named_once_is_owned_when_asked_of_later(marcus):
    ctl = talk(marcus, "The PDMP has your fills going out early, plus hydrocodone from urgent care in June.")
    later = _said(ctl, "Has anybody else been prescribing you painkillers?")
    assert _intent(later) == "opioid.other_sources"
    assert "urgent care" in later.reply and "Why do you ask" not in later.reply


def test_his_regimen_read_out_from_the_record_is_not_a_confrontation(marcus):
    ctl = talk(marcus)
    result = _said(ctl, "Your pharmacy record has oxycodone ten milligrams, four times a day.")
    assert _intent(result) == "opioid.regimen"
    assert "confronts" not in result.interpretation.action or not result.interpretation.action["confronts"]
    assert "urgent care" not in result.reply


def test_the_urine_result_naming_his_medicine_is_not_the_urgent_care_script(marcus):
    ctl = talk(marcus)
    result = _said(ctl, "Your drug screen last month showed oxycodone and nothing else.")
    assert "urgent care" not in result.reply


def test_the_chart_read_off_the_computer_gets_the_confronted_reply(severe):
    ctl = talk(severe)
    result = _said(ctl, "The computer is showing several doctors and several pharmacies. "
                        "Which doctors are they?")
    assert result.interpretation.action.get("confronts") == "several_doctors"


# ------------------------------------------------------------------ indirect and confirming questions


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I wonder whether you ever take an extra tablet on a bad day.", "opioid.as_prescribed"),
        ("I wonder whether you have any naloxone at home.", "safety.naloxone"),
        ("I should be most grateful if you could tell me about any falls you have had.", "safety.falls"),
        ("Might I trouble you to confirm which morphine tablets you take?", "opioid.regimen"),
    ],
)
def test_a_formal_indirect_question_is_asked(ruth, text, intent):
    result = _said(talk(ruth), text)
    assert _intent(result) == intent


def test_a_request_about_an_event_is_not_news_told(ruth):
    ctl = talk(ruth)
    result = _said(ctl, "I should be most grateful if you could describe what transpired when the pharmacy "
                        "was unable to supply your morphine.")
    assert _intent(result) == "topic.pharmacy_shortage"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I note from the referral that you have had the back pain for some years.", "pain.duration"),
        ("You have random drug tests at work, I gather.", "topic.work_testing"),
    ],
)
def test_a_fact_put_to_him_to_confirm_is_asked(marcus, text, intent):
    result = _said(talk(marcus), text)
    assert _intent(result) == intent


def test_sympathy_in_the_same_words_stays_sympathy(marcus):
    result = _said(talk(marcus), "I imagine that has been really hard on you.")
    assert _intent(result) is None


def test_a_filler_to_words_about_him_is_never_a_yes(ruth):
    interview = ruth.interview
    for said in ({}, {"i see.": None}, {"i see.": None, "mm.": None}):
        words = reply.reaction(interview, ruth.patient.name, "statement", said,
                               "And whether you keep your tablets somewhere safe.")
        assert not words.lower().startswith(("yes", "yeah"))


# ------------------------------------------------------------------ summaries


def test_a_summary_with_the_wrong_duration_is_put_right_even_when_not_asked(rotation):
    ctl = talk(rotation, "What medicines are you taking for it?")
    result = _said(ctl, "So you're on the morphine, and you've been taking it for about three years. "
                        "Is that right?")
    assert _intent(result) == "opioid.duration"
    assert "Nine years" in result.reply


def test_a_summary_with_the_wrong_household_is_put_right(rotation):
    ctl = talk(rotation, "Who do you have around to help you?")
    result = _said(ctl, "Just to check: you live with your daughter and her family, correct?")
    assert _intent(result) == "life.relationships"
    assert "on my own" in result.reply


def test_a_summary_with_the_wrong_time_of_year_is_put_right(rotation):
    ctl = talk(rotation, "Have you had any falls?")
    result = _said(ctl, "Let me make sure I understood: you fell in the spring. Did I get that right?")
    assert _intent(result) == "safety.falls"
    assert "October" in result.reply


def test_a_right_summary_is_confirmed(rotation):
    ctl = talk(rotation, "Have you had any falls?")
    result = _said(ctl, "Let me make sure I understood: you fell once, in October. Did I get that right?")
    assert _intent(result) is None
    assert "October" not in result.reply


# ------------------------------------------------------------------ follow-ups


def test_why_did_you_stop_after_an_activity_given_up(nadia):
    ctl = talk(nadia, "Is there anything you've had to give up because of the pain?")
    result = _said(ctl, "why'd you quit?")
    assert _intent(result) == "life.activities_given_up"
    assert result.interpretation.action.get("facet") == "why"


def test_who_treated_you_after_his_mental_health_history(tramadol):
    ctl = talk(tramadol, "Have you been depressed or anxious in the past?")
    result = _said(ctl, "who saw you?")
    assert _intent(result) == "history.mental_health"
    assert result.interpretation.action.get("facet") == "who"


def test_why_keep_them_after_the_tablets_kept_is_why_he_kept_them(tramadol):
    ctl = talk(tramadol, "Have you had any thoughts of ending your life?",
               "How many tablets have you kept, and where?")
    result = _said(ctl, "why did you keep those?")
    assert _intent(result) == "safety.storage"
    assert result.interpretation.action.get("facet") == "why"


def test_how_many_more_after_taking_more_than_prescribed(severe):
    ctl = talk(severe, "Do you take more than your doctor prescribes?")
    result = _said(ctl, "how many more?")
    assert _intent(result) == "opioid.as_prescribed"
    assert result.interpretation.action.get("facet") == "how_much"


def test_it_after_a_case_topic_is_that_topic(severe):
    ctl = talk(severe, "How do you take your alprazolam?")
    result = _said(ctl, "Is it taken together with the pills?")
    assert _intent(result) == "topic.alprazolam"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("I wonder whether you have had any falls.", "have you had any falls?"),
        ("I should be most grateful if you could tell me what happened.", "what happened?"),
        ("Might I trouble you to confirm the dose you take?", "the dose you take?"),
        ("I note from the letter that you have had the pain for years.", "you have had the pain for years?"),
        ("Your son drives you to clinic, I gather.", "Your son drives you to clinic?"),
        ("I'd imagine the mornings are the worst.", "the mornings are the worst?"),
        ("I imagine that's been hard.", "I imagine that's been hard."),
    ],
)
def test_the_indirect_forms_are_read_as_the_questions_they_ask(typed, read):
    from simulator.patient.understanding.normalise import normalise_turn

    assert normalise_turn(typed) == read
