"""Taper planner and taper checks: CDC-T1..T4 plus schedule edge cases."""

import pytest

from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.taper import (
    TABLET_STRENGTHS,
    check_taper_rate,
    judge_steps,
    marketed_strengths,
    plan_taper,
    prescribed_doses,
    weekly_rate_percent,
)


@pytest.mark.parametrize(
    ("percent", "days", "weekly"),
    [(0, 7, 0), (10, 7, 10), (25, 7, 25), (10, 28, 2.5), (10, 30, 7 / 3), (5, 14, 2.5), (100, 1, 700)],
)
def test_weekly_rate_percent(percent, days, weekly):
    assert weekly_rate_percent(percent, days) == pytest.approx(weekly)


@pytest.mark.parametrize(("percent", "days"), [(-10, 7), (101, 7), (10, 0), (10, -7)])
def test_weekly_rate_refuses_nonsense(percent, days):
    with pytest.raises(ClinicalInputError):
        weekly_rate_percent(percent, days)


@pytest.mark.parametrize(
    ("vector", "percent", "days", "months", "severity", "gid", "key"),
    [
        ("CDC-T1", 100, 1, 36, "critical", "tx.no_abrupt_stop", "CDC22"),
        ("CDC-T3", 10, 30, 36, "pass", "tx.taper_rate", "CDC22"),
        ("10% every 4 weeks is over 10% a 30-day month", 10, 28, 36, "flag", "tx.taper_rate", "CDC22"),
        # one scale with the plan-safety rules: over the limit a caution (flag), over 2.5x an
        # error (fail), over 5x critical
        ("CDC-T4", 25, 7, 36, "critical", "tx.taper_rate", "CDC22"),
        ("10%/week, long-term", 10, 7, 12, "fail", "tx.taper_rate", "CDC22"),
        ("10%/week, short-term", 10, 7, 11.9, "pass", "tx.taper_rate", "CDC16"),
        ("25%/week, short-term: seed A's figure, not CDC's", 25, 7, 3, "flag", "tx.taper_rate", "A"),
        ("slow, short-term", 5, 14, 0, "pass", "tx.taper_rate", "CDC16"),
        ("30%/week, short-term", 30, 7, 3, "fail", "tx.taper_rate", "CDC16"),
        ("50%/week, long-term", 50, 7, 36, "critical", "tx.taper_rate", "CDC22"),
    ],
)
def test_check_taper_rate(vector, percent, days, months, severity, gid, key):
    (result,) = check_taper_rate(percent, days, months)
    assert (result.guidance_id, result.severity) == (gid, severity), vector
    assert key in result.source
    assert result.message


def test_cdc_t2_stop_is_acceptable_with_life_threatening_signs():
    (result,) = check_taper_rate(100, 1, 36, life_threatening_signs=True)
    assert result.severity == "pass"
    assert result.source.startswith("CDC22")


def test_too_fast_cites_both_sources_and_says_why():
    (result,) = check_taper_rate(30, 7, 3)
    assert "A," in result.source and "CDC16" in result.source
    assert "about 10% a week or slower" in result.message and "that article's figure" in result.message


def test_under_a_year_one_rule_and_one_wording_for_rate_and_steps():
    # issue 21 item 8: 20% a week after 6 months passed as "10-25% a week acceptable (seed A)"
    # while the step check flagged the same plan
    (rate,) = check_taper_rate(20, 7, 6)
    plan = plan_taper("hydrocodone", 10, 4, 20, 7, 6, basis="current")
    steps = [f for f in plan.findings if f.guidance_id == "tx.taper_rate"]
    assert rate.severity == "flag" and steps and all(f.severity != "pass" for f in steps)
    assert "acceptable" not in rate.message
    assert "that article's figure, not CDC's" in rate.message


def test_a_zero_reduction_is_not_a_taper():
    with pytest.raises(ClinicalInputError, match="reduction percent must be more than zero"):
        check_taper_rate(0, 7, 3)


def test_months_must_be_sensible():
    with pytest.raises(ClinicalInputError, match="months on opioids"):
        check_taper_rate(10, 7, -1)


