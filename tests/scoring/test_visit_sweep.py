"""Every plan the plan form can produce, followed through every visit: no visit's words contradict
its chart (the course state of its day and the plan); and `lint` names the course states a case's
visits can reach under the plan sweep that the case writes no narrative for, not only those on its
playthroughs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.cases import case
from fixtures.scenario_text import EXPERT, SCENARIO, real_text

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario_text
from simulator.scoring.plan_sweep import plan_space
from simulator.scoring.visit_sweep import case_sweep, untold_states

ROOT = Path(__file__).resolve().parents[2]


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


# ---------------------------------------------------------------- every visit of every plan
# The full sweep (every distinct plan of every case, about 600-1,500 each, through every choice at
# every visit) takes minutes: bench/visit_sweep.py runs it. Here each case plays an even sample of
# its distinct plans through every visit (the same code), and the short surgery case a larger one.

CASES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
SAMPLE = {"surgery-on-buprenorphine": 30}


def _expert_case(name: str):
    return case(ROOT / "scenarios" / f"{name}.yaml"), load_actions(
        ROOT / "scenarios" / "playthroughs" / f"{name}.expert.yaml")[0]


@pytest.mark.parametrize("name", CASES)
def test_every_visit_of_a_sample_of_every_plan_the_form_can_produce_holds_against_its_chart(name):
    scenario, actions = _expert_case(name)
    report = case_sweep(scenario, actions, sample=SAMPLE.get(name, 6))
    assert report.plans > 3800 and report.distinct >= report.played  # the whole form: doses, settings too
    assert report.played == SAMPLE.get(name, 6) and report.paths >= report.played
    assert report.visits > report.played  # every visit of every path, not only the first
    assert not report.faults, "\n".join(map(str, report.faults[:5]))
    assert not report.dropped, "\n".join(map(str, report.dropped.values()))
    assert not report.dead_ends


def test_the_sweep_names_a_later_visit_whose_words_the_course_contradicts():
    """Words at the end-of-course review (week 8, never the first visit) that claim a return to use
    whatever the course did: the sweep finds them on the paths that reach that review without one,
    and the engine has left them out, so the trainee never read them."""
    written = '"{first_name} is on a steady dose of buprenorphine and keeps {his_her} appointments."'
    text = real_text()
    assert written in text
    wrong = '"{first_name} is on a steady dose of buprenorphine but has been using again."'
    changed = load_scenario_text(text.replace(written, wrong), str(SCENARIO))
    actions, _ = load_actions(EXPERT)
    report = case_sweep(changed, actions, sample=12)
    assert ("week8_stable", "non-prescribed use") in report.dropped
    assert report.dropped["week8_stable", "non-prescribed use"].day == 56
    assert not report.faults
