"""Round 13 (issue 19): the plan put to the patient and his agreement asked, summaries said back,
teach-back, closings and warmth said in other words. Turns written for these tests."""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply
from simulator.patient.language import classify
from simulator.patient.understanding.frames import is_reflection

ASK_BACK = ("Sorry", "I'm sorry, I'm not quite with you")


def _say(ctl, text):
    result = ctl.ask(text)
    assert result.accepted
    return result


@pytest.mark.parametrize(
    "tag",
    ["Do you agree?", "You agree or not?", "OK or not?", "Does that sound okay to you?",
     "Are you happy with that?"],
)
def test_the_plan_with_agreement_asked_gets_his_reaction_to_the_plan(tag):
    case = bundled("postop-acute")
    ctl = talk(case, "How many are you taking a day?")
    turn = f"We start the paracetamol four times a day and stop the oxycodone at the weekend. {tag}"
    result = _say(ctl, turn)
    own = set(case.interview.reactions.news.plan)
    assert result.reply in own, result.reply
    assert not result.reply.startswith(ASK_BACK)


def test_the_plan_naming_what_his_views_speak_of_gets_his_readiness():
    case = bundled("trauma-new-pain")
    ctl = talk(case, "How long have you had the neck pain?")
    result = _say(ctl, "Here is my plan: physio again, and maybe back on an antidepressant. "
                       "You agree or not?")
    assert result.interpretation.action.get("intent") == "goals.readiness"
    assert "harming" not in result.reply


def test_an_understanding_check_then_his_view_asks_of_the_news_before():
    ctl = talk(bundled("stable-dependence"), "How long have you been on the morphine?",
               "So your body is used to the morphine. That's dependence, and it is not the same as "
               "addiction.")
    result = _say(ctl, "Does that make sense? What do you think?")
    assert not result.reply.startswith(ASK_BACK)
    assert "harming" not in result.reply


def test_a_plan_ending_in_an_understanding_check_after_a_dash_is_answered():
    ctl = talk(bundled("high-dose-rotation"), "What do you take a day?")
    result = _say(ctl, "On the first day you'd wait for mild withdrawal before the first film, so we'd time "
                       "the last dose with care - does that make sense, and any questions about it?")
    assert result.interpretation.action.get("kind") == "understood"


def test_a_summary_said_with_a_question_mark_is_a_summary():
    assert is_reflection("so if I've got it right, you take three a day and have two left?")
    assert is_reflection("OK I summarise: the neck since June, the tablets for two weeks. Correct?")


def test_a_right_summary_is_confirmed_and_a_wrong_count_put_right():
    case = bundled("postop-acute")
    ctl = talk(case, "How many are you taking a day?")
    right = _say(ctl, "So if I've got it right, you're taking about three a day and you've got two left?")
    assert right.interpretation.action["type"] == "say"
    assert not right.reply.startswith(ASK_BACK)
    wrong = _say(ctl, "So if I've got it right, you're on about five a day?")
    assert wrong.reply.startswith(reply.CORRECTION_LEAD), wrong.reply
    assert "three" in wrong.reply


def test_teach_back_never_pastes_the_interview_agenda():
    ctl = talk(bundled("high-dose-rotation"),
               "Let's start with your tablets. What do you take each day?",
               "There are two options: moving over to buprenorphine as a patch, or bringing the morphine "
               "down slowly over some months - what do you know about buprenorphine?")
    result = _say(ctl, "Could you say back to me the difference between the two options?")
    assert "let's" not in result.reply.lower()
    assert "should let" not in result.reply.lower()
    assert "buprenorphine" in result.reply


def test_lets_said_back_is_we():
    assert reply._turned_round("Let's keep the dose the same for now.").startswith("We'll keep")


@pytest.mark.parametrize("bye", ["Right, cheerio then.", "Ta-ra, look after yourself.",
                                 "Okay, farewell for now."])
def test_goodbyes_in_other_words_get_a_goodbye(bye):
    ctl = talk(bundled("stable-dependence"), "How is the pain today?")
    result = _say(ctl, bye)
    assert result.interpretation.action.get("kind") == "closing"
    assert result.reply not in ("I see.", "All right.", "Yes.")


def test_the_floor_offered_after_a_dash_is_the_floor():
    ctl = talk(bundled("tramadol-taper"), "What do you take at the moment?")
    result = _say(ctl, "Thanks. I'll write to your GP this afternoon - is there anything you wanted to "
                       "ask me?")
    assert not result.reply.startswith(ASK_BACK)
    assert result.interpretation.action.get("intent") in (None, "goals.concerns")  # the floor, not a topic


@pytest.mark.parametrize(
    "warm",
    ["You are so honest, thank you for tell me.", "Thanks for share this with me.",
     "Don't worry, I ask everybody these questions.", "I ask all my patients this."],
)
def test_warmth_in_other_words_is_empathy(warm):
    assert "empathy" in classify(warm).kinds


@pytest.mark.parametrize("plain", ["Are you being honest with me?",
                                   "Were you honest about how many you took?"])
def test_asking_about_honesty_is_not_empathy(plain):
    assert "empathy" not in classify(plain).kinds


@pytest.mark.parametrize(
    ("typed", "greeted"),
    [("Afternoon, Mrs Alvarez, come in.", "afternoon"), ("Hiya, Mrs Alvarez.", None)],
)
def test_he_names_only_the_time_of_day_the_trainee_named(typed, greeted):
    result = _say(talk(bundled("stable-dependence")), typed)
    assert "morning" not in result.reply.lower()
    if greeted:
        assert greeted in result.reply.lower()


def test_a_pharmacist_is_not_called_doctor_when_introduced():
    case = bundled("high-dose-rotation")
    result = _say(talk(case), "Hello, I'm Jo, the practice pharmacist - Dr Haddad asked me to see you.")
    assert "doctor" not in result.reply.lower()


def test_empathy_said_with_a_question_is_credited():
    ctl = talk(bundled("trauma-new-pain"), "How long have you had the neck pain?")
    before = ctl.session.data.empathy
    _say(ctl, "Do you drink at all? Don't worry, I ask everybody.")
    assert ctl.session.data.empathy == before + 1
