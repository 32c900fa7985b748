"""Issue 19, round 12: what the spent held-out round 9 and this round's outside testers found, fixed
as rules that hold for every case.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.normalise import normalise_turn
from simulator.patient.understanding.statements import classify_statement

# ---------------------------------------------------------------- an item read off a form is asked


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Five. Strong urges to use the tablets.", "Strong urges to use the tablets?"),
        ("Criterion 7: giving up hobbies because of opioid use.", "giving up hobbies because of opioid use?"),
        ("Item two - sleep problems", "sleep problems?"),
        ("3) Has the same dose stopped working?", "Has the same dose stopped working?"),
    ],
)
def test_a_numbered_item_is_read_as_a_question(typed, read):
    assert normalise_turn(typed) == read


@pytest.mark.parametrize(
    "typed",
    ["First, tell me about the pain.", "One more thing: how is your sleep?", "Two weeks ago, how was it?"],
)
def test_a_sentence_that_only_starts_with_a_number_word_is_not_an_item(typed):
    assert normalise_turn(typed).rstrip("?.") == typed.rstrip("?.")


def test_a_criterion_read_as_a_statement_off_the_checklist_is_answered(marcus):
    criterion = "Four. Spending a lot of the day getting the pills, taking them or getting over it."
    outcome = talk(marcus).ask(criterion)
    assert outcome.intent == "opioid.time_spent"


# ---------------------------------------------------------------- the floor, in formal and form words


@pytest.mark.parametrize(
    "typed",
    [
        "Is there any further matter you'd like to raise?",
        "Anything more you'd like to say or ask?",
        "Anything else you want me to note down for the doctor?",
        "Anything further?",
    ],
)
def test_the_floor_offered_in_other_words_gets_what_is_on_his_mind(typed):
    case = bundled("trauma-new-pain")
    outcome = talk(case).ask(typed)
    assert outcome.intent == "goals.concerns"
    assert "worr" in outcome.reply.lower() or "two things" in outcome.reply.lower()


def test_any_further_question_of_content_is_not_the_floor(marcus):
    outcome = talk(marcus).ask("Anything else you take for sleep?")
    assert outcome.intent != "goals.concerns"


# ---------------------------------------------------------------- a history asked in a form's dated words


def test_a_history_of_substance_abuse_asked_off_a_form_is_a_history_question_not_an_insult(marcus):
    outcome = talk(marcus).ask("Personal history of substance abuse - alcohol, street drugs, pills?")
    assert outcome.intent == "history.substance_use"
    hits = classify_statement("Personal history of substance abuse?").stigma_terms
    assert [h.category for h in hits] == ["others"]  # the term is still noted for the debrief


def test_abuse_said_of_him_is_still_stigma(marcus):
    assert talk(marcus).ask("Have you been abusing your painkillers?").intent is None


@pytest.mark.parametrize(
    "typed", ["You're not flogging a few down the pub, are you?", "Selling any on the side, mate?"]
)
def test_selling_said_in_slang_is_heard_as_the_accusation_it_is(typed):
    outcome = talk(bundled("postop-acute")).ask(typed)
    assert outcome.intent is None
    assert classify_statement(typed).stigma_terms[0].category == "accusation"


# ---------------------------------------------------------------- leave to start the visit


@pytest.mark.parametrize(
    "typed", ["Morning, I'm Dr Okafor. Shall we start, then?", "Can we make a start?", "Shall we begin?"]
)
def test_leave_to_start_the_visit_is_given(typed):
    outcome = talk(bundled("oih-taper")).ask(typed)
    assert outcome.intent is None
    assert "sorry" not in outcome.reply.lower() and "rather keep" not in outcome.reply.lower()


def test_starting_a_treatment_is_still_a_question(ruth):
    assert talk(ruth).ask("Can we start coming down next month?").intent is not None


# ------------------------------------------------------------ the classifier trained on the interviews


@pytest.mark.parametrize("typed", ["Dose?", "current dose?", "What dosage?"])
def test_the_dose_asked_in_a_word_is_the_regimen(marcus, typed):
    assert talk(marcus).ask(typed).intent == "opioid.regimen"


def test_what_has_helped_is_the_treatments_tried_whatever_the_time_words(marcus):
    assert talk(marcus).ask("Apart from the pills, what's helped your back over the years?").intent == (
        "pain.prior_treatments"
    )


def test_an_injury_asked_unclearly_never_offers_the_suicide_screen(marcus):
    outcome = talk(marcus).ask("how'd you hurt yourself then")
    assert "safety.suicidal_thoughts" not in (outcome.options or ())
    assert outcome.intent != "safety.suicidal_thoughts"


def test_the_development_interviews_train_the_classifier_but_never_the_held_out_set():
    import re
    from pathlib import Path

    from simulator.patient.understanding.model import DEV_PHRASINGS, EXTRA_PHRASINGS, TOPIC_YARDSTICK

    bench = (Path(__file__).resolve().parents[2] / "bench" / "abstention.py").read_text(encoding="utf-8")
    held_out = re.search(r'^HELD_OUT = "realistic_(\w+)"', bench, re.M).group(1)
    text = DEV_PHRASINGS.read_text(encoding="utf-8")
    assert DEV_PHRASINGS in EXTRA_PHRASINGS and DEV_PHRASINGS not in TOPIC_YARDSTICK
    assert "bench_dev22:" in text and f"bench_{held_out}:" not in text


# ---------------------------------------------------------------- from the training interviews' testers


def test_a_passive_wish_not_to_be_here_is_the_suicide_screen():
    outcome = talk(bundled("tramadol-taper")).ask("Have you felt it might be easier not to be here any more?")
    assert outcome.intent == "safety.suicidal_thoughts"


def test_a_plan_asked_right_after_the_thoughts_is_the_screen_not_the_treatment():
    ctl = talk(bundled("tramadol-taper"))
    ctl.ask("Have you had thoughts that you'd be better off dead?")
    assert ctl.ask("You thought how you would do it, some plan?").intent == "safety.suicidal_thoughts"
    ctl2 = talk(bundled("tramadol-taper"))
    ctl2.ask("Have you had thoughts that you'd be better off dead?")
    assert ctl2.ask("Do you have a plan for the taper in mind?").intent != "safety.suicidal_thoughts"


def test_how_are_you_going_is_a_greeting_never_declined():
    outcome = talk(bundled("surgery-on-buprenorphine")).ask("How're you going this arvo?")
    assert "rather keep to why" not in outcome.reply and outcome.intent == "goals.concerns"


def test_a_medicine_named_by_its_brand_reaches_the_case_topic_even_when_the_reading_is_unsure():
    ctl = talk(bundled("postop-acute"))
    assert ctl.ask("r u still taking the tylenol the ward gave u").intent == "topic.paracetamol"
    assert ctl.ask("why did u stop it").intent == "topic.paracetamol"


def test_overuse_asked_as_doses_above_the_label_is_never_answered_yes_by_a_careful_patient():
    reply = talk(bundled("trauma-new-pain")).ask("Any doses above what's written, or closer together?").reply
    assert not reply.lower().startswith(("yes", "yeah"))


def test_who_is_at_home_is_not_answered_with_how_things_are():
    reply = talk(bundled("cold-turkey")).ask("who's at home with you").reply
    assert not reply.lower().startswith(("good", "fine"))
    assert "wife" in reply
