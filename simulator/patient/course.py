"""The patient's course after the visit: a deterministic day-by-day model of what the plan does.

Pure Python, no randomness: the same patient, plan and visit decisions always give the same
course. The equations, what each parameter means and what it is calibrated to are in
docs/COURSE.md; the parameters are the scenario's ``course.params``
(:class:`simulator.scenario.course_format.CourseParams`).

One day at a time the model tracks:

- the prescribed full-agonist opioid in MME/day, from the taper planner's real steps
  (:func:`simulator.clinical.taper.plan_taper`), pauses, stops and the decisions taken;
- medication for OUD (buprenorphine, methadone, XR-naltrexone) and its dose;
- tolerance, which follows opioid coverage with separate gain and loss time constants;
- withdrawal as a COWS estimate (0-48), from the part of tolerance left uncovered, plus a
  precipitated-withdrawal spike when buprenorphine or naltrexone starts too early;
- pain: the underlying pain + hyperalgesia (resolving over weeks once the dose falls) + a
  transient rise with withdrawal - opioid and buprenorphine relief - the non-opioid care chosen;
- craving (lowered by buprenorphine or methadone), function, engagement in care, scheduled
  visits attended or missed, return to non-prescribed use and overdose (higher once tolerance
  is lost; naloxone at home changes the outcome).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from simulator.clinical.mme import FACTORS_2022, Regimen, total_mme
from simulator.clinical.rules import (
    BUP_RAISE_FACTOR,
    BUP_RAISE_MOST_MG,
    LOW_DOSE_OVERLAP_DAYS,
    METHADONE_HIGH_RISK_DAYS,
    METHADONE_START_MG,
    METHADONE_STEADY_STATE_DAYS,
    METHADONE_TARGET_MG,
    METHADONE_TITRATION_DAYS,
)
from simulator.clinical.safety import (
    STOPS_NOW,
    OpioidLine,
    PatientFacts,
    PlanChoices,
    precipitates,
    raises_buprenorphine,
    start_timing,
    taper_line,
)
from simulator.clinical.taper import played_fractions
from simulator.scenario.course_format import CourseParams

#: Pain points and onset (days to full effect) of each non-opioid treatment: modelling
#: conventions, not figures from the sources (docs/COURSE.md, "Non-opioid care").
NONOPIOID_EFFECT: dict[str, tuple[float, int]] = {
    "duloxetine": (0.30, 21),
    "gabapentinoid": (0.25, 14),
    "topical_nsaid": (0.20, 7),
    "topical_capsaicin": (0.15, 14),
    "acetaminophen_nsaid": (0.15, 3),
    "low_dose_naltrexone": (0.20, 28),
    "exercise": (0.30, 42),
    "physiotherapy": (0.35, 42),
    "cbt": (0.30, 56),
    "act": (0.25, 56),
    "mindfulness": (0.20, 56),
    "interventional": (0.25, 14),
}
BUP_FULL_MG = 16.0
BUP_COVER = 2.0  # a full buprenorphine dose covers tolerance up to 2x the starting MME
#: The tolerance scale of a patient already on buprenorphine (no MME conversion exists for it; the
#: model needs only a scale, withdrawal and cover being ratios of it): a modelling convention.
HELD_BUP_SCALE = 30.0
METHADONE_FULL_MG = 60.0  # a written methadone dose covers tolerance fully from here (a convention)
METHADONE_MOST_MG = 120.0
LOW_DOSE_RISE_DAYS = 7
PRECIPITATED_DAYS = 1.5  # time constant of precipitated withdrawal left alone
PRECIPITATED_TREATED_DAYS = 0.5  # ... treated with more buprenorphine
BENZO_STOP_DAYS = 14  # a benzodiazepine stopped at once: rebound anxiety for about two weeks
BENZO_STOP_DRIVE = 0.15
BENZO_OVERDOSE_FACTOR = 1.5  # opioid + benzodiazepine: the overdose risk of a return to use
METHADONE_COVER = 1.5  # a maintenance methadone dose covers tolerance up to 1.5x the start
#: Overdose risk while methadone builds up in its first two weeks (a modelling convention; the
#: pattern, highest on days 3-5 and more with benzodiazepines or a second full agonist, is TIP 63's)
METHADONE_START_RISK = 0.2
METHADONE_BENZO_RISK = 0.15
METHADONE_STACKED_RISK = 0.3
DISENGAGED = 0.3  # engagement below this: scheduled visits are missed
RESTART_FRACTION = 0.5  # a restart after days off: about half the old dose (tolerance has fallen)
RESTARTS = {"restore_dose": 1.0, "restart_reduced": RESTART_FRACTION}
MIN_DOSE_FRACTION = 0.05  # below 5% of the start a taper's next step is stopping
#: The ``slow_taper`` effect: after a month at the dose agreed, 10% of the current dose a month, with
#: pauses while withdrawal flares (CDC 2022: 10% a month or slower after a year or more of use).
SLOW_TAPER_PERCENT = 10.0
SLOW_TAPER_DAYS = 28
RESIDENTIAL_DAYS = 28  # a residential stay; afterwards the patient is back home
FLARE_POINTS = 2.0  # a new pain flare (effect pain_flare)
FLARE_DAYS = 90.0  # ... easing with this time constant
#: A full agonist added on top of buprenorphine the patient keeps taking (surgery, injury): modelling
#: conventions, not figures from the sources (docs/COURSE.md, "A full agonist added on top of
#: buprenorphine"). Buprenorphine's high receptor affinity leaves a usual dose little room, more of
#: a high dose gets through (ASRA 2021 consensus on perioperative buprenorphine).
TABLET_MME = 7.5  # oxycodone 5 mg immediate-release, the tablet a short course is counted in
USUAL_ADDED_MME = 30.0  # a usual acute-pain dose (4 tablets a day) when no quantity is written
TABLETS_A_DAY = USUAL_ADDED_MME / TABLET_MME
BUP_BLOCK_MME = 60.0  # full-dose buprenorphine: the added MME it takes to let half of a dose act
ADDED_RELIEF = 3.0  # pain points from an added full agonist acting at the usual dose
ADDED_RELIEF_MOST = 1.5  # ... at most 1.5 times that
SEDATION_MME = 120.0  # acting added MME a day that makes the patient too sedated to rouse (10/10)
SEDATION_OVERDOSE = 0.05  # overdose risk per sedation point (an overdose at sedation 10)
#: Buprenorphine raised and split through the day ("increase" on buprenorphine alone; ASRA 2021):
#: analgesia lasts 6-8 hours a dose, so divided doses relieve about half as much again as the same
#: drug once a day (a modelling convention; the raise itself is clinical.rules.BUP_RAISE_FACTOR).
SPLIT_RELIEF = 0.5
SHORT_COURSE_DAYS = 5  # add_short_course: a few days' supply with a stop date
MONTH_SUPPLY_DAYS = 30  # add_full_agonist on a patient whose chart holds no full agonist


@dataclass(frozen=True)
class CoursePatient:
    """Where the patient starts: the chart's regimen and today's measures."""

    regimen: tuple[Regimen, ...]
    months_on_opioids: float
    pain: float
    craving: float = 0
    function: float = 5
    cows: float = 0
    rapport: int = 50
    long_acting: bool = False
    supply_used: int = 0  # days since the current prescription was filled
    buprenorphine_mg: float = 0  # buprenorphine already taken every day (the chart's regimen)
    #: what the safety rules know of the patient (regimen kinds, urine screen, sedatives): the
    #: course reads the same rules for induction waits and washouts; None: built from ``regimen``
    facts: PatientFacts | None = None

    def safety_facts(self) -> PatientFacts:
        if self.facts is not None:
            return self.facts
        kind = "long_acting" if self.long_acting else "short_acting"
        lines = tuple(
            OpioidLine(
                r.drug,
                "methadone" if r.drug == "methadone" else kind,
                r.strength * r.per_dose * r.times_per_day,
                r.strength * r.per_dose * r.times_per_day * FACTORS_2022.get(r.drug, 1.0),
                strength=r.strength,
                per_dose=r.per_dose,
                doses_per_day=int(r.times_per_day),
            )
            for r in self.regimen
        )
        if self.buprenorphine_mg > 0:  # the buprenorphine taken now (no MME: it has no factor)
            lines += (OpioidLine("buprenorphine", "buprenorphine", self.buprenorphine_mg),)
        return PatientFacts(regimen=lines, months_on_opioids=self.months_on_opioids)


@dataclass(frozen=True)
class Intervention:
    """Decision effects that apply from ``day`` on."""

    day: int
    effects: tuple[str, ...]


@dataclass(frozen=True)
class Day:
    day: int
    mme: float
    moud: str
    moud_mg: float
    tolerance: float
    cows: float
    pain: float
    craving: float
    function: float
    engagement: float
    hyperalgesia: float
    using: bool
    returned_to_use: bool
    overdosed: bool
    precipitated: bool
    early_refill: bool
    discharged: bool
    naloxone: bool
    risk_return: float
    risk_overdose: float
    missed_visits: int
    visits_attended: int
    added_mme: float = 0.0  # a full agonist added on top of the chart (MME/day written)
    added_relief: float = 0.0  # pain points it relieves today
    sedation: float = 0.0  # drowsiness from it, 0 (alert) to 10 (cannot be roused)


def _new_day(values: dict[str, object]) -> Day:
    """The :class:`Day` ``Day(**values)`` gives (``values`` holds every field), without the frozen
    class's field-by-field ``object.__setattr__``: a course builds one a day."""
    day = object.__new__(Day)
    day.__dict__.update(values)
    return day


