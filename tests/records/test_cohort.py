"""An instructor sees which guidance points a cohort misses most, from the files trainees hand in."""

from __future__ import annotations

import pytest
from fixtures.records_store import make_cohort

from simulator.records import cohort


@pytest.fixture(scope="module")
def fixture_cohort(tmp_path_factory):
    return cohort.load(make_cohort(tmp_path_factory.mktemp("cohort")))


def test_the_cohort_counts_each_attempt_once_and_names_files_it_cannot_read(fixture_cohort):
    assert fixture_cohort.summary() == "4 attempts by 4 trainees across 2 cases"
    assert len(fixture_cohort.problems) == 1 and "notes.json is not valid JSON" in fixture_cohort.problems[0]


def test_items_missed_per_case_on_the_fixture_cohort(fixture_cohort):
    rows = {(r.scenario, r.item): r for r in cohort.item_rows(fixture_cohort.records)}
    naloxone = rows["clbp-moderate-oud", "plan-naloxone"]
    assert (naloxone.attempts, naloxone.missed, naloxone.critical) == (3, 2, 0)  # Ana and Ben, not Cara
    assert naloxone.trainees_missed == {"Ana", "Ben"}
    abrupt = rows["clbp-moderate-oud", "plan-no-abrupt-stop"]
    assert (abrupt.attempts, abrupt.missed, abrupt.critical) == (3, 1, 1)  # only Ana stopped abruptly
    moud = rows["clbp-moderate-oud", "plan-moud"]
    assert (moud.missed, moud.critical, round(100 * moud.miss_rate)) == (1, 1, 33)
    stable = [r for r in rows.values() if r.scenario == "stable-dependence"]
    assert all(r.attempts == 1 for r in stable)
    # most missed first
    ordered = cohort.item_rows(fixture_cohort.records)
    rates = [r.miss_rate for r in ordered]
    assert rates == sorted(rates, reverse=True)


def test_guidance_points_missed_most_across_cases(fixture_cohort):
    points = {g.guidance: g for g in cohort.guidance_rows(cohort.item_rows(fixture_cohort.records))}
    abrupt = points["tx.no_abrupt_stop"]
    # one item in each case: Ana (CLBP) and Dev (stable) stopped abruptly; Ben and Cara did not
    assert (abrupt.checks, abrupt.missed, abrupt.critical) == (4, 2, 2)
    assert abrupt.cases == {
        "Chronic low back pain: asking for a higher dose",
        'Six years on morphine: "Am I addicted?"',
    }
    naloxone = points["tx.naloxone"]
    # two items per case (ask about overdose risk, offer naloxone): Ana 2, Ben 2, Cara 0, Dev 2 missed
    assert (naloxone.checks, naloxone.missed) == (8, 6)
    assert round(100 * naloxone.miss_rate) == 75


def test_the_table_exports_as_csv(fixture_cohort, tmp_path):
    rows = cohort.item_rows(fixture_cohort.records)
    out = tmp_path / "table.csv"
    cohort.write_table(rows, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:3] == ["Case", "Rubric item", "Guidance"]
    assert len(lines) == 1 + len(rows)
