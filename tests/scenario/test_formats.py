"""Format versions: older files keep loading, `migrate` rewrites them in the current format with
their comments and layout, and says what changed. Format 1 is current, so the machinery is checked
with a step from a made-up format 0 in which the complaint was called `complaint`."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import real_text

from simulator.commands.cli import main
from simulator.errors import ProblemsError
from simulator.scenario import formats
from simulator.scenario.loader import load_scenario_text

COMPLAINT = '  chief_complaint: Low back pain "not holding" on {his_her} current dose; '
COMPLAINT += 'asking for stronger tablets.'


def _rename_complaint(data):
    patient = data.get("patient")
    if isinstance(patient, dict) and formats.rename_key(patient, "complaint", "chief_complaint"):
        return ["patient.complaint is now patient.chief_complaint"]
    return []


@pytest.fixture
def format_zero(monkeypatch):
    monkeypatch.setitem(formats.UPGRADES, 0, formats.Upgrade(0, "the complaint renamed", _rename_complaint))
    text = real_text()
    assert COMPLAINT in text and "\nformat: 1\n" in text
    old = text.replace("\nformat: 1\n", "\nformat: 0\n", 1)
    return old.replace(
        COMPLAINT, "  # why he came today\n" + COMPLAINT.replace("chief_complaint", "complaint"), 1
    )


def test_a_file_in_an_older_format_keeps_loading(format_zero):
    scenario = load_scenario_text(format_zero, "old.yaml")
    assert scenario.format == 1
    assert scenario.patient.chief_complaint.startswith('Low back pain "not holding"')


def test_migrate_rewrites_the_file_keeping_comments_and_says_what_changed(format_zero, tmp_path, capsys):
    path = tmp_path / "old.yaml"
    path.write_text(format_zero, encoding="utf-8")
    assert main(["migrate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: migrated to format 1" in out
    assert "patient.complaint is now patient.chief_complaint" in out
    assert "format: 0 -> 1 (the complaint renamed)" in out
    new = path.read_text(encoding="utf-8")
    before, after = format_zero.splitlines(), new.splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("format: 0", "format: 1"),
        (COMPLAINT.replace("chief_complaint", "complaint"), COMPLAINT),
    ]
    assert "  # why he came today" in after  # comments kept
    assert main(["migrate", str(path)]) == 0
    assert "already current (format 1)" in capsys.readouterr().out


def test_the_bundled_cases_are_current_and_migrate_leaves_them_alone(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    path.write_text(real_text(), encoding="utf-8")
    assert main(["migrate", str(path)]) == 0
    assert "already current" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == real_text()


def test_a_newer_format_is_refused_plainly():
    text = real_text().replace("\nformat: 1\n", "\nformat: 7\n", 1)
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml")
    (problem,) = info.value.problems
    assert str(problem) == (
        "s.yaml:2:9: error: format: 7 is newer than this simulator reads (format 1); update the simulator"
    )


def test_a_migration_that_would_not_load_is_not_written(format_zero, tmp_path, capsys):
    path = tmp_path / "old.yaml"
    broken = format_zero.replace("  age: 46", "  age: old", 1)
    path.write_text(broken, encoding="utf-8")
    assert main(["migrate", str(path)]) == 1
    assert "patient.age: should be a whole number" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == broken
