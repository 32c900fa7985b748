"""What a clinician reading the visits after a dangerous plan would notice (issue 20, the outside
check): each test plays a plan through its visits and asserts what the trainee reads there."""

from __future__ import annotations

import re
from pathlib import Path

from fixtures.cases import before_plan

from simulator.engine.session import Session

ROOT = Path(__file__).resolve().parents[2]


def _play(case: str, plan: dict, choose: tuple[str, ...] = ()) -> Session:
    """The expert's session of ``case`` with ``plan`` instead of the expert's, followed to the end of
    the course; at each visit the first offered choice of ``choose``, else the first offered."""
    before, expert_plan = before_plan(case)
    session = before.fork()
    session.apply({**expert_plan, **plan})
    while not session.finished:
        state = session.state
        if state.phase == "visit" and state.decision and state.name not in session.data.decisions:
            ids = [c.id for c in session.choices()]
            session.apply({"type": "decide", "choice": next((c for c in choose if c in ids), ids[0])})
        session.apply({"type": "advance"})
    return session


STOP = {"opioid": "stop_abruptly", "taper": None, "moud": "none", "induction": "none"}


def test_the_visit_log_names_the_day_of_the_return_to_use_it_was_read_with() -> None:
    """An abrupt stop in OUD: the return to use on day 2 brings the crisis visit, whose decision
    (buprenorphine that day) takes the return out of the course after it. The log of what the trainee
    read still names the day, not "on day ."."""
    session = _play("clbp-moderate-oud", STOP)
    (crisis,) = [v for v in session.visits.log() if v["event"] == "return_to_use"]
    assert re.search(r"on day 2\b", crisis["text"]), crisis["text"]
    assert not re.search(r"day \.", " ".join(v["text"] for v in session.visits.log()))


FAST = {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7, "basis": "original", "pauses": False}}


def test_pausing_a_taper_at_a_visit_holds_the_dose_that_visit_showed() -> None:
    """A step due on the visit's day is in what the visit shows; "pause the taper" there holds that
    dose (it does not undo the step the trainee read about, doubling the dose by the next visit)."""
    session = _play("tramadol-taper", FAST, choose=("urgent_help",))
    log = session.visits.log()
    call = next(v for v in log if v["state"] == "taper_call")
    assert call["chosen"] == "urgent_help" and "30 MME a day of tramadol" in call["text"]
    after = next(v for v in log if v["day"] > call["day"])
    assert "60 MME" not in after["text"] and "30 MME a day of tramadol" in after["text"]
    points = {p["day"]: p["mme"] for p in session.visits.points()}
    assert points[call["day"]] == points[after["day"]] == 30


def _said(visit: dict) -> str:
    return visit["text"]


def test_a_dose_held_for_weeks_is_not_read_as_steady_reductions() -> None:
    """Oxycodone kept at the full dose, or tapered a tenth every 60 days (its last step seven weeks
    before the review): the week-16 review says what the chart shows, not "the reductions are steady"."""
    kept = _play("cold-turkey", {"opioid": "continue", "taper": None})
    slow = {"opioid": "taper",
            "taper": {"percent": 10, "interval_days": 60, "basis": "current", "pauses": True}}
    held_since = _play("cold-turkey", slow)
    for session, held in ((kept, "has not come down"),
                          (held_since, "the dose has not changed for some weeks")):
        end = session.visits.log()[-1]
        assert end["day"] == 112 and "reductions are steady" not in end["text"]
        assert held in end["text"], end["text"]
    good = _play("cold-turkey", {})  # the expert's 10% a month taper
    assert "the reductions are steady" in good.visits.log()[-1]["text"]


def test_a_held_tramadol_taper_is_not_read_as_slow_steps_going_on() -> None:
    end = _play("tramadol-taper", FAST, choose=("urgent_help",)).visits.log()[-1]
    assert "slow steps go on" not in end["text"] and "paused there" in end["text"]


def test_a_choice_does_not_presume_naloxone_at_home_when_none_was_given() -> None:
    session = _play("fentanyl-start", {"naloxone": False})
    check = next(v for v in session.visits.log() if v["state"] == "start_check")
    offered = " ".join(c["text"] for c in check["choices"])
    assert "the naloxone to hand" not in offered and "naloxone to hand (a kit today" in offered
    review = next(v for v in session.visits.log() if v["state"] == "review")
    assert not any("restock the naloxone" in c["text"] for c in review["choices"])


