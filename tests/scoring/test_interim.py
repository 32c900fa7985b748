"""An interim debrief counts only what was decided (issue 21 item 9).

A session cut at the plan plus one advance stands at a visit whose decision is not yet taken:
the visit's rubric item is neither earned nor failed, and the score and maximum leave it out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import max_score, score

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
CASES = {
    "oih-taper": "course-uds",
    "cold-turkey": "course-pace",
    "severe-oud-overdose": "course-benzo-taper",
    "postop-acute": "course-stop",
}


def _cut_after_plan(name: str) -> Session:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    actions = load_actions(SCENARIOS / "playthroughs" / f"{name}.expert.yaml")[0]
    at = next(i for i, a in enumerate(actions) if a["type"] == "plan")
    session = Session.replay(scenario, actions[: at + 1])
    while not session.finished and not session.state.decision:
        session.apply({"type": "advance"})
    return session


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_undecided_visit_is_neither_earned_nor_failed(name):
    session = _cut_after_plan(name)
    assert not session.finished and session.state.decision is not None
    debrief = build_debrief(session)
    items = {i.id: i for i in debrief.items}
    waiting = [i for i in items.values() if i.feedback.startswith("Not counted yet")]
    assert waiting, f"{name}: stopped at {session.state.name}, but nothing is waiting for a decision"
    for item in waiting:
        assert not item.critical_failed and item.earned == 0 and item.points == 0
    assert not any(i.critical_failed for i in items.values() if i.kind == "rubric" and i.domain == "course")
    ctx = session.context()
    assert debrief.score == score(session.scenario, ctx)
    assert debrief.max_score == max_score(session.scenario, ctx)


def test_oih_taper_does_not_call_the_screen_misread_before_the_trainee_reads_it():
    session = _cut_after_plan("oih-taper")
    debrief = build_debrief(session)
    uds = next(i for i in debrief.items if i.id == CASES["oih-taper"])
    assert session.state.name == "uds_review"
    assert not uds.critical_failed and "Not counted yet" in uds.feedback
    assert "tx.monitoring" not in debrief.critical
    # once decided, the item counts again, earned or failed
    session.apply({"type": "decide", "choice": "explain_assay"})
    after = next(i for i in build_debrief(session).items if i.id == CASES["oih-taper"])
    assert after.applicable and after.earned == after.points
