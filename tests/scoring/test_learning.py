"""The check before and after a case (issue 26): the format, the session rules, the gain, the store.

Told as a trainee and an instructor meet it: the check is offered before anything else and
again once the debrief is reached; a skipped stage never shows as a loss; the gain is counted
per item and per guidance point; an answer after the finish is kept without touching the score.
"""

from __future__ import annotations

import json

import pytest
from fixtures.scenario_text import EXPERT, SCENARIO, real_text

from simulator.commands.cli import main as cli
from simulator.control.controller import SessionController
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.actions import ActionError
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.errors import ProblemsError
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scoring import learning
from simulator.scoring.debrief import build_debrief


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def expert():
    return load_actions(EXPERT)[0]


def right(item) -> list[int]:
    return [i for i, o in enumerate(item.options) if o.correct]


def wrong(item) -> list[int]:
    return [next(i for i, o in enumerate(item.options) if not o.correct)]


def test_every_bundled_case_carries_check_items_tied_to_its_guidance(scenario):
    assert 5 <= len(scenario.check) <= 10
    known = {r.guidance for r in scenario.rubric}
    assert all(set(i.guidance) & known for i in scenario.check)
    for item in scenario.check:
        assert all(o.why for o in item.options)


def test_a_broken_check_item_is_named_with_its_line(tmp_path):
    text = real_text().replace("guidance: [dx.supervised_exclusion]", "guidance: [dx.not_a_point]", 1)
    text = text.replace("- {text: \"Mild\", why:", "- {text: \"Mild\", correct: true, why:", 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_scenario(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("unknown guidance id 'dx.not_a_point'" in m and ":check" not in m for m in messages)
    assert any("exactly one option with 'correct: true'" in m for m in messages)
    lines = text.splitlines()
    for p in caught.value.problems:
        assert p.line and p.line <= len(lines)


def test_before_is_only_before_anything_else_and_after_only_at_the_debrief(scenario, expert):
    session = Session(scenario)
    first = scenario.check[0]
    session.apply({"type": "check", "stage": "before", "item": first.id, "answer": right(first)})
    with pytest.raises(ActionError, match="debrief"):
        session.apply({"type": "check", "stage": "after", "item": first.id, "answer": right(first)})
    with pytest.raises(ActionError, match="already answered"):
        session.apply({"type": "check", "stage": "before", "item": first.id, "answer": right(first)})
    session.apply(expert[0])
    second = scenario.check[1]
    with pytest.raises(ActionError, match="already started"):
        session.apply({"type": "check", "stage": "before", "item": second.id, "answer": right(second)})
    with pytest.raises(ActionError, match="choose one option"):
        Session(scenario).apply({"type": "check", "stage": "before", "item": second.id, "answer": [0, 1]})


def test_the_gain_counts_items_answered_at_both_stages_per_item_and_guidance(scenario, expert):
    items = scenario.check
    actions = [{"type": "check", "stage": "before", "item": i.id, "answer": wrong(i)} for i in items[:3]]
    actions += [{"type": "check", "stage": "before", "skip": True}, *expert]
    actions += [{"type": "check", "stage": "after", "item": i.id, "answer": right(i)} for i in items[:2]]
    actions += [{"type": "check", "stage": "after", "item": items[2].id, "answer": wrong(items[2])}]
    actions += [{"type": "check", "stage": "after", "item": items[3].id, "answer": right(items[3])}]
    session = Session.replay(scenario, actions)
    report = build_debrief(session)
    check = report.check
    assert check.right("before") == 0 and check.answered("before") == 3
    assert check.right("after") == 3 and check.answered("after") == 4
    assert check.paired == 3 and check.skipped == ("before",)
    assert [o.gained for o in check.items[:3]] == [True, True, False]
    gains = {g.guidance: g for g in check.guidance}
    assert gains[items[0].guidance[0]].gain == 1
    # item 4 was answered only after: it is not counted in any guidance point's pairs
    assert sum(g.items for g in check.guidance) == sum(len(i.guidance) for i in items[:3])
    # the check never changes the score
    assert report.score == build_debrief(Session.replay(scenario, expert)).score
    assert "check" in report.to_json() and report.to_json()["check"]["after"]["right"] == 3


def test_the_after_stage_asks_in_another_order_and_only_what_is_left(scenario):
    before = [i.id for i in learning.order(scenario, "before", 3)]
    after = [i.id for i in learning.order(scenario, "after", 3)]
    assert sorted(before) == sorted(after) and before != after
    done = [{"type": "check", "stage": "after", "item": after[0], "answer": [0]}]
    assert [i.id for i in learning.pending(scenario, "after", done, 3)] == after[1:]
    assert learning.pending(scenario, "before", [{"type": "check", "stage": "before", "skip": True}]) == []


def test_answers_after_the_finish_are_stored_without_touching_the_score(scenario, expert, tmp_path):
    store = SessionStore(tmp_path / "sessions.db")
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in expert:
        assert ctl.apply(action).accepted
    finished = ctl.final_score
    item = scenario.check[0]
    result = ctl.apply({"type": "check", "stage": "after", "item": item.id, "answer": right(item)})
    assert result.accepted and not result.finished
    record = store.session(ctl.session_id)
    assert (record.score, record.max_score) == finished
    actions, _damage = store.readable_actions(ctl.session_id)
    assert actions[-1]["type"] == "check"
    replayed = Session.replay(scenario, actions)
    assert build_debrief(replayed).check.right("after") == 1
    # the kept results record follows the late answers (progress, cohort and xAPI read it)
    from simulator.control.results import stored_record

    second = scenario.check[1]
    assert stored_record(store, ctl.session_id)["report"]["check"]["after"]["answered"] == 1
    assert ctl.apply({"type": "check", "stage": "after", "item": second.id, "answer": right(second)}).accepted
    assert stored_record(store, ctl.session_id)["report"]["check"]["after"]["answered"] == 2
    ctl.close()
    store.close()


def test_play_accepts_check_answers_and_reports_them(scenario, expert, tmp_path, capsys):
    item = scenario.check[0]
    actions = [{"type": "check", "stage": "before", "item": item.id, "answer": wrong(item)}, *expert,
               {"type": "check", "stage": "after", "item": item.id, "answer": right(item)}]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(actions), encoding="utf-8")
    assert cli(["play", str(SCENARIO), "--actions", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["check"]["items"][0]["before"] is False and report["check"]["items"][0]["after"] is True
    assert report["check"]["guidance"][0]["gain"] == 1


def test_the_authoring_example_of_check_items_is_valid():
    import re
    from pathlib import Path

    from ruamel.yaml import YAML

    from simulator.scenario.models import CheckItem

    text = (Path(__file__).resolve().parents[2] / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
    section = text[text.index("## Before and after: check items"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    items = YAML(typ="safe").load(block)["check"]
    parsed = [CheckItem.model_validate(item) for item in items]
    assert [i.kind for i in parsed] == ["single", "true_false"]
    assert sum(o.correct for o in parsed[0].options) == 1


def test_the_report_carries_the_check_when_it_was_answered(scenario, expert):
    from simulator.scoring.report_html import debrief_html

    item = scenario.check[0]
    plain = debrief_html(build_debrief(Session.replay(scenario, expert)))
    assert "Check before and after" not in plain  # nothing answered: nothing to show
    session = Session.replay(scenario, [{"type": "check", "stage": "before", "item": item.id,
                                         "answer": wrong(item)}, *expert])
    text = debrief_html(build_debrief(session))
    assert "Check before and after" in text and "Before: ✘ not right. After: not answered." in text
