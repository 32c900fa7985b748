"""No library jargon reaches an instructor: broken scenario and playthrough files are explained
in plain words that name what is allowed and suggest the nearest valid value."""

from __future__ import annotations

import re

import pytest
from fixtures.scenario_text import real_text

from simulator.engine.actions import ActionError, parse_action
from simulator.errors import ProblemsError
from simulator.scenario.loader import load_scenario_text

JARGON = ("Input should", "Extra inputs", "Field required", "instance of", "valid dictionary", "Value error")


def all_problems(text: str) -> str:
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml")
    return "\n".join(str(p) for p in info.value.problems)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # wrong type
        ("  age: 46", "  age: [46]", "patient.age: should be a whole number, not a list"),
        (
            "  pdmp:",
            "  pdmp: yes please\n  old_pdmp:",
            "chart.pdmp: should be a mapping with the fields summary",
        ),
        # unknown key, misspelt: the nearest field; not close to anything: the allowed fields
        (
            "  occupation: Warehouse",
            "  occupaton: Warehouse",
            "unknown field 'occupaton'; did you mean 'occupation'?",
        ),
        ("  occupation: Warehouse", "  zzz: Warehouse", "unknown field 'zzz'; allowed here: name, age, sex"),
        # bad enum value
        (
            "level: ",
            "level: advnced #",
            "'advnced' is not allowed here; use 'introductory', 'intermediate' or "
            "'advanced'; did you mean 'advanced'?",
        ),
    ],
)
def test_broken_scenario_fields_are_explained_plainly(old, new, expected):
    text = real_text()
    line = next(row for row in text.splitlines() if row.startswith(old))
    problem = all_problems(text.replace(line, line.replace(old, new, 1), 1))
    assert expected in problem
    assert not any(word in problem for word in JARGON), problem


def test_a_missing_key_names_the_field_and_what_it_holds():
    text = re.sub(r"\n  opening_line: >-\n(    .*\n)+", "\n", real_text(), count=1)
    problem = all_problems(text)
    assert "required field 'opening_line' is missing; add it (text: What the patient says first)" in problem


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (
            {"type": "plan", "opioid": "taper", "taper": 10},
            "plan action: taper: should be a mapping with the fields percent, interval_days, basis, pauses, "
            "not 10",
        ),
        (
            {"type": "plan", "opioid": "taper", "tapper": {}},
            "plan action: tapper: unknown field 'tapper'; did you mean 'taper'?",
        ),
        (
            {"type": "assess", "diagnosis": "oud"},
            "assess action: supervised_use: required field 'supervised_use' is missing",
        ),
        ({"type": "plan", "opioid": "tapr"}, "'tapr' is not allowed here; use 'continue'"),
        ({"type": "plan", "opioid": "tapr"}, "did you mean 'taper'?"),
        ({"type": "plan", "opioid": "taper", "nonopioid": ["physio"]}, "did you mean 'physiotherapy'?"),
        ({"type": "mark", "criterion": "cravng"}, "did you mean 'craving'?"),
        (
            {"type": "plan", "opioid": "taper", "taper": {"percent": 0, "interval_days": 7}},
            "should be more than 0, not 0",
        ),
    ],
)
def test_broken_playthrough_actions_are_explained_plainly(action, expected):
    with pytest.raises(ActionError) as info:
        parse_action(action)
    assert expected in info.value.message
    assert not any(word in info.value.message for word in JARGON), info.value.message


def test_a_broken_playthrough_file_reports_its_line(tmp_path):
    from simulator.engine.playthrough import play
    from simulator.scenario.loader import load_scenario

    path = tmp_path / "p.yaml"
    path.write_text("actions:\n  - {type: advance}\n  - {type: plan, opioid: taper, taper: {percnt: 10}}\n")
    scenario = load_scenario("scenarios/stable-dependence.yaml")
    with pytest.raises(ProblemsError) as info:
        play(scenario, path)
    message = str(info.value.problems[0])
    assert message.startswith(f"{path}:3:5: error: action 2:")
    assert not any(word in message for word in JARGON), message


def test_an_unquoted_comma_in_braces_points_at_the_quotes_it_needs():
    old = "    - {drug: amlodipine, class: cardiovascular, dose: 5 mg once daily}"
    new = "    - {drug: amlodipine, class: cardiovascular, dose: 5 mg, once daily}"
    text = real_text().replace(old, new, 1)
    problems = all_problems(text)
    assert "'once daily' were read as a field name because a comma inside {...} ends a value" in problems
    assert "in quotes" in problems and "unknown field" not in problems
