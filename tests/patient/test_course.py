"""The patient-course model, told as what a clinician would expect to see after each plan.

The patients here are not the bundled scenarios' (whose parameters were tuned on their
stories): a 52-year-old on hydrocodone 10 mg four times a day for two years, with or without
opioid use disorder, and one with opioid-induced hyperalgesia on a higher dose.
"""

from __future__ import annotations

import pytest

from simulator.clinical.cows import band_for_total
from simulator.clinical.mme import Regimen
from simulator.clinical.plan import PlanChoices
from simulator.patient.course import CoursePatient, Intervention, simulate, taper_schedule
from simulator.scenario.course_format import CourseParams

HYDROCODONE = (Regimen("hydrocodone", 10, 1, 4),)  # 40 MME/day
DEPENDENT = CoursePatient(HYDROCODONE, months_on_opioids=24, pain=5, craving=0, function=6, rapport=55)
WITH_OUD = CoursePatient(HYDROCODONE, months_on_opioids=24, pain=7, craving=7, function=4, rapport=50)
NO_OUD = CourseParams()
OUD = CourseParams(use_disorder=0.9)
BUP = dict(
    opioid="switch_to_moud",
    moud="buprenorphine",
    induction="standard",
    induction_cows=10,
    induction_wait_hours=12,
)


def peak(run, key: str = "cows", days: range | None = None) -> float:
    chosen = run.days if days is None else [run.days[d] for d in days]
    return max(getattr(d, key) for d in chosen)


def test_stopping_at_once_brings_severe_withdrawal_and_a_high_risk_of_return_to_use():
    run = simulate(OUD, WITH_OUD, PlanChoices(opioid="stop_abruptly"), days=56)
    assert band_for_total(round(peak(run))) in ("moderately severe", "severe")
    assert peak(run, "risk_return") >= 0.8
    assert run.first_event(0, ["return_to_use"]) is not None
    # without OUD the withdrawal is as bad, but there is no drive to use from other sources
    calm = simulate(NO_OUD, DEPENDENT, PlanChoices(opioid="stop_abruptly"), days=56)
    assert band_for_total(round(peak(calm))) in ("moderately severe", "severe")
    assert calm.first_event(0, ["return_to_use"]) is None


def test_ten_percent_a_month_gives_at_most_mild_withdrawal():
    plan = PlanChoices(opioid="taper", taper_percent=10, taper_interval_days=28, followup_days=28)
    run = simulate(NO_OUD, DEPENDENT, plan, days=168)
    assert peak(run) < 13  # below the moderate band
    assert run.days[-1].mme < run.days[0].mme  # the dose really came down, step by step
    fast = PlanChoices(opioid="taper", taper_percent=25, taper_interval_days=7, followup_days=28)
    assert peak(simulate(NO_OUD, DEPENDENT, fast, days=168)) > peak(run)


def test_the_taper_follows_the_planners_tablet_steps():
    plan = PlanChoices(opioid="taper", taper_percent=25, taper_interval_days=7)
    run = simulate(NO_OUD, DEPENDENT, plan, days=42)
    weekly = [run.days[d].mme for d in (0, 7, 14, 21, 28)]
    assert weekly == [40, 30, 20, 10, 0]  # hydrocodone 10 mg tablets: 10 MME steps


def test_buprenorphine_lowers_craving():
    without = simulate(OUD, WITH_OUD, PlanChoices(opioid="continue"), days=28)
    with_bup = simulate(OUD, WITH_OUD, PlanChoices(**BUP), days=28)
    assert with_bup.days[14].craving < without.days[14].craving - 3
    assert with_bup.first_event(0, ["precipitated"]) is None


