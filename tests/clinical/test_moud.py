"""MOUD checks: vectors IND-T1..T5, MOUD-T1..T5, CDC-T5 (naloxone) and edge cases."""

import pytest

from simulator.clinical import moud
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.moud import (
    check_buprenorphine_maintenance,
    check_induction,
    check_methadone_qtc,
    check_methadone_setting,
    check_naloxone,
    check_xr_naltrexone,
    naloxone_advice,
)


def severities(findings, gid=None):
    return [f.severity for f in findings if gid is None or f.guidance_id == gid]


def test_ind_t1_too_early_without_withdrawal_fails():
    result = check_induction("fentanyl", 3, 3, first_dose_mg=8)
    assert not result.ready and result.risk == "high"
    assert severities(result.findings, "tx.bup_induction") == ["fail", "fail"]
    assert "precipitated withdrawal" in result.findings[0].message
    assert any("low-dose induction" in a for a in result.advice)
    assert all(f.source for f in result.findings)


def test_ind_t2_oxycodone_14h_cows_13_four_mg_passes():
    result = check_induction("short_acting", 14, 13, first_dose_mg=4, day1_total_mg=8)
    assert result.ready and result.risk == "low"
    assert severities(result.findings) == ["pass", "pass"]
    assert result.advice == ()


def test_ind_t3_methadone_80mg_24h_standard_induction_fails():
    result = check_induction("methadone", 24, 10, methadone_daily_mg=80)
    assert not result.ready and result.risk == "high"
    assert "fail" in severities(result.findings)
    assert any("30-40 mg" in f.message for f in result.findings)
    assert any("buprenorphine-only" in a for a in result.advice)


def test_ind_t3_after_72h_is_only_flagged():
    result = check_induction("methadone", 80, 12, methadone_daily_mg=80)
    assert severities(result.findings) == ["pass", "pass", "flag"]
    assert result.risk == "moderate" and result.ready


def test_low_methadone_dose_switch_is_fine():
    result = check_induction("methadone", 48, 12, methadone_daily_mg=30)
    assert result.ready and severities(result.findings) == ["pass", "pass"]


def test_ind_t4_low_dose_induction_while_methadone_continues_passes():
    result = check_induction("methadone", 2, 0, methadone_daily_mg=80, low_dose=True)
    assert result.ready
    assert severities(result.findings, "tx.low_dose_induction") == ["pass"]
    too_big = check_induction("methadone", 2, 0, low_dose=True, first_dose_mg=4)
    assert severities(too_big.findings) == ["pass", "flag"]


def test_ind_t5_24mg_on_day_one_is_flagged():
    result = check_induction("short_acting", 14, 13, first_dose_mg=8, day1_total_mg=24)
    assert severities(result.findings, "tx.bup_dose") == ["flag", "flag"]
    assert "up to 8 mg" in result.findings[-1].message


@pytest.mark.parametrize(
    ("kind", "hours", "cows", "expected", "risk"),
    [
        ("short_acting", 12, 6, ["flag", "pass"], "moderate"),  # mild withdrawal
        ("short_acting", 4, 10, ["pass", "flag"], "moderate"),  # early but in withdrawal
        ("short_acting", 12, None, ["flag", "pass"], "moderate"),  # no COWS
        ("short_acting", 100, 0, ["pass", "pass"], "low"),  # no longer dependent
        ("long_acting", 20, 12, ["pass", "flag"], "moderate"),
        ("long_acting", 30, 12, ["pass", "pass"], "low"),
        ("fentanyl", 24, 12, ["pass", "pass"], "moderate"),
    ],
)
def test_induction_edges(kind, hours, cows, expected, risk):
    result = check_induction(kind, hours, cows)
    assert severities(result.findings) == expected
    assert result.risk == risk


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("heroin", 6, 10), {}, "last opioid must be one of"),
        (("buprenorphine", 6, 10), {}, "last opioid must be one of"),
        (("short_acting", -1, 10), {}, "hours since the last opioid dose"),
        (("short_acting", 6, 49), {}, "COWS total"),
        (("short_acting", 6, 7.5), {}, "COWS total"),
        (("short_acting", 6, True), {}, "COWS total"),
        (("short_acting", 6, 10), {"first_dose_mg": 0}, "first dose"),
        (("short_acting", 6, 10), {"day1_total_mg": -8}, "day 1 total"),
        (("methadone", 6, 10), {"methadone_daily_mg": -5}, "methadone daily dose"),
    ],
)
def test_induction_nonsense(args, kwargs, message):
    with pytest.raises(ClinicalInputError, match=message):
        check_induction(*args, **kwargs)


