"""The ``course:`` block of a scenario and the course words shared by the format and the engine.

A scenario with a ``course:`` block has its follow-up visits driven by the patient-course model
(:mod:`simulator.patient.course`): each visit state's day comes from the model and the plan, its
measures are the model's, its text is the first ``narratives`` entry whose condition holds, and
each decision choice names the ``effects`` it has on the model. Scenarios without the block keep
the scripted ``week`` and ``measures`` of format 1. See docs/COURSE.md and
docs/decisions/005-course-model.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.scenario.expressions import VarType


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: What a visit decision does to the course model (id, description).
EFFECTS: tuple[tuple[str, str], ...] = (
    ("keep_plan", "No change to the plan."),
    ("hold_dose", "Hold the current opioid dose: the taper pauses."),
    ("step_back", "Go back to the previous taper step and hold it there."),
    ("restore_dose", "Go back to the starting opioid regimen and hold it."),
    (
        "restart_reduced",
        "Restart at about half the starting dose after days off (tolerance has fallen) and hold it.",
    ),
    ("slow_taper", "From the dose now agreed, a slow taper: after four weeks, 10% of the current dose "
     "every four weeks, with pauses while withdrawal flares (put it after a restart or a step back)."),
    ("raise_dose", "Raise the opioid dose by a quarter."),
    ("rapid_taper", "Reduce the opioid by a quarter of the current dose each week."),
    ("stop_opioid", "Stop the prescribed opioid at once."),
    ("start_buprenorphine", "Start buprenorphine now, timed so that it does not precipitate withdrawal."),
    ("adjust_buprenorphine", "Raise buprenorphine to a fuller dose (split through the day)."),
    ("stop_moud", "Stop the medication for opioid use disorder."),
    ("add_full_agonist", "Add a full-agonist opioid for breakthrough pain (a month's supply when the "
     "chart holds none)."),
    ("add_short_course", "Add a few days of a short-acting full agonist with a stop date."),
    ("early_refill", "Give an early refill: the patient can go on taking more than prescribed."),
    ("add_pain_care", "Add physiotherapy and CBT for pain."),
    ("add_topical", "Add a topical NSAID and an exercise programme."),
    ("pain_flare", "A new flare of pain starts (about 2 points, easing over about three months)."),
    ("close_follow_up", "Review again in 2 days, then weekly."),
    ("support", "Problem-solve and support: the patient is more likely to stay in care."),
    ("stigma", "A label or referral the patient experiences as stigma: trust falls."),
    ("discharge", "Discharge from the practice: prescriptions and follow-up stop."),
    ("give_naloxone", "Give naloxone to keep at home."),
)
Effect = Literal[tuple(e for e, _ in EFFECTS)]  # type: ignore[valid-type]

#: Why a contact happened.
EVENTS: tuple[str, ...] = (
    "scheduled",
    "precipitated",
    "withdrawal",
    "early_refill",
    "return_to_use",
    "overdose",
    "missed_visits",
    "end",
)


WITHDRAWAL_BANDS: tuple[str, ...] = ("none", "mild", "moderate", "moderately_severe", "severe")
PAIN_CHANGES: tuple[str, ...] = ("better", "same", "worse")
MEDICATIONS: tuple[str, ...] = ("none", "opioid", "buprenorphine", "methadone", "naltrexone_xr")
#: Contacts that come as an urgent visit (an unscheduled call or the emergency department).
URGENT_EVENTS: tuple[str, ...] = ("precipitated", "withdrawal", "return_to_use", "overdose")


class CourseParams(_Model):
    """Per-patient parameters of the course model; docs/COURSE.md says what each is calibrated to."""

    cows_full_stop: float = Field(
        42, ge=0, le=48, description="COWS reached soon after stopping the whole opioid dose at once."
    )
    tolerance_loss_days: float = Field(
        3, ge=1, le=60, description="Time constant (days) of losing tolerance when exposure falls."
    )
    tolerance_gain_days: float = Field(
        5, ge=1, le=60, description="Time constant (days) of gaining tolerance when exposure rises."
    )
    flare_cows: int = Field(
        10, ge=1, le=48, description="COWS at which the patient calls or presents with withdrawal."
    )
    precipitated_cows: float = Field(
        24, ge=0, le=48, description="COWS added by a buprenorphine start that precipitates withdrawal."
    )
    opioid_relief: float = Field(
        1.0, ge=0, le=10, description="Pain points the current opioid regimen relieves at steady state."
    )
    hyperalgesia: float = Field(
        0, ge=0, le=10, description="Pain points caused by opioid-induced hyperalgesia at today's dose."
    )
    hyperalgesia_days: float = Field(
        21, ge=1, le=180, description="Time constant (days) of hyperalgesia resolving once the dose falls."
    )
    withdrawal_pain: float = Field(6, ge=0, le=10, description="Pain points added at COWS 48.")
    nonopioid_max: float = Field(
        3, ge=0, le=10, description="Most pain points all non-opioid care together can relieve."
    )
    buprenorphine_relief: float = Field(
        1.5, ge=0, le=10, description="Pain points relieved by a full buprenorphine dose."
    )
    use_disorder: float = Field(
        0, ge=0, le=1, description="How strongly craving drives non-prescribed use (0 = no OUD)."
    )
    acute_pain: float = Field(
        0, ge=0, le=10,
        description="Points of the first visit's pain that are acute (surgery, an injury) and heal.",
    )
    acute_pain_days: float = Field(
        7, gt=0, le=90, description="Time constant in days over which acute pain heals."
    )
    street_mme: float = Field(
        0, ge=0, le=2000,
        description="Opioid taken every day from other sources at the start (MME a day; e.g. fentanyl "
        "bought as pills): the patient is using from day 0, until medication for OUD has run 3 days.",
    )
    extra_use: float = Field(
        0, ge=0, le=10, description="Extra tablets taken, as a fraction of the prescription (early refills)."
    )
    early_refills: bool = Field(
        True,
        description="Whether extra use runs the supply out early (early-refill requests); false = "
        "extra tablets on bad days, made up on good days, with no early refill.",
    )
    supply_days: int = Field(30, ge=1, le=90, description="Days a prescription is written for.")
    return_threshold: float = Field(
        0.5, gt=0, le=1, description="Return-to-use drive at which non-prescribed use starts."
    )
    overdose_threshold: float = Field(
        0.5, gt=0, le=1, description="Overdose risk (dose against lost tolerance) that causes an overdose."
    )
    followup_need_days: int = Field(
        28,
        ge=1,
        le=365,
        description="Longest follow-up interval this patient does well with; longer ones lose engagement.",
    )
    presentation_delay_days: int = Field(
        2, ge=0, le=14, description="Days from a withdrawal flare's onset to the patient presenting."
    )


class Course(_Model):
    """The patient-course model: how long it runs and the patient's parameters."""

    weeks: int = Field(
        8, ge=1, le=104, description="Length of the simulated course; its end is the final review."
    )
    params: CourseParams = CourseParams()


