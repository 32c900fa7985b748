"""Loading a scenario: an instructor's mistake is reported as FILE:LINE:COL at the exact spot."""

from __future__ import annotations

import random
import time

import pytest
from fixtures.cli import run_cli
from fixtures.scenario_text import CASES, SCENARIO, SCHEMA, line_of, real_text, replace_line

from simulator.errors import ProblemsError
from simulator.scenario.loader import load_scenario, load_scenario_text
from simulator.scenario.schema import schema_text


def problems(text: str, file: str = "s.yaml") -> list[str]:
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, file)
    return [str(p) for p in info.value.problems]


def col_of(line: str, marker: str) -> int:
    return line.index(marker) + 1


# ----------------------------------------------------------------------------- the real file


def test_the_bundled_scenario_is_valid():
    scenario = load_scenario(SCENARIO)
    assert scenario.id == "clbp-moderate-oud"
    assert scenario.assessment.severity == "moderate"
    assert scenario.max_score == sum(item.points for item in scenario.rubric) > 0
    assert scenario.flow.initial == "chart"


def test_the_committed_json_schema_is_generated_from_the_models():
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "scenarios/scenario.schema.json is stale: "
        "run `python -m simulator schema -o scenarios/scenario.schema.json`"
    )


def test_the_schema_command_prints_the_committed_schema():
    result = run_cli("schema")  # in-process; tests/test_cli.py runs it as a process too
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCHEMA.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- one mistake each


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_mistake_gives_one_error_at_the_right_place(case):
    text, line, col, message = case.build()
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:{col}: error: {message}")


def test_a_missing_required_field_points_at_its_mapping():
    text = real_text()
    old = "  chief_complaint: Low back pain \"not holding\" on {his_her} current dose; "
    old += "asking for stronger tablets."
    broken = text.replace(old + "\n", "", 1)
    first_field = line_of(text, "  name: Marcus Hale")
    assert problems(broken) == [
        f"s.yaml:{first_field}:3: error: patient.chief_complaint: "
        "required field 'chief_complaint' is missing; add it (text)"
    ]


def test_an_unreachable_state_is_named_where_it_is_defined():
    old = "    - {source: plan, dest: week2_other, when: \"plan.moud != 'none'\"}"
    new = "    - {source: plan, dest: week2_no_moud, when: \"plan.moud != 'none'\"}"
    text, _ = replace_line(real_text(), old, new)
    line = line_of(text, "    - name: week2_other")
    assert problems(text) == [
        f"s.yaml:{line}:{col_of('    - name: week2_other', 'week2_other')}: error: "
        "state 'week2_other' can never be reached"
    ]


def test_a_dead_end_state_is_named_where_it_is_defined():
    old = "    - {source: [week8_stable, week8_struggling], dest: debrief}"
    text, _ = replace_line(real_text(), old, "    - {source: [week8_stable], dest: debrief}")
    line = line_of(text, "    - name: week8_struggling")
    assert problems(text) == [
        f"s.yaml:{line}:13: error: state 'week8_struggling' is a dead end: no transition leaves it"
    ]


def test_a_diagnosis_that_does_not_match_the_criteria_is_reported():
    text, line = replace_line(real_text(), "  diagnosis: oud", "  diagnosis: dependence")
    assert problems(text) == [
        f"s.yaml:{line}:14: error: 5 criteria count, which meets opioid use disorder; "
        "diagnosis should be 'oud'"
    ]


def test_supervised_use_changes_which_criteria_count():
    # under supervised use tolerance and withdrawal do not count: 3 criteria = mild, not moderate
    text, _ = replace_line(real_text(), "  supervised_use: false", "  supervised_use: true")
    line = line_of(text, "  severity: moderate")
    assert problems(text) == [
        f"s.yaml:{line}:13: error: severity is 'moderate' but the 3 criteria that count give 'mild' "
        "(tolerance and withdrawal do not count under supervised use)"
    ]


