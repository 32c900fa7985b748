"""Issue 19, round 9: whole classes of typed turns read by their form, not their words.

A question embedded in a statement of the asker's wish or wonder, a progressive without its "are",
the floor offered for what weighs on the patient, and an open question that names home. The turns
are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import talk
from fixtures.scenario_text import SCENARIOS

from simulator.patient import dialogue
from simulator.patient.understanding.normalise import normalise_turn
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def clbp():
    return load_scenario(SCENARIOS / "clbp-moderate-oud.yaml")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("I'm wondering how your nights are these days", "how are your nights these days?"),
        ("I'd be keen to hear whether you've ever missed a dose", "have you ever missed a dose?"),
        ("I was just curious if you ever drive on them", "do you ever drive on them?"),
        ("Let's talk a little about your family", "tell me about your family?"),
        ("May I ask whether there is a gun in the house?", "is there a gun in the house?"),
        ("It would help to know what the patches are like", "what are the patches like?"),
        ("Can you ask her whether she has a naloxone kit?", "have you a naloxone kit?"),
        ("Please ask him how often he takes his tablets", "how often do you take your tablets?"),
        ("I'd like to understand how the tablets are for you now", "how are the tablets for you now?"),
    ],
)
def test_a_question_embedded_in_a_wish_or_wonder_is_asked_directly(typed, read):
    assert normalise_turn(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("How you managing at work?", "How are you managing at work?"),
        ("how long you been off work?", "how long have you been off work?"),
        ("You got a partner at home?", "have you got a partner at home?"),
        ("what you using for the nerve pain", "what are you using for the nerve pain"),
        # a clause put before the question keeps its words ("when you ..., did you ...?")
        ("When you missed one, did you feel rough?", "When you missed one, did you feel rough?"),
        # "u" is "you" before the rules read it ("is the knee still giving u grief?")
        ("how u getting on with the patches", "how are you getting on with the patches"),
        # hesitations inside the turn are not asked
        ("And do you, um, keep them somewhere safe?", "And do you keep them somewhere safe?"),
        ("how often, you know, roughly?", "how often roughly?"),
        ("I was, like, wondering if you sleep ok", "do you sleep ok?"),
        ("What do you like, to do?", "What do you like, to do?"),
        ("Been to the er um since then?", "Been to the er since then?"),
        ("knee still giving u some grief?", "knee still hurting you?"),
    ],
)
def test_a_progressive_without_its_are_is_asked(typed, read):
    assert normalise_turn(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Have you at any stage ingested more than the stated quantity?",
         "Have you ever taken more than the stated amount?"),
        ("Did you endeavour to discontinue them prior to admission?",
         "Did you try to stop them before admission?"),
        ("Kindly specify the site of the discomfort.", "tell me where the pain."),
        ("Where do you obtain your supply at present?", "Where do you get your supply now?"),
    ],
)
def test_a_formal_register_is_read_in_plain_words(typed, read):
    assert normalise_turn(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("presenting c/o?", "presenting complaint?"),
        ("thoughts re tapering?", "thoughts about tapering?"),
        ("tx pref?", "tx preference?"),
        ("any n/v on the patches?", "any nausea or vomiting on the patches?"),
        ("re the tablets - how many a day?", "re the tablets - how many a day?"),
    ],
)
def test_more_clinical_shorthand_is_read_out(typed, read):
    assert normalise_turn(typed) == read


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("I'm curious how you've been sleeping lately", "life.sleep"),
        ("I'd love to hear a bit about who you live with", "support.people"),
    ],
)
def test_an_embedded_question_without_a_question_mark_is_answered(clbp, typed, intent):
    outcome = talk(clbp).ask(typed)
    assert outcome.interpretation.kind == "question"
    assert outcome.intent == intent


@pytest.mark.parametrize(
    "typed",
    ["Anything else weighing on you today?", "What else is on your mind?", "Any other worries you've got?",
     "Anything you'd like to get off your chest before we finish?"],
)
def test_the_floor_offered_for_his_worries_gets_what_is_on_his_mind(clbp, typed):
    follow = dialogue.detect_follow_up(typed)
    assert follow is not None and follow.kind == "else" and follow.rest == "on his mind"
    outcome = talk(clbp, "Where does it hurt?").ask(typed)
    assert outcome.intent == "goals.concerns"


def test_the_floor_is_not_offered_by_a_question_with_its_own_topic(clbp):
    follow = dialogue.detect_follow_up("what else are you on?")
    assert follow is None or follow.rest != "on his mind"
    assert dialogue.detect_follow_up("Anything else bothering your stomach on them?") is None


def test_an_open_question_that_names_home_asks_about_home(clbp):
    outcome = talk(clbp).ask("So how's everything been on the home front?")
    assert outcome.intent == "life.relationships"


@pytest.mark.parametrize(
    "typed",
    ["What's dragged you in to see us?", "Well, what can we do you for?",
     "So what seems to be the trouble, then?", "What are you here about today?",
     "Grab a seat - how are we doing this afternoon?"],
)
def test_a_folksy_opener_asks_for_his_main_concern(clbp, typed):
    # an opener is answered with the reason for the visit the case names (round 13)
    openers = {clbp.interview.visit_reason}
    assert talk(clbp).ask(typed).intent in ({"goals.concerns"} if "how are we" in typed else openers)


@pytest.mark.parametrize("typed", ["Pull up a pew and get comfy.", "Have a seat, make yourself at home."])
def test_offering_a_seat_is_small_talk(clbp, typed):
    outcome = talk(clbp).ask(typed)
    assert outcome.intent is None and outcome.interpretation.kind == "social" and not outcome.options


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("On a lighter note, how have your nights been?", "life.sleep"),
        ("Before we look at the plan, who else is at home with you?", "life.relationships"),
    ],
)
def test_a_change_of_subject_before_the_question_is_not_asked(clbp, typed, intent):
    assert talk(clbp).ask(typed).intent == intent


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("Are the patches still doing the trick?", "pain.trend_on_opioids"),
        ("Has your husband ever had a struggle to rouse you in the morning?", "opioid.overdose"),
    ],
)
def test_everyday_idiom_names_the_clinical_concept(clbp, typed, intent):
    assert talk(clbp).ask(typed).intent == intent


def test_doing_a_job_is_still_work(clbp):
    outcome = talk(clbp).ask("Are you still doing the same job as before the injury?")
    assert outcome.intent == "life.obligations"


@pytest.mark.parametrize(
    "typed", ["Is there anything else you reckon I ought to hear before we work out what to do next?",
              "Anything more at all before I write this up?"],
)
def test_the_floor_offered_before_the_plan_is_still_the_floor(typed):
    follow = dialogue.detect_follow_up(typed)
    assert follow is not None and follow.kind == "else"


def test_a_question_of_its_own_before_the_plan_is_not_the_floor():
    assert dialogue.detect_follow_up("Anything else you're taking before we start?") is None


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Has the patient ever been given naloxone?", "have you ever been given naloxone?"),
        ("Is the pt still working?", "are you still working?"),
        ("Could the patient be pregnant?", "Could you be pregnant?"),
        ("The patient's sleep - any problems?", "your sleep - any problems?"),
        ("Please ask him if he smokes", "do you smoke?"),
    ],
)
def test_the_patient_named_in_the_third_person_is_asked_directly(typed, read):
    assert normalise_turn(typed) == read


def test_reassurance_after_a_question_is_not_asked(clbp):
    ctl = talk(clbp, "Do you drink at all?")
    outcome = ctl.ask("How many, about? There's no judgement here.")
    assert outcome.intent == "opioid.other_substances"


@pytest.fixture(scope="module")
def overdose():
    return load_scenario(SCENARIOS / "severe-oud-overdose.yaml")


def test_a_question_anchored_in_the_story_just_told_asks_its_facet(overdose):
    ctl = talk(overdose, "Have you ever overdosed?")
    outcome = ctl.ask("And who brought you round with the spray that night?")
    assert outcome.intent == "opioid.overdose"
    assert outcome.interpretation.action.get("facet") == "who"


def test_a_question_on_another_topic_back_then_is_that_topic(overdose):
    ctl = talk(overdose, "Have you ever overdosed?")
    assert ctl.ask("Who was prescribing for you back then?").intent == "opioid.prescriber"


@pytest.mark.parametrize(
    "typed",
    ["Let's talk through what we do next.", "I'm wondering if a physio referral could help.",
     "I'd like to ask you a few questions about the tablets.", "Let's have a think about the options."],
)
def test_the_plan_told_in_a_wish_or_wonder_stays_a_statement(clbp, typed):
    outcome = talk(clbp).ask(typed)
    assert outcome.intent is None and not outcome.options


@pytest.mark.parametrize(("typed", "intent"), [("ok and how long have you had the pain", "pain.duration"),
                                             ("right, and what do you take for it", "opioid.regimen"),
                                             ("okay so and where does it hurt", "pain.location")])
def test_a_question_joined_on_after_an_acknowledgement_is_asked(clbp, typed, intent):
    """"ok and how long have you had the pain" has no question mark, and its question word comes after the
    acknowledgement and the joining word: it is still a question, answered, never "Okay."."""
    outcome = talk(clbp, "hi, I'm one of the doctors").ask(typed)
    assert outcome.interpretation.kind == "question" and outcome.intent == intent


@pytest.mark.parametrize("typed", ["how did you hurt yourself", "did you hurt yourself at work?"])
def test_an_injury_asked_about_is_never_read_as_self_harm(clbp, typed):
    """"How did you hurt yourself?" asks about the injury: never answered as the suicide screen."""
    outcome = talk(clbp, "hi, I'm one of the doctors").ask(typed)
    assert outcome.intent != "safety.suicidal_thoughts"
    assert "safety.suicidal_thoughts" not in (outcome.options or ())


@pytest.mark.parametrize("typed", ["have you ever hurt yourself on purpose?",
                                   "any thoughts of hurting yourself?"])
def test_the_self_harm_screen_is_still_heard(clbp, typed):
    assert talk(clbp, "hi, I'm one of the doctors").ask(typed).intent == "safety.suicidal_thoughts"