@dataclass(frozen=True)
class Event:
    """Something the model produced: ``kind`` is one of course_format.EVENTS."""

    day: int
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class CourseRun:
    days: tuple[Day, ...]
    events: tuple[Event, ...]
    visits: tuple[tuple[int, bool], ...]  # (day, attended) for every scheduled visit

    def at(self, day: int) -> Day:
        return self.days[max(0, min(day, len(self.days) - 1))]

    def first_event(self, after: int, kinds: Iterable[str] | None = None) -> Event | None:
        wanted = set(kinds) if kinds is not None else None
        for event in self.events:
            if event.day > after and (wanted is None or event.kind in wanted):
                return event
        return None


@dataclass
class _Dose:
    """The prescribed full-agonist dose as a fraction of the start, and how it changes."""

    fraction: float = 1.0
    previous: float = 1.0  # the step before this one
    steps: list[float] = field(default_factory=list)  # fractions still to come (a taper)
    interval: int = 0
    next_day: int = 0
    pauses: bool = False
    gaps: list[int] = field(default_factory=list)  # days before each further step (a taper)

    def next_gap(self) -> int:
        """Days until the next step: the played taper's own gap, or the plan's interval."""
        return self.gaps.pop(0) if self.gaps else self.interval


def taper_fractions(patient: CoursePatient, plan: PlanChoices) -> list[float]:
    """The taper's daily doses as fractions of the start (see :func:`taper_schedule`)."""
    return taper_schedule(patient, plan)[0]