def test_the_patient_does_not_call_unchanged_pain_much_better() -> None:
    """No opioid and no pain care after ankle surgery: pain at week 1 is what it was at the visit."""
    session = _play("postop-acute", {"opioid": "no_opioid", "end_date_days": 0, "nonopioid": []})
    first = session.visits.log()[0]
    assert "much better" not in first["text"] and "getting there, slowly" in first["text"]


def test_a_patient_whose_pain_has_eased_on_buprenorphine_is_not_hurting_everywhere() -> None:
    """oih-taper, buprenorphine started at COWS 0 after 0 hours, more buprenorphine at the urgent call:
    by week 16 the pain is far below the first visit's, and the review says so."""
    bup = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard",
           "induction_cows": 0, "induction_wait_hours": 0, "taper": None}
    session = _play("oih-taper", bup)
    end = session.visits.log()[-1]
    values = session.context()
    assert values["course.pain_change"] == "better"
    assert "hurting everywhere" not in end["text"] and "stopped working" not in end["text"]
    assert "buprenorphine" in end["text"]


def test_a_review_does_not_speak_of_a_slip_the_course_never_had() -> None:
    """Buprenorphine (a precipitated start, treated) and no return to use: the review's patient
    nearly slipped, and says so."""
    bup = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard",
           "induction_cows": 0, "induction_wait_hours": 0, "methadone_route": "none"}
    session = _play("severe-oud-overdose", bup)
    review = next(v for v in session.visits.log() if v["state"] == "review")
    assert not session.visits.run().first_event(0, ["return_to_use"])
    assert "bought street pills" not in review["text"] and "I slipped" not in review["text"]
    assert "nearly slipped" in review["text"]


def test_naltrexone_at_0_days_brings_the_emergency_visit_where_a_routine_visit_has_a_line_for_it() -> None:
    """clbp-moderate-oud's routine follow-up has a line for the naltrexone reaction but choices about
    fitting treatment around shifts: the engine's emergency visit comes first, on day 1."""
    naltrexone = {"opioid": "switch_to_moud", "moud": "naltrexone_xr", "naltrexone_free_days": 0,
                  "induction": "none", "taper": None}
    session = _play("clbp-moderate-oud", naltrexone)
    first = session.visits.log()[0]
    assert first["day"] == 1 and first["state"] == "urgent-plan"
    assert "Emergency department" in first["title"] or "Urgent" in first["title"]
    assert first["chosen"] == "precipitated-naltrexone--supportive-care"
    assert "fit the treatment around" not in first["text"]


def test_a_stage_direction_is_not_in_the_patients_quotes() -> None:
    session = _play("high-dose-rotation", {**STOP, "taper": None})
    call = session.visits.log()[0]
    assert "Linda comes to the phone. Linda: \u201cI did as I was told" in call["text"], call["text"]
    assert "\u201c(" not in " ".join(v["text"] for v in session.visits.log())


def test_an_absent_patient_has_no_line_and_discharge_is_not_offered_twice() -> None:
    """Discharged after a slip, then an overdose: the urgent visit does not offer discharge again,
    and at the end review the patient who does not come says nothing in quotes."""
    methadone = {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp",
                 "setting": "outpatient", "naloxone": False}
    session = _play("severe-oud-overdose", methadone,
                    choose=("return-to-use--methadone-review", "taper_benzo", "discharge",
                            "overdose--restart-old-dose"))
    log = session.visits.log()
    after = [v for v in log if v["day"] > next(v["day"] for v in log if v["chosen"] == "discharge")]
    assert after and all("discharge" not in c["id"] for v in after for c in v["choices"])
    assert "does not come" in log[-1]["text"] and "\u201c" not in log[-1]["text"]


def test_the_return_to_use_that_brought_a_visit_stays_in_the_course_after_its_decision() -> None:
    """An abrupt stop in severe OUD: the crisis call on day 2 is a return to use; starting
    buprenorphine there does not rewrite day 2, so the review after it speaks of the slip, not of a
    near miss."""
    session = _play("severe-oud-overdose", {**STOP, "methadone_route": "none", "setting": "outpatient"})
    log = session.visits.log()
    crisis, review = log[0], next(v for v in log if v["state"] == "review")
    assert crisis["event"] == "return_to_use" and crisis["chosen"] == "offer_moud"
    assert session.visits.run().first_event(0, ["return_to_use"]).day == crisis["day"]
    assert "nearly slipped" not in review["text"] and "I slipped" in review["text"]


