"""Plan safety: what in a plan can harm this patient, whatever the plan's options are called.

Pure functions over plain data (no scenario, engine or Qt import). :func:`evaluate_plan` takes
the patient (opioid regimen, how long, co-medications with their class, the true diagnosis,
facts such as age and past overdose) and the plan, and returns :class:`SafetyFinding` s: each
with a guidance id, a severity (``critical``, ``error``, ``caution``), the points it costs, what
went wrong in plain words and why. Scoring applies these to every scenario; a scenario's rubric
adds its own items on top and cannot switch these off.

The rules (numbers and sources in docs/SAFETY.md):

- ending a full agonist in a physically dependent patient with no taper and no buprenorphine or
  methadone is an abrupt stop, whatever the option is called (stop, no opioid, short course,
  "switch" with nothing to switch to, a 100% taper step);
- tapers are judged on their prescribed steps (:func:`simulator.clinical.taper.judge_steps`);
- extended-release naltrexone while any opioid continues, or before the opioid-free interval;
  low-dose naltrexone with any opioid or buprenorphine;
- a buprenorphine start that contradicts the full-agonist plan (standard start while the agonist
  continues, low-dose start while it is stopped at once) or that risks precipitated withdrawal
  (COWS and hours since the last dose, with fentanyl and methadone needing more; the hours and
  naltrexone's opioid-free days read against the chart's last dose by :func:`start_timing`);
- methadone for opioid use disorder outside an opioid treatment programme, or on top of another
  full agonist;
- opioid use disorder with no medication offered; raising the dose (critical with OUD);
- sedatives with opioids: a gabapentinoid added, or benzodiazepines, alcohol and other sedating
  medicines without overdose counselling; naloxone not offered when the risk calls for it;
- follow-up later than four weeks after a dose change or a new medication.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from simulator.clinical import moud
from simulator.clinical.conditions import QTC_HIGH_MS, QTC_MONITOR_MS
from simulator.clinical.dose_safety import DOSE_RULE_IDS, dose_findings
from simulator.clinical.drugs import (
    QT_RISK_CLASSES,
    SEDATING_CLASSES,
    class_label,
    drug_name,
    medicine_classes,
)
from simulator.clinical.naloxone import naloxone_advice
from simulator.clinical.plan import PlanChoices
from simulator.clinical.rules import (
    DEPENDENCE_MONTHS,
    FENTANYL_COWS,
    FENTANYL_WAIT_HOURS,
    FOLLOW_UP_AFTER_CHANGE_DAYS,
    LONG_TERM_MONTHLY_LIMIT,
    LOW_DOSE_OVERLAP_DAYS,
    LOW_DOSE_PREFERRED,
    NALTREXONE_MIN_DAYS,
    OLDER_AGE,
    SLOWEST_FIRST,
    TAPER_FOLLOW_UP_DAYS,
    naltrexone_days_needed,
    slowest_kind,
)
from simulator.clinical.taper import TaperJudgement, judge_steps, played_fractions, rate_rule

SafetySeverity = Literal["critical", "error", "caution"]
POINTS: dict[str, int] = {"critical": 10, "error": 5, "caution": 2}
STOPS_NOW = frozenset({"stop_abruptly", "no_opioid"})  # no opioid from day 0
ENDS_AGONIST = STOPS_NOW | {"short_course", "switch_to_moud"}
KEEPS_AGONIST = frozenset({"continue", "increase", "taper"})
REPLACES_AGONIST = frozenset({"buprenorphine", "methadone"})


@dataclass(frozen=True)
class OpioidLine:
    """One opioid on the chart: ``drug`` key (e.g. ``morphine``), ``kind`` (``short_acting``,
    ``long_acting``, ``methadone``, ``fentanyl_patch``, ``buprenorphine``), daily dose and MME;
    the order (strength, units per dose, doses a day; 0 if unknown) and the strengths available
    (empty: the marketed ones) let a taper be played with real tablets."""

    drug: str
    kind: str
    daily_dose: float
    daily_mme: float = 0.0
    strength: float = 0.0
    per_dose: float = 1.0
    doses_per_day: int = 0
    strengths: tuple[float, ...] = ()

    @property
    def full_agonist(self) -> bool:
        return self.kind != "buprenorphine"


@dataclass(frozen=True)
class CoMedication:
    drug: str
    drug_class: str


@dataclass(frozen=True)
class PatientFacts:
    """What the rules need to know about the patient (the answer key, not the trainee's view)."""

    regimen: tuple[OpioidLine, ...]
    months_on_opioids: float
    co_medications: tuple[CoMedication, ...] = ()
    diagnosis: str = "none"  # none | dependence | oud
    withdrawal: bool = False
    oih: bool = False
    age: int = 40
    overdose_history: bool = False
    sleep_disordered_breathing: bool = False
    fentanyl: bool = False  # the urine result shows fentanyl
    last_dose_hours: float | None = None  # hours since the last opioid dose, from the chart
    cows_now: int | None = None  # the chart's COWS at the visit (its baseline), if it gives one
    # structured chart conditions (clinical.conditions); read by the rules at the end of the file
    qtc_ms: float | None = None
    heart_disease: bool = False
    sleep_apnoea: str = "none"  # none | suspected | untreated | treated
    lung_disease: str = "none"  # none | asthma | copd | other
    kidney_function: str = "normal"  # normal | reduced | failure
    liver_function: str = "normal"
    pregnant: bool = False
    #: opioid kinds a urine screen shows that the regimen does not explain (e.g. ``fentanyl``)
    urine_opioids: tuple[str, ...] = ()

    @property
    def agonists(self) -> tuple[OpioidLine, ...]:
        return tuple(line for line in self.regimen if line.full_agonist)

    @property
    def dependent(self) -> bool:
        """Physically dependent: regular use for weeks, or withdrawal or a diagnosis saying so
        (buprenorphine included: stopping it at once brings on withdrawal too)."""
        return bool(self.regimen) and (
            self.months_on_opioids >= DEPENDENCE_MONTHS
            or self.withdrawal
            or self.diagnosis in ("dependence", "oud")
        )

    @property
    def daily_mme(self) -> float:
        return sum(line.daily_mme for line in self.regimen)

    def classes(self) -> frozenset[str]:
        return frozenset(c.drug_class for c in self.co_medications)

    def opioid_kinds(self) -> tuple[str, ...]:
        """Every opioid kind in the body: the regimen's and what the urine shows besides."""
        kinds = [line.kind for line in self.regimen] + list(self.urine_opioids)
        if self.fentanyl and not {"fentanyl", "fentanyl_patch"} & set(kinds):
            kinds.append("fentanyl")  # the urine shows fentanyl the regimen does not explain
        return tuple(dict.fromkeys(kinds))

    def full_agonists_in_body(self) -> tuple[str, ...]:
        """Full agonist kinds in the body, prescribed or not (a patient who buys pills has no
        regimen, but the fentanyl on the urine screen blocks a start just the same)."""
        return tuple(kind for kind in self.opioid_kinds() if kind != "buprenorphine")

    def unprescribed_agonists(self) -> tuple[str, ...]:
        """Full agonist kinds the urine shows that nothing prescribed explains."""
        prescribed = {line.kind for line in self.regimen}
        return tuple(k for k in self.full_agonists_in_body() if k not in prescribed)

    def agonist_words(self) -> str:
        """The full agonists in the body in words: the regimen's names, then what the urine shows
        that nothing prescribed explains."""
        names = [drug_name(line.drug) for line in self.agonists]
        names += [f"{moud.LABELS.get(kind, kind)} (on the urine screen)"
                  for kind in self.unprescribed_agonists()]
        names = list(dict.fromkeys(names))
        return " and ".join(names) if names else "the opioid"

    def risk_reasons(self, *, sedatives: bool = True) -> list[str]:
        """What raises this patient's risk of breathing suppression and overdose, in plain words:
        a past overdose, sedatives on the chart, lung disease or sleep-disordered breathing, older
        age (FDA Drug Safety Communication, 19 Dec 2019; CDC 2022 Rec 8 and 11)."""
        reasons = []
        if self.overdose_history:
            reasons.append("has had an overdose")
        if sedatives:
            for med in self.co_medications:
                if med.drug_class in SEDATING_CLASSES - {"gabapentinoid"}:
                    reasons.append(
                        "drinks alcohol"
                        if med.drug_class == "alcohol"
                        else f"takes {med.drug} ({_a(class_label(med.drug_class))})"
                    )
        if self.lung_disease != "none":
            lungs = {"asthma": "has asthma", "copd": "has COPD"}
            reasons.append(lungs.get(self.lung_disease, "has lung disease"))
        if self.sleep_apnoea in ("suspected", "untreated") or (
            self.sleep_disordered_breathing and self.sleep_apnoea != "treated"
        ):
            reasons.append("has sleep-disordered breathing")
        if self.age >= OLDER_AGE:
            reasons.append(f"is {self.age}")
        return list(dict.fromkeys(reasons))


@dataclass(frozen=True)
class SafetyFinding:
    """One thing in the plan that can harm the patient or that a careful clinician would not do.

    ``what``: what went wrong, as the trainee did it ("Stopped morphine without ...");
    ``why``: why it matters; ``varies``: where practice varies, if it does.
    """

    rule: str
    guidance: str
    severity: SafetySeverity
    what: str
    why: str
    points: int = 0
    varies: str = ""

    def __post_init__(self) -> None:
        if not self.points:
            object.__setattr__(self, "points", POINTS[self.severity])

    @property
    def critical(self) -> bool:
        return self.severity == "critical"

    @property
    def sentence(self) -> str:
        return f"{self.what}. {self.why}"


def _doses(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """The rules for the doses a prescriber writes (clinical.dose_safety)."""
    return [SafetyFinding(f.rule, f.guidance, f.severity, f.what, f.why, varies=f.varies)  # type: ignore[arg-type]
            for f in dose_findings(p, plan)]


def _a(noun: str) -> str:
    """``noun`` with its indefinite article, unless it is a drug name."""
    if noun in ("methadone", "fentanyl", "buprenorphine"):
        return noun
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _names(lines: Iterable[OpioidLine]) -> str:
    names = list(dict.fromkeys(drug_name(line.drug) for line in lines))
    return " and ".join(names) if names else "the opioid"


def _slowest(lines: Iterable[OpioidLine]) -> OpioidLine | None:
    lines = list(lines)
    kind = slowest_kind(line.kind for line in lines)
    return next((line for line in lines if line.kind == kind), None)


def _joined(reasons: list[str]) -> str:
    return reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]


RuleRunner = Callable[[Callable[[PatientFacts, PlanChoices], list[SafetyFinding]], PatientFacts, PlanChoices],
                     list[SafetyFinding]]


def evaluate_plan(
    patient: PatientFacts, plan: PlanChoices, run: RuleRunner | None = None
) -> list[SafetyFinding]:
    """Every safety finding for ``plan`` in ``patient``, most serious first. ``run(rule, patient,
    plan)`` calls each rule if given (a sweep memoises them: engine.plan_safety.RuleMemo)."""
    found: list[SafetyFinding] = []
    for rule in (
        _abrupt_stop,
        _taper,
        _naltrexone,
        _buprenorphine,
        _methadone,
        _no_moud,
        _escalation,
        _sedatives,
        _low_dose_naltrexone,
        _naloxone,
        _follow_up,
        _doses,  # the doses a prescriber writes (clinical.dose_safety)
        *CONDITION_RULES,
    ):
        found.extend(run(rule, patient, plan) if run else rule(patient, plan))
    order = {"critical": 0, "error": 1, "caution": 2}
    return sorted(found, key=lambda f: order[f.severity])


# ---------------------------------------------------------------- ending the agonist


def _ends_agonist(plan: PlanChoices) -> bool:
    return plan.opioid in ENDS_AGONIST or (plan.opioid == "taper" and plan.taper_percent >= 100)


def _managed_withdrawal(plan: PlanChoices) -> bool:
    """Naltrexone after withdrawal managed in a residential setting: a supervised stop."""
    return plan.moud == "naltrexone_xr" and plan.setting == "residential"


def _abrupt_stop(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if not (p.dependent and _ends_agonist(plan)) or plan.moud in REPLACES_AGONIST:
        return []
    if _managed_withdrawal(plan):
        return []
    names = _names(p.agonists or p.regimen)
    what = {
        "short_course": f"Ended {names} after a short course of {plan.end_date_days} days, "
        "without a taper or medication for OUD",
        "taper": f"Planned a taper whose one step stops {names} at once, with no medication for OUD",
        "switch_to_moud": f"Stopped {names} to move to medication for OUD, but chose none",
    }.get(plan.opioid, f"Stopped {names} without a taper or medication for OUD")
    extra = (
        " Naltrexone does not relieve withdrawal; it can only follow it."
        if plan.moud == "naltrexone_xr"
        else ""
    )
    return [
        SafetyFinding(
            "abrupt_stop",
            "tx.no_abrupt_stop",
            "critical",
            what,
            f"After {p.months_on_opioids:g} months the body depends on the opioid: stopping at once "
            "brings on withdrawal and pain, destabilises the patient and can drive use from other "
            "sources. Reduce gradually unless there are signs of a life-threatening problem." + extra,
        )
    ]


# ---------------------------------------------------------------- tapers


@functools.lru_cache(maxsize=1024)
def _judged(line: OpioidLine, percent: float, interval: int, basis: str, months: float) -> TaperJudgement:
    doses, held = played_fractions(
        line.drug,
        line.strength,
        line.doses_per_day,
        percent,
        interval,
        per_dose=line.per_dose,
        basis=basis,
        strengths=line.strengths or None,
    )
    return judge_steps(doses, held, months)


def taper_line(p: PatientFacts) -> OpioidLine | None:
    """The agonist a taper reduces: the first on the chart (as the course plays it)."""
    return p.agonists[0] if p.agonists else None


def _taper(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.opioid != "taper" or not p.agonists or not 0 < plan.taper_percent < 100:
        return []
    interval = max(1, int(plan.taper_interval_days))
    line = taper_line(p)
    assert line is not None
    judged = _judged(
        line, float(plan.taper_percent), interval, plan.taper_basis, float(p.months_on_opioids)
    )
    long_term = judged.limit == LONG_TERM_MONTHLY_LIMIT
    names = _names(p.agonists)
    basis = "the starting dose" if plan.taper_basis == "original" else "the current dose"
    out: list[SafetyFinding] = []
    rule_text = (
        f"After {p.months_on_opioids:g} months on opioids, advised: "
        if long_term
        else "After less than a year, advised: "
    ) + rate_rule(p.months_on_opioids)[0] + "; a month here is 30 days, and faster tapers need a reason."
    if judged.worst is not None and judged.severity is not None:
        w = judged.worst
        severity: SafetySeverity = judged.severity  # type: ignore[assignment]
        out.append(
            SafetyFinding(
                "taper_too_fast",
                "tx.taper_rate",
                severity,
                f"Tapered {names} by {plan.taper_percent:g}% of {basis} every {interval} days: with "
                f"the strengths available one step cuts {w.cut_percent:g}% of the dose before it, "
                f"about {w.monthly_percent:g}% a month",
                rule_text,
                varies="CDC calls these figures a guide, not a rule; a taper is agreed with the patient.",
            )
        )
    if judged.worst_tail is not None and judged.tail_too_fast:
        w = judged.worst_tail
        out.append(
            SafetyFinding(
                "taper_tail",
                "tx.taper_supervised",
                "caution",
                f"The taper speeds up as the dose falls: at {100 * w.from_fraction:.0f}% of the "
                f"starting dose one step cuts {w.cut_percent:g}% of what is left",
                "Cuts should get smaller, not larger, as the dose falls; a cut of a share of the "
                "current dose does that.",
            )
        )
    if judged.final_from is not None and judged.final_too_high:
        out.append(
            SafetyFinding(
                "taper_final_stop",
                "tx.taper_supervised",
                "caution",
                f"The taper stops from {100 * judged.final_from:.0f}% of the starting dose in one step",
                "The last step should come from a small dose (about a tenth of the start or less).",
            )
        )
    if not plan.taper_pauses:
        out.append(
            SafetyFinding(
                "taper_no_pauses",
                "tx.taper_supervised",
                "caution",
                "Planned the taper with no pauses allowed",
                "A taper is adjusted to how the patient copes, and paused when needed.",
            )
        )
    return out


# ---------------------------------------------------------------- medication for OUD


def _agonist_continues(plan: PlanChoices) -> bool:
    return plan.opioid in KEEPS_AGONIST and plan.taper_percent < 100


def _naltrexone(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.moud != "naltrexone_xr" or not p.opioid_kinds():
        return []
    names = _names(p.regimen)
    if p.regimen and _agonist_continues(plan):
        return [
            SafetyFinding(
                "naltrexone_with_opioid",
                "tx.xr_naltrexone",
                "critical",
                f"Planned extended-release naltrexone while {names} continues",
                "Naltrexone blocks opioids: given on top of one it brings on severe withdrawal at "
                "once and takes away the pain relief.",
            )
        ]
    kinds = p.opioid_kinds()
    needed = naltrexone_days_needed(kinds)
    kind = max(kinds, key=lambda k: naltrexone_days_needed([k]))
    days = start_timing(p, plan).opioid_free_days
    if days >= needed:
        return []
    shown = " (on the urine screen)" if kind in p.urine_opioids else ""
    return [
        SafetyFinding(
            "naltrexone_too_soon",
            "tx.xr_naltrexone",
            "critical" if days < NALTREXONE_MIN_DAYS else "error",
            f"Planned extended-release naltrexone after only {days} opioid-free days",
            f"It needs at least 7-10 opioid-free days ({needed} after "
            f"{_a(moud.LABELS.get(kind, kind))}{shown}); sooner it can cause severe precipitated "
            "withdrawal.",
            varies="A naloxone challenge is used where it is unclear whether opioids have cleared.",
        )
    ]


def _buprenorphine(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.moud != "buprenorphine" or not p.full_agonists_in_body():
        return []
    names = p.agonist_words()
    if plan.induction == "none":
        return [
            SafetyFinding(
                "buprenorphine_no_start",
                "tx.bup_induction",
                "error",
                "Chose buprenorphine without planning how to start it",
                f"With {names} in the body, the first dose needs either objective withdrawal "
                "(a standard start) or tiny doses overlapping the opioid (a low-dose start).",
            )
        ]
    if plan.induction == "low_dose":
        if not p.agonists:  # nothing prescribed to overlap: the start overlaps the patient's own use
            return []
        if plan.opioid in STOPS_NOW or (
            plan.opioid == "short_course" and plan.end_date_days < LOW_DOSE_OVERLAP_DAYS
        ):
            return [
                SafetyFinding(
                    "low_dose_start_without_overlap",
                    "tx.low_dose_induction",
                    "critical",
                    f"Planned a low-dose buprenorphine start but stopped {names} at once",
                    f"A low-dose start keeps {names} going while buprenorphine builds up over about "
                    f"{LOW_DOSE_OVERLAP_DAYS} days; stopping now leaves the patient in withdrawal with "
                    "too little buprenorphine to cover it.",
                )
            ]
        if plan.opioid in ("continue", "increase"):
            return [
                SafetyFinding(
                    "low_dose_start_without_end",
                    "tx.low_dose_induction",
                    "caution",
                    f"Planned a low-dose buprenorphine start but kept {names} going with no end",
                    f"The overlap lasts about a week; then {names} is stopped. Kept on together, two "
                    "opioids add risk without adding relief.",
                )
            ]
        return []
    # standard start
    if p.agonists and _agonist_continues(plan):
        return [
            SafetyFinding(
                "standard_start_with_agonist",
                "tx.bup_induction",
                "critical",
                f"Planned a standard buprenorphine start while {names} continues",
                f"A standard start needs {names} stopped and withdrawal under way; given on top of a "
                "full agonist, buprenorphine pushes it off its receptors and brings on sudden "
                "withdrawal. To overlap the two, use a low-dose start.",
            )
        ]
    kind, check = standard_start_check(p, plan)
    timing = start_timing(p, plan)
    after_fentanyl = kind == "fentanyl"  # stored in fat: the usual start timing is not enough
    waited = waited_after_fentanyl(p, plan)
    if check.risk == "low" and (waited or not after_fentanyl):
        return []
    problems = [f.message for f in check.findings if f.severity in ("fail", "flag")]
    severity: SafetySeverity = "critical" if check.risk == "high" else "error" if problems else "caution"
    if not problems:
        problems = list(check.advice[:1])
    if after_fentanyl and not waited:
        problems.append(
            f"After fentanyl, wait for COWS {FENTANYL_COWS} or more and at least "
            f"{FENTANYL_WAIT_HOURS} hours, or use a low-dose start."
        )
        severity = "critical" if severity == "critical" else "error"
    elif after_fentanyl and check.risk != "high":
        severity = "caution"  # clear withdrawal after a long wait: a low-dose start is still an option
    unexplained = kind in p.unprescribed_agonists()
    if unexplained:  # the chart shows an opioid the regimen does not: how much and when is unknown
        problems.append(
            f"The urine screen shows {moud.LABELS.get(kind, kind)} that is not prescribed: how much "
            "and when it was last taken are unknown, so a low-dose start is the safer choice."
        )
        if severity == "caution" and not (after_fentanyl and waited):
            severity = "error"
    varies = (
        "Protocols differ: COWS 8 to 12 or more, and 6 to 24 hours or longer. "
        + ("After fentanyl, many services now prefer a low-dose start." if kind in LOW_DOSE_PREFERRED else "")
    ).strip()
    source = " (on the urine screen)" if unexplained else ""
    chart_words = _chart_time_words(timing)
    return [
        SafetyFinding(
            "precipitated_withdrawal",
            "tx.bup_induction",
            severity,
            f"Planned the first buprenorphine dose at COWS {timing.cows}, "
            f"{timing.hours:g} hours after the last {moud.LABELS.get(kind, kind)}{source}",
            " ".join([*problems, chart_words] if chart_words else problems)
            or "This risks precipitated withdrawal.",
            varies=varies,
        )
    ]


@dataclass(frozen=True)
class StartTiming:
    """When a planned start really comes, the plan read against the chart's last opioid dose.

    The chart's ``last_opioid_dose_hours`` is the time since the last dose at the visit. Time
    already passed cannot be taken back, so the first buprenorphine dose comes at least that long
    after the last dose whatever the plan's wait says (a plan that waits 12 hours when the last
    dose was 30 hours ago starts at 30; one that starts now, at 0 hours, when the last dose was
    2 hours ago starts 2 hours after it), and extended-release naltrexone's opioid-free days
    count the whole days already passed. Withdrawal already there is not taken back either: a
    plan that waits for COWS 5 when the chart's COWS today is 9 gives the first dose at 9.
    Without a chart time or COWS, the plan's numbers stand."""

    hours: float  # hours from the last opioid dose to the first buprenorphine dose
    planned_hours: float  # the plan's wait
    opioid_free_days: int  # opioid-free days when extended-release naltrexone is given
    planned_free_days: int  # the plan's opioid-free days
    chart_hours: float | None  # the chart's time since the last dose, at the visit
    cows: int = 0  # the COWS at the first buprenorphine dose: the plan's, or the chart's if higher
    planned_cows: int = 0  # the plan's "start at COWS X"

    @property
    def chart_days(self) -> int:
        """Whole opioid-free days already passed at the visit."""
        return int((self.chart_hours or 0.0) // 24)

    @property
    def later_than_planned(self) -> bool:
        """The chart's time since the last dose is past the plan's wait: the start is later."""
        return self.chart_hours is not None and self.chart_hours > self.planned_hours

    @property
    def naltrexone_days_from_now(self) -> int:
        """Days from the visit to the injection: the plan's opioid-free days less those passed."""
        return max(self.planned_free_days - self.chart_days, 0)


def start_timing(p: PatientFacts, plan: PlanChoices) -> StartTiming:
    """The one reading of a start's timing against the chart, for the safety rules
    (:func:`standard_start_check`, :func:`precipitates`, the naltrexone washout) and the course
    model (:mod:`simulator.patient.course`) alike, so a finding and the played course agree."""
    planned = max(0.0, float(plan.induction_wait_hours))
    free = max(int(plan.naltrexone_free_days), 0)
    chart = p.last_dose_hours
    hours = planned if chart is None else max(planned, float(chart))
    days = free if chart is None else max(free, int(float(chart) // 24))
    planned_cows = min(max(int(plan.induction_cows), 0), 48)
    cows = planned_cows if p.cows_now is None else max(planned_cows, min(int(p.cows_now), 48))
    return StartTiming(hours, planned, days, free, chart, cows, planned_cows)


def last_dose_words(hours: float) -> str:
    """The chart's time since the last opioid dose in plain words: '2 hours ago', '3 days ago
    (72 hours)'. The one wording the chart, the plan form and the findings use."""
    if hours < 48:
        return f"{hours:g} hour{'' if hours == 1 else 's'} ago"
    return f"{hours / 24:.0f} days ago ({hours:g} hours)"


def start_hint(chart_hours: float | None, start: str, cows_now: int | None = None) -> str:
    """What the plan form shows beside a start's timing field: the chart's last dose and what it
    means for ``start`` (``buprenorphine``: the wait, and today's COWS, which the first dose comes
    at or above; ``naltrexone``: the opioid-free days)."""
    if chart_hours is None:
        return ""
    said = f"The chart: last opioid dose {last_dose_words(chart_hours)}"
    if start == "naltrexone":
        days = int(chart_hours // 24)
        return f"{said}, so {days} opioid-free day{'' if days == 1 else 's'} so far."
    cows = f", COWS {cows_now} today" if cows_now else ""
    return f"{said}{cows}, so the first dose comes at least {chart_hours:g} hours after it."


def _chart_time_words(timing: StartTiming) -> str:
    """What the chart's last dose time and today's COWS do to the plan's start, in plain words
    ('' if nothing)."""
    said = []
    if timing.later_than_planned and timing.chart_hours is not None:
        said.append(f"The chart says the last opioid dose was {last_dose_words(timing.chart_hours)}, so the "
                    f"first dose comes {timing.hours:g} hours after it at the soonest, "
                    f"not {timing.planned_hours:g}.")
    if timing.cows > timing.planned_cows:
        said.append(f"The patient's COWS is already {timing.cows} today, so the first dose comes at COWS "
                    f"{timing.cows}, not {timing.planned_cows}.")
    return " ".join(said)


def standard_start_check(p: PatientFacts, plan: PlanChoices) -> tuple[str, moud.InductionAssessment]:
    """The opioid that sets the wait (the regimen's and what the urine shows) and the check of a
    standard buprenorphine start after it, at the start's real time (:func:`start_timing`): the
    one judgement the safety rules and the course model (:mod:`simulator.patient.course`) both use."""
    timing = start_timing(p, plan)
    cows, hours = timing.cows, timing.hours
    checks = []
    for kind in [k for k in p.opioid_kinds() if k != "buprenorphine"] or ["short_acting"]:
        line = next((line for line in p.regimen if line.kind == kind), None)
        methadone_mg = line.daily_dose if line and kind == "methadone" else None
        checks.append((kind, moud.check_induction(kind, hours, cows, methadone_daily_mg=methadone_mg)))
    # the riskiest opioid in the body decides; among equals, the one that needs the longest wait
    risk = {"high": 0, "moderate": 1, "low": 2}
    return min(
        checks,
        key=lambda c: (risk[c[1].risk], SLOWEST_FIRST.index(c[0]) if c[0] in SLOWEST_FIRST else 9),
    )


def waited_after_fentanyl(p: PatientFacts, plan: PlanChoices) -> bool:
    """A standard start after fentanyl that waited for clear withdrawal and long enough (rules),
    the wait read against the chart's last dose (:func:`start_timing`)."""
    timing = start_timing(p, plan)
    return timing.cows >= FENTANYL_COWS and timing.hours >= FENTANYL_WAIT_HOURS


def precipitates(p: PatientFacts, plan: PlanChoices) -> bool:
    """Does the planned buprenorphine or extended-release naltrexone start bring on precipitated
    withdrawal? (Read by the course model; the safety findings say why.)"""
    if not p.opioid_kinds() or all(k == "buprenorphine" for k in p.opioid_kinds()):
        return False
    prescribed_continues = bool(p.agonists) and _agonist_continues(plan)
    if plan.moud == "buprenorphine" and plan.induction == "standard" and p.full_agonists_in_body():
        kind, check = standard_start_check(p, plan)
        too_soon = kind == "fentanyl" and not waited_after_fentanyl(p, plan)  # stored in fat
        return prescribed_continues or not check.ready or too_soon
    if plan.moud == "naltrexone_xr":
        return prescribed_continues or start_timing(p, plan).opioid_free_days < naltrexone_days_needed(
            p.opioid_kinds()
        )
    return False


def _methadone(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.moud != "methadone":
        return []
    out: list[SafetyFinding] = []
    if plan.methadone_route != "otp":
        out.append(
            SafetyFinding(
                "methadone_outside_programme",
                "tx.methadone_otp",
                "critical" if plan.methadone_route == "office" else "error",
                "Arranged methadone for OUD by office prescription"
                if plan.methadone_route == "office"
                else "Chose methadone without saying where it will come from",
                "Methadone for opioid use disorder can only be dispensed by a certified opioid "
                "treatment programme.",
            )
        )
    if p.agonists and _agonist_continues(plan):
        reasons = p.risk_reasons()
        how = "is only tapered over weeks" if plan.opioid == "taper" else "continues at full dose"
        out.append(
            SafetyFinding(
                "methadone_with_agonist",
                "tx.methadone_start",
                "critical" if reasons else "error",
                f"Started methadone while {_names(p.agonists)} {how}",
                "Two full agonists stack: methadone builds up over its first 4-5 days, and the "
                "first two weeks are the time of highest overdose risk. Start methadone low and "
                "stop the other opioid as it takes over"
                + (f"; this is critical because the patient {_joined(reasons)}." if reasons else "."),
            )
        )
    return out


def _keeps_buprenorphine(p: PatientFacts, plan: PlanChoices) -> bool:
    """Buprenorphine already on the chart and kept by the plan: treatment for OUD goes on."""
    return plan.opioid in KEEPS_AGONIST and any(line.kind == "buprenorphine" for line in p.regimen)


def _no_moud(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if p.diagnosis != "oud" or plan.moud != "none" or _keeps_buprenorphine(p, plan):
        return []
    benzo = "benzodiazepine" in p.classes()
    return [
        SafetyFinding(
            "no_moud",
            "tx.mat_for_oud",
            "critical",
            "Offered no medication for opioid use disorder",
            "Opioid use disorder is treated with buprenorphine, methadone or extended-release "
            "naltrexone; tapering, stopping or continuing the opioid alone leaves it untreated and "
            "raises the risk of overdose."
            + (
                " A benzodiazepine is not a reason to withhold it; taper the benzodiazepine "
                "gradually instead."
                if benzo
                else ""
            ),
        )
    ]


def raises_buprenorphine(p: PatientFacts, plan: PlanChoices) -> bool:
    """Does "increase the opioid dose" raise buprenorphine (``rules.BUP_RAISE_FACTOR``, in divided
    doses)? It does when buprenorphine is the only opioid on the chart and the plan keeps it: a
    recognised step for acute pain on buprenorphine (ASRA 2021), so no finding of escalation; the
    course model gives the raised dose and its analgesia."""
    held = any(line.kind == "buprenorphine" for line in p.regimen)
    return plan.opioid == "increase" and held and not p.agonists and plan.moud in ("none", "buprenorphine")


def _escalation(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.opioid != "increase" or not p.agonists:
        return []
    names = _names(p.agonists)
    if p.diagnosis == "oud":
        return [
            SafetyFinding(
                "escalation_in_oud",
                "tx.dose_escalation",
                "critical",
                f"Raised the {names} dose in a patient with opioid use disorder",
                "More opioid treats neither the pain nor the disorder and adds overdose risk; offer "
                "medication for opioid use disorder instead.",
            )
        ]
    if p.oih:
        return [
            SafetyFinding(
                "escalation_in_hyperalgesia",
                "tx.oih_reduce_not_raise",
                "error",
                f"Raised the {names} dose although the opioid is making the pain worse",
                "In hyperalgesia more opioid means more pain; reduce it carefully instead.",
            )
        ]
    return [
        SafetyFinding(
            "escalation",
            "tx.dose_escalation",
            "caution",
            f"Raised the {names} dose",
            "Raise an opioid for chronic pain only after weighing benefit against risk; here "
            "nothing called for more.",
        )
    ]


# ---------------------------------------------------------------- sedatives and naltrexone


def _opioid_after_plan(p: PatientFacts, plan: PlanChoices) -> bool:
    """Will the patient still take an opioid (full agonist, buprenorphine or methadone)?"""
    if plan.moud in REPLACES_AGONIST:
        return True
    return bool(p.regimen) and (_agonist_continues(plan) or plan.opioid == "short_course")


def _sedatives(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if not _opioid_after_plan(p, plan):
        return []
    out: list[SafetyFinding] = []
    on_chart = p.classes()
    opioid_words = (
        "buprenorphine"
        if plan.moud == "buprenorphine" and not _agonist_continues(plan)
        else "methadone"
        if plan.moud == "methadone" and not _agonist_continues(plan)
        else _names(p.agonists or p.regimen)
    )
    if "gabapentinoid" in plan.nonopioid and "gabapentinoid" not in on_chart:
        reasons = p.risk_reasons()
        out.append(
            SafetyFinding(
                "gabapentinoid_with_opioid",
                "tx.gabapentinoid_risk",
                "critical" if reasons else "error",
                f"Added gabapentin or pregabalin to {opioid_words}",
                "Together they slow breathing more than either alone"
                + (
                    f"; this is critical because the patient {_joined(reasons)}, "
                    + ("each a risk factor" if len(reasons) > 1 else "a risk factor")
                    + " for serious breathing problems"
                    if reasons
                    else ""
                )
                + ". Add one only for nerve pain where the benefit clearly outweighs the risk.",
            )
        )
    sedating = sorted({c.drug for c in p.co_medications if c.drug_class in SEDATING_CLASSES})
    if sedating and "overdose_risk" not in plan.counselling:
        out.append(
            SafetyFinding(
                "sedatives_not_discussed",
                "tx.sedatives",
                "caution",
                f"Did not talk about {' and '.join(sedating)} together with {opioid_words}",
                "Sedating medicines and alcohol add to the breathing suppression of opioids; warn "
                "about the combination and what to do in an overdose.",
            )
        )
    return out


def _low_dose_naltrexone(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if "low_dose_naltrexone" not in plan.nonopioid or not _opioid_after_plan(p, plan):
        return []
    with_what = (
        "buprenorphine"
        if plan.moud == "buprenorphine"
        else "methadone"
        if plan.moud == "methadone"
        else _names(p.regimen)
    )
    return [
        SafetyFinding(
            "low_dose_naltrexone_with_opioid",
            "tx.naltrexone_with_agonist",
            "critical",
            f"Added low-dose naltrexone to {with_what}",
            "Even at low doses naltrexone blocks opioids: it can bring on withdrawal and takes away "
            "their pain relief.",
            varies="Very low doses given with opioids have been studied, but the label rules out "
            "naltrexone with opioid treatment; this simulator follows the label.",
        )
    ]


# ---------------------------------------------------------------- naloxone and follow-up


def _naloxone(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.naloxone or not p.opioid_kinds():
        return []
    lost_tolerance = (
        p.dependent
        and (plan.opioid == "taper" or _ends_agonist(plan))
        and (plan.moud not in REPLACES_AGONIST)
    )
    classes = p.classes() | ({"gabapentinoid"} if "gabapentinoid" in plan.nonopioid else set())
    # alcohol on the chart calls for counselling (see _sedatives); the chart does not say whether
    # the drinking is heavy, which is what raises the naloxone case (HHS 2018: excess alcohol)
    medicines = classes & (SEDATING_CLASSES - {"benzodiazepine", "alcohol"})
    advice = naloxone_advice(
        daily_mme=p.daily_mme if _agonist_continues(plan) else 0,
        benzodiazepines="benzodiazepine" in classes,
        other_cns_depressants=bool(medicines),
        substance_use_disorder=p.diagnosis == "oud",
        history_of_overdose=p.overdose_history,
        sleep_disordered_breathing=p.sleep_disordered_breathing,
        lost_tolerance=lost_tolerance,
        unprescribed_opioids=bool(p.unprescribed_agonists()),
    )
    if not advice.offer:
        return []
    return [
        SafetyFinding(
            "naloxone_not_offered",
            "tx.naloxone",
            "error",
            "Did not offer naloxone",
            "The overdose risk is raised: the patient " + "; ".join(advice.reasons) + ".",
        )
    ]


def _follow_up(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    started = plan.opioid in ("increase", "switch_to_moud") or plan.moud != "none"
    limit = FOLLOW_UP_AFTER_CHANGE_DAYS if started else TAPER_FOLLOW_UP_DAYS
    if not (started or plan.opioid == "taper") or not p.opioid_kinds() or plan.followup_days <= limit:
        return []
    return [
        SafetyFinding(
            "late_follow_up",
            "tx.monitoring",
            "caution",
            f"Planned the first review {plan.followup_days} days after changing the treatment",
            "Review within 1-4 weeks of a dose change or a new medication, and at least monthly "
            "during a taper.",
        )
    ]


# ---------------------------------------------------------------- chart conditions (issue 22)
# Rules that read the chart's structured conditions (clinical.conditions) and the plan's orders
# (clinical.orders). Sources: Krantz et al. 2009 for the QTc (tx.methadone_qtc); CDC 2022 Rec 8
# and the AASM 2019 position statement for sleep apnoea (tx.naloxone, tx.sleep_apnoea); HHS 2018
# naloxone guidance for chronic lung disease; CDC 2022 Rec 11 for sedatives (tx.sedatives).


def _methadone_course(p: PatientFacts, plan: PlanChoices) -> str:
    """What the plan does with methadone: ``start``, ``raise``, ``keep``, ``reduce`` or ``""``."""
    if plan.moud == "methadone":
        return "start"
    if not any(line.kind == "methadone" for line in p.regimen):
        return ""
    if plan.opioid == "increase":
        return "raise"
    if plan.opioid == "continue":
        return "keep"
    if plan.opioid in ("taper", "short_course") and plan.taper_percent < 100:
        return "reduce"
    return ""


def _qtc_words(p: PatientFacts) -> str:
    return f"a QTc of {p.qtc_ms:g} ms" if p.qtc_ms is not None else "no ECG on the chart"


def _methadone_qtc(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    course = _methadone_course(p, plan)
    if course in ("", "reduce") or p.qtc_ms is None or p.qtc_ms <= QTC_MONITOR_MS:
        return []
    verb = {
        "start": "Started methadone", "raise": "Raised methadone", "keep": "Kept methadone unchanged"
    }[course]
    if p.qtc_ms > QTC_HIGH_MS:
        return [
            SafetyFinding(
                "methadone_qtc_high",
                "tx.methadone_qtc",
                "error" if course == "keep" else "critical",
                f"{verb} with {_qtc_words(p)}",
                f"Above {QTC_HIGH_MS} ms the risk of a dangerous heart rhythm is high: reduce or stop "
                "methadone, correct what lengthens the QTc (low potassium, other QT-prolonging "
                "drugs), or change to another treatment.",
            )
        ]
    if course == "raise":
        return [
            SafetyFinding(
                "methadone_qtc_raise",
                "tx.methadone_qtc",
                "error",
                f"{verb} with {_qtc_words(p)}",
                f"The QTc is already over {QTC_MONITOR_MS} ms and methadone lengthens it further as "
                "the dose rises; weigh the risk with the patient, repeat the ECG and look for "
                "another way to treat the pain.",
                varies="Some services accept a small rise with close ECG monitoring.",
            )
        ]
    return []


def _methadone_ecg(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    course = _methadone_course(p, plan)
    if course in ("", "reduce") or "ecg" in plan.orders:
        return []
    normal = p.qtc_ms is None or p.qtc_ms <= QTC_MONITOR_MS
    if course == "start" and plan.methadone_route == "otp" and normal:
        return []  # the programme's own cardiac risk plan does the ECGs (SAMHSA expert panel 2011)
    if p.qtc_ms is not None and p.qtc_ms <= QTC_MONITOR_MS and course != "start":
        return []  # a recent normal ECG: the yearly one is not this visit's business
    if p.qtc_ms is not None and p.qtc_ms > QTC_HIGH_MS:
        return []  # the high-QTc finding already says what to do
    what = (
        "Started methadone without an ECG"
        if course == "start" and p.qtc_ms is None
        else f"Planned methadone with {_qtc_words(p)} and no repeat ECG"
    )
    return [
        SafetyFinding(
            "methadone_no_ecg",
            "tx.methadone_qtc",
            "caution",
            what,
            "Methadone needs an ECG before it starts and within a month, and more often when the "
            f"QTc is over {QTC_MONITOR_MS} ms; order one with the plan.",
        )
    ]


def _qt_medicines(p: PatientFacts) -> list[str]:
    return sorted(
        {c.drug for c in p.co_medications if medicine_classes(c.drug, c.drug_class) & QT_RISK_CLASSES}
    )


def _methadone_interactions(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    course = _methadone_course(p, plan)
    if course in ("", "reduce") or "interaction_review" in plan.orders:
        return []
    others = _qt_medicines(p)
    if not others:
        return []
    return [
        SafetyFinding(
            "methadone_interactions",
            "tx.methadone_qtc",
            "caution",
            f"Did not review {' and '.join(others)} with methadone",
            "These medicines lengthen the QTc, lower potassium or raise methadone levels; review "
            "them (a pharmacist's interaction review) before methadone goes on.",
        )
    ]


def _sleep_apnoea(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if p.sleep_apnoea not in ("suspected", "untreated") or not _opioid_after_plan(p, plan):
        return []
    if set(plan.orders) & {"sleep_study", "sleep_referral"}:
        return []
    state = "suspected" if p.sleep_apnoea == "suspected" else "untreated"
    return [
        SafetyFinding(
            "sleep_apnoea_unassessed",
            "tx.sleep_apnoea",
            "caution",
            f"Kept the patient on opioids with {state} sleep apnoea and arranged no sleep assessment",
            "Opioids slow breathing in sleep and make sleep apnoea worse; arrange a sleep study or a "
            "sleep clinic referral for treatment (usually CPAP), and offer naloxone.",
        )
    ]


def _naloxone_lung_disease(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    if plan.naloxone or p.lung_disease not in ("copd", "other") or not _opioid_after_plan(p, plan):
        return []
    if _naloxone(p, plan):
        return []  # naloxone is already called for on other grounds
    disease = "COPD" if p.lung_disease == "copd" else "chronic lung disease"
    return [
        SafetyFinding(
            "naloxone_lung_disease",
            "tx.naloxone",
            "caution",
            f"Did not offer naloxone to a patient on opioids with {disease}",
            "Chronic lung disease makes an opioid overdose more dangerous; naloxone guidance lists "
            "respiratory conditions such as COPD among the reasons to offer it.",
            varies="CDC 2022 names sleep-disordered breathing; COPD comes from the 2018 HHS naloxone "
            "guidance.",
        )
    ]


def _sedatives_with_conditions(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    breathing = p.sleep_apnoea != "none" or p.lung_disease in ("copd", "other")
    if not breathing or not _opioid_after_plan(p, plan) or "interaction_review" in plan.orders:
        return []
    sedating = sorted(
        {
            c.drug
            for c in p.co_medications
            if c.drug_class in SEDATING_CLASSES - {"alcohol"}
        }
    )
    if not sedating:
        return []
    condition = "sleep apnoea" if p.sleep_apnoea != "none" else (
        "COPD" if p.lung_disease == "copd" else "chronic lung disease"
    )
    return [
        SafetyFinding(
            "sedatives_with_breathing_condition",
            "tx.sedatives",
            "caution",
            f"Left {' and '.join(sedating)} with an opioid unreviewed in a patient with {condition}",
            f"With {condition}, sedating medicines and opioids together slow breathing further; review "
            "whether the sedative can be reduced (a medication review), and offer naloxone.",
        )
    ]


#: Opioids with their own serotonergic action (FDA Drug Safety Communication, 22 March 2016):
#: tramadol, tapentadol and pethidine block serotonin reuptake and carried the warning first
#: (STRONG); fentanyl and methadone had the most reports when it was extended to every opioid.
SEROTONERGIC_STRONG = frozenset({"tramadol", "tapentadol", "meperidine", "pethidine"})
SEROTONERGIC_OPIOIDS = SEROTONERGIC_STRONG | {"methadone", "fentanyl"}


def _serotonergic(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """Duloxetine added to a serotonergic opioid and a serotonergic medicine (error); tramadol,
    tapentadol or pethidine kept with a serotonergic medicine and no interaction review
    (caution). Serotonin syndrome; with tramadol, seizures too."""
    kept = _opioid_after_plan(p, plan)
    opioids = [drug_name(line.drug) for line in p.regimen if kept and line.drug in SEROTONERGIC_OPIOIDS]
    if plan.moud == "methadone":
        opioids.append("methadone")
    opioids = list(dict.fromkeys(opioids))
    on_chart = sorted({c.drug for c in p.co_medications
                       if "serotonergic" in medicine_classes(c.drug, c.drug_class)})
    added = "duloxetine" in plan.nonopioid
    if not opioids or not (on_chart or added):
        return []
    seizures = " Tramadol also lowers the seizure threshold, more so with antidepressants." if (
        "tramadol" in opioids) else ""
    signs = ("Serotonin syndrome shows as agitation, sweating, tremor, muscle jerks, a fast heart "
             "and fever, within hours to days of a new or higher dose.")
    if added and on_chart:
        return [SafetyFinding(
            "serotonergic_combination", "tx.serotonergic", "error",
            f"Added duloxetine to {' and '.join(on_chart)} with {' and '.join(opioids)}",
            f"Three serotonergic medicines together raise the risk of serotonin syndrome. {signs} "
            "Choose a non-serotonergic option, or review the antidepressant first." + seizures,
        )]
    strong = [name for name in opioids if name in SEROTONERGIC_STRONG]
    if not strong or "interaction_review" in plan.orders:
        return []
    others = ["duloxetine"] if added else on_chart
    return [SafetyFinding(
        "serotonergic_combination", "tx.serotonergic", "caution",
        f"{'Added' if added else 'Left'} {' and '.join(others)} with {' and '.join(strong)} without an "
        "interaction review",
        f"Both act on serotonin. {signs} Review the combination (order an interaction review) and "
        "tell the patient what to watch for." + seizures,
    )]


#: Opioids whose active metabolites or parent drug build up when the kidneys fail (morphine's
#: M3G/M6G, codeine's morphine, tramadol's M1, pethidine's norpethidine): CDC 2022 Rec 8 (renal
#: insufficiency); the tramadol label (longer interval, lower ceiling when clearance is low).
KIDNEY_CLEARED_OPIOIDS = frozenset({"morphine", "codeine", "tramadol", "meperidine", "pethidine"})


def _kidneys(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """Reduced kidney function with a kidney-cleared opioid kept, or a gabapentinoid added,
    and no kidney function tests ordered: a caution (failure: an error for the opioid)."""
    if p.kidney_function == "normal" or "kidney_tests" in plan.orders:
        return []
    words = "kidney failure" if p.kidney_function == "failure" else "reduced kidney function"
    kept = [drug_name(line.drug) for line in p.regimen
            if line.drug in KIDNEY_CLEARED_OPIOIDS and _agonist_continues(plan)]
    out = []
    if kept:
        out.append(SafetyFinding(
            "kidney_cleared_opioid", "tx.organ_function",
            "error" if p.kidney_function == "failure" else "caution",
            f"Kept {' and '.join(kept)} with {words} and no kidney function tests",
            f"With {words}, {' and '.join(kept)} or {'its' if len(kept) == 1 else 'their'} active "
            "breakdown products build up and deepen sedation. Check the kidney function, lower the "
            "dose or lengthen the interval, or change to an opioid the kidneys do not clear "
            "(buprenorphine, for one).",
        ))
    if "gabapentinoid" in plan.nonopioid:
        out.append(SafetyFinding(
            "kidney_gabapentinoid", "tx.organ_function", "caution",
            f"Added gabapentin or pregabalin with {words} and no kidney function tests",
            "Both leave the body through the kidneys: the dose must be set by the kidney function, "
            "or they build up and add to the opioid's sedation.",
        ))
    return out


def _liver(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """A medication for OUD started with reduced liver function and no liver tests ordered:
    buprenorphine, methadone and naltrexone are all cleared by the liver, and naltrexone's and
    buprenorphine's labels warn of liver injury (FDA labels; TIP 63)."""
    if p.liver_function == "normal" or plan.moud == "none" or "liver_tests" in plan.orders:
        return []
    words = "liver failure" if p.liver_function == "failure" else "reduced liver function"
    medicine = {"naltrexone_xr": "extended-release naltrexone"}.get(plan.moud, plan.moud)
    naltrexone = plan.moud == "naltrexone_xr"
    return [SafetyFinding(
        "liver_moud_unchecked", "tx.organ_function",
        "error" if naltrexone and p.liver_function == "failure" else "caution",
        f"Started {medicine} with {words} and no liver function tests",
        "The liver clears buprenorphine, methadone and naltrexone. Check liver function before the "
        "start and during treatment" + (
            "; extended-release naltrexone can injure the liver and is best avoided in liver failure."
            if naltrexone else "; lower doses and slower steps may be needed."
        ),
    )]


def _pregnancy(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """Pregnancy with opioid use disorder or physical dependence: buprenorphine or methadone,
    not withdrawal (ASAM 2020, Part 9; CDC 2022 Rec 8 supporting text)."""
    if not p.pregnant or not (p.regimen or p.urine_opioids):
        return []
    if plan.moud in REPLACES_AGONIST:
        return []
    needs_moud = p.diagnosis == "oud"
    ends = _ends_agonist(plan) or plan.opioid == "taper" or not p.regimen
    if needs_moud and (ends or plan.moud != "none"):
        return [SafetyFinding(
            "pregnancy_without_agonist_moud", "tx.pregnancy", "error",
            ("Chose extended-release naltrexone" if plan.moud == "naltrexone_xr" else "Offered no "
             "buprenorphine or methadone") + " for opioid use disorder in pregnancy",
            "In pregnancy, opioid use disorder is treated with buprenorphine or methadone: withdrawal "
            "raises the risk of return to use and overdose, and naltrexone is not started in "
            "pregnancy for lack of evidence.",
        )]
    if ends and p.dependent and not needs_moud:
        return [SafetyFinding(
            "pregnancy_taper", "tx.pregnancy", "caution",
            "Planned to reduce the opioid in pregnancy without obstetric input",
            "Withdrawal in pregnancy stresses mother and fetus: continue, or reduce only slowly with "
            "the obstetric team, and consider buprenorphine.",
        )]
    return []


#: The rules above, run by :func:`evaluate_plan` after the others.
CONDITION_RULES = (
    _serotonergic,
    _kidneys,
    _liver,
    _pregnancy,
    _methadone_qtc,
    _methadone_ecg,
    _methadone_interactions,
    _sleep_apnoea,
    _naloxone_lung_disease,
    _sedatives_with_conditions,
)

#: Every rule id a finding can carry (a scenario's ``rules.raise`` names one of these).
RULE_IDS: tuple[str, ...] = (
    "abrupt_stop", "taper_too_fast", "taper_tail", "taper_final_stop", "taper_no_pauses",
    "naltrexone_with_opioid", "naltrexone_too_soon", "buprenorphine_no_start",
    "low_dose_start_without_overlap", "low_dose_start_without_end", "standard_start_with_agonist",
    "precipitated_withdrawal", "methadone_outside_programme", "methadone_with_agonist", "no_moud",
    "escalation_in_oud", "escalation_in_hyperalgesia", "escalation", "gabapentinoid_with_opioid",
    "sedatives_not_discussed", "low_dose_naltrexone_with_opioid", "naloxone_not_offered",
    "late_follow_up", "methadone_qtc_high", "methadone_qtc_raise", "methadone_no_ecg",
    "methadone_interactions", "sleep_apnoea_unassessed", "naloxone_lung_disease",
    "sedatives_with_breathing_condition", "serotonergic_combination", "kidney_cleared_opioid",
    "kidney_gabapentinoid", "liver_moud_unchecked", "pregnancy_without_agonist_moud", "pregnancy_taper",
    *DOSE_RULE_IDS,
)