def test_plan_long_term_ten_percent_of_original_monthly():
    plan = plan_taper("oxycodone", 30, 3, 10, 28, 36)
    assert plan.drug == "oxycodone" and plan.unit == "mg/day"
    first, second, last = plan.steps[0], plan.steps[1], plan.steps[-1]
    assert (first.daily_dose, first.daily_mme, first.tablets) == (90, 135, ((30,),) * 3)
    # the step never cuts more than planned when a dose in between exists (half of 5 mg: 27.5 mg)
    assert (second.day, second.daily_dose, second.daily_mme) == (28, 82.5, 123.75)
    assert last.daily_dose == 0 and last.doses == () and last.percent_of_start == 0
    assert plan.total_days == 28 * (len(plan.steps) - 1)
    # judged on the printed steps: a cut of the original dose is a growing share of what is left
    rate, tail = plan.findings  # the stop from 11% of the start is "about a tenth"
    assert (rate.guidance_id, rate.severity) == ("tx.taper_rate", "fail")
    assert "Step 8 cuts 27.3% of the dose before it in 28 days" in rate.message
    assert (tail.guidance_id, tail.severity) == ("tx.taper_supervised", "flag")
    for step in plan.steps[1:]:
        assert step.daily_dose < 90
        assert sum(step.doses) == pytest.approx(step.daily_dose)
        for dose, tablets in zip(step.doses, step.tablets, strict=True):
            assert sum(tablets) == pytest.approx(dose)
            assert set(tablets) <= set(marketed_strengths("oxycodone"))
    doses = [s.daily_dose for s in plan.steps]
    assert doses == sorted(doses, reverse=True) and len(set(doses)) == len(doses)


def test_steps_of_ten_percent_of_the_current_dose_monthly_pass():
    doses, days = prescribed_doses(10, 30, "current")
    judged = judge_steps(doses, days, 36)
    assert not judged.too_fast and not judged.tail_too_fast
    assert judged.final_from is not None and judged.final_from <= 0.1
    # the same cut every 28 days is faster than 10% in a 30-day month
    assert judge_steps(*prescribed_doses(10, 28, "current"), 36).too_fast


def test_linear_steps_grow_as_the_dose_falls():
    judged = judge_steps(*prescribed_doses(10, 30, "original"), 36)
    assert judged.worst is not None and judged.worst.cut_percent == pytest.approx(25.0)
    assert judged.tail_too_fast  # 33% and 50% of what is left near the end


def test_tablet_forced_steps_are_judged_as_printed():
    # 25% cuts forced by 10 mg tablets (no halves given) do not "meet 10% a month"
    plan = plan_taper("oxycodone", 10, 4, 10, 30, 36, basis="current", strengths=(10,))
    assert plan.steps[1].reduction_percent == 25.0
    assert plan.findings[0].severity in ("flag", "fail")


def test_plan_of_current_dose_slows_as_the_dose_falls():
    plan = plan_taper("morphine", 60, 2, 25, 7, 6, basis="current")
    doses = [s.daily_dose for s in plan.steps]
    assert doses[:3] == [120, 90, 68]  # 25% of 90 is 67.5: 34 mg twice a day of oral solution
    assert doses[-1] == 0
    assert all(s.doses and max(s.doses) - min(s.doses) <= 60 for s in plan.steps[:-1])


def test_pauses_hold_a_step_and_are_credited():
    plan = plan_taper("oxycodone", 10, 4, 10, 14, 24, pauses={2: 14, 0: 7})
    assert plan.steps[0].pause_days == 7
    assert plan.steps[1].day == 21
    assert plan.steps[2].pause_days == 14
    assert plan.steps[3].day == plan.steps[2].day + 28
    assert any(f.guidance_id == "tx.taper_supervised" and f.passed for f in plan.findings)


def test_abrupt_stop_plan_is_critical():
    plan = plan_taper("oxycodone", 40, 3, 100, 1, 24)
    assert [s.daily_dose for s in plan.steps] == [120, 0]
    assert plan.findings[0].critical
    assert plan.findings[0].guidance_id == "tx.no_abrupt_stop"


def test_fentanyl_patch_plan_uses_patch_strengths():
    plan = plan_taper("fentanyl patch", 75, 1, 25, 7, 3)
    assert plan.unit == "mcg/hr"
    assert plan.steps[0].daily_mme == 180
    for step in plan.steps[1:-1]:
        assert len(step.tablets[0]) <= 2
        assert set(step.tablets[0]) <= set(TABLET_STRENGTHS["fentanyl_patch"])


def test_target_dose_stops_the_plan_above_zero():
    plan = plan_taper("hydromorphone", 8, 4, 10, 28, 60, target_daily=16)
    assert plan.steps[-1].daily_dose == 16
    plan = plan_taper("oxycodone", 10, 2, 10, 7, 3, target_daily=7)
    assert plan.steps[-1].daily_dose == 7.5  # the lowest dose at or above the target


def test_lowest_dose_goes_straight_to_stop_with_a_note():
    plan = plan_taper("oxycodone", 5, 1, 10, 7, 3, strengths=(5,))
    assert [s.daily_dose for s in plan.steps] == [5, 0]
    assert "already the lowest" in plan.notes[0]


