"""The validator keeps visit text true: narratives that name something the plan may lack warn."""

from __future__ import annotations

from fixtures.scenario_text import line_of, real_text, replace_line

from simulator.commands.cli import main
from simulator.scenario.course_checks import guaranteed

OLD = '          text: "{He_she} has kept up the pain care you planned."'
CONDITION = """        - when: "len(plan.nonopioid) >= 1\""""


def col_of(line: str, marker: str) -> int:
    return line.index(marker) + 1


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_narrative_naming_a_therapy_the_plan_may_lack_warns(tmp_path, capsys):
    new = '          text: "{He_she} has kept up the physiotherapy you planned."'
    text, number = replace_line(real_text(), OLD, new)
    path = write(tmp_path, text)
    assert main(["lint", str(path)]) == 0
    assert main(["lint", "--strict", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"s.yaml:{number}:{col_of(new, 'physiotherapy')}: warning: this text names 'physiotherapy'" in err
    assert "'physiotherapy' in plan.nonopioid" in err  # the condition that would make it true
    assert main(["validate", str(path)]) == 0  # a warning, not an error
    assert "warning:" in capsys.readouterr().err


def test_the_right_condition_silences_the_warning(tmp_path, capsys):
    text = real_text().replace(CONDITION, """        - when: "'physiotherapy' in plan.nonopioid\"""", 1)
    text = text.replace(OLD, '          text: "{He_she} has kept up the physiotherapy you planned."')
    assert main(["lint", "--strict", str(write(tmp_path, text))]) == 0


def test_a_decision_that_adds_the_treatment_counts():
    by_decision = {"week2_other.support": frozenset({"nonopioid:physiotherapy", "nonopioid:cbt"})}
    assert "nonopioid:cbt" in guaranteed("'week2_other.support' in decisions", by_decision)
    assert guaranteed("'cbt' in plan.nonopioid or plan.moud == 'methadone'") == frozenset()
    assert guaranteed("plan.moud == 'buprenorphine' and plan.naloxone") == {"moud:buprenorphine", "naloxone"}


def test_an_unknown_placeholder_is_an_error(tmp_path, capsys):
    new = '          text: "{He_she} has kept up the pain care you planned since {dya}."'
    text, number = replace_line(real_text(), OLD, new)
    assert main(["validate", str(write(tmp_path, text))]) == 1
    err = capsys.readouterr().err
    assert f"s.yaml:{number}:{col_of(new, '{dya}')}: error: unknown placeholder {{dya}}" in err


def test_a_narrative_condition_is_checked_like_any_expression(tmp_path, capsys):
    text, number = replace_line(real_text(), CONDITION, """        - when: "len(plan.nonopioids) >= 1\"""")
    assert main(["validate", str(write(tmp_path, text))]) == 1
    assert f"s.yaml:{number}:" in capsys.readouterr().err
    assert line_of(text, """        - when: "len(plan.nonopioids) >= 1\"""") == number


def test_course_variables_need_a_course_block(tmp_path, capsys):
    text = real_text()
    start, end = text.index("course:\n  weeks: 8"), text.index("flow:\n")
    assert main(["validate", str(write(tmp_path, text[:start] + text[end:]))]) == 1
    assert "'course.event' needs a 'course:' block" in capsys.readouterr().err