def taper_schedule(patient: CoursePatient, plan: PlanChoices) -> tuple[list[float], list[int]]:
    """The taper's daily doses as fractions of the start and the days before each step: the
    steps real strengths give, from the one function the safety rules judge
    (:func:`simulator.clinical.taper.played_fractions`)."""
    pct, interval = plan.taper_percent, max(plan.taper_interval_days, 1)
    facts = patient.safety_facts()
    line = taper_line(facts)
    if line is None:
        return [0.0], [interval]
    doses, gaps = played_fractions(
        line.drug,
        line.strength,
        line.doses_per_day,
        pct,
        interval,
        per_dose=line.per_dose,
        basis=plan.taper_basis,
        strengths=line.strengths or None,
    )
    return doses[1:], gaps


def slow_taper_steps(patient: CoursePatient, fraction: float) -> list[float]:
    """The steps of a slow taper (``slow_taper``) from ``fraction`` of the starting dose down: the
    doses real tablets give on the way down from the chart's dose at 10% of the current dose a
    step (:func:`simulator.clinical.taper.played_fractions`), those below ``fraction``."""
    line = taper_line(patient.safety_facts())
    if line is None or fraction <= 0:
        return []
    doses, _ = played_fractions(line.drug, line.strength, line.doses_per_day, SLOW_TAPER_PERCENT,
                                SLOW_TAPER_DAYS, per_dose=line.per_dose, basis="current",
                                strengths=line.strengths or None)
    return [d for d in doses if d < fraction - 1e-9]


def _dose_effect(dose: _Dose, effect: str, patient: CoursePatient, t: int) -> bool:
    """Apply ``effect`` on day ``t`` to the prescribed full-agonist dose; False when it is not a
    dose effect (hold, step back, restart, slow or rapid taper, raise, stop)."""
    if effect == "hold_dose":
        dose.steps = []
    elif effect == "step_back":
        dose.fraction, dose.steps = max(dose.previous, dose.fraction), []
    elif effect in RESTARTS:  # back to the old dose, or half of it after days off
        dose.fraction, dose.steps = RESTARTS[effect], []
    elif effect == "slow_taper":  # after the dose agreed, a slow taper with pauses
        dose.steps, dose.gaps = slow_taper_steps(patient, dose.fraction), []
        dose.interval, dose.next_day, dose.pauses = SLOW_TAPER_DAYS, t + SLOW_TAPER_DAYS, True
    elif effect == "raise_dose":
        dose.fraction, dose.steps = (dose.fraction or 1.0) * 1.25, []
    elif effect == "rapid_taper":
        f, steps = dose.fraction, []
        while f > MIN_DOSE_FRACTION:
            f *= 0.75
            steps.append(f if f > MIN_DOSE_FRACTION else 0.0)
        dose.steps, dose.interval, dose.next_day, dose.gaps = steps, 7, t + 7, []
    elif effect == "stop_opioid":
        dose.fraction, dose.steps = 0.0, []
    else:
        return False
    return True


def bup_dose(plan: PlanChoices, days_on: int) -> float:
    """Buprenorphine mg taken on the ``days_on``-th day of treatment, from the written day-1 dose
    and target (8 mg, then 16 mg, when none is written); a low-dose start rises from its day-1
    dose to the target over a week."""
    day1 = plan.bup_day1_mg or 8.0
    target = plan.bup_target_mg or BUP_FULL_MG
    if days_on == 0:
        return day1
    if plan.induction == "low_dose" and plan.bup_day1_mg:
        return day1 + (target - day1) * min(1.0, days_on / LOW_DOSE_RISE_DAYS)
    return target


