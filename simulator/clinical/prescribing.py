"""Prescribing checks from CDC 2022 that are not about tapering or MOUD timing.

Starting opioids (immediate-release first, non-opioid first for chronic pain), follow-up after
a start or dose increase (within 1-4 weeks), keeping patients after a worrying PDMP result, and
offering medication rather than detoxification alone for opioid use disorder.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Finding, finding
from simulator.clinical.rules import FOLLOW_UP_AFTER_CHANGE_DAYS

PAIN_TYPES = ("acute", "subacute", "chronic")
TREATMENTS = ("buprenorphine", "methadone", "xr_naltrexone", "detox")
MOUD = frozenset({"buprenorphine", "methadone", "xr_naltrexone"})
FOLLOW_UP_MAX_DAYS = FOLLOW_UP_AFTER_CHANGE_DAYS


def check_opioid_start(
    pain_type: str, *, extended_release: bool, nonopioid_tried: bool = True
) -> list[Finding]:
    """Check a new opioid prescription (``pain_type``: acute, subacute or chronic)."""
    if pain_type not in PAIN_TYPES:
        raise ClinicalInputError(f"pain type must be acute, subacute or chronic, not {pain_type!r}")
    items: list[Finding] = []
    if extended_release:
        items.append(
            finding(
                "tx.ir_first",
                "fail",
                "Starting with an extended-release or long-acting opioid: start with immediate-release.",
            )
        )
    else:
        items.append(finding("tx.ir_first", "pass", "Immediate-release opioid chosen."))
    if pain_type != "acute" and not nonopioid_tried:
        items.append(
            finding(
                "tx.acute_not_chronic",
                "fail",
                f"Opioid started for {pain_type} pain before non-opioid treatment was tried.",
            )
        )
    return items


def check_follow_up(days_until_review: float) -> list[Finding]:
    """Check the first review after starting opioids for subacute or chronic pain or raising
    the dose (CDC 2022: within 1 to 4 weeks)."""
    days = require_number(days_until_review, "days until the review")
    if days > FOLLOW_UP_MAX_DAYS:
        return [
            finding(
                "tx.monitoring",
                "fail",
                f"First review in {days:g} days: review within 1-4 weeks of starting or raising an opioid.",
                ("CDC22",),
            )
        ]
    return [finding("tx.monitoring", "pass", f"Review in {days:g} days (within 1-4 weeks).")]


def check_pdmp_response(dismissed_patient: bool) -> list[Finding]:
    """Dismissing a patient from the practice because of PDMP information is against CDC 2022."""
    if dismissed_patient:
        return [
            finding(
                "tx.monitoring",
                "fail",
                "The patient was dismissed after a PDMP result: discuss it with them and keep "
                "caring for them instead.",
            )
        ]
    return [finding("tx.monitoring", "pass", "PDMP result discussed without dismissing the patient.")]


def check_oud_treatment(offered: Iterable[str]) -> list[Finding]:
    """Check the treatment offered for opioid use disorder (any of ``TREATMENTS``)."""
    chosen = set(offered)
    unknown = sorted(chosen - set(TREATMENTS))
    if unknown:
        raise ClinicalInputError(f"unknown treatment {unknown[0]!r}: use {', '.join(TREATMENTS)}")
    if chosen & MOUD:
        names = ", ".join(t.replace("_", "-") for t in TREATMENTS if t in chosen & MOUD)
        return [finding("tx.mat_for_oud", "pass", f"Medication for opioid use disorder offered: {names}.")]
    return [
        finding(
            "tx.mat_for_oud",
            "fail",
            "No medication for opioid use disorder offered"
            + (" (detox on its own is not recommended)." if "detox" in chosen else "."),
            ("CDC22",),
        )
    ]
