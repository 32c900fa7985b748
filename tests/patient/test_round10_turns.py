"""Issue 19, round 10: a reading grounded in the patient's own words, a facet asked further into
the turn, his drinking in the past, and the open question about the pain.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import grounding
from simulator.patient.turn import facet_in_clauses
from simulator.patient.understanding.concepts import concept_intent
from simulator.patient.understanding.frames import frame_intent
from simulator.patient.understanding.text import normalise


@pytest.fixture(scope="module")
def reyes():
    return bundled("cold-turkey")


# ---------------------------------------------------------------- grounded in the case's words


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        # the classifier alone is unsure of it; the patient's answer on the topic holds its words
        # (round 12: the classifier trained on the interviews is sure of the earlier examples, "does
        # anyone at home know how many you take?" and "how quickly do they wear off?")
        ("Do they wear off before the next one is due?", "opioid.tolerance"),
    ],
)
def test_an_unsure_reading_the_patients_own_answer_holds_is_answered(marcus, monkeypatch, typed, intent):
    assert talk(marcus).ask(typed).intent == intent
    monkeypatch.setattr(grounding, "RESCUE_WORDS", 99)  # without the case's words: asked back
    outcome = talk(marcus).ask(typed)
    assert outcome.intent is None and outcome.options


def test_a_reading_the_case_does_not_hold_stays_unsure(marcus):
    # "the garden" is in none of his answers: no second source, so he asks what is meant
    outcome = talk(marcus).ask("and the garden, how is it going with the garden?")
    assert outcome.intent is None


# ---------------------------------------------------------------- a facet further into the turn


@pytest.mark.parametrize(
    ("typed", "facet"),
    [
        ("Physio, why did you give that up?", "why"),
        ("Sweats and aches. When does that start?", "when"),
        ("The beer at the weekend, how much?", "how_much"),
        ("This feeling that it is not enough - from when?", "when"),
        ("With what frequency do you walk?", "how_often"),
        ("And the cravings, which time of day are they worst?", "when"),
        ("What caused it, do you think?", "why"),
        ("How is the pain today?", None),
        ("Why did you come in today?", "why"),
    ],
)
def test_a_facet_is_heard_at_the_head_of_any_clause_or_at_the_end(typed, facet):
    assert facet_in_clauses(typed, "pain.prior_treatments") == facet


def test_a_facet_that_is_what_the_intent_asks_is_not_a_facet():
    assert facet_in_clauses("The tablets, how much?", "opioid.regimen") is None


def test_asking_why_of_a_treatment_already_named_gets_the_reason_not_the_list_again(reyes):
    ctl = talk(reyes)
    first = ctl.ask("What have you tried for the back?")
    assert first.intent == "pain.prior_treatments"
    why = ctl.ask("Physio and the course, why did you give those up?")
    answer = reyes.interview.answers["pain.prior_treatments"][0]
    assert why.intent == "pain.prior_treatments"
    assert why.reply == answer.facets.why and why.reply != first.reply


# ---------------------------------------------------------------- his own drinking, in the past


@pytest.mark.parametrize(
    "typed",
    [
        "When did you give up the drink?",
        "Tell me about the drinking back then.",
        "How much were you putting away in those days, alcohol-wise?",
        "What's your own history with alcohol?",
        "Tell me about your drinking days.",
    ],
)
def test_drinking_in_the_past_is_his_substance_history(typed):
    assert concept_intent(normalise(typed)) == "history.substance_use"


def test_a_relatives_drinking_is_still_family_history():
    assert concept_intent(normalise("Did your dad have trouble with drinking back then?")) == "history.family"


def test_asked_when_he_stopped_drinking_he_tells_the_story_not_todays_sleeping_tablet(reyes):
    outcome = talk(reyes).ask("When did you give up the drink?")
    assert outcome.intent == "history.substance_use"
    assert "2012" in outcome.reply


# ---------------------------------------------------------------- the open question about the pain


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("Tell me about your back", "pain.location"),
        ("ok, tell me a bit about the shoulder", "pain.location"),
        ("Tell me about the pain itself.", "pain.location"),
        ("whats going on with your knee?", "pain.location"),
        ("So what happened to your back?", "pain.duration"),
        ("How did you hurt your back?", "pain.duration"),
        ("Tell me about your pain tablets.", None),  # the tablets, not the pain
        ("Tell me about your week", "goals.concerns"),
        ("hows the knee doing", "pain.severity"),
        ("How's your back been this week?", "pain.severity"),
        ("Shoulder still sore?", "pain.severity"),
        ("hows the ankle?", "pain.severity"),
        ("How is the pain?", "pain.severity"),
        ("What happened, how did you break it?", "pain.duration"),
        ("How are you?", None),
        ("how long you been buying", "opioid.duration"),
        ("what makes it worse", "pain.severity"),
        ("Ankle?", "pain.location"),
        ("And the pills - how are you actually taking them these days?", "opioid.as_prescribed"),
        ("how many do you take a day?", "opioid.regimen"),
        ("Before we start, what would you like us to cover today?", "goals.concerns"),
        ("What are the main things you'd want to get out of today?", "goals.concerns"),
        ("and the back?", "pain.location"),
        ("Is there anything that makes the pain better?", "pain.severity"),
        ("how long have you been drinking?", None),  # a drink named is its own question
        ("How is the pain feeling - burning, or sharp?", None),  # what it is like, by its examples
    ],
)
def test_an_open_question_about_the_pain_is_answered_with_where_it_is_or_how_it_began(typed, intent):
    assert frame_intent(typed) == intent


def test_tell_me_about_your_back_gets_his_first_words_about_the_pain(marcus):
    outcome = talk(marcus).ask("Tell me about your back")
    assert outcome.intent == "pain.location"
    assert "back" in outcome.reply.lower() and not outcome.options


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("Suppose we brought the dose down slow over a few months - how would you feel about that?",
         "goals.readiness"),
        ("Physio twice a week. You up for that?", "goals.treatment_views"),
    ],
)
def test_an_offer_put_plainly_asks_whether_he_would_accept_it(typed, intent):
    assert frame_intent(typed) == intent


# ---------------------------------------------------------------- when the thing named began


def test_a_time_question_naming_another_topic_asks_when_that_began_not_the_pains_history(marcus):
    outcome = talk(marcus).ask("When did the anxiety start?")
    assert outcome.intent == "history.mental_health"


def test_since_when_after_an_answer_asks_when_that_began(marcus):
    ctl = talk(marcus)
    assert ctl.ask("Do you feel anxious or low?").intent == "history.mental_health"
    since = ctl.ask("Since when is it so?")
    answer = marcus.interview.answers["history.mental_health"][0]
    assert since.intent == "history.mental_health" and since.reply == answer.facets.get("when")


def test_a_time_question_about_the_pain_is_still_the_pains_history(marcus):
    assert talk(marcus).ask("When did the back pain start?").intent == "pain.duration"


# ---------------------------------------------------------------- from a resident's whole interviews


@pytest.fixture(scope="module")
def sam():
    return bundled("postop-acute")


def test_how_often_after_a_denied_suicide_screen_is_the_no_again_never_it_varies(sam):
    ctl = talk(sam)
    no = ctl.ask("Have you had any thoughts of ending your life?")
    assert no.intent == "safety.suicidal_thoughts" and no.reply.lower().startswith("no")
    again = ctl.ask("How often?")
    assert again.reply.lower().startswith("like i said, no")
    assert "varies" not in again.reply and "count" not in again.reply


def test_a_greeting_then_a_question_answers_the_question(sam):
    outcome = talk(sam).ask("Hello, nice to meet you. What is the problem today?")
    # the opener: the reason for the visit the case names (round 13)
    assert outcome.intent == sam.interview.visit_reason and not outcome.reply.startswith("Hi")


def test_sympathy_before_a_question_leaves_the_question_to_be_answered(sam):
    outcome = talk(sam).ask("sorry to hear that. when did you break it")
    assert outcome.intent == "pain.duration"


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # ("What brings you in today?" is the reason for the visit since round 13)
        ("What would you like to get out of today?", "I'm worried that I'm an addict"),
        ("What worries you most?", "That I'm an addict"),
    ],
)
def test_a_worry_is_said_as_one_when_the_question_did_not_ask_for_worries(ruth, question, opening):
    outcome = talk(ruth).ask(question)
    assert outcome.intent == "goals.concerns" and outcome.reply.startswith(opening)


def test_two_topics_either_side_of_a_slash_are_both_answered_not_asked_which(marcus):
    outcome = talk(marcus).ask("Impact on work / relationships?")
    assert {outcome.intent, *outcome.also} == {"life.obligations", "life.relationships"}
    assert not outcome.options


def test_a_statement_with_an_and_is_still_a_statement(marcus):
    told = "I'm going to talk this through with my supervisor and we'll come back with a plan."
    outcome = talk(marcus).ask(told)
    assert outcome.intent is None and not outcome.also


def test_a_summary_that_says_back_what_he_denied_is_put_right_not_agreed(marcus):
    ctl = talk(marcus)
    denied = ctl.ask("Do you get cravings for the tablets?")
    assert denied.intent == "opioid.craving"
    summary = ctl.ask("So to sum up: back pain for three years, cravings in the evenings, and running out.")
    assert summary.intent == "opioid.craving" and summary.reply.startswith("Like I said")
    assert "fair way to put it" not in summary.reply


def test_a_summary_of_what_he_said_is_agreed(marcus):
    ctl = talk(marcus, "How long have you had the back pain?")
    outcome = ctl.ask("So the back's been bad for a few years now.")
    assert outcome.intent is None


def test_pain_going_to_a_limb_is_where_it_is(marcus):
    assert concept_intent(normalise("Pain go to the arm also?")) == "pain.location"


def test_a_greeting_is_returned_at_the_time_of_day_the_trainee_named(ruth):
    outcome = talk(ruth).ask("Good afternoon, I'm Dr Patel.")
    assert outcome.reply.startswith("Good afternoon") and "morning" not in outcome.reply


@pytest.mark.parametrize(
    "said",
    [
        "So the pain is improving but the nights are rough, and you stopped the paracetamol. fair?",
        "So your ankle is broken and you sleep badly. Correct?",
        "You did very well, thank you for honest talking.",
        "So: right ankle, plate on the 27th, three oxy a day. Right?",
        "Right. So: three tablets a day and the nights are the worst. Yes?",
        "Ok so, um, just to sum up: the ankle, the plate, and three a day. Is that, um, right?",
        "Good. We'll repeat the check tomorrow, and I'll see you before you go home.",
    ],
)
def test_summaries_thanks_and_the_plan_in_everyday_forms_are_said_not_asked(sam, said):
    outcome = talk(sam).ask(said)
    assert outcome.intent is None and not outcome.options


def test_an_introduction_then_a_question_without_a_question_mark_is_asked(sam):
    assert talk(sam).ask("hi daniel, im one of the residents. hows the ankle doing").intent == "pain.severity"


@pytest.mark.parametrize("probe", ["Not even once?", "Even on the days when you feel low?", "are you sure?"])
def test_a_probe_after_a_denied_suicide_screen_gets_the_no_again(sam, probe):
    ctl = talk(sam, "Have you had any thoughts of ending your life?")
    outcome = ctl.ask(probe)
    assert outcome.intent == "safety.suicidal_thoughts"
    assert outcome.reply.lower().startswith("like i said, no")


def test_are_you_sure_youre_not_just_after_tablets_is_still_an_accusation(sam):
    outcome = talk(sam, "How many do you take a day?").ask("Are you sure you're not just after more tablets?")
    assert outcome.intent is None


def test_a_question_after_a_clause_that_sets_the_scene_is_asked():
    bup = bundled("surgery-on-buprenorphine")
    assert talk(bup).ask("Before the bup, what were you using").intent == "history.substance_use"


@pytest.mark.parametrize(
    "said",
    [
        "sorry about your friend. thats rough.",
        "Well done you on the drinking, that's a massive achievement",
        "That's really impressive, three years in recovery",
    ],
)
def test_sympathy_and_praise_put_plainly_are_met_as_such(reyes, said):
    outcome = talk(reyes).ask(said)
    assert outcome.intent is None and outcome.reply not in ("Okay.", "Right.", "Mm-hm.")


def test_a_summary_with_a_year_he_did_not_give_is_put_right(reyes):
    ctl = talk(reyes, "How long have you been on the oxycodone?")
    outcome = ctl.ask("So you've been on oxycodone since 2019, and you want to stop it all at once.")
    assert outcome.intent == "opioid.duration" and "fair way to put it" not in outcome.reply


def test_a_summary_with_the_year_he_gave_is_agreed(reyes):
    ctl = talk(reyes, "How long have you been on the oxycodone?")
    assert ctl.ask("So you've been on oxycodone since 2021.").intent is None


def test_a_real_word_that_is_always_a_slip_in_an_interview_is_read_as_meant():
    bup = bundled("surgery-on-buprenorphine")
    assert talk(bup).ask("Any carvings lately").intent == "opioid.craving"


def test_additional_tablets_when_it_is_bad_asks_whether_he_takes_them_as_prescribed():
    assert concept_intent(normalise("Do you ever take additional tablets when the pain is severe?")) == (
        "opioid.as_prescribed")


def test_the_dose_increases_named_from_the_notes_bring_the_patients_own_reply_about_them():
    case = bundled("high-dose-rotation")
    named = "I see in the notes that your dose was increased four times between 2017 and 2022."
    outcome = talk(case).ask(f"{named} What happened after each increase?")
    assert outcome.reply == case.interview.facts["tolerance"].confronted


def test_using_on_after_the_overdose_is_use_despite_harm():
    case = bundled("severe-oud-overdose")
    assert talk(case).ask("Since the OD, have you kept using?").intent == "life.health_harm"


def test_asking_after_someone_he_just_spoke_of_is_his_story_not_small_talk(reyes):
    ctl = talk(reyes)
    told = ctl.ask("That sounds like a big decision. What's made you decide now, after all these years?")
    assert "granddaughter" in told.reply
    outcome = ctl.ask("oh bless her. is she ok?")
    assert outcome.intent is not None and outcome.intent == told.intent


def test_did_you_hurt_yourself_in_the_fall_asks_about_the_injury_not_self_harm():
    case = bundled("high-dose-rotation")
    ctl = talk(case, "Tell me about the fall.")
    assert ctl.ask("Did you hurt yourself by this fall?").intent == "safety.falls"
    assert talk(case).ask("Have you ever hurt yourself on purpose?").intent == "safety.suicidal_thoughts"


def test_the_suicide_screen_put_as_some_people_then_crossed_your_mind_is_the_screen():
    case = bundled("oih-taper")
    ctl = talk(case)
    put = "Some people in your position have thoughts of harming themselves or feel life isn't worth living."
    screen = ctl.ask(f"{put} Has anything like that crossed your mind?")
    assert screen.intent == "safety.suicidal_thoughts"
    assert ctl.ask("Never? Not even at your lowest?").intent == "safety.suicidal_thoughts"


def test_after_a_positive_screen_the_stockpile_and_when_the_thoughts_come_are_its_facets():
    case = bundled("tramadol-taper")
    answer = case.interview.answers["safety.suicidal_thoughts"][0]
    ctl = talk(case, "Have you had any thoughts of ending your life?")
    kept = ctl.ask("Thank you for telling me. Sorry, how many tablets are in the drawer, roughly?")
    assert kept.intent == "safety.suicidal_thoughts" and kept.reply == answer.facets.get("how_much")
    when = ctl.ask("And when do the thoughts tend to come, if you don't mind?")
    assert when.intent == "safety.suicidal_thoughts" and when.reply == answer.facets.get("when")


def test_a_question_naming_the_month_of_his_overdose_asks_about_the_overdose():
    case = bundled("severe-oud-overdose")
    assert talk(case).ask("Tell me what happened in July.").intent == "opioid.overdose"


def test_someone_to_call_if_it_got_worse_is_who_he_can_turn_to():
    case = bundled("tramadol-taper")
    outcome = talk(case).ask("Sorry, is there someone you could maybe call if it got worse?")
    assert outcome.intent == "support.people"


def test_a_suspicion_of_selling_then_are_you_is_heard_as_an_accusation():
    case = bundled("oih-taper")
    suspicion = "Frankly, a negative screen on 80 mg a day usually means someone is selling them."
    outcome = talk(case).ask(f"{suspicion} Are you?")
    assert outcome.intent is None and not outcome.options and "selling" in outcome.reply.lower()


@pytest.mark.parametrize(
    "floor",
    ["Do you have other questions for me?",
     "Is there anything else about your medicines you wanted to ask me?"],
)
def test_the_floor_offered_for_his_questions_is_not_asked_back(sam, floor):
    outcome = talk(sam, "How many are you taking a day?").ask(floor)
    assert not outcome.options


def test_who_in_particular_follows_the_last_answer_and_is_never_small_talk(marcus):
    ctl = talk(marcus, "Does anyone in your family have problems with alcohol or drugs?")
    outcome = ctl.ask("Who in particular?")
    assert outcome.intent == "history.family"


def test_an_introduction_asking_if_that_is_alright_is_leave_to_begin(sam):
    outcome = talk(sam).ask("Hi, sorry to keep you waiting, I'm one of the residents, if that's alright?")
    assert outcome.intent is None and not outcome.options


def test_a_medicine_on_the_list_that_one_charted_fact_names_brings_that_facts_reply():
    case = bundled("oih-taper")
    outcome = talk(case).ask("You're on sertraline according to the medication list. What's that for?")
    assert outcome.intent == "history.mental_health"
    assert outcome.reply == case.interview.facts["low_mood"].confronted


def test_a_body_part_the_notes_name_is_still_where_it_hurts():
    case = bundled("trauma-new-pain")
    outcome = talk(case).ask("It says here you have neck and right shoulder pain. Where exactly is it?")
    assert outcome.intent == "pain.location"


def test_his_own_words_said_back_as_a_question_ask_him_to_go_on(sam):
    ctl = talk(sam, "Do you drink?")
    outcome = ctl.ask("With the tablets?")
    assert outcome.intent == "opioid.other_substances"
    assert outcome.reply == sam.interview.answers["opioid.other_substances"][0].facets.more


def test_give_me_an_example_follows_the_last_answer(marcus):
    ctl = talk(marcus, "Do you get cravings?")
    outcome = ctl.ask("Give me an example of when you last felt like that.")
    assert outcome.intent == "opioid.craving"


def test_the_plan_and_the_means_and_who_to_call_after_a_positive_screen():
    case = bundled("tramadol-taper")
    ctl = talk(case, "Have you had any thoughts of ending your life?")
    assert ctl.ask("Have you made any plans, or kept anything back that you might use?").intent == (
        "safety.suicidal_thoughts")
    assert ctl.ask("Who could you call if things got worse at night?").intent == "support.people"


@pytest.mark.parametrize(
    "said",
    ["Being an alcoholic, I'd have thought you'd be careful with pills.", "You idiot, why didn't you say?"],
)
def test_a_label_given_as_a_reason_or_an_insult_is_heard_as_stigma(reyes, said):
    assert talk(reyes).ask(said).interpretation.kind == "stigma"


@pytest.mark.parametrize(
    "asked",
    ["I have some difficult news to share, is now an okay time?",
     "I'd like to share what I think happened, if that's okay with you?"],
)
def test_leave_asked_before_news_is_given(reyes, asked):
    outcome = talk(reyes).ask(asked)
    assert outcome.intent is None and not outcome.options
    assert outcome.reply in ("Of course, go ahead.", "Yes, that's fine.", "Yeah, go ahead.",
                             "Sure, ask away.", "Yeah, okay.", "Go on, then.")


def test_a_summary_with_the_wrong_relative_or_the_wrong_side_is_put_right(reyes, sam):
    ctl = talk(reyes, "Why do you want to stop the oxycodone all at once?")
    outcome = ctl.ask("So your grandson picked up one of your tablets, and that frightened you.")
    assert outcome.intent == "topic.why_stop" and "granddaughter" in outcome.reply
    ctl = talk(sam, "Where is the pain?")
    side = ctl.ask("So: left ankle, plate on the 27th, three a day. Right?")
    assert side.intent == "pain.location" and "right ankle" in side.reply.lower()


def test_difficult_news_gets_a_reaction_not_a_bare_i_see():
    case = bundled("oih-taper")
    news = "I think the oxycodone itself may be making your pain worse - it's called hyperalgesia."
    outcome = talk(case).ask(news)
    flat = ("I see.", "All right.", "Yes.", "Okay.", "Right.", "Mm.")
    assert outcome.intent is None and outcome.reply not in flat


def test_a_plan_then_how_does_that_sound_is_the_plan_told_and_an_offer_asks_his_readiness(reyes):
    plan = "We'll bring the dose down slowly and I'll see you in two weeks. How does that sound to you?"
    outcome = talk(reyes).ask(plan)
    assert outcome.intent is None and not outcome.options
    offer = "If we came down by about ten percent every couple of weeks, how does that sound?"
    assert talk(reyes).ask(offer).intent == "goals.readiness"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("The shoulder, it still molests you?", "The shoulder, it still bothers you?"),
        ("Has anyone ever molested you?", "Has anyone ever molested you?"),  # the abuse screen, as said
        ("Did you do the urine exams?", "Did you do the urine tests?"),
        ("What is your biggest preoccupation?", "What is your biggest worry?"),
        ("Are you preoccupied about the surgery?", "Are you worried about the surgery?"),
        ("Do you pretend to stop the tablets?", "Do you intend to stop the tablets?"),
    ],
)
def test_false_friends_of_romance_language_speakers_are_read_as_meant(typed, read):
    from simulator.patient.understanding.normalise import normalise_turn

    assert normalise_turn(typed) == read