@pytest.mark.parametrize(
    ("days", "last", "challenge", "severity"),
    [
        (2, "short_acting", False, "fail"),  # MOUD-T1
        (6.9, "short_acting", True, "fail"),
        (7, "short_acting", False, "pass"),
        (7, "long_acting", False, "flag"),
        (10, "long_acting", False, "pass"),
        (10, "buprenorphine", False, "flag"),
        (10, "methadone", True, "pass"),
        (14, "methadone", False, "pass"),
    ],
)
def test_xr_naltrexone(days, last, challenge, severity):
    (result,) = check_xr_naltrexone(days, last, naloxone_challenge=challenge)
    assert (result.guidance_id, result.severity) == ("tx.xr_naltrexone", severity)


def test_xr_naltrexone_nonsense():
    with pytest.raises(ClinicalInputError, match="opioid-free days"):
        check_xr_naltrexone(-1)
    with pytest.raises(ClinicalInputError, match="last opioid"):
        check_xr_naltrexone(10, "codeine")


@pytest.mark.parametrize(
    ("indication", "setting", "severity"),
    [("oud", "office", "fail"), ("oud", "otp", "pass"), ("pain", "office", "pass")],
)
def test_moud_t2_methadone_setting(indication, setting, severity):
    (result,) = check_methadone_setting(indication, setting)
    assert (result.guidance_id, result.severity) == ("tx.methadone_otp", severity)
    assert "CFR42" in result.source


def test_methadone_setting_nonsense():
    with pytest.raises(ClinicalInputError, match="indication"):
        check_methadone_setting("detox", "otp")
    with pytest.raises(ClinicalInputError, match="setting"):
        check_methadone_setting("oud", "pharmacy")


@pytest.mark.parametrize(
    ("qtc", "action", "severity"),
    [
        (510, "continue", "fail"),  # MOUD-T3
        (510, "monitor", "fail"),
        (510, "reduce", "pass"),
        (510, "switch", "pass"),
        (470, "monitor", "pass"),  # MOUD-T4
        (470, "continue", "flag"),
        (500, "continue", "flag"),
        (430, "continue", "pass"),
    ],
)
def test_moud_t3_t4_methadone_qtc(qtc, action, severity):
    (result,) = check_methadone_qtc(qtc, action)
    assert (result.guidance_id, result.severity) == ("tx.methadone_qtc", severity)


def test_qtc_nonsense():
    with pytest.raises(ClinicalInputError, match="QTc"):
        check_methadone_qtc(50, "continue")
    with pytest.raises(ClinicalInputError, match="action"):
        check_methadone_qtc(470, "ignore")


@pytest.mark.parametrize(
    ("dose", "severity"), [(32, "flag"), (24, "pass"), (16, "pass"), (4, "pass"), (2, "flag")]
)
def test_moud_t5_buprenorphine_maintenance(dose, severity):
    (result,) = check_buprenorphine_maintenance(dose)
    assert (result.guidance_id, result.severity) == ("tx.bup_dose", severity)


def test_cdc_t5_sixty_mme_with_alprazolam_and_no_naloxone_fails():
    (result,) = check_naloxone(False, daily_mme=60, benzodiazepines=True)
    assert (result.guidance_id, result.severity) == ("tx.naloxone", "fail")
    assert "60 MME" in result.message and "benzodiazepine" in result.message
    assert check_naloxone(True, daily_mme=60, benzodiazepines=True)[0].passed


def test_naloxone_without_raised_risk():
    (result,) = check_naloxone(False, daily_mme=20)
    assert result.passed
    assert not naloxone_advice().offer


@pytest.mark.parametrize(
    "flag",
    [
        "benzodiazepines",
        "other_cns_depressants",
        "substance_use_disorder",
        "history_of_overdose",
        "sleep_disordered_breathing",
        "lost_tolerance",
    ],
)
def test_each_naloxone_criterion_alone_is_enough(flag):
    advice = naloxone_advice(**{flag: True})
    assert advice.offer and len(advice.reasons) == 1


def test_naloxone_mme_threshold():
    assert not naloxone_advice(daily_mme=49.9).offer
    assert naloxone_advice(daily_mme=50).offer
    with pytest.raises(ClinicalInputError, match="daily MME"):
        naloxone_advice(daily_mme=-5)


def test_moud_reexports_naloxone():
    assert "check_naloxone" in moud.__all__


def test_fentanyl_is_not_timed_like_a_short_acting_opioid():
    # ready after 6 hours for oxycodone, not for fentanyl (12 hours or more; practice varies)
    assert check_induction("short_acting", 6, 8).ready
    early = check_induction("fentanyl", 6, 8)
    assert not early.ready and early.risk == "moderate"
    assert any("12 hours or more" in f.message for f in early.findings)
    later = check_induction("fentanyl", 12, 10)
    assert later.ready and later.risk == "moderate"
    assert any("low-dose" in a for a in later.advice)