def test_forced_large_steps_are_noted():
    plan = plan_taper("oxycodone", 10, 1, 10, 7, 3, basis="current", strengths=(5, 10))
    assert any("force larger reductions" in note for note in plan.notes)
    half = plan_taper("oxycodone", 10, 1, 10, 7, 3, basis="current", strengths=(2.5, 5, 10))
    assert [s.daily_dose for s in half.steps][:4] == [10, 7.5, 5, 2.5]


def test_part_tablet_start_regimens_are_described():
    plan = plan_taper("oxycodone", 10, 2, 10, 7, 3, per_dose=0.5)
    assert plan.steps[0].tablets == ((5,), (5,))
    odd = plan_taper("oxycodone", 7, 2, 10, 7, 3, per_dose=0.5)
    assert odd.steps[0].tablets == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"drug": "buprenorphine"}, "buprenorphine has no MME"),
        ({"drug": "aspirin"}, "unknown opioid"),
        ({"strength": -10}, "strength must be more than zero"),
        ({"strength": 1e307}, "at most 10000"),
        ({"strengths": (1e307,)}, "at most 10000"),
        ({"doses_per_day": 0}, "doses per day must be a whole number"),
        ({"doses_per_day": 2.5}, "doses per day must be a whole number"),
        ({"doses_per_day": True}, "doses per day must be a whole number"),
        ({"percent": 0}, "reduction percent must be more than zero"),
        ({"percent": 120}, "at most 100"),
        ({"interval_days": 0}, "interval"),
        ({"interval_days": 7.5}, "whole days"),
        ({"interval_days": 400}, "at most 365"),
        ({"basis": "initial"}, "basis must be"),
        ({"pauses": {1: -3}}, "pause after step 1"),
        ({"pauses": {1: 2.5}}, "whole days"),
        ({"pauses": {1: 1e308}}, "at most 365"),
        ({"pauses": {-1: 3}}, "step number"),
        ({"pauses": {"one": 3}}, "step number"),
        ({"pauses": {50: 7}}, "only"),
        ({"target_daily": 90}, "not below the starting dose"),
        ({"target_daily": -1}, "target daily dose"),
        ({"strengths": ()}, "at least one tablet strength"),
        ({"strengths": (0,)}, "tablet strength"),
        ({"months_on_opioids": "long"}, "months on opioids"),
    ],
)
def test_nonsense_is_refused(kwargs, message):
    args = {
        "drug": "oxycodone",
        "strength": 30,
        "doses_per_day": 3,
        "percent": 10,
        "interval_days": 28,
        "months_on_opioids": 36,
    }
    args.update(kwargs)
    with pytest.raises(ClinicalInputError, match=message):
        plan_taper(**args)


def test_patch_twice_a_day_is_refused():
    with pytest.raises(ClinicalInputError, match="1 dose a day"):
        plan_taper("fentanyl_patch", 25, 2, 10, 28, 36)


def test_endless_plans_are_refused():
    with pytest.raises(ClinicalInputError, match="more than 400 steps"):
        plan_taper("morphine", 60, 1, 0.01, 1, 3, strengths=(0.01,))


def test_safety_net_when_the_estimate_is_wrong(monkeypatch):
    monkeypatch.setattr("simulator.clinical.taper._estimated_steps", lambda *args: 0)
    monkeypatch.setattr("simulator.clinical.taper.MAX_STEPS", 3)
    with pytest.raises(ClinicalInputError, match="more than 3 steps"):
        plan_taper("oxycodone", 30, 3, 10, 7, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strengths": tuple(range(1, 14))}, "at most 12 tablet strengths"),
        ({"strength": 150, "strengths": (0.01, 150)}, "too fine"),
        ({"strength": 300, "strengths": (5,)}, "needs 60 units a dose"),
    ],
)
def test_unrealistic_strengths_are_refused_quickly(kwargs, message):
    args = {"drug": "oxycodone", "strength": 30, "doses_per_day": 3, "percent": 10}
    args.update(kwargs)
    with pytest.raises(ClinicalInputError, match=message):
        plan_taper(interval_days=28, months_on_opioids=36, **args)


def test_tablet_strengths_refuse_absurd_numbers():
    with pytest.raises(ClinicalInputError, match="at most 10000"):
        plan_taper("morphine", 60, 1, 10, 28, 36, strengths=(1e307,))


def test_tablet_strengths_refuse_too_fine_strengths():
    with pytest.raises(ClinicalInputError, match="too fine"):
        plan_taper("morphine", 1000, 1, 10, 28, 36, strengths=(0.01, 100))
