"""Lint without false positives: every narrative rule has a case where the text is legitimately
there and lint stays quiet, and the two false positives of issue 22 are gone (methadone as the
pain regimen; naloxone named under ``not plan.naloxone``). The teaching case lints clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.commands.cli import main
from simulator.control.lint import lint_warnings
from simulator.scenario.course_checks import TERMS, _suggest

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "methadone-qtc.yaml"
ANCHOR = "        - text: Derek comes back on day {day}.\n"

#: A phrase for each narrative rule (each fact a text may name), as an author would write it.
SAMPLES = {
    "nonopioid:duloxetine": "He takes the duloxetine every morning.",
    "nonopioid:gabapentinoid": "He takes the gabapentin at night.",
    "nonopioid:topical_nsaid": "He rubs in the topical NSAID twice a day.",
    "nonopioid:topical_capsaicin": "The capsaicin cream stings less now.",
    "nonopioid:low_dose_naltrexone": "He started the low-dose naltrexone.",
    "nonopioid:physiotherapy": "He has been to physiotherapy twice.",
    "nonopioid:cbt": "He has started CBT for pain.",
    "nonopioid:act": "He goes to acceptance and commitment therapy.",
    "nonopioid:mindfulness": "He practises mindfulness each evening.",
    "nonopioid:exercise": "He keeps to the exercise programme.",
    "nonopioid:any": "He has kept up the pain plan.",
    "moud:buprenorphine": "The buprenorphine holds the pain.",
    "moud:methadone": "He takes the methadone at the programme.",
    "moud:naltrexone_xr": "The naltrexone injection was given.",
    "naloxone": "He keeps the naloxone in the kitchen.",
    "urine_testing": "The urine drug test was as expected.",
}


def with_narrative(tmp_path, text: str, when: str | None) -> Path:
    source = CASE.read_text(encoding="utf-8")
    cond = f'          when: "{when}"\n' if when else ""
    extra = f'        - text: "{text}"\n{cond}'
    path = tmp_path / "case.yaml"
    path.write_text(source.replace(ANCHOR, ANCHOR + extra, 1), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [p.message for p in lint_warnings(str(path))]


def test_every_narrative_rule_has_a_legitimate_sample():
    assert {fact for _, fact in TERMS} == set(SAMPLES)


@pytest.mark.parametrize("fact", sorted(SAMPLES))
def test_a_text_under_the_condition_that_makes_it_true_is_quiet(tmp_path, fact):
    path = with_narrative(tmp_path, SAMPLES[fact], _suggest(fact))
    assert messages(path) == []


@pytest.mark.parametrize("fact", ["nonopioid:physiotherapy", "moud:buprenorphine", "naloxone"])
def test_without_the_condition_the_same_text_warns(tmp_path, fact):
    (message,) = messages(with_narrative(tmp_path, SAMPLES[fact], None))
    assert "the plan may not include" in message


def test_methadone_as_the_pain_regimen_may_be_named_on_every_path(tmp_path):
    path = with_narrative(tmp_path, "He has taken his methadone as prescribed.", None)
    assert messages(path) == []


def test_naloxone_named_where_the_plan_gave_none_is_not_flagged(tmp_path):
    text = "He had stopped breathing; naloxone from the ambulance crew brought him round."
    assert messages(with_narrative(tmp_path, text, "not plan.naloxone")) == []


def test_the_teaching_case_lints_clean_in_strict_mode(capsys):
    assert main(["lint", "--strict", str(CASE)]) == 0