@dataclass(frozen=True)
class AddedOpioid:
    """A short-acting full agonist added on top of the chart (a short course for surgery or an
    injury, a month's supply): the MME a day written and the last day of its supply."""

    mme: float = 0.0
    last_day: int = -1
    as_needed: bool = True  # immediate-release as needed: less is taken as the pain heals

    def on(self, day: int) -> bool:
        return self.mme > 0 and 1 <= day <= self.last_day

    def taken(self, day: int, bup_mg: float, heal_days: float) -> tuple[float, float]:
        """(MME a day written, MME acting) on ``day``: nothing once the supply is over; taken as
        needed, less as the acute pain heals; blunted by ``bup_mg`` of buprenorphine."""
        if not self.on(day):
            return 0.0, 0.0  # (most days of most courses: nothing added)
        written = self.mme
        needed = 0.5 + 0.5 * math.exp(-day / heal_days) if self.as_needed else 1.0
        return written, acting_mme(written * needed, bup_mg)


def added_after(effect: str, added: AddedOpioid, day: int, m0: float) -> AddedOpioid:
    """The added full agonist after a visit's ``effect`` on ``day``: ``add_short_course`` gives a
    few days at the usual dose (or ends a running one within those days); ``add_full_agonist`` a
    month's supply when the chart holds no full agonist (with one, the chart's own dose is raised
    instead); ``stop_opioid`` ends it."""
    if effect == "add_short_course":  # one running is cut to a few days' supply with a stop date
        last = day + SHORT_COURSE_DAYS - 1
        if added.on(day):
            return AddedOpioid(added.mme, min(added.last_day, last), added.as_needed)
        return AddedOpioid(USUAL_ADDED_MME, last)
    if effect == "add_full_agonist" and not m0:
        return AddedOpioid(USUAL_ADDED_MME, day + MONTH_SUPPLY_DAYS - 1)
    if effect == "stop_opioid":
        return AddedOpioid()
    return added


def sedation_from(acting: float, benzodiazepine: bool) -> float:
    """Drowsiness (0-10) from ``acting`` MME of an added full agonist, more with a benzodiazepine."""
    return _clamp(10 * acting / SEDATION_MME * (BENZO_OVERDOSE_FACTOR if benzodiazepine else 1.0))


def added_opioid(patient: CoursePatient, plan: PlanChoices) -> AddedOpioid:
    """The full agonist a plan adds for a patient whose chart holds none: ``opioid: short_course``
    for ``end_date_days`` (or as many days as ``short_course_tablets`` last at four a day), at the
    tablets written over those days or the usual dose; extended-release is taken round the clock."""
    if plan.opioid != "short_course" or patient.regimen:
        return AddedOpioid()
    tablets, days = plan.short_course_tablets, plan.end_date_days
    if days <= 0:
        days = math.ceil(tablets / TABLETS_A_DAY) if tablets else SHORT_COURSE_DAYS
    mme = TABLET_MME * tablets / days if tablets else USUAL_ADDED_MME
    return AddedOpioid(mme, days, plan.formulation != "extended_release")


def acting_mme(added: float, bup_mg: float) -> float:
    """How much of an added full agonist acts alongside ``bup_mg`` of buprenorphine: buprenorphine
    holds the receptors, so a usual dose acts in part and a high dose more (all of it without)."""
    block = BUP_BLOCK_MME * min(1.0, bup_mg / BUP_FULL_MG)
    return added * added / (added + block) if added > 0 else 0.0


def benzodiazepine_drive(plan: PlanChoices, day: int) -> float:
    """Return-to-use drive added by a benzodiazepine stopped at once (rebound anxiety, insomnia)."""
    return BENZO_STOP_DRIVE if plan.benzodiazepine == "stop" and day <= BENZO_STOP_DAYS else 0.0


def with_benzodiazepine(plan: PlanChoices, risk: float) -> float:
    """An overdose risk with a benzodiazepine started or continued alongside (two sedatives)."""
    return min(1.0, risk * BENZO_OVERDOSE_FACTOR) if plan.benzodiazepine in ("start", "continue") else risk


