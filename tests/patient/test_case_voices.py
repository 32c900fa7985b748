"""Each bundled patient speaks in its own words (issue 19, items 3-5): a second accusation is
met with other words, every case writes its own reactions, "since when?" after where it hurts
still asks how long it has hurt, and the chart's facts are owned, not denied."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.control.controller import SessionController
from simulator.patient.dialogue import DURATION_OF
from simulator.scenario.loader import load_scenario

CASES = sorted(Path(__file__).resolve().parents[2].joinpath("scenarios").glob("*.yaml"))


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.stem)
def case(request):
    return load_scenario(request.param)


def test_each_case_has_two_or_more_lines_for_every_kind_of_stigma(case):
    for kind in ("label", "accusation", "test"):
        lines = case.interview.stigma_reactions.lines(kind)
        assert len(lines) >= 2 and len(set(lines)) == len(lines), kind


def test_each_case_writes_its_own_reactions(case):
    reactions = case.interview.reactions
    for kind in ("empathy", "validation", "statement"):
        assert len(getattr(reactions, kind)) >= 3, kind
    for kind in ("greeting", "thanks", "closing"):
        assert len(getattr(reactions, kind)) >= 2, kind


def test_no_two_cases_share_an_empathy_or_validation_line():
    seen: dict[str, str] = {}
    for path in CASES:
        reactions = load_scenario(path).interview.reactions
        for line in (*reactions.empathy, *reactions.validation):
            assert seen.setdefault(line, path.stem) == path.stem, f"{line!r} in {seen[line]} and {path.stem}"


def test_a_duration_follow_up_is_not_hidden_by_a_when_facet(case):
    # "Where is it?" - "Since when?" asks pain.duration (and credits it); a `when` facet on the
    # first answer would be said instead.
    for intent in DURATION_OF:
        for answer in case.interview.answers.get(intent, ()):
            assert not answer.facets.get("when"), intent


def test_a_second_accusation_gets_other_words(case):
    ctl = SessionController.practice(case)
    first = ctl.ask("You're just drug seeking, aren't you?").reply
    second = ctl.ask("Be honest, you're only here for a script.").reply
    accusation = case.interview.stigma_reactions.lines("accusation")
    assert first == accusation[0] and second == accusation[1]


def test_a_second_label_gets_other_words(case):
    ctl = SessionController.practice(case)
    replies = [ctl.ask(text).reply for text in ("Are you an addict?", "So you're an addict then.")]
    assert replies == case.interview.stigma_reactions.lines("label")[:2]