class Narrative(_Model):
    """A part of a visit's text, shown when ``when`` holds (every part that holds, in order).

    The patient's words are those of the first shown part that has any.
    ``{day}``, ``{week}``, ``{cows}``, ``{use_day}`` and ``{missed}`` in the text are filled
    from the model.
    """

    when: str | None = Field(None, description="Expression on the plan and the course state.")
    text: str = ""
    patient_says: str = ""


def course_variables() -> dict[str, VarType]:
    """The ``course.*`` names expressions may read (the model at the step's day)."""
    v = VarType
    return {
        "course.day": v("number", "Day of the course"),
        "course.week": v("number", "Week of the course (day 7 is week 1)"),
        "course.event": v("text", "Why this contact happened", EVENTS),
        "course.mme": v("number", "Prescribed full-agonist opioid (MME/day)"),
        "course.pain": v("number", "Pain (0-10)"),
        "course.cows": v("number", "Withdrawal (COWS 0-48)"),
        "course.max_cows": v("number", "Highest COWS so far"),
        "course.craving": v("number", "Craving (0-10)"),
        "course.function": v("number", "Function (0-10)"),
        "course.engaged": v("bool", "The patient is still in care"),
        "course.discharged": v("bool", "The patient was discharged"),
        "course.missed_visits": v("number", "Scheduled visits missed so far"),
        "course.visits_attended": v("number", "Scheduled visits attended so far"),
        "course.returned_to_use": v("bool", "Non-prescribed opioid use has started (ever)"),
        "course.using": v("bool", "Using non-prescribed opioids now"),
        "course.overdosed": v("bool", "An overdose has happened"),
        "course.precipitated": v("bool", "Buprenorphine precipitated withdrawal"),
        "course.early_refill": v("bool", "The patient asked for an early refill"),
        "course.on_buprenorphine": v("bool", "Taking buprenorphine now"),
        "course.on_methadone": v("bool", "Taking methadone now"),
        "course.naloxone": v("bool", "Naloxone is at home"),
        "course.risk_return": v("number", "Return-to-use risk (0-100)"),
        "course.risk_overdose": v("number", "Overdose risk (0-100)"),
        "course.added_mme": v("number", "Full agonist added on top of the chart today (MME/day)"),
        "course.added_relief": v("number", "Pain points the added full agonist relieves today"),
        "course.sedation": v("number", "Drowsiness from the added full agonist (0 alert - 10 cannot "
                             "be roused)"),
        # bands a visit's text is chosen by (what it may say is what the chart shows)
        "course.withdrawal": v("text", "Withdrawal band (COWS: none 0-4, mild 5-12, moderate 13-24, "
                               "moderately severe 25-36, severe 37-48)", WITHDRAWAL_BANDS),
        "course.withdrawal_days": v("number", "Days so far with withdrawal (COWS 5 or more)"),
        "course.baseline_pain": v("number", "Pain at the first visit (0-10)"),
        "course.start_mme": v("number", "Prescribed full-agonist opioid at the first visit (MME a day)"),
        "course.tapering": v("bool", "The prescribed full-agonist opioid is lower than six weeks before "
                             "(a taper still going on, not held)"),
        "course.pain_change": v("text", "Pain against the first visit (a point or more)", PAIN_CHANGES),
        "course.medication": v("text", "What the patient takes for the opioid now", MEDICATIONS),
        "course.urgent": v("bool", "This contact is urgent: precipitated or severe withdrawal (COWS 13 or "
                           "more), an overdose or a return to use"),
    }
