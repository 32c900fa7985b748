"""Checks for medications for opioid use disorder (MOUD), and naloxone (from ``naloxone``).

Buprenorphine starts (standard or low-dose), buprenorphine doses, extended-release naltrexone,
methadone's setting and QTc, and who should be offered naloxone. Every check returns findings
that name their guidance id and source.

Conventions, where the sources give ranges rather than one rule (flagged for clinical review):

Every number lives in :mod:`simulator.clinical.rules` (the one home of timing and threshold rules).

- Waiting time before a standard buprenorphine start: at least 6 hours after a short-acting
  opioid and 24 hours after a long-acting opioid or methadone (ASAM 2020: 6-12 h and 24-72 h).
  Illicit fentanyl needs at least 12 hours (protocol summaries give 12 h or more); a fentanyl
  patch 48 hours after removal (the skin depot keeps releasing, serum levels halve every 17-20 h).
  Even then fentanyl stays a moderate risk: precipitated withdrawal after standard waits is
  reported, and many services prefer a low-dose start.
- Objective withdrawal: COWS 8 or more is ready (protocols use 8-12); 5-7 is flagged; under 5
  after recent full-agonist use fails. "Recent" means within 72 h of a short-acting opioid or
  7 days of a long-acting opioid or methadone.
- Methadone above 40 mg a day makes a standard start risky (ASAM: 30-40 mg or less is usually
  tolerated): failed within 72 h of the last dose, flagged after.
- First dose above 4 mg or day 1 above 8 mg: flagged (label). Maintenance above 24 mg a day is
  flagged for discussion only: since FDA's December 2024 notice and the 2025 label changes it may
  be appropriate, notably after fentanyl.
- Low-dose induction: first doses of 1 mg or less; the exact schedule is unverified.
- Extended-release naltrexone: at least 7 opioid-free days after a short-acting opioid, 10 after
  a long-acting one, 14 after methadone or buprenorphine (or a negative naloxone challenge).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Finding, finding
from simulator.clinical.naloxone import NaloxoneAdvice, check_naloxone, naloxone_advice
from simulator.clinical.rules import (
    COWS_MINIMUM,
    COWS_READY,
    DAY1_MAX_MG,
    FIRST_DOSE_MAX_MG,
    LOW_DOSE_FIRST_MAX_MG,
    LOW_DOSE_PREFERRED,
    MAINTENANCE_RANGE_MG,
    METHADONE_SWITCH_MG,
    METHADONE_SWITCH_RECENT_HOURS,
    MIN_WAIT_HOURS,
    NALTREXONE_FREE_DAYS,
    NALTREXONE_MIN_DAYS,
    RECENT_HOURS,
    USUAL_WAIT,
)

__all__ = [
    "InductionAssessment",
    "NaloxoneAdvice",
    "check_buprenorphine_maintenance",
    "check_induction",
    "check_methadone_qtc",
    "check_methadone_setting",
    "check_naloxone",
    "check_xr_naltrexone",
    "naloxone_advice",
]

LAST_OPIOIDS = ("short_acting", "fentanyl", "fentanyl_patch", "long_acting", "methadone", "buprenorphine")
LABELS = {
    "short_acting": "short-acting opioid",
    "fentanyl": "fentanyl",
    "fentanyl_patch": "fentanyl patch",
    "long_acting": "long-acting opioid",
    "methadone": "methadone",
    "buprenorphine": "buprenorphine",
}


@dataclass(frozen=True)
class InductionAssessment:
    """The outcome of checking a buprenorphine start.

    ``risk`` of precipitated withdrawal: ``low``, ``moderate`` or ``high``.
    """

    ready: bool
    risk: str
    findings: tuple[Finding, ...]
    advice: tuple[str, ...]


def _last_opioid(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ClinicalInputError(f"last opioid must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _cows(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 48:
        raise ClinicalInputError(f"COWS total must be a whole number from 0 to 48, not {value!r}")
    return value


def _low_dose(first_dose_mg: float | None) -> InductionAssessment:
    items = [
        finding(
            "tx.low_dose_induction",
            "pass",
            "Low-dose induction overlaps small buprenorphine doses with the current opioid, so no "
            "withdrawal period is needed.",
        )
    ]
    if first_dose_mg is not None and first_dose_mg > LOW_DOSE_FIRST_MAX_MG:
        items.append(
            finding(
                "tx.low_dose_induction",
                "flag",
                f"A first dose of {first_dose_mg:g} mg is not a low dose; low-dose induction "
                "starts with fractions of a milligram.",
            )
        )
    advice = (
        "Keep the full agonist going and raise buprenorphine gradually over about 7-10 days,"
        " then stop the full agonist.",
    )
    return InductionAssessment(True, "low", tuple(items), advice)


def _dose_findings(first_dose_mg: float | None, day1_total_mg: float | None) -> list[Finding]:
    items = []
    if first_dose_mg is not None and first_dose_mg > FIRST_DOSE_MAX_MG:
        items.append(
            finding(
                "tx.bup_dose",
                "flag",
                f"First dose {first_dose_mg:g} mg: the label starts with 2-4 mg and reassesses.",
            )
        )
    if day1_total_mg is not None and day1_total_mg > DAY1_MAX_MG:
        items.append(
            finding(
                "tx.bup_dose",
                "flag",
                f"Day 1 total {day1_total_mg:g} mg: the label gives up to 8 mg on day 1.",
            )
        )
    return items


def check_induction(
    last_opioid: str,
    hours_since_last_dose: float,
    cows_total: int | None,
    *,
    first_dose_mg: float | None = None,
    day1_total_mg: float | None = None,
    methadone_daily_mg: float | None = None,
    low_dose: bool = False,
) -> InductionAssessment:
    """Check the timing of a buprenorphine start.

    ``last_opioid``: ``short_acting``, ``fentanyl``, ``long_acting`` or ``methadone``.
    ``cows_total``: the current COWS score (``None`` if not measured). ``low_dose``: a low-dose
    (micro) induction overlapping the current opioid instead of a standard start.
    """
    kind = _last_opioid(last_opioid, tuple(MIN_WAIT_HOURS))
    hours = require_number(hours_since_last_dose, "hours since the last opioid dose", allow_zero=True)
    cows = _cows(cows_total)
    first = None if first_dose_mg is None else require_number(first_dose_mg, "first dose (mg)")
    day1 = None if day1_total_mg is None else require_number(day1_total_mg, "day 1 total (mg)")
    methadone = (
        None
        if methadone_daily_mg is None
        else require_number(methadone_daily_mg, "methadone daily dose (mg)")
    )
    if low_dose:
        return _low_dose(first)

    items: list[Finding] = []
    advice: list[str] = []
    risk = "low"
    early = hours < MIN_WAIT_HOURS[kind]
    recent = hours < RECENT_HOURS[kind]
    in_withdrawal = cows is not None and cows >= COWS_READY

    if cows is None:
        items.append(
            finding(
                "tx.bup_induction",
                "flag",
                "No COWS score: confirm objective withdrawal before the first dose.",
            )
        )
        risk = "moderate"
    elif cows < COWS_MINIMUM and recent:
        items.append(
            finding(
                "tx.bup_induction",
                "fail",
                f"COWS {cows} shows no objective withdrawal {hours:g} h after the last dose: "
                "buprenorphine now risks precipitated withdrawal.",
            )
        )
        risk = "high"
    elif cows < COWS_READY and recent:
        items.append(
            finding(
                "tx.bup_induction",
                "flag",
                f"COWS {cows} is mild withdrawal; most protocols wait for about 8-12.",
            )
        )
        risk = "moderate"
    else:
        items.append(
            finding(
                "tx.bup_induction",
                "pass",
                f"COWS {cows}: objective withdrawal present."
                if in_withdrawal
                else "Long enough since the last opioid that precipitated withdrawal is unlikely.",
            )
        )

    if early:
        items.append(
            finding(
                "tx.bup_induction",
                "flag" if in_withdrawal else "fail",
                f"Only {hours:g} h since the last {LABELS[kind]}; the usual wait is {USUAL_WAIT[kind]}.",
            )
        )
        risk = "moderate" if in_withdrawal and risk == "low" else "high"
    else:
        items.append(
            finding(
                "tx.bup_induction",
                "pass",
                f"{hours:g} h since the last dose meets the usual wait ({USUAL_WAIT[kind]}).",
            )
        )

    if kind in LOW_DOSE_PREFERRED:
        advice.append(
            "Fentanyl can precipitate withdrawal even after the usual wait; consider a low-dose induction."
            if kind == "fentanyl"
            else "After a fentanyl patch comes off, levels fall slowly over a day or more; a low-dose "
            "start overlapping the patch avoids the long wait."
        )
        risk = "moderate" if risk == "low" else risk
    if kind == "methadone" and methadone is not None and methadone > METHADONE_SWITCH_MG:
        items.append(
            finding(
                "tx.bup_induction",
                "fail" if hours < METHADONE_SWITCH_RECENT_HOURS else "flag",
                f"Methadone {methadone:g} mg a day: a standard switch is poorly tolerated above about "
                "30-40 mg. Reduce methadone first, wait longer, or use a low-dose induction.",
            )
        )
        risk = "high" if hours < METHADONE_SWITCH_RECENT_HOURS else ("moderate" if risk == "low" else risk)
    if kind in ("methadone", "long_acting"):
        advice.append(
            "After methadone or a long-acting opioid, the label recommends the "
            "buprenorphine-only product for the start."
        )
    if risk != "low":
        advice.append("Alternative: a low-dose induction overlapping the current opioid.")
    items.extend(_dose_findings(first, day1))
    ready = risk == "low" or (risk == "moderate" and in_withdrawal and not early)
    return InductionAssessment(ready, risk, tuple(items), tuple(advice))


def check_buprenorphine_maintenance(daily_mg: float) -> list[Finding]:
    """Check a buprenorphine maintenance dose against the label range (4-24 mg a day)."""
    dose = require_number(daily_mg, "buprenorphine daily dose (mg)")
    low, high = MAINTENANCE_RANGE_MG
    if dose > high:
        return [
            finding(
                "tx.bup_dose",
                "flag",
                f"{dose:g} mg a day is above the usual {low}-{high} mg. Since the 2025 label "
                "changes, more than 24 mg a day may be appropriate for some patients, notably after "
                "fentanyl: say why and review the response.",
            )
        ]
    if dose < low:
        return [
            finding(
                "tx.bup_dose",
                "flag",
                f"{dose:g} mg a day is below the usual {low}-{high} mg maintenance range.",
            )
        ]
    return [finding("tx.bup_dose", "pass", f"{dose:g} mg a day is within {low}-{high} mg.")]


def check_xr_naltrexone(
    days_opioid_free: float, last_opioid: str = "short_acting", *, naloxone_challenge: bool = False
) -> list[Finding]:
    """Check an extended-release naltrexone start after ``days_opioid_free`` days without
    opioids (``last_opioid`` as for ``check_induction``, or ``buprenorphine``)."""
    kind = _last_opioid(last_opioid, LAST_OPIOIDS)
    days = require_number(days_opioid_free, "opioid-free days", allow_zero=True)
    needed = NALTREXONE_FREE_DAYS[kind]
    if days < NALTREXONE_MIN_DAYS:
        return [
            finding(
                "tx.xr_naltrexone",
                "fail",
                f"Only {days:g} opioid-free days: extended-release naltrexone needs at "
                "least 7-10, or it can cause severe precipitated withdrawal.",
            )
        ]
    if days < needed and not naloxone_challenge:
        return [
            finding(
                "tx.xr_naltrexone",
                "flag",
                f"{days:g} opioid-free days after {LABELS[kind]}: risk lasts up "
                f"to {needed} days; consider waiting or a naloxone challenge first.",
            )
        ]
    return [
        finding(
            "tx.xr_naltrexone",
            "pass",
            f"{days:g} opioid-free days is enough to start extended-release naltrexone.",
        )
    ]


def check_methadone_setting(indication: str, setting: str) -> list[Finding]:
    """``indication``: ``oud`` or ``pain``; ``setting``: ``otp`` (opioid treatment programme) or
    ``office`` (an ordinary prescription)."""
    if indication not in ("oud", "pain"):
        raise ClinicalInputError(f"indication must be 'oud' or 'pain', not {indication!r}")
    if setting not in ("otp", "office"):
        raise ClinicalInputError(f"setting must be 'otp' or 'office', not {setting!r}")
    if indication == "pain":
        return [
            finding(
                "tx.methadone_otp", "pass", "Methadone for pain may be prescribed, with particular caution."
            )
        ]
    if setting == "office":
        return [
            finding(
                "tx.methadone_otp",
                "fail",
                "Methadone for opioid use disorder cannot be prescribed from an office; "
                "refer to an opioid treatment programme.",
            )
        ]
    return [
        finding(
            "tx.methadone_otp",
            "pass",
            "Methadone for opioid use disorder through an opioid treatment programme.",
        )
    ]


def check_methadone_qtc(qtc_ms: float, action: str) -> list[Finding]:
    """``action``: ``continue`` (unchanged), ``monitor`` (discuss risk, more ECGs),
    ``reduce`` (reduce or stop methadone, correct factors) or ``switch`` (another treatment)."""
    qtc = require_number(qtc_ms, "QTc (ms)", minimum=200, maximum=800)
    if action not in ("continue", "monitor", "reduce", "switch"):
        raise ClinicalInputError(f"action must be continue, monitor, reduce or switch, not {action!r}")
    if qtc > 500:
        ok = action in ("reduce", "switch")
        return [
            finding(
                "tx.methadone_qtc",
                "pass" if ok else "fail",
                f"QTc {qtc:g} ms (over 500): "
                + (
                    "reducing or switching is right."
                    if ok
                    else "reduce or stop methadone, correct contributing factors, or switch."
                ),
            )
        ]
    if qtc > 450:
        ok = action != "continue"
        return [
            finding(
                "tx.methadone_qtc",
                "pass" if ok else "flag",
                f"QTc {qtc:g} ms (450-500): "
                + (
                    "discussing risk and monitoring more often is right."
                    if ok
                    else "discuss the risk and monitor more often."
                ),
            )
        ]
    return [finding("tx.methadone_qtc", "pass", f"QTc {qtc:g} ms is not prolonged.")]