METHADONE_80 = {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp",
                "methadone_start_mg": 80, "induction": "none", "taper": None}


def test_methadone_started_far_above_the_first_dose_limit_brings_the_overdose_visit() -> None:
    """80 mg on day 1 (the 2024 programme rule caps a first dose at 50 mg): methadone accumulates, and
    in the first days the patient overdoses; the engine's emergency visit comes on that day, and the
    review after it neither offers to keep a morphine she no longer has nor forgets the methadone."""
    session = _play("high-dose-rotation", METHADONE_80)
    log = session.visits.log()
    first = log[0]
    assert first["event"] == "overdose" and 1 <= first["day"] <= 5
    assert "methadone" in first["text"] and first["chosen"] == "overdose--naloxone-methadone-review"
    review = next(v for v in log if v["state"] == "no_change")
    assert "takes methadone" in review["text"]
    assert not any("Keep the morphine" in c["text"] for c in review["choices"])
    usual = _play("high-dose-rotation", {**METHADONE_80, "methadone_start_mg": 30})
    assert not any(v["event"] == "overdose" for v in usual.visits.log())


def test_pain_that_fell_is_not_read_as_much_as_it_was() -> None:
    """oih-taper stopped abruptly, then restored with a slow taper at the urgent call: by week 16 the
    pain is lower than at the first visit (a point or more), and the review says it has eased."""
    session = _play("oih-taper", {**STOP, "taper": None})
    end = session.visits.log()[-1]
    assert session.context()["course.pain_change"] == "better"
    assert "much as it was" not in end["text"] and "has eased" in end["text"]


def test_a_restart_with_a_slow_taper_agreed_plays_a_slow_taper() -> None:
    """Stopped abruptly, then restarted at half with "a slow taper with pauses" agreed at the urgent
    call: the dose holds a month, then comes down in small steps, and week 16 says so."""
    session = _play("cold-turkey", {"opioid": "stop_abruptly", "taper": None}, choose=("restart_and_taper",))
    points = {p["day"]: p["mme"] for p in session.visits.points()}
    assert points[10] == points[30] == 45
    assert 0 < points[112] < 45 and all(points[d] >= points[d + 1] for d in range(10, 112))
    cuts = [points[d] - points[d + 1] for d in range(10, 112) if points[d + 1] < points[d]]
    assert cuts and max(cuts) <= 0.15 * 45  # about a tenth of the dose a step
    assert "the reductions are steady" in session.visits.log()[-1]["text"]


def test_a_slip_without_medication_is_met_with_an_offer_of_it_and_craving_is_not_denied() -> None:
    """Severe OUD stopped abruptly with no medication for OUD, no naloxone, and "keep to the plan" at
    the crisis: the review offers buprenorphine (there is no dose to review), and the end review's
    patient does not say the craving has gone while the chart shows it high."""
    plan = {**STOP, "methadone_route": "none", "naloxone": False, "setting": "residential"}
    session = _play("severe-oud-overdose", plan, choose=("same_plan", "offer_moud"))
    review = next(v for v in session.visits.log() if v["state"] == "review")
    assert [c["id"] for c in review["choices"]][:1] == ["offer_moud"]
    assert not any("review his medication dose" in c["text"] for c in review["choices"])
    end = session.visits.log()[-1]
    high = session.context()["course.craving"] > 4
    assert ("not chasing pills" in end["text"]) is not high


def test_naltrexone_withdrawal_is_not_treated_by_a_visit_written_for_a_stop() -> None:
    """Morphine stopped for XR-naltrexone with no opioid-free days: the case's own call after an
    abrupt stop (whose guard reads the event) offered to restore the morphine, which the blockade
    makes useless and dangerous. The engine's emergency visit comes first, and no visit after it
    offers an opioid through the naltrexone."""
    naltrexone = {"opioid": "switch_to_moud", "moud": "naltrexone_xr", "naltrexone_free_days": 0,
                  "induction": "none", "taper": None}
    for case in ("high-dose-rotation", "tramadol-taper"):
        log = _play(case, naltrexone).visits.log()
        assert log[0]["day"] == 1 and log[0]["chosen"] == "precipitated-naltrexone--supportive-care"
        offered = " ".join(c["text"] for v in log[1:] for c in v["choices"])
        assert "restore the" not in offered, case
        assert "no opioid can work through the naltrexone" in offered, case
