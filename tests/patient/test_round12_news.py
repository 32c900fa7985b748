"""Issue 19, round 12: news and plans told to the patient get his reaction to them (a taper put
as the clinician's own proposal, a refusal put as "not going to put it up", a diagnosis that
"fits"), leave to share a thought gets consent, and "I'll be back tomorrow" a goodbye.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply

FLAT = {"Okay.", "Right.", "I see.", "Mm.", "All right.", "Yes.", "Right, yeah.", "Fair enough.", "Mm-hm."}


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("So rather than going up, I'd suggest we lower the dose a little every month.", "news.taper"),
        ("So what I think we should do is bring the morphine down slowly over the spring.", "news.taper"),
        ("We're not going to push the morphine up this time.", "news.refusal"),
        ("I won't be putting your dose up today.", "news.refusal"),
        ("Taking all that together, that fits an opioid use disorder.", "news.diagnosis"),
        ("Is it okay if I share some of what I'm thinking?", "permission"),
        ("Would it be alright if I explain what I think is going on?", "permission"),
        ("Right, I'll come back later this afternoon once the bloods are back.", "closing"),
    ],
)
def test_news_and_leave_are_read_by_their_kind(typed, kind):
    assert reply.statement_kind(set(), typed) == kind


@pytest.mark.parametrize(
    "typed",
    [
        "So you've been bringing the dose down slowly yourself.",  # his own, said back
        "So you cut down by yourself last winter and it went badly.",
    ],
)
def test_his_own_taper_said_back_is_still_a_summary(typed):
    assert reply.statement_kind(set(), typed) == "reflection"


def test_a_taper_proposed_gets_a_reaction_not_a_yes():
    ctl = talk(bundled("oih-taper"))
    said = ctl.ask("So instead of more, I'd like us to bring the oxycodone down bit by bit.")
    assert said.reply not in FLAT
    assert "fair way to put it" not in said.reply
    then = ctl.ask("How does that sit with you?")
    assert then.reply != said.reply


def test_a_refusal_gets_a_reaction():
    ctl = talk(bundled("clbp-moderate-oud"))
    said = ctl.ask("I'm not going to put the tablets up for you today.")
    assert said.reply not in FLAT


def test_leave_to_share_a_thought_gets_consent():
    ctl = talk(bundled("clbp-moderate-oud"))
    said = ctl.ask("Okay. Would it be alright if I share what I'm thinking?")
    assert "keep to why I'm here" not in said.reply
    assert said.interpretation.action["type"] == "say"


def test_back_tomorrow_is_a_goodbye():
    ctl = talk(bundled("surgery-on-buprenorphine"))
    said = ctl.ask("Thanks, I'll come back tomorrow once I've talked to the surgeons.")
    assert "No, thank you" not in said.reply


@pytest.mark.parametrize(
    ("case", "typed"),
    [
        ("postop-acute", "So, my plan. Regular paracetamol, the oxycodone only a few more days, "
                         "and I see you next week. How do you think?"),
        ("trauma-new-pain", "Here's what I'm thinking: we taper the hydrocodone and get you some physical "
                            "therapy. What do you think?"),
        ("severe-oud-overdose", "We will get you a naloxone kit today and refer you to the clinic. "
                                "It is okay for you?"),
    ],
)
def test_a_plan_with_its_question_gets_his_reaction(case, typed):
    said = talk(bundled(case)).ask(typed)
    assert said.interpretation.action.get("intent") in (None, "goals.treatment_views")
    views = bundled(case).interview.answers["goals.treatment_views"][0].text
    assert said.reply and said.reply not in FLAT and said.reply != views


def test_an_option_his_views_speak_of_gets_his_views():
    said = talk(bundled("clbp-moderate-oud")).ask("We could switch you to buprenorphine. What do you think?")
    assert said.interpretation.action["intent"] == "goals.treatment_views"
    assert "cousin" in said.reply


def test_good_news_offered_as_a_question_gets_relief():
    said = talk(bundled("stable-dependence")).ask("Would you be happy for us to keep the current dose?")
    assert said.interpretation.action["intent"] == "goals.readiness"
    assert "come down" not in said.reply


def test_greeting_with_small_talk_is_greeted():
    said = talk(bundled("oih-taper")).ask("Oh hello, come in. Miserable weather today, isn't it?")
    assert said.interpretation.action["type"] == "say"
    assert not said.reply.startswith("Sorry")


def test_what_he_understands_by_the_diagnosis():
    said = talk(bundled("clbp-moderate-oud")).ask("So what do you understand by opioid use disorder?")
    assert said.interpretation.action["type"] == "say"
    assert not said.reply.startswith("Sorry")


def test_reassurance_about_a_test_is_not_argued_with():
    assert reply.news_kind("I'm not accusing you, these screens can miss some opioids.") == "good"