def test_hyperalgesia_resolves_over_weeks_after_a_taper():
    patient = CoursePatient((Regimen("oxycodone", 30, 1, 4),), 36, pain=8, function=3)  # 180 MME
    params = CourseParams(hyperalgesia=3, opioid_relief=0.5)
    plan = PlanChoices(opioid="taper", taper_percent=10, taper_interval_days=7)
    run = simulate(params, patient, plan, days=168)
    assert run.days[0].hyperalgesia == pytest.approx(3)
    assert run.days[-1].hyperalgesia < 0.5
    assert run.days[-1].pain < run.days[0].pain  # less opioid, less pain, in the end
    kept = simulate(params, patient, PlanChoices(opioid="continue"), days=168)
    assert kept.days[-1].hyperalgesia == pytest.approx(3)


def test_pain_may_rise_in_the_first_weeks_of_a_taper_and_improve_later():
    patient = CoursePatient((Regimen("oxycodone", 30, 1, 4),), 36, pain=8, function=3)
    params = CourseParams(hyperalgesia=3, opioid_relief=0.5)
    plan = PlanChoices(opioid="taper", taper_percent=10, taper_interval_days=7, nonopioid=("physiotherapy",))
    run = simulate(params, patient, plan, days=168)
    assert peak(run, "pain", range(1, 15)) > run.days[0].pain - 0.5
    assert run.days[84].pain < run.days[0].pain - 1


def test_a_standard_start_at_cows_3_precipitates_withdrawal():
    early = PlanChoices(**{**BUP, "induction_cows": 3})
    run = simulate(OUD, WITH_OUD, early, days=14)
    assert run.first_event(0, ["precipitated"]).day == 1
    assert run.days[1].cows >= 20
    ready = simulate(OUD, WITH_OUD, PlanChoices(**BUP), days=14)
    assert ready.days[1].cows <= 12 and peak(ready, "cows", range(2, 15)) < 5
    low_dose = simulate(OUD, WITH_OUD, PlanChoices(**{**BUP, "induction": "low_dose"}), days=14)
    assert low_dose.first_event(0, ["precipitated"]) is None


def test_discharge_loses_the_patient():
    plan = PlanChoices(opioid="continue", followup_days=14)
    kept = simulate(OUD, WITH_OUD, plan, days=56)
    assert all(came for _, came in kept.visits)
    gone = simulate(OUD, WITH_OUD, plan, [Intervention(10, ("discharge",))], days=56)
    assert gone.days[-1].discharged and gone.days[-1].engagement == 0
    assert [d for d, _ in gone.visits] == [d for d, _ in kept.visits if d < 10]  # no more appointments
    assert gone.days[20].mme == 0  # and no more prescriptions: an abrupt stop
    assert gone.first_event(10, ["return_to_use"]) is not None


def test_a_long_interval_loses_a_patient_who_needs_close_follow_up():
    plan = PlanChoices(opioid="continue", followup_days=28)
    run = simulate(CourseParams(use_disorder=0.9, followup_need_days=7), WITH_OUD, plan, days=168)
    assert any(not came for _, came in run.visits)
    assert run.first_event(0, ["missed_visits"]) is not None


def test_return_to_use_after_lost_tolerance_is_an_overdose_and_naloxone_changes_the_outcome():
    # four weeks of residential care with no medication for OUD: tolerance is lost, craving is not
    params = CourseParams(use_disorder=0.9, return_threshold=0.4)
    plan = PlanChoices(opioid="stop_abruptly", setting="residential")
    run = simulate(params, WITH_OUD, plan, days=56)
    use = run.first_event(0, ["return_to_use"])
    assert use is not None and use.day > 28  # not while in residence
    assert run.days[use.day - 1].tolerance < 0.1 * 40
    overdose = run.first_event(0, ["overdose"])
    assert overdose is not None and overdose.day == use.day and overdose.detail == "hospital"
    with_naloxone = simulate(params, WITH_OUD, PlanChoices(**{**plan.__dict__, "naloxone": True}), days=56)
    assert with_naloxone.first_event(0, ["overdose"]).detail == "reversed"
    # the same stay with buprenorphine: no return to use, no overdose
    treated = simulate(params, WITH_OUD, PlanChoices(**{**plan.__dict__, **BUP}), days=56)
    assert treated.first_event(0, ["return_to_use", "overdose"]) is None