def methadone_cover(plan: PlanChoices, days_on: int) -> float:
    """The share of tolerance methadone covers on its ``days_on``-th day: from the written first dose
    and titration (a full share at 60 mg), or a two-week ramp from half when none is written."""
    if not plan.methadone_start_mg:
        return methadone_share(days_on)
    dose = plan.methadone_start_mg
    if plan.methadone_step_mg and plan.methadone_step_days:
        dose += plan.methadone_step_mg * (days_on // plan.methadone_step_days)
    return min(1.0, min(dose, METHADONE_MOST_MG) / METHADONE_FULL_MG)


def _held_moud(patient: CoursePatient, plan: PlanChoices) -> tuple[str, int, float]:
    """(medication, first day, mg) of buprenorphine the patient already takes, kept unless the plan
    stops everything or starts another medication for OUD; ("none", -1, 0) otherwise."""
    keeps = plan.opioid not in STOPS_NOW and plan.moud in ("none", "buprenorphine")
    if patient.buprenorphine_mg > 0 and keeps:
        if raises_buprenorphine(patient.safety_facts(), plan):  # "increase": the buprenorphine is raised
            return "buprenorphine", 0, min(patient.buprenorphine_mg * BUP_RAISE_FACTOR, BUP_RAISE_MOST_MG)
        return "buprenorphine", 0, patient.buprenorphine_mg
    return "none", -1, 0.0


def start_precipitates(patient: CoursePatient, plan: PlanChoices) -> bool:
    """Does the planned buprenorphine or naltrexone start precipitate withdrawal? The safety
    rules' own judgement (waits by opioid and formulation, fentanyl on the urine screen, washouts)."""
    return precipitates(patient.safety_facts(), plan)


def methadone_share(days_on: int) -> float:
    """How much of a maintenance dose's effect methadone gives ``days_on`` days after the first
    dose: a low start (30 mg) raised towards maintenance (80 mg) over four weeks, each dose
    building up with a half-life of about a day until a steady state after about five days."""
    if days_on < 0:
        return 0.0
    start = METHADONE_START_MG / METHADONE_TARGET_MG
    dose = start + (1 - start) * min(1.0, days_on / METHADONE_TITRATION_DAYS)
    half_life = METHADONE_STEADY_STATE_DAYS / 5
    return dose * (1 - 0.5 ** ((days_on + 1) / half_life))


def methadone_start_risk(
    days_on: int, benzodiazepine: bool, stacked: bool, on_methadone: bool = True, start_mg: float = 0.0
) -> float:
    """Overdose risk from methadone building up in its first two weeks (0 afterwards): highest
    on days 3-5 as levels rise, more with a benzodiazepine or a second full agonist, and in
    proportion to a written first dose above the usual start (``start_mg``; 0: not written): 80 mg
    on day 1 carries more than twice the risk of 30 mg, since each day's dose accumulates."""
    if not on_methadone or not 0 <= days_on < METHADONE_HIGH_RISK_DAYS:
        return 0.0
    rising = 1 - 0.5 ** ((days_on + 1) / (METHADONE_STEADY_STATE_DAYS / 5))
    waning = 1.0 if days_on <= METHADONE_STEADY_STATE_DAYS else 0.5
    base = METHADONE_START_RISK + (METHADONE_BENZO_RISK if benzodiazepine else 0.0)
    high_start = max(1.0, start_mg / METHADONE_START_MG)
    return min(1.0, (base * high_start + (METHADONE_STACKED_RISK if stacked else 0.0)) * rising * waning)


def _overdose_at(events: list[Event], day: int, reached: bool, overdosed: bool, naloxone: bool) -> bool:
    """Record an overdose the first time the risk reaches the threshold; whether one happened."""
    if reached and not overdosed:
        events.append(Event(day, "overdose", "reversed" if naloxone else "hospital"))
    return overdosed or reached


def _clamp(value: float, low: float = 0.0, high: float = 10.0) -> float:
    # max(low, min(high, value)) without two calls: called ~650 times per simulated course
    return value if low <= value <= high else (low if value < low else high)


def _start_care(
    names: tuple[str, ...], nonopioid: list[str], care: list[tuple[float, int, int]], t: int
) -> None:
    """Start the non-opioid treatments in ``names`` not already on: (share, onset, first day)."""
    for name in names:
        if name not in nonopioid:
            nonopioid.append(name)
            care.append((*NONOPIOID_EFFECT.get(name, (0.1, 14)), t))


def _ramp(days_on: int, onset: int) -> float:
    return 0.0 if days_on < 0 else min(1.0, (days_on + 1) / max(onset, 1))


def simulate(
    params: CourseParams,
    patient: CoursePatient,
    plan: PlanChoices,
    interventions: Sequence[Intervention] = (),
    days: int = 56,
) -> CourseRun:
    """Run the course for ``days`` days after the visit (day 0 is the visit itself)."""
    p = params
    m0 = total_mme(patient.regimen).value if patient.regimen else 0.0
    held = HELD_BUP_SCALE * min(1.0, patient.buprenorphine_mg / BUP_FULL_MG)  # on buprenorphine now
    base = m0 + p.street_mme + held  # prescribed and from other sources (street_mme: using from day 0)
    scale = max(m0 * (1 + p.extra_use) + p.street_mme + held, 1.0)  # today's tolerance: what is taken
    street_dose = max(p.street_mme, m0)  # what a day of use from other sources brings
    by_day: dict[int, list[str]] = {}
    for item in interventions:  # a visit's decision acts from the next day: its own day stays as read
        by_day.setdefault(item.day + 1, []).extend(item.effects)

    dose = _Dose()
    moud, moud_start, bup_mg = _held_moud(patient, plan)
    facts = patient.safety_facts()
    split = moud == "buprenorphine" and raises_buprenorphine(facts, plan)  # divided doses
    added = added_opioid(patient, plan)
    precipitate_day = -1
    spike, spike_days = 0.0, PRECIPITATED_DAYS  # precipitated withdrawal and how fast it fades
    nonopioid = list(plan.nonopioid)
    naloxone = plan.naloxone
    engagement = _clamp(patient.rapport / 100 + 0.35, 0, 1)
    support = {"outpatient": 0.0, "intensive_outpatient": 0.004, "residential": 0.008}.get(plan.setting, 0.0)
    interval = max(plan.followup_days, 1)
    next_visit = interval
    discharged = False

    # day 0: the plan starts
    if plan.opioid == "increase":
        dose.fraction = 1.25
    elif plan.opioid in STOPS_NOW:
        dose.fraction = 0.0
    elif plan.opioid == "taper":
        dose.steps, dose.gaps = taper_schedule(patient, plan)
        dose.interval = max(plan.taper_interval_days, 1)
        dose.next_day = dose.next_gap()
        dose.pauses = plan.taper_pauses
    elif plan.opioid == "short_course":
        dose.steps, dose.interval = [0.0], max(plan.end_date_days, 1)
        dose.next_day = dose.interval
    if plan.moud == "buprenorphine":
        moud, moud_start = "buprenorphine", 1
        if plan.opioid == "switch_to_moud" and plan.induction != "low_dose":
            dose.fraction = 0.0
        elif plan.opioid == "switch_to_moud":  # low-dose start: overlap for a week, then stop
            dose.steps, dose.interval = [0.0], LOW_DOSE_OVERLAP_DAYS
            dose.next_day = LOW_DOSE_OVERLAP_DAYS + 1
    elif plan.moud == "methadone":
        moud, moud_start = "methadone", 1
        if plan.opioid == "switch_to_moud":
            dose.fraction = 0.0
    elif plan.moud == "naltrexone_xr":
        if plan.opioid == "switch_to_moud":
            dose.fraction = 0.0
        # the opioid-free days the plan asks for, less those the chart says have passed already
        timing = start_timing(facts, plan)
        moud, moud_start = "naltrexone_xr", 1 + timing.naltrexone_days_from_now
    if start_precipitates(patient, plan):
        precipitate_day = moud_start
    start_cows = float(start_timing(facts, plan).cows)  # the plan's, or today's if higher
    benzodiazepine = "benzodiazepine" in facts.classes()

    tolerance, withdrawal_lag = scale if base > 0 else 0.0, 0.0
    lag = 2.5 if patient.long_acting else 1.25  # withdrawal starts later after a long-acting opioid
    hyper = p.hyperalgesia
    underlying = patient.pain + p.opioid_relief - p.hyperalgesia
    held_share = min(1.0, patient.buprenorphine_mg / BUP_FULL_MG)  # buprenorphine taken at day 0
    underlying += p.buprenorphine_relief * held_share  # the chart's pain is with it
    untreated_craving = patient.craving / (1 - 0.7 * held_share)  # ... and so is the craving
    returned = overdosed = precipitated = refill = False
    using = p.street_mme > 0
    abstinent_days = 0
    missed = attended = streak = 0
    results: list[Day] = []
    events: list[Event] = []
    visits: list[tuple[int, bool]] = []
    drive_days = 0
    flare_on = False
    flare = 0.0
    reinforced = False  # a full agonist alongside MOUD keeps reinforcing use

    results.append(
        Day(
            day=0,
            mme=round(m0, 1),
            moud="none",
            moud_mg=0.0,
            tolerance=tolerance,
            cows=patient.cows,
            pain=patient.pain,
            craving=patient.craving,
            function=patient.function,
            engagement=engagement,
            hyperalgesia=hyper,
            using=using,
            returned_to_use=False,
            overdosed=False,
            precipitated=False,
            early_refill=False,
            discharged=False,
            naloxone=naloxone,
            risk_return=0.0,
            risk_overdose=0.0,
            missed_visits=0,
            visits_attended=0,
        )
    )
    # what does not change from day to day, read once (the loop below runs ~80 times a course)
    cows_full_stop, flare_cows = p.cows_full_stop, p.flare_cows
    pause_cows, calm_cows = flare_cows * 0.6, flare_cows * 0.5
    gain_days, loss_days, hyper_days = p.tolerance_gain_days, p.tolerance_loss_days, p.hyperalgesia_days
    opioid_relief, bup_relief = p.opioid_relief, p.buprenorphine_relief
    use_disorder, od_threshold = p.use_disorder, p.overdose_threshold
    half_scale, quarter_scale = 0.5 * scale, 0.25 * scale
    bup_cover, methadone_scale = BUP_COVER * scale, METHADONE_COVER * scale
    flare_fade = math.exp(-1 / FLARE_DAYS)
    psych_relief = 0.1 if plan.psych_care else 0.0
    residential = plan.setting == "residential"
    intensive = plan.setting == "intensive_outpatient"
    methadone_mg = plan.methadone_start_mg
    refill_day = (  # the day an early refill is asked for (read only when extra_use and early_refills)
        math.floor(p.supply_days / (1 + p.extra_use)) - patient.supply_used
        if p.extra_use and p.early_refills
        else 0
    )
    pain_care = [(*NONOPIOID_EFFECT.get(n, (0.1, 14)), 0) for n in nonopioid]  # (share, onset, first day)
    for t in range(1, days + 1):
        for effect in by_day.get(t, ()):
            added = added_after(effect, added, t, m0)
            if _dose_effect(dose, effect, patient, t):
                pass
            elif effect == "start_buprenorphine":
                moud, moud_start, dose.fraction, dose.steps = "buprenorphine", t, 0.0, []
                using = False
            elif effect == "adjust_buprenorphine" and moud == "buprenorphine":
                bup_mg = 24.0
                spike_days = PRECIPITATED_TREATED_DAYS  # more buprenorphine fills the receptors
            elif effect == "stop_moud":
                moud = "none"
            elif effect == "add_full_agonist":  # with no chart opioid: a month's supply (above)
                dose.fraction, dose.steps, reinforced = max(dose.fraction, 0.5), [], True
            elif effect == "early_refill":
                refill = True  # the pattern goes on with more supply
            elif effect == "add_pain_care":
                _start_care(("physiotherapy", "cbt"), nonopioid, pain_care, t)
            elif effect == "close_follow_up":
                interval, next_visit = 7, t + 2
            elif effect == "support":
                engagement = _clamp(engagement + 0.3, 0, 1)
            elif effect == "stigma":
                engagement = _clamp(engagement - 0.35, 0, 1)
            elif effect == "discharge":
                discharged, engagement = True, 0.0
                dose.fraction, dose.steps, moud = 0.0, [], "none"
            elif effect == "give_naloxone":
                naloxone = True
            elif effect == "add_topical":
                _start_care(("topical_nsaid", "exercise"), nonopioid, pain_care, t)
            elif effect == "pain_flare":
                flare += FLARE_POINTS

        # the prescribed dose: taper steps, held while withdrawal flares if pauses are allowed
        if dose.steps and t >= dose.next_day:
            if dose.pauses and withdrawal_lag * cows_full_stop >= pause_cows:
                dose.next_day = t + dose.interval
            else:
                dose.previous, dose.fraction = dose.fraction, dose.steps.pop(0)
                dose.next_day = t + dose.next_gap()
        if discharged:
            dose.fraction = 0.0
        prescribed = m0 * dose.fraction
        if moud == "buprenorphine" and t >= moud_start:
            bup_mg = max(bup_mg, bup_dose(plan, t - moud_start)) if not discharged else 0.0
        else:
            bup_mg = 0.0 if moud != "buprenorphine" else bup_mg
        mshare = 0.0
        if moud == "methadone" and t >= moud_start:
            mshare = methadone_cover(plan, t - moud_start)
        naltrexone_on = moud == "naltrexone_xr" and t >= moud_start

        # early refills: an OUD pattern of taking more than prescribed runs a supply out early
        extra = p.extra_use if prescribed > 0 and moud == "none" else 0.0
        runs_out = extra and p.early_refills and not refill
        if runs_out and t >= refill_day:
            refill = True
            events.append(Event(t, "early_refill"))
        taken = prescribed * (1 + extra)

        street = street_dose if using and not naltrexone_on else 0.0
        # it ends with its supply (most courses add nothing: no call)
        written, acting = added.taken(t, bup_mg, p.acute_pain_days) if added.mme > 0 else (0.0, 0.0)
        cover = taken + street + acting
        bup_share = bup_mg / BUP_FULL_MG
        bup_share = 1.0 if bup_share > 1.0 else bup_share  # min(1.0, ...)
        cover += bup_cover * bup_share
        cover += methadone_scale * mshare

        # tolerance and withdrawal
        rate = gain_days if cover > tolerance else loss_days
        tolerance += (cover - tolerance) / rate
        short = tolerance - cover
        deficit = (short if short > 0.0 else 0.0) / (0.5 * tolerance + half_scale) if base > 0 else 0.0
        withdrawal_lag += (deficit - withdrawal_lag) / lag
        cows = cows_full_stop * withdrawal_lag
        if precipitate_day >= 0 and t >= precipitate_day:
            if not precipitated:
                precipitated = True
                events.append(Event(t, "precipitated"))
                spike = p.precipitated_cows
            else:
                spike *= math.exp(-1 / spike_days)
            cows += spike
        planned = moud == "buprenorphine" and t == moud_start and plan.induction == "standard"
        if planned and precipitate_day < 0:
            cows = max(cows, start_cows)  # the trainee waited for this COWS
        cows = _clamp(cows, 0, 48)
        if (
            cows >= flare_cows
            and not flare_on
            and not planned
            and not (precipitated and t - precipitate_day < 4)
        ):
            flare_on = True
            events.append(Event(t + p.presentation_delay_days, "withdrawal"))
        elif cows < calm_cows:
            flare_on = False

        # pain
        full = taken + street
        target_h = p.hyperalgesia * min(full / scale, 2.0)
        hyper += (target_h - hyper) / (hyper_days if target_h < hyper else gain_days)
        relief = opioid_relief * min(full / max(tolerance, quarter_scale), 1.5) if base > 0 else 0.0
        relief += bup_relief * bup_share
        relief += bup_relief * SPLIT_RELIEF if split and moud == "buprenorphine" else 0.0
        relief += opioid_relief * mshare * 0.5
        added_relief = ADDED_RELIEF * min(acting / USUAL_ADDED_MME, ADDED_RELIEF_MOST)
        relief += added_relief
        adherence = min(1.0, engagement / 0.6)
        remaining = 1.0
        for share, onset, first in pain_care:
            remaining *= 1 - share * _ramp(t - first, onset) * adherence
        nonop = p.nonopioid_max * (1 - remaining)
        flare *= flare_fade
        healed = p.acute_pain * (1 - math.exp(-t / p.acute_pain_days))  # surgery or injury healing
        pain = _clamp(underlying - healed + hyper + flare - relief + p.withdrawal_pain * cows / 48 - nonop)

        # craving
        moud_relief = 0.7 * bup_share + 0.7 * mshare
        moud_relief *= 0.5 if reinforced else 1.0
        moud_relief += 0.4 if naltrexone_on else 0.0
        moud_relief += psych_relief
        in_residence = residential and t <= RESIDENTIAL_DAYS and not discharged
        if in_residence:
            moud_relief += 0.25
        elif intensive:
            moud_relief += 0.1
        craving = _clamp(untreated_craving * (1 - min(moud_relief, 0.9)) + 8 * cows / 48)

        # engagement: visits, support and MOUD keep the patient in care; long gaps lose them
        if not discharged:
            gap = max(0, interval - p.followup_need_days) / 14
            engagement += support + (0.006 if moud != "none" else 0.0) - 0.004 * gap
            engagement -= 0.004 * craving / 10 + 0.006 * cows / 12
            engagement = _clamp(engagement, 0, 1)
            if t > 0 and t == next_visit:
                came = engagement >= DISENGAGED
                visits.append((t, came))
                if came:
                    attended, streak = attended + 1, 0
                    engagement = _clamp(engagement + 0.08, 0, 1)
                else:
                    missed, streak = missed + 1, streak + 1
                    if streak == 2:
                        events.append(Event(t, "missed_visits"))
                next_visit = t + interval

        # return to non-prescribed use, and overdose
        drive = use_disorder * craving / 10 + 0.6 * cows / 24
        drive += benzodiazepine_drive(plan, t)
        drive += 0.2 * max(0.0, pain - patient.pain) / 4
        protect = 0.25 * engagement + 0.4 * min(moud_relief, 1.0) + (0.2 if naltrexone_on else 0.0)
        risk = _clamp(drive - protect, 0, 1)
        drive_days = drive_days + 1 if risk >= p.return_threshold else 0
        risk_od = 0.0
        if in_residence:
            drive_days = 0  # no access to opioids from other sources during a residential stay
        if not using and drive_days >= 2 and use_disorder > 0 and not naltrexone_on:
            using = True
            lost = _clamp(1 - tolerance / scale, 0, 1)
            risk_od = lost if abstinent_days >= 3 else lost * 0.5
            risk_od = with_benzodiazepine(plan, risk_od)
            if not returned:
                returned = True
                events.append(Event(t, "return_to_use"))
            if risk_od >= od_threshold and not overdosed:
                overdosed = True
                events.append(Event(t, "overdose", "reversed" if naloxone else "hospital"))
        elif using and (moud in ("buprenorphine", "methadone") and t - moud_start > 2):
            using = False
        if not using:
            risk_od = max(risk_od, risk * _clamp(1 - tolerance / scale, 0, 1))
        sedation = sedation_from(acting, benzodiazepine) if acting else 0.0
        risk_od = max(risk_od, SEDATION_OVERDOSE * sedation)
        overdosed = _overdose_at(events, t, SEDATION_OVERDOSE * sedation >= od_threshold,
                                 overdosed, naloxone)
        on_methadone = moud == "methadone"  # methadone_start_risk is 0 off methadone: no call
        early = (
            methadone_start_risk(t - moud_start, benzodiazepine, prescribed > 0, True, methadone_mg)
            if on_methadone
            else 0.0
        )
        risk_od = max(risk_od, early)
        overdosed = _overdose_at(events, t, early >= od_threshold, overdosed, naloxone)
        abstinent_days = 0 if using or full + acting > 0 else abstinent_days + 1

        function = _clamp(
            patient.function
            + 0.6 * (patient.pain - pain)
            - cows / 8
            - (1.5 if using else 0.0)
            - 2.0 * max(0.0, DISENGAGED + 0.2 - engagement)
        )
        results.append(
            _new_day({
                "day": t,
                "mme": round(prescribed + written, 1),
                "moud": moud if (moud != "none" and t >= moud_start) else "none",
                "moud_mg": bup_mg,
                "tolerance": tolerance,
                "cows": cows,
                "pain": pain,
                "craving": craving,
                "function": function,
                "engagement": engagement,
                "hyperalgesia": hyper,
                "using": using,
                "returned_to_use": returned,
                "overdosed": overdosed,
                "precipitated": precipitated,
                "early_refill": refill,
                "discharged": discharged,
                "naloxone": naloxone,
                "risk_return": risk,
                "risk_overdose": risk_od,
                "missed_visits": missed,
                "visits_attended": attended,
                "added_mme": written,
                "added_relief": added_relief,
                "sedation": sedation,
            })
        )
    events.sort(key=lambda e: e.day)
    return CourseRun(tuple(results), tuple(events), tuple(visits))