def test_every_problem_in_a_file_is_reported_in_line_order():
    text, _ = replace_line(real_text(), "    pain.location:", "    pain.locaton:")
    text, _ = replace_line(text, "    expect: validated_pain", "    expect: validated_pian")
    text, _ = replace_line(text, "        reveals: [other_source]", "        reveals: [nope]")
    found = problems(text)
    assert len(found) == 3
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_model_errors_are_all_reported_together():
    text, age = replace_line(real_text(), "  age: 46", "  age: -4")
    text, sex = replace_line(text, "  sex: male", "  sex: 7")
    found = problems(text)
    assert [p.split(":")[1] for p in found] == [str(age), str(sex)]
    assert "patient.age: should be at least 0, not -4" in found[0]
    assert "patient.sex: 7 is not allowed here; use 'female', 'male' or 'other'" in found[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- format: 1\n", "s.yaml:1:1: error: a scenario file must be a mapping of keys to values"),
        ("just words\n", "s.yaml:1:1: error: a scenario file must be a mapping of keys to values"),
        ("42\n", "s.yaml:1:1: error: a scenario file must be a mapping of keys to values"),
    ],
)
def test_a_file_that_is_not_a_mapping(text, expected):
    assert problems(text) == [expected]


def test_a_future_format_version_is_reported_on_its_line():
    text, line = replace_line(real_text(), "format: 1", "format: 2")
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:9: error: format: ")


def test_strings_are_not_silently_turned_into_numbers():
    text, line = replace_line(real_text(), "    points: 8", '    points: "8"')
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line}:13: error: rubric.")
    assert "should be a whole number, not the text '8'; write 8 without quotes" in problem


def test_an_expression_error_in_a_folded_block_points_inside_the_expression():
    old = "    expect: dx.severity == truth.severity and dx.criteria_count >= 4 and dx.criteria_count <= 5"
    new = "    expect: >-\n      dx.severity == truth.severity and\n      dx.criteria_countz <= 5"
    text, line = replace_line(real_text(), old, new)
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line + 2}:7: error: in expression: unknown name 'dx.criteria_countz'")


# ----------------------------------------------------------------------------- fuzz


def test_random_and_truncated_files_only_ever_give_problems(tmp_path):
    """Random bytes, truncated copies and single-line edits of the real scenario never raise
    anything but ProblemsError, and every problem has a usable position."""
    rng = random.Random(20261121)
    real = real_text()
    lines = real.splitlines(keepends=True)
    samples: list[bytes] = []
    for _ in range(30):
        samples.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))
    for _ in range(8):
        samples.append(real.encode()[: rng.randrange(len(real))])
    junk = [":", "- ", "[", "]", "{", "}", '"', "'", "&a ", "*a", "!!str ", "\t", "? ", "%YAML 1.1\n", "~"]
    for _ in range(8):
        edited = list(lines)
        i = rng.randrange(len(edited))
        j = rng.randrange(len(edited[i]) + 1)
        edited[i] = edited[i][:j] + rng.choice(junk) + edited[i][j:]
        samples.append("".join(edited).encode())
    deadline = time.perf_counter() + 4.0
    path = tmp_path / "fuzz.yaml"
    for data in samples:
        if time.perf_counter() > deadline:
            break
        path.write_bytes(data)
        try:
            load_scenario(path)
        except ProblemsError as exc:
            assert exc.problems
            for p in exc.problems:
                assert p.file == str(path) and p.line >= 1 and p.col >= 1 and p.message
                assert "\n" not in str(p)


def test_an_error_under_a_key_named_like_a_type_keeps_its_path():
    old = "      summary: Father had alcohol use disorder."
    text, line = replace_line(real_text(), old, old + "\n    bool:\n      summary: 5")
    (problem,) = problems(text)
    assert problem.startswith(f"s.yaml:{line + 2}:16: error: interview.facts.bool.summary: ")


def test_an_expression_error_after_an_escape_points_at_the_literal():
    old = """    - {source: plan, dest: week2_bup, when: "plan.moud == 'buprenorphine'"}"""
    new = (
        """    - {source: plan, dest: week2_bup, """
        """when: "plan.moud != \\"none\\" and plan.moud == \\"bupe\\""}"""
    )
    text, line = replace_line(real_text(), old, new)
    (problem,) = problems(text)
    # the literal starts at the backslash of the escaped quote that opens it
    col = new.index(chr(92) + chr(34) + "bupe") + 1
    assert problem.startswith(f"s.yaml:{line}:{col}: error: in expression: 'bupe' is not a possible value")