def test_the_same_plan_always_gives_the_same_course():
    plan = PlanChoices(opioid="taper", taper_percent=25, taper_interval_days=7, nonopioid=("cbt",))
    first = simulate(OUD, WITH_OUD, plan, [Intervention(9, ("hold_dose",))], days=84)
    again = simulate(OUD, WITH_OUD, plan, [Intervention(9, ("hold_dose",))], days=84)
    assert first == again


def test_a_pause_holds_the_dose():
    plan = PlanChoices(opioid="taper", taper_percent=25, taper_interval_days=7)
    run = simulate(NO_OUD, DEPENDENT, plan, [Intervention(9, ("hold_dose",))], days=42)
    assert run.days[9].mme == run.days[41].mme == 30


@pytest.mark.parametrize("edge", ["low", "high"])
def test_any_parameters_the_format_allows_keep_every_measure_in_range(edge):
    values = {}
    for name, spec in CourseParams.model_json_schema()["properties"].items():
        if spec["type"] == "boolean":  # a switch (early_refills): both settings are at an edge
            values[name] = edge == "high"
            continue
        low = spec.get("minimum", spec.get("exclusiveMinimum", 0) + 0.01)
        value = spec["maximum"] if edge == "high" else low
        values[name] = int(value) if spec["type"] == "integer" else float(value)
    params = CourseParams(**values)
    plans = [PlanChoices(opioid=o) for o in ("continue", "increase", "stop_abruptly", "short_course")]
    plans += [PlanChoices(**BUP), PlanChoices(opioid="taper", taper_percent=50, taper_interval_days=1)]
    for plan in plans:
        run = simulate(params, WITH_OUD, plan, [Intervention(3, ("discharge",))], days=60)
        for d in run.days:
            assert 0 <= d.cows <= 48 and 0 <= d.pain <= 10 and 0 <= d.craving <= 10 and 0 <= d.function <= 10
            assert 0 <= d.engagement <= 1 and d.tolerance >= 0 and 0 <= d.risk_return <= 1


ON_BUP = CoursePatient(regimen=(), months_on_opioids=36, pain=7, craving=2, buprenorphine_mg=16,
                       long_acting=True)
SURGERY = CourseParams(acute_pain=4, acute_pain_days=6, opioid_relief=0, cows_full_stop=18,
                       tolerance_loss_days=6, use_disorder=1.0, nonopioid_max=2)


def test_a_full_agonist_added_on_top_of_buprenorphine_is_blunted_and_ends_with_its_supply():
    usual = simulate(SURGERY, ON_BUP, PlanChoices(opioid="short_course", end_date_days=5), days=14)
    alone = simulate(SURGERY, ON_BUP, PlanChoices(opioid="continue"), days=14)
    high = simulate(SURGERY, ON_BUP, PlanChoices(opioid="short_course", end_date_days=5,
                                                 short_course_tablets=80), days=14)
    day1, high1 = usual.at(1), high.at(1)
    assert day1.mme == 30 and day1.moud == "buprenorphine"  # the chart's MME line shows it
    assert 0 < day1.added_relief < 1.5 and day1.pain < alone.at(1).pain  # partial relief at usual doses
    assert high1.added_relief > 3 * day1.added_relief and high1.sedation >= 3 > day1.sedation
    assert usual.at(6).mme == 0 and usual.at(6).added_relief == 0 == usual.at(6).sedation  # supply over


def test_without_buprenorphine_the_added_opioid_works_fully_and_protection_is_lost():
    plan = PlanChoices(opioid="short_course", end_date_days=7)
    kept = simulate(SURGERY, ON_BUP, plan, days=14)
    stopped = simulate(SURGERY, ON_BUP, plan, [Intervention(1, ("stop_moud",))], days=14)
    assert stopped.at(1) == kept.at(1)  # a visit's decision acts from the next day
    assert stopped.at(2).added_relief > 2 * kept.at(2).added_relief
    assert stopped.at(2).sedation > kept.at(2).sedation
    assert any(d.using for d in stopped.days) and not any(d.using for d in kept.days)


