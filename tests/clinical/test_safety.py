"""Plan safety on patients written for these tests (not the bundled cases): a careful reviewer's
list of harmful plans, each caught whatever its label, said plainly and cited."""

from __future__ import annotations

import pytest

from simulator.clinical import catalogue
from simulator.clinical.safety import (
    CoMedication,
    OpioidLine,
    PatientFacts,
    PlanChoices,
    evaluate_plan,
)

# 58-year-old on fentanyl patches for three years, alprazolam at night; no OUD
FENTANYL_BENZO = PatientFacts(
    regimen=(OpioidLine("fentanyl_patch", "fentanyl", 50, 120),),
    months_on_opioids=36,
    co_medications=(CoMedication("alprazolam", "benzodiazepine"),),
    diagnosis="dependence",
    withdrawal=True,
    age=58,
)
# 41-year-old with severe OUD on 80 mg methadone a day
METHADONE = PatientFacts(
    regimen=(OpioidLine("methadone", "methadone", 80, 376),),
    months_on_opioids=30,
    diagnosis="oud",
    withdrawal=True,
    age=41,
)
# 35-year-old, five months of hydrocodone after a fracture, no OUD
SHORT_TERM = PatientFacts(
    regimen=(OpioidLine("hydrocodone", "short_acting", 40, 40),),
    months_on_opioids=5,
    diagnosis="dependence",
    age=35,
)
# 66-year-old with OUD on oxycodone IR who drinks most evenings
OXY_OUD = PatientFacts(
    regimen=(OpioidLine("oxycodone", "short_acting", 60, 90),),
    months_on_opioids=48,
    co_medications=(CoMedication("alcohol", "alcohol"),),
    diagnosis="oud",
    withdrawal=True,
    age=66,
)
SAFE_EXTRAS = {"naloxone": True, "followup_days": 7, "counselling": frozenset({"overdose_risk"})}


def rules(patient: PatientFacts, **plan) -> dict[str, str]:
    found = evaluate_plan(patient, PlanChoices(**(SAFE_EXTRAS | plan)))
    for f in found:
        catalogue.get(f.guidance)  # cited from the catalogue
        assert f.what and f.why and f.points > 0 and "_" not in f.what
    return {f.rule: f.severity for f in found}


@pytest.mark.parametrize(
    "plan",
    [
        {"opioid": "stop_abruptly"},
        {"opioid": "no_opioid"},
        {"opioid": "short_course", "end_date_days": 7},
        {"opioid": "switch_to_moud"},
        {"opioid": "taper", "taper_percent": 100, "taper_interval_days": 7, "taper_pauses": True},
    ],
)
def test_ending_the_opioid_without_a_taper_or_moud_is_an_abrupt_stop_whatever_it_is_called(plan):
    found = evaluate_plan(FENTANYL_BENZO, PlanChoices(**(SAFE_EXTRAS | plan)))
    stop = next(f for f in found if f.rule == "abrupt_stop")
    assert stop.critical and stop.guidance == "tx.no_abrupt_stop"
    assert "fentanyl patches" in stop.what and "36 months" in stop.why


