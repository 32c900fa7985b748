"""Resuming after a crash: the stored actions, replayed, put the trainee back exactly where they were."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.engine.actions import ActionError
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import score


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def recorded_session(scenario, store: SessionStore) -> tuple[Session, int]:
    session = Session(scenario)
    sid = store.start(scenario.id, str(SCENARIO), trainee="trainee")
    session.add_recorder(lambda action: store.append(sid, action))
    return session, sid


@pytest.mark.parametrize("script", [EXPERT, POOR], ids=["expert", "poor"])
def test_a_session_killed_half_way_resumes_with_the_same_state_and_score(tmp_path, scenario, script):
    actions = load_actions(script)[0]
    half = len(actions) // 2
    db = tmp_path / "sessions.db"

    store = SessionStore(db)
    live, sid = recorded_session(scenario, store)
    for action in actions[:half]:
        live.apply(action)
    # the app dies here: the store is never closed

    with SessionStore(db) as reopened:
        (offer,) = reopened.unfinished()
        assert (offer.id, offer.scenario_id, offer.action_count) == (sid, scenario.id, half)
        resumed = Session.replay(load_scenario(offer.scenario_path), reopened.actions(sid))
        assert resumed.state.name == live.state.name
        assert resumed.context() == live.context()
        assert resumed.data.transcript == live.data.transcript
        assert score(scenario, resumed.context()) == score(scenario, live.context())

        # carry on to the end in the resumed session, still recording
        resumed.add_recorder(lambda action: reopened.append(sid, action))
        for action in actions[half:]:
            resumed.apply(action)
        report = build_debrief(resumed)
        reopened.finish(sid, report.score, report.max_score)
        assert reopened.unfinished() == []
        assert reopened.actions(sid) == list(resumed.actions)

    uninterrupted = build_debrief(Session.replay(scenario, actions))
    assert (report.score, report.critical) == (uninterrupted.score, uninterrupted.critical)
    with SessionStore(db) as final:
        record = final.session(sid)
        assert (record.score, record.max_score) == (uninterrupted.score, uninterrupted.max_score)
    store.close()


def test_only_accepted_actions_are_recorded(tmp_path, scenario):
    with SessionStore(tmp_path / "s.db") as store:
        session, sid = recorded_session(scenario, store)
        session.apply({"type": "advance"})
        with pytest.raises(ActionError, match="only during the assessment step"):
            session.apply({"type": "assess", "diagnosis": "oud", "supervised_use": False, "severity": "mild"})
        session.apply({"type": "ask", "intent": "pain.location"})
        assert store.actions(sid) == [{"type": "advance"}, {"type": "ask", "intent": "pain.location"}]
        assert Session.replay(scenario, store.actions(sid)).context() == session.context()