def test_increase_on_buprenorphine_alone_raises_it_in_divided_doses_and_eases_the_pain():
    """"Increase the opioid dose" for a patient whose only opioid is buprenorphine is a raise of the
    buprenorphine, split through the day (ASRA 2021), not a plan that changes nothing."""
    kept = simulate(SURGERY, ON_BUP, PlanChoices(opioid="continue"), days=14)
    raised = simulate(SURGERY, ON_BUP, PlanChoices(opioid="increase"), days=14)
    assert kept.at(3).moud_mg == 16 and raised.at(3).moud_mg == 20  # a quarter more
    assert all(r.pain < k.pain for r, k in zip(raised.days[1:], kept.days[1:], strict=True))
    assert raised.at(3).mme == 0 and raised.at(3).sedation == 0  # no full agonist added
    on_agonist = simulate(OUD, WITH_OUD, PlanChoices(opioid="increase"), days=14)
    assert on_agonist.at(3).mme == 50 and on_agonist.at(3).moud_mg == 0  # a full agonist is raised as before


def _every_strength():
    from simulator.clinical.taper import TABLET_STRENGTHS

    for drug, strengths in TABLET_STRENGTHS.items():
        for strength in strengths:
            yield drug, strength


@pytest.mark.parametrize(("drug", "strength"), list(_every_strength()))
def test_the_played_taper_is_the_scored_taper_for_every_drug_and_strength(drug: str, strength: float):
    """The course plays the steps `calc taper` prints, and the plan-safety rule judges those same
    steps, for every marketed strength of every drug the planner knows."""
    from simulator.clinical.safety import OpioidLine, PatientFacts, evaluate_plan
    from simulator.clinical.taper import FINDING_SEVERITY, plan_taper

    kind = "fentanyl_patch" if drug == "fentanyl_patch" else "short_acting"
    per_day = 1 if drug == "fentanyl_patch" else 2
    line = OpioidLine(drug, kind, strength * per_day, 0, strength, 1, per_day)
    facts = PatientFacts(regimen=(line,), months_on_opioids=36)
    patient = CoursePatient((Regimen(drug, strength, 1, per_day),), 36, pain=5, facts=facts)
    for percent, basis in ((10, "current"), (25, "original"), (50, "current")):
        plan = PlanChoices(opioid="taper", taper_percent=percent, taper_interval_days=30, taper_basis=basis)
        printed = plan_taper(drug, strength, per_day, percent, 30, 36, basis=basis)
        start = printed.steps[0].daily_dose
        steps = [s.daily_dose / start for s in printed.steps]
        gaps = [b.day - a.day for a, b in zip(printed.steps, printed.steps[1:], strict=False)]
        played, held = taper_schedule(patient, plan)
        assert played == steps[1:] and held == gaps, (drug, strength, percent, basis)
        worst = {f.severity for f in printed.findings} & {"fail", "critical"}
        found = evaluate_plan(facts, plan)
        judged = {FINDING_SEVERITY[f.severity] for f in found if f.rule.startswith("taper")}
        assert bool(worst) == bool(judged & {"fail", "critical"}), (drug, strength, percent, basis, judged)


def test_each_day_is_the_day_its_fields_make():
    """simulate builds each day without the frozen class's __init__: every field is there, and the
    day equals (and hashes as) the one Day(**fields) gives."""
    from dataclasses import asdict, fields

    from simulator.patient.course import Day, _new_day

    run = simulate(OUD, WITH_OUD, PlanChoices(**BUP), [Intervention(3, ("add_pain_care",))], days=28)
    names = [f.name for f in fields(Day)]
    for day in run.days:
        assert sorted(vars(day)) == sorted(names)
        made = Day(**asdict(day))
        assert made == day and hash(made) == hash(day) and repr(made) == repr(day)
        assert _new_day(asdict(day)) == made
