"""The doses a prescriber writes are judged: buprenorphine's first day and target, methadone's
first dose and titration (2024 opioid treatment programme rule), a short course's days' supply,
quantity and formulation, and the benzodiazepine decision; unwritten doses are never judged."""

from __future__ import annotations

import pytest

from simulator.clinical.plan import PlanChoices
from simulator.clinical.safety import CoMedication, OpioidLine, PatientFacts, evaluate_plan, precipitates
from simulator.patient.course import bup_dose, methadone_cover

OUD_ON_BENZO = PatientFacts(
    regimen=(OpioidLine("oxycodone", "short_acting", 60, 90),),
    months_on_opioids=24,
    co_medications=(CoMedication("alprazolam", "benzodiazepine"),),
    diagnosis="oud",
)
BUP = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard",
       "induction_cows": 12, "induction_wait_hours": 24}
METHADONE = {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp"}


def rules(**plan) -> dict[str, str]:
    return {f.rule: f.severity for f in evaluate_plan(OUD_ON_BENZO, PlanChoices(**plan))}


@pytest.mark.parametrize(("plan", "rule", "severity"), [
    ({**BUP, "bup_day1_mg": 24}, "bup_day1_high", "caution"),
    ({**BUP, "induction": "low_dose", "bup_day1_mg": 4}, "bup_low_dose_day1", "error"),
    ({**BUP, "bup_target_mg": 32}, "bup_target_high", "caution"),
    ({**METHADONE, "methadone_start_mg": 60}, "methadone_start_high", "critical"),
    ({**METHADONE, "methadone_start_mg": 40}, "methadone_start_above_usual", "caution"),
    ({**METHADONE, "methadone_start_mg": 20, "methadone_step_mg": 20, "methadone_step_days": 3},
     "methadone_titration_fast", "error"),
    ({"opioid": "short_course", "end_date_days": 14}, "acute_supply_long", "caution"),
    ({"opioid": "short_course", "end_date_days": 3, "short_course_tablets": 40},
     "acute_quantity_high", "caution"),
    ({"opioid": "short_course", "end_date_days": 3, "formulation": "extended_release"},
     "acute_extended_release", "error"),
    ({**BUP, "benzodiazepine": "stop"}, "benzodiazepine_stopped", "error"),
    ({"opioid": "continue", "benzodiazepine": "start"}, "benzodiazepine_started", "critical"),
])
def test_a_dangerous_dose_is_named_with_its_severity(plan: dict, rule: str, severity: str) -> None:
    assert rules(**plan).get(rule) == severity


def test_doses_in_the_usual_range_and_doses_not_written_are_not_judged() -> None:
    dose_rules = {"bup_day1_high", "bup_low_dose_day1", "bup_target_high", "methadone_start_high",
                  "methadone_start_above_usual", "methadone_titration_fast", "benzodiazepine_stopped",
                  "benzodiazepine_started"}
    assert not dose_rules & set(rules(**BUP, bup_day1_mg=8, bup_target_mg=16, benzodiazepine="taper"))
    assert not dose_rules & set(rules(**METHADONE, methadone_start_mg=30, methadone_step_mg=5,
                                      methadone_step_days=4))
    assert not dose_rules & set(rules(**BUP)) and not dose_rules & set(rules(**METHADONE))


def test_the_course_takes_the_written_doses() -> None:
    written = PlanChoices(**BUP, bup_day1_mg=4, bup_target_mg=24)
    assert [bup_dose(written, d) for d in (0, 1, 10)] == [4, 24, 24]
    assert [bup_dose(PlanChoices(**BUP), d) for d in (0, 1)] == [8, 16]  # nothing written: as before
    low = PlanChoices(**{**BUP, "induction": "low_dose"}, bup_day1_mg=0.5, bup_target_mg=16)
    assert bup_dose(low, 0) == 0.5 and bup_dose(low, 3) < bup_dose(low, 7) == 16
    slow = PlanChoices(**METHADONE, methadone_start_mg=20, methadone_step_mg=5, methadone_step_days=4)
    assert methadone_cover(slow, 0) < methadone_cover(slow, 12) < methadone_cover(slow, 40) == 1.0


def test_fentanyl_in_the_urine_asks_for_a_later_start() -> None:
    on_fentanyl = PatientFacts(regimen=OUD_ON_BENZO.regimen, months_on_opioids=24, diagnosis="oud",
                               fentanyl=True)
    early = [f for f in evaluate_plan(on_fentanyl, PlanChoices(**BUP)) if f.rule == "precipitated_withdrawal"]
    assert early and early[0].severity in ("error", "critical")  # COWS 12, 24 hours
    assert "COWS 13 or more" in early[0].why
    late = evaluate_plan(on_fentanyl, PlanChoices(**{**BUP, "induction_cows": 13,
                                                    "induction_wait_hours": 36}))
    assert {f.severity for f in late if f.rule == "precipitated_withdrawal"} <= {"caution"}
    assert "precipitated_withdrawal" not in {f.rule for f in evaluate_plan(OUD_ON_BENZO, PlanChoices(**BUP))}


def test_fentanyl_bought_not_prescribed_is_in_the_body_for_every_rule() -> None:
    """A patient who buys pills has no regimen, but the urine's fentanyl blocks naltrexone, makes
    an early standard buprenorphine start precipitate withdrawal, and calls for naloxone."""
    buying = PatientFacts(regimen=(), months_on_opioids=0, diagnosis="oud", fentanyl=True,
                          urine_opioids=("fentanyl",))
    found = {f.rule: f for f in evaluate_plan(buying, PlanChoices(moud="naltrexone_xr"))}
    assert found["naltrexone_too_soon"].severity == "critical"
    assert "not prescribed" in found["naloxone_not_offered"].why
    early = PlanChoices(moud="buprenorphine", induction="standard", induction_cows=4,
                        induction_wait_hours=12, naloxone=True)
    assert precipitates(buying, early)
    found = {f.rule: f.severity for f in evaluate_plan(buying, early)}
    assert found == {"precipitated_withdrawal": "critical"}
    low = PlanChoices(moud="buprenorphine", induction="low_dose", naloxone=True, followup_days=7)
    assert not precipitates(buying, low) and evaluate_plan(buying, low) == []
    assert "abrupt_stop" not in {f.rule for f in evaluate_plan(buying, PlanChoices(opioid="no_opioid"))}


def test_a_well_timed_start_after_fentanyl_is_advice_not_a_precipitation_guard() -> None:
    """COWS 14 after 30 hours: a caution (a low-dose start is safer still) that a case's
    ``safety.precipitated_withdrawal`` guard does not read as withdrawal brought on."""
    from simulator.engine.plan_safety import variables_from

    buying = PatientFacts(regimen=(), months_on_opioids=0, diagnosis="oud", fentanyl=True,
                          urine_opioids=("fentanyl",))
    timed = PlanChoices(moud="buprenorphine", induction="standard", induction_cows=14,
                        induction_wait_hours=30, naloxone=True, followup_days=7)
    found = evaluate_plan(buying, timed)
    assert [(f.rule, f.severity) for f in found] == [("precipitated_withdrawal", "caution")]
    assert not precipitates(buying, timed)
    assert variables_from(found)["safety.precipitated_withdrawal"] is False


def test_serotonergic_opioids_with_antidepressants_have_one_rule_for_every_case() -> None:
    """FDA 2016: tramadol with an SSRI needs a review; duloxetine on top is an error; a plain
    opioid with an SSRI, or the pair reviewed, raises nothing."""
    def facts(drug: str, *meds: tuple[str, str]) -> PatientFacts:
        return PatientFacts(regimen=(OpioidLine(drug, "short_acting", 200, 20, strength=50, per_dose=1,
                                                doses_per_day=4),),
                            months_on_opioids=24, co_medications=tuple(CoMedication(*m) for m in meds))

    def found(p: PatientFacts, **plan) -> dict[str, str]:
        return {f.rule: f.severity for f in evaluate_plan(p, PlanChoices(naloxone=True, **plan))
                if f.rule == "serotonergic_combination"}

    tramadol = facts("tramadol", ("sertraline", "antidepressant"))
    assert found(tramadol) == {"serotonergic_combination": "caution"}
    assert found(tramadol, orders=("interaction_review",)) == {}
    assert found(tramadol, nonopioid=("duloxetine",)) == {"serotonergic_combination": "error"}
    assert found(facts("oxycodone", ("sertraline", "antidepressant"))) == {}
    assert found(facts("oxycodone", ("sertraline", "antidepressant")), moud="methadone",
                 opioid="switch_to_moud", nonopioid=("duloxetine",)) == {"serotonergic_combination": "error"}
    assert found(facts("tramadol", ("amlodipine", "cardiovascular"))) == {}


def test_kidneys_liver_and_pregnancy_are_read_by_the_rules() -> None:
    """The chart's organ function and pregnancy change what is safe, in every case."""
    morphine = OpioidLine("morphine", "long_acting", 60, 60, strength=30, per_dose=1, doses_per_day=2)

    def rules(plan: PlanChoices, **chart) -> dict[str, str]:
        facts = PatientFacts(regimen=(morphine,), months_on_opioids=24, **chart)
        return {f.rule: f.severity for f in evaluate_plan(facts, plan)}

    kept = PlanChoices(opioid="continue", naloxone=True)
    assert rules(kept, kidney_function="failure")["kidney_cleared_opioid"] == "error"
    assert rules(kept, kidney_function="reduced")["kidney_cleared_opioid"] == "caution"
    tested = PlanChoices(opioid="continue", naloxone=True, orders=("kidney_tests",))
    assert "kidney_cleared_opioid" not in rules(tested, kidney_function="failure")
    assert "kidney_cleared_opioid" not in rules(kept)
    xr = PlanChoices(opioid="switch_to_moud", moud="naltrexone_xr", naltrexone_free_days=14, naloxone=True)
    assert rules(xr, liver_function="failure", diagnosis="oud")["liver_moud_unchecked"] == "error"
    bup = PlanChoices(opioid="switch_to_moud", moud="buprenorphine", induction="low_dose", naloxone=True)
    assert rules(bup, liver_function="reduced", diagnosis="oud")["liver_moud_unchecked"] == "caution"
    assert rules(xr, pregnant=True, diagnosis="oud")["pregnancy_without_agonist_moud"] == "error"
    assert "pregnancy_without_agonist_moud" not in rules(bup, pregnant=True, diagnosis="oud")
    taper = PlanChoices(opioid="taper", taper_percent=10, taper_interval_days=30, naloxone=True)
    assert rules(taper, pregnant=True, diagnosis="dependence")["pregnancy_taper"] == "caution"


def test_every_rule_a_finding_can_carry_is_one_a_case_can_name() -> None:
    """``rules.raise`` in a scenario names ids from RULE_IDS: every id written in a rule is there."""
    import ast
    from pathlib import Path

    from simulator.clinical import dose_safety, safety

    written = set()
    for module in (safety, dose_safety):
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("SafetyFinding", "_finding")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                written.add(node.args[0].value)
    assert len(written) > 30
    assert written - set(safety.RULE_IDS) == set()
