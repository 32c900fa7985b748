"""Issue 21 (clinical rules, round 3): one test per audit finding, each failing before its fix.

The patients are the bundled cases' charts where the audit named one (severe-oud-overdose:
oxycodone 150 MME, fentanyl on the urine screen, alprazolam, an overdose three months ago).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.clinical import catalogue, moud, rules
from simulator.clinical.drugs import opioid_kind
from simulator.clinical.mme import Regimen
from simulator.clinical.safety import (
    OpioidLine,
    PatientFacts,
    PlanChoices,
    evaluate_plan,
    precipitates,
)
from simulator.clinical.taper import check_taper_rate, plan_taper, played_fractions
from simulator.engine.plan_safety import patient_facts
from simulator.patient.course import CoursePatient, Intervention, simulate
from simulator.scenario.course_format import CourseParams
from simulator.scenario.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SAFE = {"naloxone": True, "followup_days": 7, "counselling": frozenset({"overdose_risk"})}


@pytest.fixture(scope="module")
def severe() -> PatientFacts:
    return patient_facts(load_scenario(SCENARIOS / "severe-oud-overdose.yaml"))


def by_rule(patient: PatientFacts, **plan) -> dict[str, object]:
    return {f.rule: f for f in evaluate_plan(patient, PlanChoices(**(SAFE | plan)))}


PLAIN = PatientFacts(  # no overdose, no sedative, no lung disease, 45
    regimen=(OpioidLine("oxycodone", "short_acting", 60, 90, 15, 1, 4),),
    months_on_opioids=24,
    diagnosis="oud",
    age=45,
)


# 1 ---------------------------------------------------------------- stacking two full agonists
def test_1_methadone_on_top_of_a_full_agonist_is_critical_with_an_overdose_or_a_sedative(severe):
    found = by_rule(severe, opioid="continue", moud="methadone", methadone_route="otp")
    stacked = found["methadone_with_agonist"]
    assert stacked.severity == "critical" and stacked.guidance == "tx.methadone_start"
    assert "has had an overdose" in stacked.why and "alprazolam" in stacked.why
    plain = by_rule(PLAIN, opioid="continue", moud="methadone", methadone_route="otp")
    assert plain["methadone_with_agonist"].severity == "error"


# 2 ---------------------------------------------------------------- gabapentinoid by risk
def test_2_a_gabapentinoid_rises_to_critical_with_the_fda_risk_factors(severe):
    found = by_rule(
        severe, opioid="switch_to_moud", moud="methadone", methadone_route="otp", nonopioid=("gabapentinoid",)
    )
    gaba = found["gabapentinoid_with_opioid"]
    assert gaba.severity == "critical" and "methadone" in gaba.what
    assert "has had an overdose" in gaba.why and "alprazolam" in gaba.why
    assert by_rule(PLAIN, opioid="continue", nonopioid=("gabapentinoid",))[
        "gabapentinoid_with_opioid"
    ].severity == ("error")
    lungs = PatientFacts(**{**PLAIN.__dict__, "lung_disease": "copd"})
    older = PatientFacts(**{**PLAIN.__dict__, "age": 70})
    for patient, words in ((lungs, "has COPD"), (older, "is 70")):
        gaba = by_rule(patient, opioid="continue", nonopioid=("gabapentinoid",))["gabapentinoid_with_opioid"]
        assert gaba.severity == "critical" and words in gaba.why


# 3 ---------------------------------------------------------------- fentanyl patch
def test_3_a_fentanyl_patch_is_not_timed_like_illicit_fentanyl():
    assert opioid_kind("fentanyl", "transdermal patch", "mcg/hr") == "fentanyl_patch"
    assert rules.MIN_WAIT_HOURS["fentanyl_patch"] > 2 * rules.MIN_WAIT_HOURS["fentanyl"]
    after_12 = moud.check_induction("fentanyl_patch", 12, 9)
    assert not after_12.ready and after_12.risk != "low"
    assert moud.check_induction("fentanyl", 12, 9).ready  # illicit fentanyl: 12 hours is the wait
    patch = PatientFacts(
        regimen=(OpioidLine("fentanyl_patch", "fentanyl_patch", 50, 120, 50, 1, 1),), months_on_opioids=24
    )
    found = by_rule(
        patch,
        opioid="switch_to_moud",
        moud="buprenorphine",
        induction="standard",
        induction_cows=9,
        induction_wait_hours=24,
    )
    assert found["precipitated_withdrawal"].severity in ("error", "critical")
    assert "fentanyl patch" in found["precipitated_withdrawal"].what


# 4 ---------------------------------------------------------------- the urine screen counts
def test_4_a_standard_start_against_fentanyl_on_the_urine_screen_loses_points(severe):
    assert severe.urine_opioids == ("fentanyl",)
    found = by_rule(
        severe,
        opioid="switch_to_moud",
        moud="buprenorphine",
        induction="standard",
        induction_cows=8,
        induction_wait_hours=24,
    )
    start = found["precipitated_withdrawal"]
    assert start.severity == "error" and "urine screen" in start.what and "low-dose start" in start.why
    low = by_rule(severe, opioid="switch_to_moud", moud="buprenorphine", induction="low_dose")
    assert "precipitated_withdrawal" not in low


# 5 ---------------------------------------------------------------- buprenorphine above 24 mg
def test_5_no_16_mg_target_and_more_than_24_mg_may_be_appropriate():
    (above,) = moud.check_buprenorphine_maintenance(32)
    assert above.severity == "flag" and "may be appropriate" in above.message
    assert "no added benefit" not in above.message
    entry = catalogue.get("tx.bup_dose")
    assert "aiming around 16" not in entry.summary and "more than 24 mg" in entry.summary
    assert any(s.key == "FDA24" for s in entry.sources)


# 6 ---------------------------------------------------------------- course and rules agree
METHADONE_80 = PatientFacts(
    regimen=(OpioidLine("methadone", "methadone", 80, 376, 10, 2, 4),), months_on_opioids=24
)
OXY_ER = PatientFacts(
    regimen=(OpioidLine("oxycodone", "long_acting", 80, 120, 40, 1, 2),), months_on_opioids=24
)


@pytest.mark.parametrize(
    "patient", [METHADONE_80, OXY_ER, PLAIN], ids=["methadone", "long-acting", "short-acting"]
)
@pytest.mark.parametrize("days", [7, 10, 14])
def test_6_the_course_and_the_rules_read_one_naltrexone_washout(patient, days):
    plan = PlanChoices(**SAFE, opioid="switch_to_moud", moud="naltrexone_xr", naltrexone_free_days=days)
    flagged = "naltrexone_too_soon" in by_rule(
        patient, **plan.__dict__ | {"counselling": SAFE["counselling"]}
    )
    course = CoursePatient((Regimen(patient.regimen[0].drug, 10, 1, 4),), 24, pain=5, facts=patient)
    run = simulate(CourseParams(), course, plan, days=30)
    assert precipitates(patient, plan) == flagged == any(d.precipitated for d in run.days)
    assert flagged == (
        days < {"methadone": 14, "oxycodone": 10 if patient is OXY_ER else 7}[patient.regimen[0].drug]
    )


def test_6_the_course_reads_the_urine_screen_for_a_standard_start(severe):
    plan = PlanChoices(
        **SAFE,
        opioid="switch_to_moud",
        moud="buprenorphine",
        induction="standard",
        induction_cows=8,
        induction_wait_hours=10,
    )
    # 10 hours: enough after short-acting oxycodone alone, too soon after the fentanyl in the urine
    assert precipitates(severe, plan)
    assert "precipitated_withdrawal" in by_rule(severe, **plan.__dict__)


# 7 ---------------------------------------------------------------- methadone builds up
def test_7_methadone_shows_withdrawal_early_and_the_first_two_weeks_carry_the_risk(severe):
    regimen = (Regimen("oxycodone", 30, 1, 2), Regimen("oxycodone", 10, 1, 4))
    plain = PatientFacts(**{**severe.__dict__, "co_medications": ()})
    plan = PlanChoices(**SAFE, opioid="switch_to_moud", moud="methadone", methadone_route="otp")

    def run(facts):
        patient = CoursePatient(regimen, 36, pain=8, craving=7, cows=0, facts=facts)
        return simulate(CourseParams(use_disorder=0.5), patient, plan, days=42)

    with_benzo, without = run(severe), run(plain)
    assert max(d.cows for d in with_benzo.days[1:6]) >= 8  # not covered from day 1
    early = max(d.risk_overdose for d in with_benzo.days[1:15])
    late = max(d.risk_overdose for d in with_benzo.days[21:])
    assert early > late + 0.2
    assert early > max(d.risk_overdose for d in without.days[1:15])  # more with alprazolam
    stacked = PlanChoices(**SAFE, opioid="continue", moud="methadone", methadone_route="otp")
    patient = CoursePatient(regimen, 36, pain=8, craving=7, facts=severe)
    assert simulate(CourseParams(), patient, stacked, days=21).first_event(0, ["overdose"]) is not None


# 8 ---------------------------------------------------------------- one taper-rate rule
def test_8_calc_and_the_scorer_give_one_verdict_for_a_short_term_taper():
    (rate,) = check_taper_rate(20, 7, 6)
    assert rate.severity == "flag" and "acceptable" not in rate.message
    patient = PatientFacts(
        regimen=(OpioidLine("hydrocodone", "short_acting", 40, 40, 10, 1, 4),), months_on_opioids=6
    )
    found = by_rule(
        patient,
        opioid="taper",
        taper_percent=20,
        taper_interval_days=7,
        taper_basis="current",
        taper_pauses=True,
    )
    assert found["taper_too_fast"].severity == "caution"


# 10 --------------------------------------------------------------- restart after days off
def test_10_the_expert_restart_after_days_off_is_a_reduced_dose():
    scenario = load_scenario(SCENARIOS / "cold-turkey.yaml")
    state = next(s for s in scenario.flow.states if s.name == "day3_withdrawal")
    choice = next(c for c in state.decision.choices if c.id == "restart_and_taper")
    assert "restart_reduced" in choice.effects and "reduced dose" in choice.text
    patient = CoursePatient((Regimen("oxycodone", 15, 1, 4),), 70, pain=6)
    run = simulate(
        CourseParams(),
        patient,
        PlanChoices(opioid="stop_abruptly"),
        [Intervention(4, ("restart_reduced",))],
        days=10,
    )
    assert run.at(6).mme == pytest.approx(45)  # half of 90 MME


# 11 --------------------------------------------------------------- take-homes; citations
def test_11_take_homes_and_monitoring_are_cited_as_the_sources_say():
    text = (SCENARIOS / "severe-oud-overdose.yaml").read_text(encoding="utf-8")
    assert "earned" not in text.split("week12_stable", 1)[1].split("patient_says", 1)[0]
    sections = [s.section for s in catalogue.get("tx.monitoring").sources]
    assert any(s.startswith("Recommendation 5") and "monthly during a taper" in s for s in sections)
    assert not any(s == "Recommendations 7, 9 and 10" for s in sections)


# 12 --------------------------------------------------------------- a taper plays as scored
def test_12_the_played_taper_is_the_judged_taper():
    # methadone 10 mg three times a day, 10% of the current dose every 30 days: liquid methadone
    # and halves give the steps; calc and the scorer judge those same steps
    plan = plan_taper("methadone", 10, 3, 10, 30, 36, basis="current")
    assert all(f.severity == "pass" for f in plan.findings)
    methadone = PatientFacts(
        regimen=(OpioidLine("methadone", "methadone", 30, 141, 10, 1, 3),), months_on_opioids=36
    )
    taper = {"opioid": "taper", "taper_interval_days": 30, "taper_basis": "current", "taper_pauses": True}
    assert not {r for r in by_rule(methadone, **taper, taper_percent=10) if r.startswith("taper")}
    five, ten = (played_fractions("methadone", 10, 3, p, 30, basis="current")[0] for p in (5, 10))
    assert five[:4] != ten[:4] and five[1] > ten[1]
    # morphine ER 15 mg twice a day, 10% a month: no longer 30 -> 15 -> 0 mg
    doses, days = played_fractions("morphine", 15, 2, 10, 30, basis="current")
    assert doses[1] > 0.5 and all(d >= 30 for d in days)
    judged = by_rule(
        PatientFacts(
            regimen=(OpioidLine("morphine", "long_acting", 30, 30, 15, 1, 2),), months_on_opioids=36
        ),
        **taper,
        taper_percent=10,
    )
    assert "taper_too_fast" not in judged


def test_12_a_case_may_name_its_strengths_and_the_course_plays_what_is_judged():
    from simulator.engine.visits import course_patient
    from simulator.patient.course import taper_schedule
    from simulator.scenario.loader import load_scenario_text

    text = (SCENARIOS / "clbp-moderate-oud.yaml").read_text(encoding="utf-8")
    only_tens = load_scenario_text(
        text.replace("      strength: 10\n", "      strength: 10\n      strengths: [10]\n", 1)
    )
    for scenario in (load_scenario(SCENARIOS / "clbp-moderate-oud.yaml"), only_tens):
        facts = patient_facts(scenario)
        line = facts.regimen[0]
        for percent, basis in ((10, "current"), (25, "original")):
            plan = PlanChoices(
                opioid="taper", taper_percent=percent, taper_interval_days=30, taper_basis=basis
            )
            doses, days = played_fractions(
                line.drug,
                line.strength,
                line.doses_per_day,
                percent,
                30,
                basis=basis,
                strengths=line.strengths or None,
            )
            assert taper_schedule(course_patient(scenario, 50), plan) == (doses[1:], days)
    # with only 10 mg tablets, 40 mg a day steps by 10 mg: each forced 25% cut waits 75 days
    doses, days = played_fractions("oxycodone", 10, 4, 10, 30, basis="current", strengths=(10,))
    assert doses[:3] == [1.0, 0.75, 0.5] and days[:2] == [75, 100]
