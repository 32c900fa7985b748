"""'Extra tablets on bad days, but no early refills': extra use raises what the patient really
takes (and so the tolerance) without running the supply out early when the case says so
(``course.params.early_refills: false``)."""

from __future__ import annotations

from simulator.clinical.mme import Regimen
from simulator.clinical.plan import PlanChoices
from simulator.patient.course import CoursePatient, simulate
from simulator.scenario.course_format import CourseParams

PATIENT = CoursePatient((Regimen("hydrocodone", 10, 1, 4),), months_on_opioids=24, pain=5, craving=0,
                        function=6, rapport=55)


def kinds(run) -> list[str]:
    return [e.kind for e in run.events]


def test_extra_use_by_default_brings_an_early_refill():
    run = simulate(CourseParams(extra_use=0.25), PATIENT, PlanChoices(opioid="continue"), days=56)
    assert "early_refill" in kinds(run)


def test_extra_use_on_bad_days_without_early_refills():
    params = CourseParams(extra_use=0.25, early_refills=False)
    run = simulate(params, PATIENT, PlanChoices(opioid="continue"), days=56)
    assert "early_refill" not in kinds(run)
    assert not any(d.early_refill for d in run.days)
