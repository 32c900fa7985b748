"""The guard vocabulary and the context the engine builds are the same thing, checked at every step.

Every name a scenario expression may read is filled by the engine with a value of the kind the
loader type-checked against (and only among the declared choices), and the lists of clinical
choices come from simulator.clinical.
"""

from __future__ import annotations

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO, SCENARIOS

from simulator.clinical import dsm5
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.scenario.checks import scenario_variables
from simulator.scenario.loader import load_scenario

_KINDS = {
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "text": lambda v: isinstance(v, str),
    "set": lambda v: isinstance(v, frozenset),
}


def _check(session: Session, where: str) -> None:
    variables = scenario_variables(session.scenario)
    context = session.context()
    assert set(context) == set(variables), where
    for name, var in variables.items():
        value = context[name]
        assert _KINDS[var.kind](value), f"{where}: {name} = {value!r} is not a {var.kind}"
        if var.choices is None:
            continue
        values = value if var.kind == "set" else {value}
        assert set(values) <= set(var.choices), f"{where}: {name} = {value!r} outside {var.choices}"


@pytest.mark.parametrize(
    "scenario_file, script",
    [
        (SCENARIO, EXPERT),
        (SCENARIO, POOR),
        (SCENARIOS / "stable-dependence.yaml", SCENARIOS / "playthroughs/stable-dependence.expert.yaml"),
        (SCENARIOS / "stable-dependence.yaml", SCENARIOS / "playthroughs/stable-dependence.poor.yaml"),
    ],
    ids=["clbp-expert", "clbp-poor", "stable-expert", "stable-poor"],
)
def test_every_step_fills_exactly_the_vocabulary_with_values_of_the_declared_kind(scenario_file, script):
    scenario = load_scenario(scenario_file)
    session = Session(scenario)
    _check(session, "start")
    for i, action in enumerate(load_actions(script)[0], 1):
        session.apply(action)
        _check(session, f"after action {i} ({action['type']})")


def test_the_severity_choices_say_how_many_criteria_each_needs():
    assert dict(vocab.SEVERITIES) == {
        "none": "None (fewer than 2 criteria)",
        "mild": "Mild (2-3 criteria)",
        "moderate": "Moderate (4-5 criteria)",
        "severe": "Severe (6 or more criteria)",
    }


def test_the_supervised_use_rule_has_one_home():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "simulator"
    copies = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if '("tolerance", "withdrawal")' in p.read_text(encoding="utf-8")
    ]
    assert copies == [], f"the rule is coded again in {copies}; call dsm5.counted_criteria"
    assert dsm5.counted_criteria(["tolerance", "withdrawal", "craving"], True) == ("craving",)
    assert dsm5.counted_criteria(["withdrawal", "craving", "tolerance"], False) == (
        "craving",
        "tolerance",
        "withdrawal",
    )
