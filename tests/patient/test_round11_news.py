"""Issue 19, round 11: the hard moments of a consultation. News told to the patient (by kind), his
view asked after it, understanding checked, teach-back, leave asked to say something, the trainee's
nerves and jokes, and the floor offered at the close.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply


@pytest.fixture(scope="module")
def daniel():
    return bundled("postop-acute")


@pytest.fixture(scope="module")
def rosa():
    return bundled("surgery-on-buprenorphine")


FLAT = {"Okay.", "Right.", "I see.", "Mm.", "All right.", "Yes.", "Right, yeah.", "Fair enough.", "Mm-hm."}


# ---------------------------------------------------------------- news, by kind


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Honestly, what you're describing is an opioid use disorder, a moderate one.", "diagnosis"),
        ("With the dose you're on, you're at real risk of an overdose.", "diagnosis"),
        ("I won't be able to prescribe you extra tablets this month.", "refusal"),
        ("We're not going to increase the morphine today.", "refusal"),
        ("What I'd suggest is that we lower the dose a little every two weeks.", "taper"),
        ("The good news is you can carry on with your usual medicine as normal.", "good"),
        ("Being on a medicine for a long time doesn't mean you're an addict.", "good"),
        ("I'm going to ring the pharmacy myself after this.", "action"),
        ("Try not to drink alcohol while you're on these, it can stop your breathing.", "safety"),
        ("We'll add a nerve pain medicine and book you in with the physio.", "plan"),
    ],
)
def test_news_is_read_by_its_kind(typed, kind):
    assert reply.news_kind(typed) == kind
    assert reply.statement_kind(set(), typed) == f"news.{kind}"


@pytest.mark.parametrize(
    "typed",
    [
        "So you've been cutting the tablets down slowly by yourself.",  # said back: his, not news
        "Can we stop the tablets suddenly?",  # asked, not told
        "Tell me what happened when you tried to stop.",
    ],
)
def test_what_is_not_news_is_not_read_as_news(typed):
    assert not reply.statement_kind(set(), typed).startswith("news.")


def test_a_refusal_gets_his_reaction_not_a_flat_okay(daniel):
    outcome = talk(daniel).ask("I'm sorry, but I can't write you a month of the slow-release tablets.")
    assert outcome.interpretation.kind != "question"
    assert outcome.reply in daniel.interview.reactions.news.refusal


def test_good_news_gets_relief(rosa):
    outcome = talk(rosa).ask("You won't need to come off your buprenorphine for the surgery at all.")
    assert outcome.reply in rosa.interview.reactions.news.good


def test_news_whose_last_sentence_starts_like_a_question_is_still_told(rosa):
    outcome = talk(rosa).ask("I think this is opioid use disorder. So the plan needs to cover that too.")
    assert outcome.interpretation.action["type"] == "say"
    assert outcome.reply not in FLAT


def test_a_case_without_its_own_news_lines_gets_the_personas():
    marcus = bundled("clbp-moderate-oud")
    bare = marcus.interview.model_copy(update={"reactions": marcus.interview.reactions.model_copy(
        update={"news": type(marcus.interview.reactions.news)()})})
    said = reply.reaction(bare, "Marcus Hale", "news.refusal", {})
    assert said not in FLAT and said.endswith(("?", "."))


# ---------------------------------------------------------------- his view after news


def test_how_he_feels_after_news_is_his_reaction_to_it(daniel):
    ctl = talk(daniel, "We won't be able to give you any more of the oxycodone after this week.")
    first = ctl.session.data.transcript[-1].text
    outcome = ctl.ask("How do you feel about that?")
    assert outcome.interpretation.action.get("kind") == "feelings"
    news = daniel.interview.reactions.news.refusal
    assert outcome.reply in news and outcome.reply != first


def test_his_view_reaches_back_over_statements_not_over_a_question(daniel):
    ctl = talk(daniel, "I can't prescribe a longer supply, I'm afraid.",
               "Longer courses after an operation make it harder to come off them.")
    assert ctl.ask("What do you make of all that?").interpretation.action.get("kind") == "feelings"
    ctl = talk(daniel, "I can't prescribe a longer supply, I'm afraid.", "Where are you keeping them?")
    assert ctl.ask("What do you make of all that?").interpretation.action.get("kind") != "feelings"


def test_his_view_of_what_the_turn_itself_offers_is_not_the_news_before(rosa):
    ctl = talk(rosa, "The good news is you can stay on your buprenorphine.")
    outcome = ctl.ask("There's also a nerve block the anaesthetist can do. What do you think of that?")
    assert outcome.interpretation.action.get("kind") != "feelings"


def test_sympathy_about_the_news_is_answered_about_the_news(daniel):
    ctl = talk(daniel, "I can't give you the slow-release oxycodone, I'm afraid.")
    outcome = ctl.ask("I know that's disappointing. You look frustrated.")
    assert outcome.reply in (*daniel.interview.reactions.news.refusal, *reply._persona("Daniel Mensah")[
        "news.refusal"])


def test_asked_again_after_his_lines_are_used_he_never_repeats_them(daniel):
    ctl = talk(daniel, "I can't give you the slow-release oxycodone, I'm afraid.")
    replies = [ctl.ask(t).reply for t in ("How does that sound?", "What's going through your mind?")]
    first = ctl.session.data.transcript[1].text
    assert len({first, *replies}) == 3


# ---------------------------------------------------------------- understanding checked, teach-back


@pytest.mark.parametrize(
    "typed", ["Is all that clear?", "Are you still with me?", "Does it all make sense now?"]
)
def test_checking_he_understood_gets_a_yes_not_a_menu(daniel, typed):
    outcome = talk(daniel, "We'll keep you on paracetamol and ibuprofen.").ask(typed)
    assert outcome.interpretation.action.get("kind") == "understood"
    assert not outcome.options


def test_teach_back_says_the_plan_back_in_his_words(rosa):
    ctl = talk(rosa, "You should keep taking your buprenorphine every morning.",
               "I'll speak to the surgeon about a nerve block.")
    outcome = ctl.ask("Could you repeat the plan back to me, so I know I was clear?")
    assert outcome.interpretation.action.get("kind") == "teach_back"
    assert "I should keep taking my buprenorphine every morning" in outcome.reply
    assert "You'll speak to the surgeon" in outcome.reply


def test_teach_back_before_any_plan_says_there_is_none(rosa):
    outcome = talk(rosa).ask("In your own words, what's the plan?")
    assert "plan" in outcome.reply.lower() and "yet" in outcome.reply.lower()


# ---------------------------------------------------------------- leave asked, nerves, jokes, closing


@pytest.mark.parametrize(
    "typed",
    ["There's something I'd like to say. Might I?", "Could I be frank with you for a moment?",
     "Can I run an idea past you?", "Right, introductions, then let's crack on, okay?"],
)
def test_leave_asked_to_speak_is_given(daniel, typed):
    outcome = talk(daniel).ask(typed)
    assert outcome.interpretation.action["type"] == "say"
    assert outcome.reply in (*reply._persona("Daniel Mensah")["permission"],
                             *daniel.interview.reactions.greeting) or "go" in outcome.reply.lower()


def test_the_trainees_nerves_and_jokes_get_a_person_not_okay(daniel):
    assert talk(daniel).ask("Apologies, I'm still learning, it's my second day here.").reply not in FLAT
    assert talk(daniel).ask("Haha, the crutches suit you anyway.").reply not in FLAT


def test_a_goodbye_with_praise_is_a_goodbye(daniel):
    outcome = talk(daniel).ask("Brilliant. See you next Tuesday. You were great today.")
    assert outcome.interpretation.kind == "closing"


def test_the_floor_offered_gets_his_own_questions_then_thats_all(rosa):
    ctl = talk(rosa, "What worries you most about the operation?")
    asked = [ctl.ask("Have you got any questions at all?").reply for _ in rosa.interview.questions]
    assert asked == list(rosa.interview.questions)
    assert ctl.ask("Any other questions?").reply == rosa.interview.nothing_more


def test_a_message_to_pass_on_is_the_floor(daniel):
    ctl = talk(daniel, "What's worrying you most?")
    outcome = ctl.ask("Is there anything you'd like me to tell the consultant?")
    assert outcome.reply in daniel.interview.questions


def test_consent_asked_for_an_offer_gets_his_reaction_to_the_offer(rosa):
    ctl = talk(rosa, "Have you got any naloxone at home?")
    outcome = ctl.ask("I'll ring the pharmacy and sort out a new kit for you. Would that be okay?")
    assert outcome.interpretation.action["type"] == "say"
    assert outcome.reply in rosa.interview.reactions.news.action


def test_the_trainees_worry_for_him_is_not_what_worries_him(daniel):
    outcome = talk(daniel).ask("Honestly, I'm a bit worried about you.")
    assert outcome.interpretation.kind == "empathy"
    assert not outcome.reply.startswith("That ")


def test_thoughts_asked_of_what_the_turn_put_to_him_is_that_topic():
    callum = bundled("severe-oud-overdose")
    typed = "There are two medicines that help: methadone and buprenorphine. Any thoughts?"
    outcome = talk(callum).ask(typed)
    assert outcome.intent == "goals.treatment_views"


def test_words_taken_back_however_put_are_an_apology(daniel):
    assert reply.statement_kind(set(), "Oh, that came out completely wrong, sorry.") == "apology"
    assert reply.statement_kind(set(), "I didn't mean you were lying.") == "apology"


def test_what_someone_else_thinks_is_not_news_told():
    ruth = bundled("stable-dependence")
    assert reply.news_kind("Your daughter says you might be addicted to them.") is None
    outcome = talk(ruth).ask("Your son reckons you could be addicted. What do you make of that?")
    assert outcome.interpretation.action.get("kind") != "feelings"
