"""Morphine milligram equivalents (MME) with the CDC 2022 conversion factors.

Daily MME = daily dose x factor, where the daily dose is strength x units per dose x doses a day
(mg/day), except transdermal fentanyl, which is the patch strength in mcg/hr (times the number of
patches worn at once). As-needed (PRN) orders are counted at the most the patient may take in a
day, the convention the CDC decision-support logic uses.

MMEs estimate overdose risk. They are not a way to choose the dose of a new opioid when switching
(cross-tolerance is incomplete; the new opioid is started substantially lower), and they do not
apply to buprenorphine or to doses used to treat opioid use disorder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Citation
from simulator.clinical.rules import CAUTION_MME, HIGH_MME

GUIDANCE_ID = "calc.mme"

#: CDC 2022 factors: MME per mg/day, or per mcg/hr for ``fentanyl_patch``.
FACTORS_2022: dict[str, float] = {
    "codeine": 0.15,
    "fentanyl_patch": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}

#: Methadone factors of the 2016 CDC guidance, by total daily dose (upper bound mg/day, factor).
METHADONE_TIERS_2016: tuple[tuple[float, float], ...] = (
    (20, 4.0),
    (40, 8.0),
    (60, 10.0),
    (float("inf"), 12.0),
)

MAX_DOSES_PER_DAY = 24
MAX_STRENGTH = 10_000  # sanity limits: refuse typing slips rather than print absurd totals
MAX_UNITS = 100

_ALIASES = {
    "fentanyl patch": "fentanyl_patch",
    "fentanyl transdermal": "fentanyl_patch",
    "transdermal fentanyl": "fentanyl_patch",
    "fentanyl-patch": "fentanyl_patch",
}
_BUPRENORPHINE = (
    "buprenorphine",
    "suboxone",
    "subutex",
    "butrans",
    "belbuca",
    "sublocade",
    "zubsolv",
)

_DRUG_NOTES = {
    "methadone": (
        "Methadone: CDC 2022 uses one factor (4.7) at every dose. Its half-life is long and "
        "variable and breathing suppression peaks later than pain relief, so use particular "
        "caution. Do not use this figure for methadone given to treat opioid use disorder."
    ),
    "fentanyl_patch": (
        "Fentanyl patch: dosed in mcg/hr, not mg/day; heat and other factors change absorption."
    ),
    "tapentadol": (
        "Tapentadol: the factor reflects its opioid action only; it also acts on noradrenaline, "
        "and whether it carries the same dose-related overdose risk is unknown."
    ),
    "tramadol": (
        "Tramadol: the factor reflects its opioid action only; it also acts on serotonin and "
        "noradrenaline, and whether it carries the same dose-related overdose risk is unknown."
    ),
}

GENERAL_NOTE = (
    "MME is an estimate of overdose risk that cannot allow for individual differences. Do not use "
    "it to pick the dose of a new opioid when switching: start the new one substantially lower."
)


@dataclass(frozen=True)
class Regimen:
    """One opioid order: ``strength`` in mg (mcg/hr for ``fentanyl_patch``), ``per_dose`` units
    (tablets, or patches worn at once), ``times_per_day`` doses a day (1 for patches)."""

    drug: str
    strength: float
    per_dose: float = 1
    times_per_day: float = 1


@dataclass(frozen=True)
class MmeLine:
    """One drug's share of the total."""

    drug: str
    daily_dose: float
    unit: str
    factor: float
    mme: float


@dataclass(frozen=True)
class MmeResult:
    """Total daily MME with its per-drug breakdown, notes and citation.

    ``band``: ``standard`` (< 50), ``caution`` (>= 50: reassess, offer naloxone, follow up more
    closely) or ``high`` (>= 90: the 2016 ceiling, now a decision-support convention only).
    """

    value: float
    breakdown: tuple[MmeLine, ...]
    band: str
    notes: tuple[str, ...]
    citation: Citation