def test_buprenorphine_or_methadone_replacing_the_opioid_is_not_an_abrupt_stop():
    plan = {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp"}
    assert "abrupt_stop" not in rules(METHADONE, **plan)
    plan = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"}
    assert rules(METHADONE, **plan) == {}  # IND-T4: low-dose start while methadone continues


def test_xr_naltrexone_on_top_of_an_opioid_or_before_the_washout_is_critical():
    assert (
        rules(OXY_OUD, opioid="taper", taper_percent=10, taper_interval_days=30, moud="naltrexone_xr")[
            "naltrexone_with_opioid"
        ]
        == "critical"
    )
    # MOUD-T1: two days after oxycodone
    found = rules(
        OXY_OUD, opioid="switch_to_moud", moud="naltrexone_xr", naltrexone_free_days=2, setting="residential"
    )
    assert found == {"naltrexone_too_soon": "critical"}
    # a week after methadone is still too soon (up to two weeks)
    found = rules(
        METHADONE,
        opioid="switch_to_moud",
        moud="naltrexone_xr",
        naltrexone_free_days=7,
        setting="residential",
    )
    assert found == {"naltrexone_too_soon": "error"}


def test_a_buprenorphine_start_that_contradicts_the_opioid_plan_is_critical():
    found = rules(
        OXY_OUD,
        opioid="taper",
        taper_percent=10,
        taper_interval_days=30,
        taper_pauses=True,
        moud="buprenorphine",
        induction="standard",
        induction_cows=12,
        induction_wait_hours=16,
    )
    assert found["standard_start_with_agonist"] == "critical"
    found = rules(OXY_OUD, opioid="stop_abruptly", moud="buprenorphine", induction="low_dose")
    assert found == {"low_dose_start_without_overlap": "critical"}


def test_fentanyl_needs_more_than_a_short_acting_opioid_and_the_feedback_says_practice_varies():
    start = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard"}
    # IND-T1: three hours after fentanyl, no withdrawal
    assert rules(FENTANYL_BENZO, **start, induction_cows=3, induction_wait_hours=3) == {
        "precipitated_withdrawal": "critical"
    }
    # in withdrawal but only 6 hours: what is ready for oxycodone is not for fentanyl
    assert rules(OXY_OUD, **start, induction_cows=8, induction_wait_hours=6) == {}
    found = evaluate_plan(
        FENTANYL_BENZO, PlanChoices(**SAFE_EXTRAS, **start, induction_cows=8, induction_wait_hours=6)
    )
    (early,) = found
    assert early.severity == "error" and "12 hours or more" in early.why
    assert "low-dose" in early.varies and "Protocols differ" in early.varies
    # the usual wait and objective withdrawal: still a caution after fentanyl
    assert rules(FENTANYL_BENZO, **start, induction_cows=13, induction_wait_hours=24) == {
        "precipitated_withdrawal": "caution"
    }


def test_a_standard_switch_from_80_mg_methadone_at_24_hours_is_critical():
    # IND-T3
    start = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard"}
    assert rules(METHADONE, **start, induction_cows=10, induction_wait_hours=24) == {
        "precipitated_withdrawal": "critical"
    }


def test_tapers_after_years_are_held_to_ten_percent_a_month_on_their_steps():
    taper = {"opioid": "taper", "taper_basis": "current", "taper_pauses": True}
    assert rules(FENTANYL_BENZO, **taper, taper_percent=10, taper_interval_days=30) == {}  # CDC-T3
    assert (
        rules(FENTANYL_BENZO, **taper, taper_percent=25, taper_interval_days=7)["taper_too_fast"]
        == "critical"
    )
    assert (
        rules(FENTANYL_BENZO, **taper, taper_percent=10, taper_interval_days=7)["taper_too_fast"] == "error"
    )
    # a linear taper of the starting dose speeds up as the dose falls
    linear = rules(
        FENTANYL_BENZO, **(taper | {"taper_basis": "original"}), taper_percent=10, taper_interval_days=30
    )
    assert "taper_too_fast" in linear and "taper_tail" in linear


def test_after_months_not_years_the_articles_figure_is_shown_as_its_own():
    taper = {"opioid": "taper", "taper_basis": "current", "taper_pauses": True}
    assert rules(SHORT_TERM, **taper, taper_percent=10, taper_interval_days=7) == {}
    found = evaluate_plan(
        SHORT_TERM, PlanChoices(**SAFE_EXTRAS, **taper, taper_percent=25, taper_interval_days=7)
    )
    (fast,) = found
    assert fast.severity == "caution"
    assert "10-25% a week, which is that article's figure, not CDC's" in fast.why


def test_a_benzodiazepine_is_never_a_reason_to_withhold_moud_and_calls_for_naloxone():
    with_oud = PatientFacts(**{**FENTANYL_BENZO.__dict__, "diagnosis": "oud"})
    found = evaluate_plan(with_oud, PlanChoices(opioid="continue", followup_days=7))
    by_rule = {f.rule: f for f in found}
    assert by_rule["no_moud"].critical
    assert "not a reason to withhold it; taper the benzodiazepine gradually" in by_rule["no_moud"].why
    assert "takes a benzodiazepine" in by_rule["naloxone_not_offered"].why  # CDC-T5
    assert by_rule["sedatives_not_discussed"].guidance == "tx.sedatives"


def test_gabapentinoids_and_low_dose_naltrexone_on_top_of_opioids_lose_points():
    bup = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"}
    found = evaluate_plan(OXY_OUD, PlanChoices(**SAFE_EXTRAS, **bup, nonopioid=frozenset({"gabapentinoid"})))
    (gaba,) = found
    # issue 21 item 2: severity follows the FDA 2019 respiratory risk factors, said in the finding
    assert gaba.severity == "critical" and gaba.guidance == "tx.gabapentinoid_risk"
    assert "is 66" in gaba.why and "drinks alcohol" in gaba.why
    found = rules(OXY_OUD, **bup, nonopioid=frozenset({"low_dose_naltrexone"}))
    assert found == {"low_dose_naltrexone_with_opioid": "critical"}


def test_raising_the_dose_is_critical_in_oud_and_a_caution_otherwise():
    assert (
        rules(OXY_OUD, opioid="increase", moud="buprenorphine", induction="low_dose")["escalation_in_oud"]
        == "critical"
    )
    assert rules(SHORT_TERM, opioid="increase") == {"escalation": "caution"}
    oih = PatientFacts(**{**SHORT_TERM.__dict__, "oih": True})
    assert rules(oih, opioid="increase") == {"escalation_in_hyperalgesia": "error"}


def test_nothing_is_found_in_a_careful_plan_and_no_credit_is_given_for_avoiding_harm():
    assert evaluate_plan(SHORT_TERM, PlanChoices(**SAFE_EXTRAS)) == []
    found = evaluate_plan(
        OXY_OUD,
        PlanChoices(
            **SAFE_EXTRAS,
            opioid="switch_to_moud",
            moud="buprenorphine",
            induction="standard",
            induction_cows=10,
            induction_wait_hours=12,
        ),
    )
    assert found == []


def test_stopping_buprenorphine_maintenance_at_once_is_an_abrupt_stop_too():
    on_bup = PatientFacts(
        regimen=(OpioidLine("buprenorphine", "buprenorphine", 16),), months_on_opioids=24, diagnosis="oud"
    )
    found = rules(on_bup, opioid="stop_abruptly", moud="none")
    assert found["abrupt_stop"] == "critical" and found["no_moud"] == "critical"
    assert (
        rules(
            on_bup,
            opioid="continue",
            moud="buprenorphine",
            induction="standard",
            induction_cows=10,
            induction_wait_hours=24,
        )
        == {}
    )
