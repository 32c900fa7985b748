"""Who should be offered naloxone (CDC 2022 Recommendation 8, guidance ``tx.naloxone``).

The criteria are those the reference lists as verified from secondary sources citing CDC 2022;
kidney or liver failure and age 65 or more are left out (unverified as naloxone criteria).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.clinical.errors import require_number
from simulator.clinical.findings import Finding, finding
from simulator.clinical.rules import CAUTION_MME

NALOXONE_MME = CAUTION_MME  # CDC 2022 Rec 8: 50 MME a day or more


@dataclass(frozen=True)
class NaloxoneAdvice:
    """Whether to offer naloxone and why (CDC 2022 Recommendation 8)."""

    offer: bool
    reasons: tuple[str, ...]


def naloxone_advice(
    *,
    daily_mme: float = 0,
    benzodiazepines: bool = False,
    other_cns_depressants: bool = False,
    substance_use_disorder: bool = False,
    history_of_overdose: bool = False,
    sleep_disordered_breathing: bool = False,
    lost_tolerance: bool = False,
    unprescribed_opioids: bool = False,
) -> NaloxoneAdvice:
    """Raised overdose risk that calls for offering naloxone to a patient on opioids."""
    mme = require_number(daily_mme, "daily MME", allow_zero=True)
    reasons = [
        reason
        for present, reason in (
            (mme >= NALOXONE_MME, f"takes {mme:g} MME a day (50 or more)"),
            (benzodiazepines, "takes a benzodiazepine"),
            (other_cns_depressants, "takes other sedating medicines"),
            (substance_use_disorder, "has a substance use disorder, including opioid use disorder"),
            (history_of_overdose, "has had an overdose"),
            (sleep_disordered_breathing, "has sleep-disordered breathing"),
            (lost_tolerance, "may have lost tolerance (after a taper, detox or prison release)"),
            (unprescribed_opioids, "uses opioids that are not prescribed, whose strength is unknown"),
        )
        if present
    ]
    return NaloxoneAdvice(bool(reasons), tuple(reasons))


def check_naloxone(offered: bool, **risk: float | bool) -> list[Finding]:
    """Check whether naloxone was offered; ``risk`` as for ``naloxone_advice``."""
    advice = naloxone_advice(**risk)  # type: ignore[arg-type]
    if offered:
        return [finding("tx.naloxone", "pass", "Naloxone offered.")]
    if advice.offer:
        return [
            finding(
                "tx.naloxone",
                "fail",
                "Naloxone not offered although overdose risk is raised: " + "; ".join(advice.reasons) + ".",
            )
        ]
    return [
        finding(
            "tx.naloxone", "pass", "No raised overdose risk found; offering naloxone is still reasonable."
        )
    ]
