"""Issue 19, round 11: the thread of the interview - the patient never takes back what he has
disclosed, owns the chart in his own words when it is named again, puts a wrong summary right
and says "like I said" only as a person would.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import dialogue, persona, reply


@pytest.fixture(scope="module")
def tyler():
    return bundled("fentanyl-start")


@pytest.fixture(scope="module")
def arturo():
    return bundled("cold-turkey")


@pytest.fixture(scope="module")
def daniela():
    return bundled("trauma-new-pain")


@pytest.fixture(scope="module")
def nadia():
    return bundled("oih-taper")


@pytest.fixture(scope="module")
def postop():
    return bundled("postop-acute")


def _said(ctl, text: str):
    result = ctl.ask(text)
    assert result.accepted
    return result


# ------------------------------------------------------------------ what he knows now stands


def test_after_the_urine_result_he_never_calls_the_pills_real_oxycodone_again(tyler):
    ctl = talk(tyler, "Who do you buy them from?")  # his belief, told first
    assert "supposed to be real" in ctl.session.data.transcript[-1].text
    _said(ctl, "The lab says your urine had fentanyl in it and no oxycodone.")
    again = _said(ctl, "Where do you buy the pills these days?")
    assert again.interpretation.action["intent"] == "opioid.other_sources"
    assert "supposed to be real" not in again.reply and "fentanyl" in again.reply
    what = _said(ctl, "What do you take each day at the moment?")
    assert "fentanyl" in what.reply


def test_an_answer_written_for_after_a_disclosure_is_not_swapped_back(tyler):
    interview = tyler.interview
    context = {"revealed": frozenset({"believes_oxycodone", "learns_fentanyl"})}
    answer = reply.consistent_answer(interview, "opioid.other_sources", 60, context, context["revealed"])
    assert answer is not None and answer.when is not None and "fentanyl" in answer.text


# ------------------------------------------------------------------ the chart, named again


def test_the_urine_test_named_after_the_record_is_owned_as_the_test(daniela):
    ctl = talk(daniela, "The prescribing database has urgent care giving you hydrocodone in June.")
    result = _said(ctl, "And the drug screen from October had hydrocodone in it and nothing else, fair?")
    assert result.interpretation.action.get("confronts") == "takes_as_prescribed"
    assert result.reply.startswith("Positive for the hydrocodone")


def test_the_chart_named_again_is_owned_in_his_own_words_not_a_stock_line(arturo):
    ctl = talk(arturo, "The PDMP has one doctor and one chemist for you, every fill on time.")
    result = _said(ctl, "Your drug screen in the spring showed oxycodone and nothing else. Sound right?")
    assert result.reply not in reply.ALREADY_TOLD
    assert result.reply.startswith("Like I said, ") and "test" in result.reply


def test_a_summary_that_names_a_result_he_has_owned_is_said_back_not_put_to_him(tyler):
    ctl = talk(tyler, "Your urine test found fentanyl, and no oxycodone at all.")
    result = _said(ctl, "So, to recap: you smoke blues daily, and the test shows they are fentanyl. Right?")
    assert result.interpretation.kind == "statement"
    assert result.reply not in reply.ALREADY_TOLD


def test_asked_plainly_about_early_fills_he_answers_not_as_if_shown_the_chart(nadia):
    result = _said(talk(nadia), "Has the chemist ever filled your oxycodone early?")
    assert result.interpretation.action["intent"] == "opioid.early_refills"
    assert not result.interpretation.action.get("confronts")
    assert not result.reply.startswith("Yes, that's right")
    assert reply.names_the_chart("The pharmacy shows two early fills this spring.")


# ------------------------------------------------------------------ summaries put right


def test_a_summary_with_the_wrong_length_of_time_is_put_right(tyler):
    ctl = talk(tyler, "Have you ever tried to stop on your own?")
    result = _said(ctl, "So each time you stopped you managed a whole month, right?")
    assert result.interpretation.action["intent"] == "opioid.cut_down"


def test_a_summary_with_the_pain_going_the_wrong_way_is_put_right(postop):
    ctl = talk(postop, "Is the pain any better since you got home?")
    result = _said(ctl, "so the pain is getting worse every day")
    assert result.interpretation.action["intent"] == "pain.trend_on_opioids"
    assert "better" in result.reply.lower()


def test_a_summary_that_puts_back_extras_he_denied_is_put_right(arturo):
    ctl = talk(arturo, "Do you ever go over the four a day?")
    result = _said(ctl, "So: four a day, and a couple of extra ones when the back is bad. Fair?")
    assert result.interpretation.action["intent"] == "opioid.as_prescribed"
    assert "never" in result.reply.lower()


def test_a_right_summary_is_still_agreed(arturo):
    ctl = talk(arturo, "Do you ever go over the four a day?")
    result = _said(ctl, "So you stick to four a day and nothing more, is that right?")
    assert result.interpretation.kind == "statement"


def test_a_summary_that_says_his_no_back_is_agreed(nadia):
    ctl = talk(nadia, "Has anyone talked to you about your October urine result?")
    result = _said(ctl, "So to sum up, nobody ever explained that result to you. Is that fair?")
    assert result.interpretation.kind == "statement"


# ------------------------------------------------------------------ "like I said"


@pytest.mark.parametrize(
    ("words", "again"),
    [
        ("Because the last time", "because the last time"),
        ("Walk the dog", "walk the dog"),
        ("Dee died in March", "Dee died in March"),
        ("I've never", "I've never"),
        ("A&E sent me home", "A&E sent me home"),
    ],
)
def test_like_i_said_lower_cases_all_but_i_and_names(words, again):
    assert persona.repeat_text("Like I said, ", words, frozenset({"Dee", "March"})) == f"Like I said, {again}"


def test_a_naloxone_kit_given_is_the_naloxone_question_not_the_overdose(arturo):
    ctl = talk(arturo, "Have you ever been so sleepy on them that nobody could rouse you?")
    result = _said(ctl, "Has a doctor ever given you naloxone?")
    assert result.interpretation.action["intent"] == "safety.naloxone"
    assert not result.reply.startswith("Like I said")


# ------------------------------------------------------------------ "anything else?"


@pytest.mark.parametrize(
    "typed",
    [
        "Anything else you'd like me to pass on to Dr Osei?",
        "Is there still something else?",
        "Anything else you want me to tell the doctor?",
    ],
)
def test_the_floor_offered_in_other_words_is_anything_else(typed):
    follow = dialogue.detect_follow_up(typed)
    # (the floor offered for what to pass on is also his cue to ask his own question: "ask_me")
    assert follow is not None and follow.kind in ("else", "ask_me")


def test_anything_else_is_the_worry_not_voiced_then_thats_all(tyler):
    ctl = talk(tyler, "How many do you use in a day?", "I'm sorry about your friend.")
    first = _said(ctl, "Is there anything else you'd like to tell me?")
    assert first.interpretation.action["intent"] == "goals.concerns"
    second = _said(ctl, "Anything else at all?")
    action = second.interpretation.action
    assert action.get("nothing_more") or action.get("facet") == "more"
    third = _said(ctl, "Is there still something else?")
    assert third.interpretation.action.get("nothing_more")


# ------------------------------------------------------------------ the thread kept


def test_how_soon_it_comes_on_is_when_of_the_last_answer(tyler):
    ctl = talk(tyler, "What happens to you when you run out?")
    result = _said(ctl, "How quickly does it come on?")
    action = result.interpretation.action
    assert (action["intent"], action.get("facet")) == ("opioid.withdrawal", "when")


def test_a_topic_put_first_is_one_question_not_two(daniela):
    ctl = talk(daniela, "You had a problem with drink in the past, your notes say. Tell me about it.")
    result = _said(ctl, "And the drinking, how much were you getting through at your worst?")
    assert result.interpretation.action["intent"] == "history.substance_use"
    assert not result.interpretation.action.get("also")
    assert not result.reply.startswith("Nothing")
