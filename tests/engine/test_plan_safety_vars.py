"""Flow guards can follow the clinical plan-safety rules: ``safety.abrupt_stop`` is true for
every plan that ends the opioid at once, whatever the option is called."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.checks import scenario_variables
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
NAME = "stable-dependence"


@pytest.fixture(scope="module")
def at_plan():
    scenario = load_scenario(ROOT / "scenarios" / f"{NAME}.yaml")
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{NAME}.expert.yaml")
    prefix = actions[: next(i for i, a in enumerate(actions) if a["type"] == "plan")]
    return scenario, prefix


@pytest.mark.parametrize("opioid", ["stop_abruptly", "no_opioid", "switch_to_moud", "short_course"])
def test_every_way_of_stopping_at_once_is_an_abrupt_stop_for_guards(at_plan, opioid):
    scenario, prefix = at_plan
    session = Session.replay(scenario, [*prefix, {"type": "plan", "opioid": opioid, "naloxone": True}])
    context = session.context()
    assert context["safety.abrupt_stop"] is True and context["safety.critical"] is True


def test_a_kept_dose_or_a_slow_taper_is_not(at_plan):
    scenario, prefix = at_plan
    for plan in (
        {"type": "plan", "opioid": "continue"},
        {
            "type": "plan",
            "opioid": "taper",
            "taper": {"percent": 10, "interval_days": 30, "basis": "current"},
        },
    ):
        context = Session.replay(scenario, [*prefix, plan]).context()
        assert context["safety.abrupt_stop"] is False


def test_the_safety_variables_are_declared_for_guards(at_plan):
    scenario, _ = at_plan
    variables = scenario_variables(scenario)
    for name in ("safety.abrupt_stop", "safety.precipitated_withdrawal", "safety.critical"):
        assert variables[name].kind == "bool"
