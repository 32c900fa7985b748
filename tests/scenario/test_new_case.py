"""`new FILE` writes a commented starter case that validates and lints clean, and an expert
playthrough that earns full marks; it never overwrites a file."""

from __future__ import annotations

from simulator.commands.cli import main
from simulator.engine.playthrough import play
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief


def test_new_writes_a_case_that_validates_lints_and_plays(tmp_path, capsys):
    path = tmp_path / "knee-case.yaml"
    assert main(["new", str(path)]) == 0
    expert = tmp_path / "playthroughs" / "knee-case.expert.yaml"
    assert f"wrote {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert "id: knee-case" in text and "# Field reference: docs/REFERENCE.md" in text
    assert main(["validate", str(path)]) == 0
    assert main(["lint", str(path)]) == 0
    assert "warning" not in capsys.readouterr().err
    report = build_debrief(play(load_scenario(path), expert))
    assert report.finished and report.score == report.max_score and not report.critical
    assert "expect:\n  score: full\n  critical: []" in expert.read_text(encoding="utf-8")


def test_new_takes_an_id_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "draft.yaml"
    assert main(["new", str(path), "--id", "knee-oa"]) == 0
    assert load_scenario(path).id == "knee-oa"
    path.write_text("# my own work\n", encoding="utf-8")
    assert main(["new", str(path)]) == 1
    assert "the file already exists; nothing was written" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# my own work\n"


def test_new_refuses_an_invalid_id_with_a_suggestion(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x.yaml"), "--id", "Knee OA"]) == 1
    assert "'Knee OA' is not a valid case id" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
