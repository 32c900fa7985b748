"""Issue 19, round 13: non-native, terse and compound turns, and the chart named as clearing him.

A question followed by the answers it expects, a guess at its who or examples of what it leaves
open is one question; the question after the chart is what is asked; a "No." to a chart that clears
him agrees with it; a compound's first part is kept; the question word last, "it is three years
that you ...", "the last time you ..., what happened?" and the chemist who said something.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient import reply
from simulator.patient.understanding.compound import split_turn
from simulator.patient.understanding.normalise import normalise_turn


def _intent(result):
    return result.interpretation.action.get("intent")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("What did the chemist tell you about it?", "What did the pharmacist tell you about it?"),
        ("Did you ring the chemist?", "Did you ring the pharmacy?"),
        ("It's two years that you use the patch?", "have you been taking the patch for two years?"),
        ("It is six months that you take them?", "have you been taking them for six months?"),
        ("The last time you ran out, how was it?", "when you last ran out, how was it?"),
        ("You hurt your back where?", "where do you hurt your back?"),
        ("you stop the tablets when?", "when did you stop the tablets?"),
        ("You are taking it since when?", "You are taking it since when?"),  # a copula: other rules
    ],
)
def test_round13_normaliser_rules(typed, read):
    assert normalise_turn(typed) == read


def test_the_question_after_a_chart_that_clears_him_is_what_is_asked():
    ctl = talk(bundled("trauma-new-pain"))
    result = ctl.ask("The dispensing record has a single pharmacy and nothing early. Do you take them the "
                     "way the doctor wrote?")
    assert _intent(result) == "opioid.as_prescribed"
    assert not reply.denies(result.reply)


def test_a_no_to_a_chart_that_clears_him_agrees_with_it():
    ctl = talk(bundled("trauma-new-pain"))
    result = ctl.ask("The PDMP shows no early refills. Have you needed a refill early?")
    assert _intent(result) == "opioid.early_refills"
    assert result.reply.startswith("That's right.")
    assert reply.chart_clears("Records show never early, one pharmacy only.")
    assert not reply.chart_clears("The PDMP shows two early fills.")


def test_options_after_a_how_question_say_what_is_asked():
    ctl = talk(bundled("fentanyl-start"))
    result = ctl.ask("How are you using them? Swallowing, smoking, injecting?")
    assert _intent(result) == "opioid.route"
    assert not result.also


def test_kinds_of_pain_offered_after_the_question():
    ctl = talk(bundled("oih-taper"))
    result = ctl.ask("The pain is how? Sharp, dull, burning?")
    assert _intent(result) == "pain.character"
    assert not result.also


def test_a_guess_at_who_is_the_who_question():
    ctl = talk(bundled("surgery-on-buprenorphine"))
    result = ctl.ask("Who said you must stop it? The surgeon?")
    assert _intent(result) == "topic.surgeon_advice"


def test_examples_of_what_a_question_leaves_open_are_not_questions_of_their_own():
    ctl = talk(bundled("trauma-new-pain"))
    result = ctl.ask("Do the tablets do anything else for you apart from the pain? Sleep, nerves?")
    assert _intent(result) == "opioid.non_pain_use"
    assert "life.sleep" not in result.also


def test_a_list_of_new_topics_after_a_question_is_still_asked():
    # a list of another kind after a sure question is not its examples
    parts = split_turn("How is your sleep? Mood, appetite?")
    assert len(parts) == 2


def test_a_first_part_after_a_colon_clause_is_kept():
    parts = split_turn("If you don't mind me asking, it's routine: have you had trouble with drink yourself, "
                       "and has anybody in your family?")
    assert len(parts) == 2
    ctl = talk(bundled("postop-acute"))
    result = ctl.ask("If you don't mind me asking, it's routine: have you had trouble with drink or drugs "
                     "yourself, and has anybody in your family?")
    assert _intent(result) in {"history.substance_use", "opioid.other_substances"}
    assert "history.family" in result.also


def test_since_when_after_the_thing_put_first():
    assert split_turn("The back - where does it hurt, and since when?") == [
        "The back - where does it hurt?", "since when?"]
    ctl = talk(bundled("severe-oud-overdose"))
    result = ctl.ask("The pain, where exactly, and since when?")
    assert _intent(result) == "pain.location"
    assert "pain.duration" in result.also


def test_an_elliptic_second_half_is_asked_too():
    assert split_turn("How are things with your job, and at home with your husband?") == [
        "How are things with your job?", "at home with your husband?"]
    ctl = talk(bundled("oih-taper"))
    result = ctl.ask("How are things going with your job, and at home with the kids?")
    assert {_intent(result), *result.also} >= {"life.obligations", "life.relationships"}


def test_years_that_you_take_it():
    ctl = talk(bundled("surgery-on-buprenorphine"))
    assert _intent(ctl.ask("It is many years that you take it?")) == "opioid.duration"


def test_the_last_time_without_it():
    ctl = talk(bundled("surgery-on-buprenorphine"))
    result = ctl.ask("The last time you were without your medicine a few days, what happened?")
    assert _intent(result) in {"opioid.withdrawal", "opioid.cut_down"}


def test_what_the_chemist_said_is_the_shortage():
    ctl = talk(bundled("stable-dependence"))
    assert _intent(ctl.ask("What did the chemist tell you when they had none?")) == "topic.pharmacy_shortage"


def test_when_all_this_started_is_the_story_being_talked_about():
    fentanyl = bundled("fentanyl-start")
    ctl = talk(fentanyl, "How are you taking them?")
    assert _intent(ctl.ask("So when did all of this begin?")) == "opioid.duration"
    ctl = talk(fentanyl, "Where is the pain?")
    assert _intent(ctl.ask("How long has all this been going on?")) == "pain.duration"


def test_the_question_word_last_with_a_second_sentence():
    assert normalise_turn("You stop them when? Why?") == "when did you stop them? Why?"


def test_an_answer_that_already_says_like_i_said_says_it_once():
    from simulator.patient.persona import repeat_text

    again = repeat_text("Like I said, ", "Beer at weekends, like I said. Nothing else.", set())
    assert again == "Like I said, beer at weekends. Nothing else."
    assert again.lower().count("like i said") == 1
