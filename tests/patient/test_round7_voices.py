"""Issue 19, round 7: more varied training data for the learnt stages.

The voices file (``understanding/phrasings_voices.yaml``) is trained beside the first phrasings
file; the dialogue-act classifier gained a ``social`` act (a greeting that asks to begin, put as a
question or not). Turns go through ``SessionController.ask``, the interview screen's path, and are
written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.scenario_text import SCENARIOS

from simulator.control.controller import SessionController
from simulator.patient.understanding.acts import classify_act
from simulator.patient.understanding.model import NOT_SPELLING_TARGETS, VOICES, load_phrasings
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def tyler():
    return load_scenario(SCENARIOS / "fentanyl-start.yaml")


@pytest.fixture(scope="module")
def daniela():
    return load_scenario(SCENARIOS / "trauma-new-pain.yaml")


def ask(scenario, *turns: str):
    ctl = SessionController.practice(scenario)
    outcome = None
    for text in turns:
        outcome = ctl.ask(text)
    return ctl, outcome


def test_the_voices_file_is_trained_with_the_first_and_counted_by_voice():
    ph = load_phrasings()
    first = load_phrasings(voices=None)
    voices = dict(ph.voices)
    assert VOICES.exists() and len(voices) >= 10
    assert sum(voices.values()) >= 1000
    added = sum(len(v) for v in ph.intents.values()) - sum(len(v) for v in first.intents.values())
    added += len(ph.off_topic) - len(first.off_topic) + len(ph.open_questions) - len(first.open_questions)
    assert added == sum(voices.values())
    assert ph.digest != first.digest  # the shipped classifier goes stale when either file changes


def test_misspelt_training_text_is_never_a_spelling_target():
    from simulator.patient.understanding.embed import StaticEmbedder
    from simulator.patient.understanding.model import make_speller

    ph = load_phrasings()
    assert "typos" in NOT_SPELLING_TARGETS and ph.misspelt
    speller = make_speller(ph, StaticEmbedder())
    # "takign" is in the typing-error voice only: it is corrected, never a word to correct to
    assert "takign" not in speller.targets and speller("takign") == "taking"


@pytest.mark.parametrize(
    "text",
    [
        "hiya, alright if I go through a few bits with you?",
        "Hello, I'm Jo, one of the nurses - ok to have a quick chat?",
        "Good morning, I am the doctor for you today.",
    ],
)
def test_a_greeting_that_asks_to_begin_is_social_not_a_question(text):
    assert classify_act(text) == "social"


@pytest.mark.parametrize(
    "text",
    [
        "Do you have any questions for me?",
        "Who is at home with you?",
        "Is it ok if I ask about your drinking?",
    ],
)
def test_a_question_about_care_is_never_small_talk(text):
    assert classify_act(text) is None


def test_greeting_with_a_request_gets_a_greeting_not_a_did_you_mean(tyler):
    _ctl, outcome = ask(tyler, "hey there, ok if I ask you some things?")
    assert outcome.intent is None and outcome.interpretation.kind == "social"
    assert "do you mean" not in outcome.reply.lower()


def test_ever_tried_bup_is_the_case_story_and_what_happened_follows_it(tyler):
    ctl, outcome = ask(tyler, "ever tried bup?")
    assert outcome.intent == "topic.bad_start"
    assert "strip" in outcome.reply.lower()
    assert ctl.ask("what happened?").intent == "topic.bad_start"


def test_open_to_starting_properly_is_readiness(tyler):
    _ctl, outcome = ask(tyler, "would you be open to getting it started properly?")
    assert outcome.intent == "goals.readiness"


def test_a_topic_put_first_is_never_read_confidently_as_another(daniela):
    # "With the grandchildren, how it goes?" was answered with where the tablets are kept
    for text in ("With the grandchildren, how it goes?", "With your daughter, how it is going?"):
        _ctl, outcome = ask(daniela, text)
        # (round 12: or the family duties he carries, never where the tablets are kept)
        assert outcome.intent in (None, "life.relationships", "life.obligations"), text
