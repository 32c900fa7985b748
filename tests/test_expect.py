"""The expect: block of a playthrough file: read with positions, compared with the debrief."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.commands.expect import check_playthrough, load_playthrough
from simulator.errors import ProblemsError
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def _write(tmp_path, text, name="clbp-moderate-oud.mine.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_expect(tmp_path, source, expect):
    lines = source.read_text(encoding="utf-8").split("expect:\n", 1)
    actions = lines[1][lines[1].index("actions:"):]
    return _write(tmp_path, lines[0] + "expect:\n" + expect + actions)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ful", "score is `full`, a whole number of points or {min: N, max: M}, got 'ful'"),
        ("{min: 20, max: 10}", "score min 20 is above max 10"),
        ("{}", "a score range needs min, max or both, e.g. {min: 10, max: 20}"),
        ("-3", "score is `full`, a whole number of points or {min: N, max: M}, got -3"),
    ],
)
def test_a_bad_score_is_reported_at_its_line(tmp_path, value, message):
    path = _with_expect(tmp_path, EXPERT, f"  score: {value}\n")
    with pytest.raises(ProblemsError) as exc:
        load_playthrough(path)
    (problem,) = exc.value.problems
    assert problem.message == message
    assert path.read_text(encoding="utf-8").splitlines()[problem.line - 1] == f"  score: {value}"


def test_a_score_range_and_the_stigmatising_words_are_checked(tmp_path, scenario):
    path = _with_expect(tmp_path, POOR, "  score: {min: 5}\n  language: [addict, junkie]\n")
    outcome = check_playthrough(load_playthrough(path), scenario)
    assert [p.message for p in outcome.problems] == [
        "expected a score of at least 5, got score 0/119",
        "expected the debrief to name junkie, got stigmatising words named: addict",
    ]


def test_an_unfinished_log_fails_finished_true(tmp_path, scenario):
    path = _write(tmp_path, "scenario: clbp-moderate-oud\nexpect:\n  finished: true\n"
                  "actions:\n  - {type: advance}\n")
    outcome = check_playthrough(load_playthrough(path), scenario)
    (problem,) = outcome.problems
    assert problem.line == 3
    assert problem.message == (
        "expected a log that reaches the debrief, got finished: false (the log stops at interview)"
    )


def test_an_action_that_cannot_apply_is_reported_at_the_action(tmp_path, scenario):
    path = _write(tmp_path, "scenario: clbp-moderate-oud\nexpect: {finished: false}\n"
                  "actions:\n  - {type: advance}\n  - {type: plan, opioid: continue}\n")
    (problem,) = check_playthrough(load_playthrough(path), scenario).problems
    assert problem.line == 5
    assert problem.message == "action 2: You can record the plan only during the plan step."


def test_a_playthrough_for_another_case_is_refused(tmp_path, scenario):
    path = _write(tmp_path, "scenario: stable-dependence\nexpect: {finished: false}\nactions: []\n")
    (problem,) = check_playthrough(load_playthrough(path), scenario).problems
    assert problem.line == 1
    assert "for 'stable-dependence' but the scenario file is 'clbp-moderate-oud'" in problem.message


def test_a_playthrough_without_expect_is_played_but_fails(tmp_path, scenario):
    path = _write(tmp_path, "scenario: clbp-moderate-oud\nactions:\n  - {type: advance}\n")
    outcome = check_playthrough(load_playthrough(path), scenario)
    assert outcome.score is not None and not outcome.passed
    assert "no 'expect:' block" in outcome.problems[0].message
