"""Safety rules for the doses a prescriber writes: buprenorphine day 1 and target, methadone's
first dose and titration, a short course's days' supply and quantity, the benzodiazepine
decision and the opioid's formulation.

Each rule reads only fields the plan declares (:mod:`simulator.clinical.plan`); a field left at
its default means "not written" and is never judged, so plans recorded before these fields
existed keep their findings. Numbers and sources:

- buprenorphine: a standard first day usually totals up to 8 mg, up to 16 mg on day 2, and
  maintenance 4-24 mg (FDA label, Dosage and Administration: ``tx.bup_dose``); a low-dose start
  begins with a fraction of a milligram overlapping the full agonist (``tx.low_dose_induction``);
- methadone for opioid use disorder: under the 2024 opioid treatment programme rule (42 CFR
  8.12(h)), the first dose is at most 50 mg unless the programme's practitioner records why more
  is needed; increases of more than 10 mg, or more often than every 3 days, outrun methadone's
  accumulation over the first days (``tx.methadone_otp``);
- acute pain: no more than the expected duration of severe pain, often 3 days or less and rarely
  more than 7 (CDC 2022 Recommendation 6), with immediate-release products (Recommendation 3)
  (``tx.ir_first``);
- benzodiazepines: never started alongside an opioid, and tapered gradually rather than stopped
  at once, because abrupt withdrawal can cause seizures (CDC 2022 Recommendation 11;
  ``tx.sedatives``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.clinical.plan import PlanChoices

PatientFacts = Any  # simulator.clinical.safety.PatientFacts (safety imports this module)


@dataclass(frozen=True)
class DoseFinding:
    """What :class:`simulator.clinical.safety.SafetyFinding` is built from (same fields)."""

    rule: str
    guidance: str
    severity: str
    what: str
    why: str
    varies: str = ""


SafetyFinding = DoseFinding

BUP_DAY1_USUAL_MG = 8.0
BUP_DAY1_MOST_MG = 16.0
BUP_MAINTENANCE_MOST_MG = 24.0
LOW_DOSE_FIRST_DAY_MOST_MG = 1.0
METHADONE_FIRST_DOSE_MOST_MG = 50.0  # 42 CFR 8.12(h), 2024 rule
METHADONE_FIRST_DOSE_USUAL_MG = 30.0
METHADONE_STEP_MOST_MG = 10.0
METHADONE_STEP_LEAST_DAYS = 3
ACUTE_DAYS_MOST = 7  # CDC 2022 Recommendation 6: more than 7 days is rarely needed
TABLETS_A_DAY_MOST = 4  # an immediate-release opioid every 6 hours


#: Every rule id the dose rules can carry (safety.RULE_IDS includes them).
DOSE_RULE_IDS: tuple[str, ...] = (
    "acute_extended_release", "acute_quantity_high", "acute_supply_long", "benzodiazepine_started",
    "benzodiazepine_stopped", "bup_day1_high", "bup_low_dose_day1", "bup_target_high",
    "methadone_start_above_usual", "methadone_start_high", "methadone_titration_fast",
)


def _finding(rule: str, guidance: str, severity: str, what: str, why: str, varies: str = "") -> DoseFinding:
    return DoseFinding(rule, guidance, severity, what, why, varies)


def dose_findings(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    """Every finding about the doses, quantities and decisions written in ``plan``."""
    return [
        *_buprenorphine_doses(plan),
        *_methadone_doses(plan),
        *_short_course(plan),
        *_benzodiazepine(p, plan),
    ]


def _buprenorphine_doses(plan: PlanChoices) -> list[SafetyFinding]:
    if plan.moud != "buprenorphine":
        return []
    out = []
    day1, target = plan.bup_day1_mg, plan.bup_target_mg
    if plan.induction == "low_dose" and day1 > LOW_DOSE_FIRST_DAY_MOST_MG:
        out.append(_finding(
            "bup_low_dose_day1", "tx.low_dose_induction", "error",
            f"Wrote {day1:g} mg of buprenorphine on the first day of a low-dose start",
            "A low-dose start overlaps the full agonist with a fraction of a milligram (about "
            "0.2-0.5 mg) and raises it over 7-10 days; milligrams on day 1 while the full agonist "
            "continues can precipitate withdrawal.",
        ))
    elif plan.induction == "standard" and day1 > BUP_DAY1_MOST_MG:
        out.append(_finding(
            "bup_day1_high", "tx.bup_dose", "caution",
            f"Wrote {day1:g} mg of buprenorphine for the first day",
            f"A standard first day usually totals up to {BUP_DAY1_USUAL_MG:g} mg (label), "
            f"{BUP_DAY1_MOST_MG:g} mg in many protocols, given in divided doses as the withdrawal settles.",
            varies="Supervised high-dose starts in emergency departments give up to 32 mg on day 1.",
        ))
    if target > BUP_MAINTENANCE_MOST_MG:
        out.append(_finding(
            "bup_target_high", "tx.bup_dose", "caution",
            f"Aimed for {target:g} mg of buprenorphine a day",
            f"Maintenance is usually 4-{BUP_MAINTENANCE_MOST_MG:g} mg a day, around 16 mg; the label "
            "shows no added benefit above 24 mg.",
            varies="Some clinicians use up to 32 mg for people who used fentanyl.",
        ))
    return out


def _methadone_doses(plan: PlanChoices) -> list[SafetyFinding]:
    if plan.moud != "methadone":
        return []
    out = []
    start, step, days = plan.methadone_start_mg, plan.methadone_step_mg, plan.methadone_step_days
    if start > METHADONE_FIRST_DOSE_MOST_MG:
        out.append(_finding(
            "methadone_start_high", "tx.methadone_otp", "critical",
            f"Started methadone at {start:g} mg on the first day",
            f"The 2024 opioid treatment programme rule caps the first dose at "
            f"{METHADONE_FIRST_DOSE_MOST_MG:g} mg unless the programme's practitioner records why more "
            "is needed: methadone accumulates over days, and deaths cluster in the first two weeks.",
        ))
    elif start > METHADONE_FIRST_DOSE_USUAL_MG:
        out.append(_finding(
            "methadone_start_above_usual", "tx.methadone_otp", "caution",
            f"Started methadone at {start:g} mg on the first day",
            f"Programmes usually start at 10-{METHADONE_FIRST_DOSE_USUAL_MG:g} mg and add more only "
            "after watching the patient for 2-4 hours.",
            varies="The 2024 rule allows up to 50 mg; people who used fentanyl often need a faster rise.",
        ))
    if step > METHADONE_STEP_MOST_MG or (step > 0 and 0 < days < METHADONE_STEP_LEAST_DAYS):
        out.append(_finding(
            "methadone_titration_fast", "tx.methadone_otp", "error",
            f"Raised methadone by {step:g} mg every {days or '?'} day(s)",
            f"Methadone takes about 5 days to reach a steady level; increases of at most "
            f"{METHADONE_STEP_MOST_MG:g} mg, every {METHADONE_STEP_LEAST_DAYS} days or more, keep the "
            "level from climbing past what the patient tolerates.",
        ))
    return out


def _short_course(plan: PlanChoices) -> list[SafetyFinding]:
    if plan.opioid != "short_course":
        return []
    out = []
    days, tablets = plan.end_date_days, plan.short_course_tablets
    if days > ACUTE_DAYS_MOST:
        out.append(_finding(
            "acute_supply_long", "tx.ir_first", "caution",
            f"Wrote a {days}-day supply for acute pain",
            "Acute pain needs no more than its expected duration: 3 days or less is often enough and "
            "more than 7 is rarely needed (CDC 2022 Recommendation 6).",
        ))
    if tablets and days and tablets > days * TABLETS_A_DAY_MOST:
        out.append(_finding(
            "acute_quantity_high", "tx.ir_first", "caution",
            f"Wrote {tablets} tablets for a {days}-day course",
            f"That is more than {TABLETS_A_DAY_MOST} a day for the whole course; the tablets left over "
            "are the ones that get misused or taken by someone else.",
        ))
    if plan.formulation == "extended_release":
        out.append(_finding(
            "acute_extended_release", "tx.ir_first", "error",
            "Prescribed an extended-release opioid for acute pain",
            "Acute pain is treated with immediate-release opioids; extended-release products carry "
            "more overdose risk and are for long-term use only (CDC 2022 Recommendation 3).",
        ))
    return out


def _benzodiazepine(p: PatientFacts, plan: PlanChoices) -> list[SafetyFinding]:
    on_benzo = "benzodiazepine" in p.classes()
    opioid_goes_on = plan.opioid in ("continue", "increase", "taper", "short_course") or plan.moud in (
        "buprenorphine", "methadone")
    if plan.benzodiazepine == "start" and opioid_goes_on:
        return [_finding(
            "benzodiazepine_started", "tx.sedatives", "critical",
            "Started a benzodiazepine alongside an opioid",
            "Together they depress breathing far more than either alone; CDC 2022 Recommendation 11 "
            "asks for particular caution and the FDA label carries a boxed warning.",
        )]
    if plan.benzodiazepine == "stop" and on_benzo:
        return [_finding(
            "benzodiazepine_stopped", "tx.sedatives", "error",
            "Stopped the benzodiazepine at once",
            "Abrupt withdrawal can cause rebound anxiety, hallucinations, seizures and, rarely, death; "
            "taper it gradually, and do not withhold buprenorphine or methadone because of it.",
        )]
    return []
