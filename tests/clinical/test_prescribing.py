"""Prescribing checks: vectors CDC-T6..T9."""

import pytest

from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.prescribing import (
    check_follow_up,
    check_opioid_start,
    check_oud_treatment,
    check_pdmp_response,
)


def test_cdc_t6_dismissing_after_pdmp_fails():
    (result,) = check_pdmp_response(dismissed_patient=True)
    assert (result.guidance_id, result.severity) == ("tx.monitoring", "fail")
    assert check_pdmp_response(dismissed_patient=False)[0].passed


@pytest.mark.parametrize(
    ("offered", "severity"),
    [
        ({"detox"}, "fail"),
        (set(), "fail"),
        ({"detox", "buprenorphine"}, "pass"),
        (["methadone"], "pass"),
        ({"xr_naltrexone"}, "pass"),
    ],
)
def test_cdc_t7_detox_only_fails(offered, severity):
    (result,) = check_oud_treatment(offered)
    assert (result.guidance_id, result.severity) == ("tx.mat_for_oud", severity)


def test_detox_only_message_and_unknown_treatment():
    assert "detox on its own" in check_oud_treatment({"detox"})[0].message
    with pytest.raises(ClinicalInputError, match="unknown treatment 'prayer'"):
        check_oud_treatment({"prayer"})


def test_cdc_t8_er_oxycodone_for_ankle_sprain_fails():
    (result,) = check_opioid_start("acute", extended_release=True)
    assert (result.guidance_id, result.severity) == ("tx.ir_first", "fail")
    assert check_opioid_start("acute", extended_release=False)[0].passed


def test_chronic_pain_start_without_nonopioid_first_fails():
    results = check_opioid_start("chronic", extended_release=False, nonopioid_tried=False)
    assert [(r.guidance_id, r.severity) for r in results] == [
        ("tx.ir_first", "pass"),
        ("tx.acute_not_chronic", "fail"),
    ]
    with pytest.raises(ClinicalInputError, match="pain type"):
        check_opioid_start("terrible", extended_release=False)


@pytest.mark.parametrize(("days", "severity"), [(56, "fail"), (29, "fail"), (28, "pass"), (7, "pass")])
def test_cdc_t9_follow_up_within_four_weeks(days, severity):
    (result,) = check_follow_up(days)
    assert (result.guidance_id, result.severity) == ("tx.monitoring", severity)


def test_follow_up_nonsense():
    with pytest.raises(ClinicalInputError, match="days until the review"):
        check_follow_up(0)
