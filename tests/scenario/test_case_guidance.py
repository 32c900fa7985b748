"""A case may declare teaching points the catalogue lacks, cite them from its rubric, and see
them in the debrief like catalogue entries; it may not replace a catalogue entry."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import ROOT

from simulator.clinical import catalogue
from simulator.errors import ProblemsError
from simulator.scenario.loader import load_scenario_text
from simulator.scenario.reference import reference_markdown

CASE = ROOT / "scenarios" / "stable-dependence.yaml"
ENTRY = """
guidance:
  - id: case.sedative_review
    title: Review sedatives with the opioid
    summary: >-
      When a patient on an opioid also takes a sedative, the two are reviewed together at every visit.
    source: {document: "Practice policy on opioids and sedatives, 2025", section: "Reviewing both"}
"""


def case_text(entry: str = ENTRY, cite: str = "case.sedative_review") -> str:
    text = CASE.read_text(encoding="utf-8")
    assert "    guidance: tx.naloxone\n" in text
    return text.replace("    guidance: tx.naloxone\n", f"    guidance: {cite}\n", 1) + entry


def errors(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml")
    return [str(p) for p in info.value.problems]


def test_the_debrief_shows_a_case_entry_like_a_catalogue_entry():
    from simulator.engine.playthrough import play
    from simulator.scoring.debrief import build_debrief

    scenario = load_scenario_text(case_text(), "s.yaml")
    report = build_debrief(
        play(scenario, ROOT / "scenarios" / "playthroughs" / "stable-dependence.expert.yaml")
    )
    (item,) = [i for i in report.items if i.guidance == "case.sedative_review"]
    assert item.guidance_title == "Review sedatives with the opioid"
    assert item.guidance_summary.startswith("When a patient on an opioid also takes a sedative")
    assert item.citation == 'Practice policy on opioids and sedatives, 2025, "Reviewing both"'
    assert report.score == report.max_score  # citing a case entry changes nothing in the scoring


def test_a_misspelt_case_id_gets_the_nearest_valid_id():
    (problem,) = errors(case_text(cite="case.sedative_reveiw"))
    assert "unknown guidance id 'case.sedative_reveiw'; did you mean 'case.sedative_review'?" in problem


def test_a_misspelt_catalogue_id_gets_the_nearest_catalogue_id():
    (problem,) = errors(case_text(entry="", cite="tx.nalox"))
    assert "unknown guidance id 'tx.nalox'; did you mean 'tx.naloxone'?" in problem


def test_an_entry_that_shadows_a_catalogue_id_is_an_error():
    shadow = ENTRY.replace("case.sedative_review", "tx.naloxone")
    (problem,) = errors(case_text(entry=shadow, cite="tx.naloxone"))
    assert "guidance id 'tx.naloxone' is already in the catalogue (Offer naloxone)" in problem
    assert "such as 'case.naloxone'" in problem


def test_an_entry_needs_a_source_with_a_section():
    no_section = ENTRY.replace(', section: "Reviewing both"', "")
    (problem,) = errors(case_text(entry=no_section))
    assert "guidance.0.source.section: required field 'section' is missing" in problem


def test_the_reference_lists_every_catalogue_id_with_its_summary_and_source():
    text = reference_markdown()
    for entry in catalogue.all_guidance():
        assert f"### `{entry.id}`: {entry.title}" in text
        assert entry.summary in text
        assert entry.cite_documents() in text
    # the playthrough part follows (simulator.commands.playthrough_reference); test_docs checks the whole file
    assert (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8").startswith(text)
