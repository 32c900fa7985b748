"""Issue 19, round 13: what the lead found playing whole interviews after the fixers' merges, fixed
as rules that hold for every case.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

# ------------------------------------------- the trainee's own asking names no fact of the chart


@pytest.mark.parametrize("turn", [
    "the urine screen came back with no oxycodone in it - can you help me understand that?",
    "Your drug screen was negative for oxycodone. Could you explain that to me?",
])
def test_asking_for_help_to_understand_the_urine_result_is_about_the_urine_result(turn):
    scenario = bundled("oih-taper")
    said = talk(scenario).ask(turn)
    assert said.interpretation.action["intent"] == "topic.urine_test"
    assert "sertraline" not in said.reply  # "help" once named the sertraline that "helps a little"
    assert "test" in said.reply.lower()


# ------------------------------------- the floor offered after a topic is the floor, not "more" of it


def test_anything_else_you_want_to_ask_me_after_a_topic_is_the_floor():
    ctl = talk(bundled("cold-turkey"))
    ctl.ask("How long have you been taking them?")
    said = ctl.ask("Is there anything else you want to ask me?")
    assert said.interpretation.action.get("intent") != "opioid.duration"  # never more of the last topic
    assert said.interpretation.action.get("facet") != "more"


@pytest.mark.parametrize("turn", ["So what has you in with us today?", "what's you in this morning?"])
def test_what_has_you_in_is_the_opener(turn):
    from simulator.patient.understanding.frames import opens_visit

    assert opens_visit(turn)
    scenario = bundled("cold-turkey")
    assert talk(scenario).ask(turn).interpretation.action["intent"] == scenario.interview.visit_reason


def test_what_has_you_worried_is_not_the_opener():
    from simulator.patient.understanding.frames import opens_visit

    assert not opens_visit("What has you most worried?")


# ------------------------------------------ how long "off it", right after what he just spoke of


@pytest.mark.parametrize("turn", ["And you're off it how long?", "how long have you been off it?"])
def test_how_long_off_it_after_the_drink_is_how_long_sober(turn):
    ctl = talk(bundled("cold-turkey"))
    ctl.ask("Do you drink at all these days?")
    said = ctl.ask(turn)
    assert said.interpretation.action["intent"] == "opioid.other_substances"
    assert "2012" in said.reply  # never the pain's duration ("Since the operation in 2019")


def test_how_long_off_work_is_not_read_as_off_it():
    ctl = talk(bundled("cold-turkey"))
    ctl.ask("Do you drink at all these days?")
    assert ctl.ask("How long have you been off work?").interpretation.action.get("intent") != (
        "opioid.other_substances")


# ---------------------------------------- how long he used a drug is his history, not an accusation


@pytest.mark.parametrize("turn", ["How long were you on the heroin?", "Were you on heroin for long?"])
def test_how_long_he_used_heroin_is_his_history_not_an_accusation(turn):
    said = talk(bundled("surgery-on-buprenorphine")).ask(turn)
    assert said.interpretation.kind != "stigma"
    assert said.interpretation.action.get("intent") == "history.substance_use"


def test_a_real_accusation_is_still_heard():
    said = talk(bundled("surgery-on-buprenorphine")).ask("Are you sure you're not just after the high?")
    assert said.interpretation.kind == "stigma"
