"""Issue 19, round 6: what strangers typed that the patient got wrong, fixed by cause.

Each turn goes through ``SessionController.ask`` (the interview screen's path) and the tests
assert what a trainee sees: the topic answered, the words the patient says, the options offered.
The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import talk
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.patient import dialogue
from simulator.patient.understanding.normalise import normalise_turn
from simulator.patient.understanding.statements import find_stigma
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def overdose():
    return load_scenario(SCENARIOS / "severe-oud-overdose.yaml")


@pytest.fixture(scope="module")
def cold():
    return load_scenario(SCENARIOS / "cold-turkey.yaml")


def last_action(ctl: SessionController) -> dict:
    return ctl.session.actions[-1]


# --------------------------------------------------------------------- second-language wording


def test_examples_after_a_vague_question_name_what_is_asked(cold):
    ctl = talk(cold, "You have stopped the tablets before?")
    outcome = ctl.ask("How you are feeling after that? Sweats, runny nose")
    assert outcome.intent == "opioid.withdrawal"
    assert "mood" not in outcome.reply.lower() and "depression" not in outcome.reply.lower()


def test_a_clear_question_keeps_its_own_topic_before_a_list(cold):
    outcome = talk(cold).ask("Do you sleep well at night? Any nightmares, waking up?")
    assert outcome.intent == "life.sleep"


def test_how_much_you_were_taking_is_the_dose(cold):
    assert normalise_turn("How much you were taking then?") == "How much were you taking then?"
    outcome = talk(cold).ask("How much you were taking before you wanted to stop?")
    assert outcome.intent == "opioid.regimen"
    assert "fifteen" in outcome.reply.lower()


def test_a_named_substance_amount_is_not_the_dose(cold):
    assert talk(cold).ask("How much beer are you drinking these days?").intent != "opioid.regimen"


def test_someone_telling_him_to_stop_is_never_small_talk(cold):
    outcome = talk(cold).ask("Did somebody tell you to stop them?")
    assert outcome.intent is not None
    assert not last_action(outcome_ctl := talk(cold, "Did anybody advise you to cut down?")).get("off_topic")
    assert last_action(outcome_ctl)["intent"] is not None


# --------------------------------------------------------------------- the story just told


def test_a_question_in_the_patients_own_words_asks_for_more_of_that_story(overdose):
    ctl = talk(overdose, "Have you ever overdosed?")
    outcome = ctl.ask("Who found you?")
    assert outcome.intent == "opioid.overdose" and last_action(ctl).get("facet") == "who"
    assert "ambulance" in outcome.reply
    outcome = ctl.ask("What happened?")
    assert outcome.intent == "opioid.overdose" and last_action(ctl).get("facet") == "more"
    assert "hospital" in outcome.reply.lower()


def test_who_without_the_stories_words_is_read_on_its_own(overdose):
    ctl = talk(overdose, "Have you ever overdosed?")
    assert ctl.ask("Who do you live with at the moment?").intent == "support.people"


# --------------------------------------------------------------------- accusations


@pytest.mark.parametrize(
    "text",
    ["Just here to get high on the bup?", "only looking for drugs, no?", "So only after more pills then?",
     "you only want the oxy"],
)
def test_an_accusation_without_its_subject_is_heard(overdose, text):
    assert [h.category for h in find_stigma(text)] == ["accusation"]
    outcome = talk(overdose).ask(text)
    assert outcome.interpretation.kind == "stigma" and outcome.intent is None


@pytest.mark.parametrize(
    "text",
    ["Are you only taking the pills at night?", "Only looking for pain relief?", "so just the oxy then?"],
)
def test_only_and_just_in_a_plain_question_are_no_accusation(text):
    assert find_stigma(text) == ()


# --------------------------------------------------------------------- the floor offered


@pytest.mark.parametrize(
    "text",
    ["anything else you want me to know?", "Anything else you want me to know before we finish?",
     "anything you want to add?", "Anything more you want me to know?", "any other thing you want to tell?",
     "anything else on your mind before we make a plan", "Anything else before we move on?"],
)
def test_the_floor_offered_is_anything_else(text):
    follow = dialogue.detect_follow_up(text)
    assert follow is not None and follow.kind == "else"


@pytest.mark.parametrize(
    "text", ["anything at all?", "anything you take for sleep?", "Anything else you are taking?",
             "anything else you took before we started you on it?"],
)
def test_a_question_of_its_own_is_not_the_floor(text):
    follow = dialogue.detect_follow_up(text)
    assert follow is None or follow.kind != "else"


def test_anything_else_is_never_asked_back(overdose):
    ctl = talk(overdose, "Where is the pain?")
    outcome = ctl.ask("Anything else you want me to know before we finish?")
    assert not outcome.options
    assert last_action(ctl).get("nothing_more") or outcome.intent is not None


# --------------------------------------------------------------------- did you mean


def test_options_that_are_far_less_likely_are_not_offered():
    ranked = [("life.relationships", 0.30), ("safety.suicidal_thoughts", 0.12), ("pain.duration", 0.06)]
    assert dialogue.suggestions(ranked) == ("life.relationships",)
    near = [("pain.function", 0.20), ("pain.trend_on_opioids", 0.12), ("opioid.route", 0.11)]
    assert dialogue.suggestions(near) == ("pain.function", "pain.trend_on_opioids", "opioid.route")
    assert dialogue.suggestions([("pain.function", 0.20), ("pain.severity", 0.05)]) == ("pain.function",)


def test_a_case_topic_offered_does_not_crowd_out_the_core_readings(marcus):
    outcome = talk(marcus).ask("what set it off?")
    assert outcome.intent is None
    # round 7: the model trained on more voices no longer offers the case topic here at all
    assert len(outcome.options) >= 2 and outcome.options.count("topic.dose_increase") <= 1


# --------------------------------------------------------------------- since when?


def test_since_when_after_where_asks_how_long_even_when_told_before(marcus):
    ctl = talk(marcus, "How long have you had the back pain?", "Where is it?")
    assert last_action(ctl)["intent"] == "pain.location"  # not read with the turn before
    outcome = ctl.ask("since when?")
    assert outcome.intent == "pain.duration"
    assert "couldn't tell you" not in outcome.reply.lower()


def test_how_long_after_the_duration_is_that_answer_again(marcus):
    ctl = talk(marcus, "What do you take for it?", "since when?")
    assert last_action(ctl)["intent"] == "opioid.duration"
    outcome = ctl.ask("how long?")
    assert outcome.intent == "opioid.duration" and not last_action(ctl).get("facet")
    assert "couldn't tell you" not in outcome.reply.lower()


# --------------------------------------------------------------------- round 6, new voices (dev6)


@pytest.fixture(scope="module")
def tyler():
    return load_scenario(SCENARIOS / "fentanyl-start.yaml")


@pytest.fixture(scope="module")
def rosa():
    return load_scenario(SCENARIOS / "surgery-on-buprenorphine.yaml")


@pytest.fixture(scope="module")
def denise():
    return load_scenario(SCENARIOS / "tramadol-taper.yaml")


def test_leave_asked_in_shorthand_is_asking_to_begin(tyler):
    outcome = talk(tyler).ask("evening, reg here. couple of qs ok?")
    assert outcome.interpretation.kind == "social" and outcome.intent is None


def test_what_are_you_using_is_what_he_takes(tyler):
    outcome = talk(tyler).ask("so what are you using at the moment")
    assert outcome.intent == "opioid.regimen" and "blues" in outcome.reply


def test_what_dose_of_a_named_medicine_is_the_regimen(rosa):
    assert talk(rosa).ask("What dose of the buprenorphine are you on now?").intent == "opioid.regimen"


def test_the_facets_own_words_echo_the_question(tyler):
    ctl = talk(tyler, "any overdoses?")
    outcome = ctl.ask("who found you")
    assert outcome.intent == "opioid.overdose" and last_action(ctl).get("facet") == "who"
    assert outcome.reply.startswith("Nobody found me")


def test_a_facet_question_about_it_follows_the_answer_just_given(rosa):
    ctl = talk(rosa, "Do you still get cravings at all?")
    outcome = ctl.ask("And when is it at its worst?")
    assert outcome.intent == "opioid.craving" and last_action(ctl).get("facet") == "when"


def test_a_facet_question_with_a_topic_of_its_own_is_not_the_last_answers(rosa):
    ctl = talk(rosa, "Do you still get cravings at all?")
    assert last_action(ctl)["intent"] == "opioid.craving"
    outcome = ctl.ask("When is the operation booked for?")
    assert last_action(ctl).get("facet") != "when" or outcome.intent != "opioid.craving"


def test_empathy_that_starts_with_you_is_said_not_asked(tyler):
    outcome = talk(tyler).ask("you did the right thing coming in tonight.")
    assert outcome.interpretation.kind == "empathy" and not outcome.options


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("terse: main worry?", "goals.concerns"),
        ("Have you ever had a seizure?", "history.medical"),
        ("Are you keeping any spare packets in the house?", "safety.storage"),
        ("Have you felt the pull to use since the accident?", "opioid.craving"),
        ("Do you usually have some capsules left over by the end of the month?", "opioid.early_refills"),
    ],
)
def test_clinical_concepts_of_the_new_voices(denise, text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(text.removeprefix("terse: "))) == intent


def test_a_terse_question_whose_concept_agrees_is_answered(tyler):
    assert talk(tyler).ask("main worry?").intent == "goals.concerns"


def test_anything_you_would_like_to_ask_me_gives_him_the_floor(denise):
    ctl = talk(denise, "What are you taking at the moment?")
    outcome = ctl.ask("Is there anything you wanted to ask me about your medicines?")
    assert outcome.intent == "goals.concerns" and not outcome.options


def test_a_different_antidepressant_is_a_treatment_offered(denise):
    outcome = talk(denise).ask("Would you be open to trying a different antidepressant?")
    assert outcome.intent == "goals.treatment_views"


# --------------------------------------------------------------------- screening items and second languages


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Have others annoyed you by criticising your drug use?", "life.relationships"),
        ("Do you ever feel guilty about your drinking?", "life.health_harm"),
        ("Do you take anything first thing in the morning to steady your nerves?", "opioid.withdrawal"),
        ("Over the past year, have you smoked any tobacco?", "opioid.other_substances"),
        ("Do you ever think about ending your life?", "safety.suicidal_thoughts"),
        ("How have you been in yourself lately?", "history.mental_health"),
        ("You take some other medicine for sleep?", "opioid.other_substances"),
    ],
)
def test_form_and_second_language_wordings(denise, text, intent):
    assert talk(denise).ask(text).intent == intent


def test_a_second_language_dose_question_is_the_dose_not_the_medicine_named(rosa):
    outcome = talk(rosa).ask("Which dose of the buprenorphine you are taking, and how many times a day?")
    assert outcome.intent == "opioid.regimen" and "16" in outcome.reply


def test_a_part_asked_as_a_plan_is_answered_beside_the_question_before_it(cold):
    outcome = talk(cold).ask(
        "Other than tablets, what has helped the back over the years, and would you be willing to try the "
        "pain course now?")
    assert outcome.intent == "pain.prior_treatments" and "goals.treatment_views" in outcome.also


def test_a_part_with_no_words_of_its_own_is_not_a_question(ruth):
    outcome = talk(ruth).ask("And you yourself, ever any problems with alcohol?")
    assert outcome.intent == "history.substance_use" and not outcome.also


def test_encouragement_is_a_statement(cold):
    outcome = talk(cold).ask("Don't worry. You've done the hard part with the drink. You can do this.")
    assert outcome.interpretation.kind in ("empathy", "validation") and outcome.intent is None


def test_checking_the_call_is_small_talk_never_declined(ruth):
    outcome = talk(ruth).ask("Hello, can you hear me okay? I'm the locum doctor today.")
    assert outcome.interpretation.kind == "social" and "rather keep to" not in outcome.reply


def test_wanting_them_when_not_in_pain_is_use_beyond_pain():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare("do you want them even when the knee isn't sore")) == "opioid.non_pain_use"


def test_a_plan_put_in_second_language_order_asks_readiness(cold):
    outcome = talk(cold).ask("If we come down slowly over some weeks, you will be okay with that?")
    assert outcome.intent == "goals.readiness"


# --------------------------------------------------------------------- hedges, calques, the floor passed on


@pytest.fixture(scope="module")
def nadia():
    return load_scenario(SCENARIOS / "oih-taper.yaml")


@pytest.fixture(scope="module")
def linda():
    return load_scenario(SCENARIOS / "high-dose-rotation.yaml")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Sorry if this is a silly question, but do you sleep well?", "do you sleep well?"),
        ("what do you take, if you don't mind me asking?", "what do you take?"),
        ("Since how much time you take the tramadol?", "how long have you been taking the tramadol?"),
        ("What arrived then?", "what happened?"),
        ("At work, how it goes?", "At work, how is it going?"),
        ("Something for to sleep?", "Something to sleep?"),
    ],
)
def test_hedges_and_second_language_calques_are_read_through(typed, read):
    assert normalise_turn(typed) == read


def test_leave_to_ask_before_someone_comes_is_asking_to_begin(nadia):
    outcome = talk(nadia).ask("Hello, is it okay if I ask you a few things before the registrar comes in?")
    assert outcome.interpretation.kind == "social" and not outcome.options


def test_a_hedged_question_is_answered(nadia):
    outcome = talk(nadia).ask("And what do you take for the pain now, if you don't mind me asking?")
    assert outcome.intent == "opioid.regimen"


def test_how_long_in_a_calque_is_the_duration(linda):
    assert talk(linda).ask("Since how much time you take this morphine?").intent == "opioid.duration"


def test_anything_to_pass_on_is_the_floor(nadia):
    ctl = talk(nadia, "What worries you most?")
    outcome = ctl.ask("Is there anything you'd like me to pass on to the doctor?")
    # her own question (round 11) or the next thing she is ready to tell: never asked back
    own_question = outcome.reply in nadia.interview.questions
    assert not outcome.options and (last_action(ctl).get("follow_up") or own_question)
    # more of what he has just said, or the next thing he is ready to tell: never the same words
    assert outcome.reply != ctl.session.data.transcript[-3].text


def test_what_did_you_have_in_mind_asks_for_more_of_the_request(nadia):
    ctl = talk(nadia, "What happened after each dose increase?")
    follow = dialogue.detect_follow_up("wat did u have in mind")
    assert follow is not None and follow.kind == "more"
    outcome = ctl.ask("what did you have in mind?")
    assert outcome.intent == "topic.each_increase"


def test_how_work_is_affected_is_about_work(nadia):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare("And how has all this been affecting work?")) == "life.obligations"
    outcome = talk(nadia).ask("And how has all this been affecting work?")
    assert outcome.intent in ("life.obligations", "pain.function")


# ------------------------------------------------------------ reported questions, idioms, reflections


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("The nurse asks what tablets you are taking.", "what tablets are you taking?"),
        ("He wants to know if you ever drink alcohol.", "do you ever drink alcohol?"),
        ("The doctor asks whether there is anyone at home with you.", "is there anyone at home with you?"),
        ("She would like to know about the sleep, how you manage it.",
         "tell me about the sleep, how do you manage it?"),
        ("Is the knee playing you up?", "Is the knee hurting you?"),
        ("Did the chemist have your tablets?", "Did the pharmacy have your tablets?"),
    ],
)
def test_reported_questions_and_idioms_are_asked_directly(typed, read):
    assert normalise_turn(typed) == read


def test_an_interpreters_reported_question_is_answered(overdose):
    outcome = talk(overdose).ask("The doctor asks what medicines you take at the moment.")
    assert outcome.intent == "opioid.regimen"
    assert talk(overdose).ask("She wants to know if there is naloxone at home.").intent == "safety.naloxone"


def test_a_reported_statement_is_not_a_question(overdose):
    outcome = talk(overdose).ask("The doctor says she is sorry this has been so hard.")
    assert outcome.intent is None and not outcome.options


def test_a_reflection_names_a_new_topic_only_when_the_model_is_sure(ruth):
    outcome = talk(ruth).ask("It sounds like the tablets have started doing a different job for you.")
    assert outcome.intent is None and outcome.interpretation.kind == "statement"


def test_a_request_after_a_filler_is_asked(ruth):
    outcome = talk(ruth).ask("Now, tell me about the chemist running out of your morphine.")
    assert outcome.intent == "topic.pharmacy_shortage"


@pytest.mark.parametrize(
    "text",
    ["Is there anything you'd want the rest of the team to understand?",
     "Is there anything else troubling you while you're here?"],
)
def test_more_ways_of_offering_the_floor(text):
    follow = dialogue.detect_follow_up(text)
    assert follow is not None and follow.kind == "else"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Do you have a small sherry in the evening?", "opioid.other_substances"),
        ("Do the tablets do anything for you apart from the pain?", "opioid.non_pain_use"),
        ("Whereabouts does it catch you?", "pain.location"),
        ("Who is in your corner at the moment?", "support.people"),
    ],
)
def test_everyday_british_wordings_name_their_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(text)) == intent


# ------------------------------------------------------------ checklists, slang, occupational health


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("4. Any previous attempts to stop?", "Any previous attempts to stop?"),
        ("Q2) Social history - who lives with you?", "who lives with you?"),
        ("- any falls?", "any falls?"),
        ("whats the plan at the mo", "whats the plan at the moment"),
    ],
)
def test_checklist_items_and_slang_are_read_through(typed, read):
    assert normalise_turn(typed) == read


def test_a_numbered_heading_item_is_answered(tyler):
    assert talk(tyler).ask("2. Duration of opioid use?").intent == "opioid.duration"


def test_so_before_a_chat_spelling_is_no_reflection(tyler):
    outcome = talk(tyler).ask("so whats your go-to these days")
    assert outcome.intent == "opioid.regimen"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("you clucking at all?", "opioid.withdrawal"),
        ("when was the last hit", "opioid.last_dose"),
        ("do you tend to use on your own?", "life.hazardous_use"),
        ("Any sick leave from work this year?", "life.obligations"),
        ("Any supply other than your GP?", "opioid.other_sources"),
    ],
)
def test_slang_and_work_wordings_name_their_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(text)) == intent


def test_the_jobs_physical_demands_are_about_work(marcus):
    outcome = talk(marcus).ask("Could you describe your job and the physical demands of it?")
    assert outcome.intent == "life.obligations"


# ------------------------------------------------------------ ward rounds, home visits, dropped articles


def test_a_bare_follow_up_after_a_statement_reads_the_whole_turn(overdose):
    outcome = talk(overdose).ask("In July there was the overdose. What happened?")
    assert outcome.intent == "opioid.overdose"


def test_why_about_it_asks_the_last_answers_reason(tyler):
    ctl = talk(tyler, "What happened when you tried buprenorphine before?")
    assert last_action(ctl)["intent"] == "topic.bad_start"
    outcome = ctl.ask("Why'd you take it then?")
    assert outcome.intent == "topic.bad_start" and last_action(ctl).get("facet") == "why"
    assert "ready" in outcome.reply  # his reason: he thought feeling rough meant he was ready


def test_a_pets_name_is_small_talk(denise):
    outcome = talk(denise).ask("Oh, what's her name?")
    assert outcome.interpretation.kind == "social" and "rather keep to" not in outcome.reply


def test_his_family_is_never_declined_as_small_talk(denise):
    outcome = talk(denise).ask("Is your daughter coming to visit at Easter?")
    assert not last_action(talk(denise, "Is your daughter coming to visit at Easter?")).get("off_topic")
    assert "rather keep to" not in outcome.reply


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Pain relief adequate?", "pain.trend_on_opioids"),
        ("And the knee, is it any better?", "pain.trend_on_opioids"),
        ("Mobilising ok on the frame?", "pain.function"),
        ("How are you finding the new lower dose?", "opioid.cut_down"),
        ("How's your appetite?", "history.mental_health"),
    ],
)
def test_ward_and_home_visit_wordings_name_their_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(normalise_turn(text))) == intent


def test_is_it_worse_at_a_time_is_not_the_trend():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare("Is it worse at any particular time?")) != "pain.trend_on_opioids"


# ------------------------------------------------------------ telephone triage, Arabic, banter


def test_the_urgent_care_line_is_not_the_chart(nadia):
    from simulator.patient import reply

    assert not reply.names_the_chart("You're through to the urgent care line.")
    assert reply.names_the_chart("The PDMP shows a script from urgent care.")
    outcome = talk(nadia).ask("Hello, you're through to the urgent care line. Can I take your name please?")
    assert outcome.intent is None and outcome.interpretation.kind == "social"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is it going into the arm as well?", "pain.location"),
        ("does it stay in the neck?", "pain.location"),
        ("and where's the knee bothering you?", "pain.location"),
    ],
)
def test_where_it_spreads_names_its_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent, decisive_intent

    assert concept_intent(prepare(text)) == intent
    assert decisive_intent(prepare("are the tablets doing their job?")) == "pain.trend_on_opioids"


def test_spreading_to_the_arm_is_where_not_how_long(trauma_case):
    ctl = talk(trauma_case, "How long have you had the neck pain?")
    assert ctl.ask("The pain is going down the arm or it stays in the neck?").intent == "pain.location"


def test_what_can_i_do_for_you_is_an_open_question(ruth):
    assert talk(ruth).ask("Don't worry, I don't bite. What can I do for you?").intent == "goals.concerns"


def test_the_back_grumbling_is_the_back_hurting(ruth):
    assert normalise_turn("is the back grumbling?") == "is the back hurting you?"
    assert talk(ruth).ask("And where's the old back grumbling these days?").intent == "pain.location"


@pytest.fixture(scope="module")
def trauma_case():
    return load_scenario(SCENARIOS / "trauma-new-pain.yaml")


# ------------------------------------------------------------ pre-op, older people, Scots


def test_a_set_phrase_beats_a_case_topic(rosa):
    outcome = talk(rosa).ask("Any previous anaesthetics, and how did they go?")
    assert outcome.intent == "history.medical"


def test_what_dose_of_a_named_medicine_is_the_dose_in_a_compound_turn(rosa):
    outcome = talk(rosa).ask("Tell me about the buprenorphine - what dose, and who prescribes it?")
    assert outcome.intent == "opioid.regimen" and "opioid.prescriber" in outcome.also


def test_continuing_a_medicine_through_is_a_treatment_offered(rosa):
    outcome = talk(rosa).ask("How would you feel about continuing it through, with a nerve block afterwards?")
    assert outcome.intent == "goals.treatment_views"


def test_checking_the_line_after_an_introduction_is_small_talk(linda):
    outcome = talk(linda).ask("Hello Mrs Park. I'm from the older people's team. Can you hear me alright?")
    assert outcome.interpretation.kind == "social"


def test_scots_is_read_as_english(cold):
    assert normalise_turn("Are ye still aff the drink?") == "Are you still off the drink?"
    assert talk(cold).ask("How many are ye on the now?").intent == "opioid.regimen"


def test_how_many_after_an_answer_without_an_amount_is_the_dose(cold):
    ctl = talk(cold, "Why do you want to stop the oxycodone all at once?")
    outcome = ctl.ask("how many are you taking a day?")
    assert outcome.intent == "opioid.regimen" and "couldn't give you" not in outcome.reply


def test_a_sleeping_tablet_is_another_substance_not_sleep(cold):
    outcome = talk(cold).ask("And the sleeping tablet, are you still on that?")
    assert outcome.intent == "opioid.other_substances"


def test_help_with_the_worry_is_not_the_pain_trend():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare("Do the tablets help with the worry at all?")) != "pain.trend_on_opioids"
    assert concept_intent(prepare("do they help the pain")) == "pain.trend_on_opioids"


# ------------------------------------------------------------ risk assessments, typing without spaces


def test_leave_for_a_risk_assessment_is_asking_to_begin(tyler):
    outcome = talk(tyler).ask("Hi, I'm from the liaison team. I need to do a quick risk assessment, ok?")
    assert outcome.interpretation.kind == "social" and not outcome.options


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Any history of self-harm?", "safety.suicidal_thoughts"),
        ("Do you ever feel you don't want to live anymore?", "safety.suicidal_thoughts"),
        ("any plans or intent?", "safety.suicidal_thoughts"),
        ("how are your spirits these days?", "history.mental_health"),
    ],
)
def test_risk_assessment_wordings(tyler, text, intent):
    assert talk(tyler).ask(text).intent == intent


def test_a_request_at_the_end_of_a_turn_asks(denise):
    outcome = talk(denise).ask("That turn you had last week with the sweating, explain it to me.")
    assert outcome.intent is not None and outcome.interpretation.kind == "question"


def test_words_run_together_after_punctuation_are_read_apart(marcus):
    outcome = talk(marcus).ask("hi marcus,im the NP today.wheres the pain")
    assert outcome.intent == "pain.location"


def test_which_drugs_for_it_now_is_the_regimen(denise):
    assert talk(denise).ask("Which drugs are you using for it now?").intent == "opioid.regimen"


# ------------------------------------------------------------ Irish GP, rheumatology, ED triage


def test_what_the_hospital_sent_him_home_with_is_the_regimen():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import decisive_intent

    assert decisive_intent(prepare("what did the ward send you home with?")) == "opioid.regimen"


def test_in_much_pain_is_how_bad(nadia):
    assert talk(nadia).ask("Are you in much pain at all today?").intent == "pain.severity"


def test_what_brought_you_to_ed_is_an_open_question(overdose):
    # the opener: the reason for the visit the case names (round 13)
    outcome = talk(overdose).ask("What's brought you to the ED tonight?")
    assert outcome.intent == overdose.interview.visit_reason


def test_what_did_you_take_is_what_he_takes(overdose):
    assert talk(overdose).ask("What did you take?").intent == "opioid.regimen"


# ------------------------------------------------------------ medication reviews, custody, a relative present


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how's it working for you these days?", "pain.trend_on_opioids"),
        ("your daughter says you get very sleepy", "opioid.side_effects"),
    ],
)
def test_review_wordings_name_their_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(text)) == intent


def test_couldnt_be_woken_is_an_overdose_phrase():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import decisive_intent

    assert decisive_intent(prepare("what if you got drowsy and couldn't be woken?")) == "opioid.overdose"


def test_how_he_feels_about_his_dose_asks_readiness(linda):
    assert talk(linda).ask("How do you feel about the dose you're on?").intent == "goals.readiness"


def test_still_worth_it_is_the_trend_not_a_case_topic(linda):
    outcome = talk(linda).ask("Do you think the morphine is still worth it?")
    assert outcome.intent == "pain.trend_on_opioids"


# ------------------------------------------------------------ pain inventories, leading questions, Portuguese


def test_brief_pain_inventory_wordings(marcus):
    ctl = talk(marcus, "Please rate your pain at its worst in the last 24 hours.")
    assert ctl.ask("And at its least in the last 24 hours?").intent == "pain.severity"
    assert talk(marcus).ask("Has the pain interfered with your sleep?").intent == "life.sleep"


def test_what_medications_are_you_receiving_is_the_regimen(marcus):
    outcome = talk(marcus).ask("What treatments or medications are you receiving for your pain?")
    assert outcome.intent == "opioid.regimen"


def test_a_single_pill_for_sleep_is_another_substance(cold):
    assert talk(cold).ask("You take some pill for to sleep?").intent == "opioid.other_substances"


def test_is_okay_for_you_after_a_slow_reduction_asks_readiness(cold):
    outcome = talk(cold).ask("If we diminish slowly, in some weeks, is okay for you?")
    assert outcome.intent == "goals.readiness"


def test_an_introduction_gets_a_greeting_not_a_flat_okay():
    from simulator.patient.reply import statement_kind

    assert statement_kind(set(), "hiya daniel, im the paramedic from the gp surgery") == "greeting"
    assert statement_kind(set(), "Morning! I'm Sam, one of the nurses.") == "greeting"
    # (something done for him is news he reacts to, round 11)
    assert statement_kind(set(), "I'll write to your GP today.") == "news.action"


# ------------------------------------------------------------ long turns, over-formal students, text relay


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("any thots of ending things", "any thoughts of ending things"),
        ("wud u b ok with that", "would you be ok with that"),
        ("Would you mind telling me which analgesics you take?", "which painkillers you take?"),
    ],
)
def test_text_speak_and_formal_hedges(typed, read):
    assert normalise_turn(typed) == read


def test_text_relay_turns(denise):
    assert talk(denise).ask("hi denise dr here. ok to ask sum qs?").interpretation.kind == "social"
    assert talk(denise).ask("any thots of ending things").intent == "safety.suicidal_thoughts"


def test_how_much_he_gets_through_is_the_dose(overdose):
    outcome = talk(overdose).ask("Roughly how much are you getting through in a day?")
    assert outcome.intent == "opioid.regimen"


def test_where_the_extra_ones_come_from_is_other_sources(overdose):
    assert talk(overdose).ask("Where do the extra ones come from?").intent == "opioid.other_sources"


def test_life_with_his_partner_is_the_relationship(overdose):
    outcome = talk(overdose).ask("What's it been like at home with your partner since July?")
    assert outcome.intent == "life.relationships"


def test_leave_to_take_a_brief_history_is_asking_to_begin(marcus):
    outcome = talk(marcus).ask("I'm a medical student, would it be alright if I took a brief history?")
    assert outcome.interpretation.kind == "social"


def test_could_you_imagine_reducing_asks_readiness(nadia):
    assert talk(nadia).ask("Could you imagine to reduce the oxycodone slowly?").intent == "goals.readiness"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ever been without it for a day or two?", "opioid.withdrawal"),
        ("still sober?", "history.substance_use"),
    ],
)
def test_terse_clinic_wordings_name_their_concept(text, intent):
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare(text)) == intent


# ------------------------------------------------------------ a pharmacist on the phone, a curt locum


def test_checking_who_is_on_the_phone_is_small_talk(trauma_case):
    outcome = talk(trauma_case).ask("Hi, is that Daniela? It's the pharmacist, about your repeat.")
    assert outcome.interpretation.kind == "social" and not outcome.options


def test_is_that_right_is_not_a_name_check():
    from simulator.patient.turn import _CALL_CHECK

    assert not _CALL_CHECK.search("is that right?")


def test_i_wanted_to_check_how_is_a_question():
    assert normalise_turn("I just wanted to check how you're sleeping.") == "how are you sleeping?"


def test_a_bare_dose_is_the_regimen(linda):
    assert talk(linda).ask("Dose?").intent == "opioid.regimen"


def test_keeping_them_out_of_reach_is_storage():
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    assert concept_intent(prepare("do you keep them somewhere the kids can't reach?")) == "safety.storage"
