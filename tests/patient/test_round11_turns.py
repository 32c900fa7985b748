"""Issue 19, round 11: what the last held-out set (now spent) and this round's outside testers
found, fixed as rules that hold for every case.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.normalise import normalise_turn
from simulator.patient.understanding.statements import classify_statement

# ---------------------------------------------------------------- the chart put in other words


@pytest.mark.parametrize(
    "typed",
    [
        "The pharmacy record is showing that three of your refills went out six days before they were due. "
        "What was going on?",
        "Looks like the last few fills were picked up a week early - talk me through that?",
    ],
)
def test_early_fills_named_in_other_words_get_the_confronted_reply_not_the_lie(marcus, typed):
    fact = marcus.interview.facts["more_than_prescribed"]
    outcome = talk(marcus).ask(typed)
    assert outcome.reply == fact.confronted
    assert "wash" not in outcome.reply.lower() or "didn't go in the wash" in outcome.reply.lower()


# ---------------------------------------------------------------- reassurance is felt, not "Okay."


@pytest.mark.parametrize(
    "typed",
    [
        "Right. We'll take it slowly, we do it together. You won't be on your own with this.",
        "We will not leave you without any treatment, okay?",
        "I'm not going to abandon you over this.",
        "You did absolutely the right thing telling me.",
    ],
)
def test_reassurance_is_heard_as_empathy(typed):
    assert "empathy" in classify_statement(typed).kinds


def test_reassurance_typed_into_the_interview_gets_his_reaction_not_a_question_back(marcus):
    outcome = talk(marcus).ask("We will not leave you without treatment, okay?")
    assert outcome.interpretation.kind == "empathy"
    assert not outcome.options and outcome.reply not in ("Okay.", "I see.")


# ---------------------------------------------------------------- a label given across "to"


@pytest.mark.parametrize(
    ("typed", "stigma"),
    [
        ("I'm not prescribing anything strong to a recovering drunk.", True),
        ("I won't give more tablets to an addict.", True),
        ("You're not an addict, and nobody here thinks so.", False),
        ("That doesn't make you an addict.", False),
        ("Were you a drunk driver back then?", False),
    ],
)
def test_a_label_given_to_someone_in_a_negative_is_still_a_label(typed, stigma):
    assert ("stigma" in classify_statement(typed).kinds) is stigma


# ---------------------------------------------------------------- his name at the end


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Where is the pain worst, Marcus?", "Where is the pain worst?"),
        ("Any nausea with it, Mr Hale?", "Any nausea with it?"),
        ("Does it wake you at night, Mrs. Alvarez?", "Does it wake you at night?"),
        ("Do you take them with ibuprofen, or alone?", "Do you take them with ibuprofen, or alone?"),
        ("How have you been keeping?", "how are you?"),
    ],
)
def test_the_patients_name_at_the_end_and_how_are_you_keeping(typed, read):
    assert normalise_turn(typed) == read


def test_a_question_ending_with_his_name_is_answered(marcus):
    assert talk(marcus).ask("what does the pain feel like, Marcus?").intent == "pain.character"


# ---------------------------------------------------------------- the case's words for a facet


@pytest.fixture(scope="module")
def reyes():
    return bundled("cold-turkey")


def test_a_time_question_naming_what_his_when_tells_of_asks_when_that_began(reyes):
    # "fog" is in no answer about the pain's history; his side effects' `when` says when it began
    outcome = talk(reyes).ask("When did the fog first come on?")
    assert outcome.intent == "opioid.side_effects"


def test_a_time_question_naming_the_pains_own_story_stays_the_pains_history(reyes):
    assert talk(reyes).ask("When did the back pain start?").intent == "pain.duration"


def test_who_asked_of_a_thing_his_last_answer_holds_gets_that_answers_who(reyes):
    ctl = talk(reyes)
    assert ctl.ask("Where do you keep them?").intent == "safety.storage"
    key = ctl.ask("Who holds the key then?")
    # his words for who holds the lockbox key, not the list of people who support him
    assert key.intent == "safety.storage" and "key" in key.reply.lower()


# ---------------------------------------------------------------- the thing named first; a medicine's brand


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("And the methadone, how much are you on?", 1),
        ("Your sleep, any better?", 1),
        ("How is the pain, and do you sleep?", 2),
    ],
)
def test_a_thing_named_before_its_question_is_one_question(typed, parts):
    from simulator.patient.understanding.compound import split_turn

    assert len(split_turn(typed)) == parts


@pytest.fixture(scope="module")
def brennan():
    return bundled("severe-oud-overdose")


@pytest.mark.parametrize(
    "typed", ["How do you take the Xanax?", "benzos - how much", "the benzodiazepine, how often?"]
)
def test_his_other_medicine_named_by_any_name_gets_the_cases_topic_on_it(brennan, typed):
    assert talk(brennan).ask(typed).intent == "topic.alprazolam"


def test_a_list_of_substances_stays_the_substances_question(brennan):
    outcome = talk(brennan).ask("Any benzos, alcohol or street drugs lately?")
    assert outcome.intent == "opioid.other_substances"


def test_a_plan_naming_a_medicine_is_a_statement_not_a_question(sam_case):
    outcome = talk(sam_case).ask("Right. Plan: paracetamol regularly, a few days of oxycodone, then review.")
    assert outcome.intent is None


@pytest.fixture(scope="module")
def sam_case():
    return bundled("postop-acute")


def test_how_things_are_with_a_symptom_asks_about_it(marcus):
    assert talk(marcus).ask("How have things been with the cravings this month?").intent == "opioid.craving"


def test_how_his_family_is_coping_asks_about_them(marcus):
    assert talk(marcus).ask("How is your wife coping with all of this?").intent == "life.relationships"


def test_i_see_you_is_not_a_goodbye(brennan):
    outcome = talk(brennan).ask("I see you take Xanax as well.")
    assert outcome.interpretation.kind != "closing"


# ---------------------------------------------------------------- from the last two testers (dev20, dev21)


def test_a_result_read_out_in_shorthand_is_the_chart_put_to_him():
    from simulator.patient.understanding.normalise import normalise_turn as read

    read_out = read("Tox back. Oxy neg, fent pos.")
    assert read_out == "urine drug screen back. oxycodone negative, fentanyl positive"


@pytest.fixture(scope="module")
def denise():
    return bundled("tramadol-taper")


def test_tablets_kept_at_home_is_where_they_are_kept_not_whether_he_takes_extra(denise):
    assert talk(denise).ask("Any old tablets you kept at home from before?").intent == "safety.storage"
    assert talk(denise).ask("Do you ever take extra tablets?").intent == "opioid.as_prescribed"


@pytest.mark.parametrize(
    "typed", ["Who lives with you?", "Who's at home with you these days?", "Do you live alone?"]
)
def test_who_lives_with_him_is_his_household_not_who_he_would_call(denise, typed):
    assert talk(denise).ask(typed).intent == "life.relationships"


def test_naloxone_told_with_a_one_word_check_is_an_offer_he_takes(denise):
    outcome = talk(denise).ask("You should keep naloxone at home. I'll prescribe a spray. Okay?")
    assert outcome.intent == "safety.naloxone" and not outcome.reply.lower().startswith("no")


def test_a_prescription_from_another_doctor_put_to_him_is_owned_not_denied(marcus):
    ctl = talk(marcus, "What tablets do you take?")
    outcome = ctl.ask("There's also hydrocodone from another doctor in June, at a different pharmacy. "
                      "Who gave you that?")
    assert "urgent care" in outcome.reply and not outcome.reply.startswith("Dr. Moreno")
    # asked plainly, yes or no, it is a question to him, not the chart
    assert talk(marcus).ask("Have you ever had tablets from another doctor?").intent == "opioid.other_sources"


@pytest.fixture(scope="module")
def lena():
    return bundled("trauma-new-pain")


@pytest.mark.parametrize(
    ("told", "kind"),
    [
        ("We won't be switching you to anything stronger.", "refusal"),
        ("The oxycodone will come down by a small step every two weeks.", "taper"),
        ("It should come down in a few days, the swelling.", None),
    ],
)
def test_news_put_with_the_medicine_as_subject_is_news_of_its_kind(told, kind):
    from simulator.patient.reply import news_kind

    assert news_kind(told) == kind


@pytest.mark.parametrize(
    "check", ["Tell me what you've understood.", "How would you explain it to your daughter tonight?",
              "Can you say in your own words what we will do now?"]
)
def test_teach_back_in_other_words_gets_the_plan_in_his_words(lena, check):
    ctl = talk(lena, "Where is the pain?")
    ctl.ask("We're not going to move you to a stronger opioid. The hydrocodone should come down slowly.")
    assert "stronger" in ctl.ask(check).reply


def test_do_you_understand_is_answered_yes_and_questions_about_medicines_offer_the_floor(lena):
    ctl = talk(lena, "Where is the pain?")
    assert ctl.ask("Do you understand?").interpretation.kind != "question"
    assert ctl.ask("Do you have any questions about your medicines?").accepted
    assert ctl.ask("Do you have any questions about your medicines?").options == ()
