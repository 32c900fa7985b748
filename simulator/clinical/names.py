"""Opioid names as clinicians write them, for anything a trainee reads.

The calculators key drugs by short ids (``fentanyl_patch``); screens and reports show these names.
"""

from __future__ import annotations

DRUG_NAMES: dict[str, str] = {
    "codeine": "Codeine",
    "fentanyl_patch": "Fentanyl patch (transdermal)",
    "hydrocodone": "Hydrocodone",
    "hydromorphone": "Hydromorphone",
    "methadone": "Methadone",
    "morphine": "Morphine",
    "oxycodone": "Oxycodone",
    "oxymorphone": "Oxymorphone",
    "tapentadol": "Tapentadol",
    "tramadol": "Tramadol",
}


def drug_name(key: str) -> str:
    """The display name of a calculator drug id (an unknown id is tidied, never shown raw)."""
    return DRUG_NAMES.get(key, key.replace("_", " ").strip().capitalize())


def strength_unit(key: str) -> str:
    """The unit one tablet's or patch's strength is written in."""
    return "mcg/hr" if key == "fentanyl_patch" else "mg"
