"""Issue 19, round 8: abstention calibrated on whole turns.

The nearest-phrasings check (``turn._agreed``) asked back readings the classifier was sure of
("Where do you have pain at the moment?" at 0.68 went back as "did you mean where it hurts?").
Swept on whole development interviews, tuned on one half of the files and checked on the other,
the veto now holds only below ``turn.AGREED_ALONE``; the round-8 voices are trained.
"""

from __future__ import annotations

from simulator.patient import turn
from simulator.patient.understanding import CONFIDENCE_THRESHOLD, Match
from simulator.patient.understanding.model import load_phrasings


def test_a_sure_reading_stands_without_its_neighbours_vote():
    sure = Match("pain.location", turn.AGREED_ALONE, (("opioid.regimen", 0.1),), False)
    # the nearest training phrasings of small talk are no pain questions: the reading still stands
    assert turn._agreed(sure, "Lovely weather we're having, isn't it?").intent == "pain.location"


def test_an_unsure_reading_the_neighbours_doubt_is_asked_back():
    unsure = Match("pain.location", CONFIDENCE_THRESHOLD - 0.05, (("opioid.regimen", 0.1),), False)
    doubted = turn._agreed(unsure, "Lovely weather we're having, isn't it?")
    assert doubted.intent is None
    assert doubted.alternatives[0][0] == "pain.location"  # offered back as the first option


def test_the_veto_bar_sits_between_the_answer_bar_and_the_sure_bar():
    assert CONFIDENCE_THRESHOLD <= turn.AGREED_ALONE < turn.SURE_ALONE


def test_the_round_eight_voices_are_trained():
    voices = dict(load_phrasings().voices)
    for voice in ("rural_folksy", "motivational_open", "germanic_transfer"):
        assert voices.get(voice, 0) >= 25, voice
