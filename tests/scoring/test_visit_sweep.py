"""`lint` names the course states a case's visits can reach under the plan sweep (every plan the
plan form can produce) that the case writes no narrative for, not only those on its playthroughs."""

from __future__ import annotations

from fixtures.scenario_text import EXPERT, SCENARIO, real_text

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario_text
from simulator.scoring.plan_sweep import plan_space
from simulator.scoring.visit_sweep import untold_states


def test_a_visit_with_no_narrative_for_withdrawal_the_sweep_reaches_is_named():
    # The review without medication for OUD loses its part for withdrawal at COWS 13 or more: no
    # playthrough goes there in withdrawal, but a "taper" of 100% a week (a stop the form allows)
    # does.
    written = 'when: "course.event != \'early_refill\' and course.cows >= 13"'
    text = real_text()
    assert written in text
    scenario = load_scenario_text(text.replace(written, 'when: "course.cows > 48"'), str(SCENARIO))
    actions, _ = load_actions(EXPERT)
    cut = next(n for n, a in enumerate(actions) if a["type"] == "plan")
    at_plan = Session.replay(scenario, actions[: cut + 1])
    follow = (actions[cut].get("followup_days", 28),)
    gaps = untold_states(at_plan, plan_space(actions[cut], nonopioid_count=1, follow_up_days=follow,
                                             cycle_nonopioid=True))
    (gap,) = [g for g in gaps if g.state == "week2_no_moud"]
    assert "withdrawal" in gap.missing and gap.cows >= 13
    assert gap.plan  # an example plan, in words, for the warning
