"""What-if replay: the trainee changes one thing and the same engine replays the session."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import POOR, SCENARIO

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.whatif import Change, change_points, expert_plan, replay_what_if


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def poor_actions():
    return load_actions(POOR)[0]


def test_the_trainee_can_change_each_plan_field_and_each_decision(scenario, poor_actions):
    points = change_points(Session.replay(scenario, poor_actions))
    labels = {p.label for p in points}
    assert {"Plan: Opioid plan (timeline step 9)", "Plan: Follow-up (timeline step 9)"} <= labels
    decision = next(p for p in points if p.kind == "decision")
    assert decision.label == "Decision: Day 2 - Withdrawal crisis (timeline step 11)"
    assert decision.current.startswith("Discharge him")
    assert [o.value for o in decision.options] == ["offer_moud", "restart_oxy", "discharge"]


def test_keeping_him_in_care_changes_the_course_and_the_score(scenario, poor_actions):
    own = Session.replay(scenario, poor_actions)
    result = replay_what_if(scenario, poor_actions, Change("decision", "week1_withdrawal", "offer_moud"))
    assert result.score >= build_debrief(own).score  # scores do not go below zero
    assert "tx.no_dismissal" in build_debrief(own).critical
    assert "tx.no_dismissal" not in result.critical and "tx.no_abrupt_stop" in result.critical
    assert result.session.state.name == "debrief"
    after = result.session.visits.run().days[-1]
    assert not after.discharged and after.craving < own.visits.run().days[-1].craving
    assert result.responses[0].by == "changed"


def test_the_expert_plan_is_one_change_and_the_recorded_session_is_untouched(scenario, poor_actions):
    before = [dict(a) for a in poor_actions]
    plan = expert_plan(SCENARIO)
    assert plan is not None and plan["moud"] == "buprenorphine"
    result = replay_what_if(scenario, poor_actions, Change("whole_plan", "", plan))
    assert "tx.mat_for_oud" not in result.critical
    assert result.score > build_debrief(Session.replay(scenario, poor_actions)).score
    assert result.session.visits.contacts[0].state == "week2_bup"  # a different path...
    assert result.responses[0].by == "best response"  # ...so that visit's response is the best one
    assert poor_actions == before


def test_a_plan_field_change_keeps_the_plan_consistent(scenario, poor_actions):
    result = replay_what_if(scenario, poor_actions, Change("plan", "moud", "buprenorphine"))
    plan = result.session.data.plan
    assert plan.moud == "buprenorphine" and plan.induction == "standard" and plan.induction_cows >= 8
    slow = replay_what_if(scenario, poor_actions, Change("plan", "taper", "slow"))
    assert slow.session.data.plan.opioid == "taper" and slow.session.data.plan.taper.percent == 10
    assert max(p["cows"] for p in slow.session.visits.points()) < 13