def normalise_drug(drug: str) -> str:
    """Map a drug name to its key in ``FACTORS_2022``; refuse buprenorphine and unknown drugs."""
    if not isinstance(drug, str) or not drug.strip():
        raise ClinicalInputError("name the opioid, e.g. oxycodone or fentanyl_patch")
    name = " ".join(drug.strip().lower().replace("_", " ").split())
    key = _ALIASES.get(name, name.replace(" ", "_"))
    if key in FACTORS_2022:
        return key
    if any(word in name for word in _BUPRENORPHINE):
        raise ClinicalInputError(
            "buprenorphine has no MME conversion factor: CDC 2022 leaves it out of the MME table "
            "because it is a partial agonist with a ceiling effect, and MME must not be used to "
            "dose buprenorphine or methadone for opioid use disorder"
        )
    if name == "fentanyl":
        raise ClinicalInputError(
            "only transdermal fentanyl has a CDC MME factor: enter it as fentanyl_patch with the "
            "patch strength in mcg/hr"
        )
    known = ", ".join(sorted(FACTORS_2022))
    raise ClinicalInputError(f"unknown opioid {drug!r}: known opioids are {known}")


def methadone_mme_2016(daily_mg: float) -> float:
    """Daily MME of methadone with the dose-tiered factors of the 2016 CDC guidance.

    The 2016 table's top tier (x12) was printed for 61-80 mg/day; doses above 80 mg/day are
    given the same factor here (a convention: the table printed no higher tier).
    """
    daily = require_number(daily_mg, "methadone daily dose (mg)")
    factor = next(f for limit, f in METHADONE_TIERS_2016 if daily <= limit)
    return round(daily * factor, 2)


def _line(regimen: Regimen) -> MmeLine:
    drug = normalise_drug(regimen.drug)
    patch = drug == "fentanyl_patch"
    unit = "mcg/hr" if patch else "mg/day"
    strength = require_number(
        regimen.strength, f"{drug} strength ({'mcg/hr' if patch else 'mg'})", maximum=MAX_STRENGTH
    )
    per_dose = require_number(
        regimen.per_dose, f"{drug} {'patches' if patch else 'units'} per dose", maximum=MAX_UNITS
    )
    times = require_number(regimen.times_per_day, f"{drug} doses per day", maximum=MAX_DOSES_PER_DAY)
    if patch and times != 1:
        raise ClinicalInputError(
            "fentanyl patches are counted in mcg/hr: give the patch strength and the number of "
            "patches worn at once, with 1 dose a day"
        )
    daily = strength * per_dose * times
    factor = FACTORS_2022[drug]
    return MmeLine(drug, round(daily, 4), unit, factor, round(daily * factor, 2))


def total_mme(regimens: Iterable[Regimen]) -> MmeResult:
    """Daily MME of several opioids taken together."""
    lines = tuple(_line(r) for r in regimens)
    if not lines:
        raise ClinicalInputError("give at least one opioid to convert")
    total = round(sum(line.mme for line in lines), 2)
    notes: list[str] = []
    for drug in dict.fromkeys(line.drug for line in lines):
        if drug in _DRUG_NOTES:
            notes.append(_DRUG_NOTES[drug])
    methadone_mg = sum(line.daily_dose for line in lines if line.drug == "methadone")
    if methadone_mg:
        old = methadone_mme_2016(methadone_mg)
        notes.append(
            f"Under the 2016 CDC dose-tiered methadone factors the same {methadone_mg:g} mg/day "
            f"would have counted as {old:g} MME instead of {round(methadone_mg * 4.7, 2):g}."
        )
    if total >= CAUTION_MME:
        notes.append(
            "50 MME/day or more: reassess benefit and risk before any increase, offer naloxone "
            "and follow up more closely (CDC 2022)."
        )
    if total >= HIGH_MME:
        notes.append(
            "90 MME/day or more: the 2016 guidance said to avoid this or justify it carefully; "
            "CDC 2022 sets no fixed ceiling. Reassess benefit and risk, but do not force a rapid "
            "taper because of the number alone."
        )
    band = "high" if total >= HIGH_MME else "caution" if total >= CAUTION_MME else "standard"
    notes.append(GENERAL_NOTE)
    return MmeResult(total, lines, band, tuple(notes), Citation.of(GUIDANCE_ID))


def daily_mme(drug: str, strength: float, per_dose: float = 1, times_per_day: float = 1) -> MmeResult:
    """Daily MME of one opioid order (see ``Regimen`` for the units)."""
    return total_mme([Regimen(drug, strength, per_dose, times_per_day)])
