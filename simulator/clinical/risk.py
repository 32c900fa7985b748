"""Risk of addiction during pain treatment: the seed's six factors and the Opioid Risk Tool.

The six factors and their responses come from seed A's table (guidance ``risk.factors`` and
``risk.response``); the wording is the project's own. A case's author says which factors its
patient has (``assessment.risk_factors``); nothing here derives them.

The Opioid Risk Tool (Webster and Webster 2005) uses the original sex-specific weights; some
online calculators use other weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Citation


@dataclass(frozen=True)
class RiskFactor:
    """A seed risk factor, what to do about it, and the ORT items that screen for it."""

    id: str
    title: str
    implication: str
    ort_items: tuple[str, ...] = ()


RISK_FACTORS: tuple[RiskFactor, ...] = (
    RiskFactor(
        "prior_substance_use",
        "Past substance use",
        "Weigh benefit against risk with particular care and prefer non-opioid treatment first.",
        ("personal_alcohol", "personal_illegal_drugs", "personal_prescription_drugs"),
    ),
    RiskFactor(
        "anxiety_depression",
        "Anxiety or depression",
        "Treat the mental health condition at the same time, and watch for opioids being used "
        "for mood rather than pain.",
        ("depression", "psychological_disease"),
    ),
    RiskFactor(
        "family_history",
        "Addiction in the family",
        "Monitor more closely and keep prescriptions short.",
        ("family_alcohol", "family_illegal_drugs", "family_prescription_drugs"),
    ),
    RiskFactor(
        "higher_dose",
        "Higher prescribed dose",
        "Keep to the lowest dose that works and reassess often.",
    ),
    RiskFactor(
        "longer_duration",
        "Longer course of opioids",
        "Agree an end point and review regularly rather than prescribing indefinitely.",
    ),
    RiskFactor(
        "childhood_trauma",
        "Childhood trauma (adverse childhood experiences)",
        "Use a trauma-informed approach and address the trauma alongside the pain.",
        ("preadolescent_sexual_abuse",),
    ),
)
RISK_FACTOR_IDS: tuple[str, ...] = tuple(f.id for f in RISK_FACTORS)


@dataclass(frozen=True)
class OrtItem:
    id: str
    title: str
    female: int
    male: int


ORT_ITEMS: tuple[OrtItem, ...] = (
    OrtItem("family_alcohol", "Family history of alcohol misuse", 1, 3),
    OrtItem("family_illegal_drugs", "Family history of illegal drug use", 2, 3),
    OrtItem("family_prescription_drugs", "Family history of prescription drug misuse", 4, 4),
    OrtItem("personal_alcohol", "Personal history of alcohol misuse", 3, 3),
    OrtItem("personal_illegal_drugs", "Personal history of illegal drug use", 4, 4),
    OrtItem("personal_prescription_drugs", "Personal history of prescription drug misuse", 5, 5),
    OrtItem("age_16_45", "Age 16 to 45 (set from the age)", 1, 1),
    OrtItem("preadolescent_sexual_abuse", "Sexual abuse before adolescence", 3, 0),
    OrtItem("psychological_disease", "ADD, OCD, bipolar disorder or schizophrenia", 2, 2),
    OrtItem("depression", "Depression", 1, 1),
)
ORT_ITEM_IDS: tuple[str, ...] = tuple(item.id for item in ORT_ITEMS)
_SEXES = {"f": "female", "female": "female", "m": "male", "male": "male"}


@dataclass(frozen=True)
class OrtResult:
    """Opioid Risk Tool total, band (``low`` 0-3, ``moderate`` 4-7, ``high`` 8+), the points
    each item gave, and the matching seed risk factors."""

    score: int
    band: str
    points: tuple[tuple[str, int], ...]
    factors: tuple[RiskFactor, ...]
    citation: Citation


def ort_band(score: int) -> str:
    """Band for an ORT total (0-26)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 26:
        raise ClinicalInputError(f"an ORT score must be a whole number from 0 to 26, not {score!r}")
    if score <= 3:
        return "low"
    if score <= 7:
        return "moderate"
    return "high"


def ort_score(sex: str, age: float, items: Iterable[str]) -> OrtResult:
    """Score the Opioid Risk Tool.

    ``sex``: ``female`` or ``male`` (the original tool weights some items by sex).
    ``items``: the ids in ``ORT_ITEM_IDS`` that apply; the age item is set from ``age``.
    """
    key = _SEXES.get(str(sex).strip().lower()) if isinstance(sex, str) else None
    if key is None:
        raise ClinicalInputError(f"sex must be female or male for the ORT weights, not {sex!r}")
    years = require_number(age, "age (years)", maximum=120)
    chosen = set(items) if not isinstance(items, str) else {items}
    unknown = sorted(chosen - set(ORT_ITEM_IDS))
    if unknown:
        raise ClinicalInputError(f"unknown ORT item {unknown[0]!r}: use one of {', '.join(ORT_ITEM_IDS)}")
    if "age_16_45" in chosen:
        raise ClinicalInputError("the age item is set from the age; do not list age_16_45")
    if 16 <= years <= 45:
        chosen.add("age_16_45")
    points = tuple(
        (item.id, item.female if key == "female" else item.male) for item in ORT_ITEMS if item.id in chosen
    )
    score = sum(p for _, p in points)
    factors = tuple(f for f in RISK_FACTORS if chosen & set(f.ort_items))
    return OrtResult(score, ort_band(score), points, factors, Citation.of("risk.ort"))
