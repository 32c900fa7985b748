"""Clinical Opiate Withdrawal Scale (COWS; Wesson and Ling 2003).

Eleven observed signs, each scored only from its fixed set of values, total 0 to 48. Rate each
sign only as far as it looks due to opioid withdrawal (a pulse raised by exercise adds nothing).
The anchor texts below are the project's short paraphrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Citation

GUIDANCE_ID = "calc.cows"
MAX_TOTAL = 48


@dataclass(frozen=True)
class CowsItem:
    """One sign: ``anchors`` maps each allowed score to what it looks like."""

    id: str
    number: int
    title: str
    anchors: Mapping[int, str]

    @property
    def allowed(self) -> tuple[int, ...]:
        return tuple(self.anchors)


ITEMS: tuple[CowsItem, ...] = (
    CowsItem(
        "pulse",
        1,
        "Resting pulse (after 1 minute sitting or lying)",
        {0: "80 or below", 1: "81-100", 2: "101-120", 4: "above 120"},
    ),
    CowsItem(
        "sweating",
        2,
        "Sweating in the last 30 minutes, not from heat or activity",
        {
            0: "none",
            1: "chills or flushing reported",
            2: "flushed or moist face",
            3: "beads of sweat on brow or face",
            4: "sweat streaming off the face",
        },
    ),
    CowsItem(
        "restlessness",
        3,
        "Restlessness while assessed",
        {
            0: "sits still",
            1: "reports it is hard to sit still",
            3: "frequent shifting or extra movements",
            5: "cannot sit still for more than a few seconds",
        },
    ),
    CowsItem(
        "pupils",
        4,
        "Pupil size",
        {
            0: "pinned or normal for room light",
            1: "possibly larger than normal",
            2: "moderately dilated",
            5: "so dilated only the rim of the iris shows",
        },
    ),
    CowsItem(
        "aches",
        5,
        "Bone or joint aches (new, from withdrawal)",
        {
            0: "none",
            1: "mild diffuse discomfort",
            2: "severe diffuse aching reported",
            4: "rubbing joints or muscles, cannot sit still for the pain",
        },
    ),
    CowsItem(
        "runny_nose",
        6,
        "Runny nose or tearing, not from a cold or allergy",
        {
            0: "none",
            1: "stuffy nose or unusually moist eyes",
            2: "nose running or tearing",
            4: "nose running constantly or tears streaming",
        },
    ),
    CowsItem(
        "gi_upset",
        7,
        "Stomach upset in the last 30 minutes",
        {
            0: "none",
            1: "stomach cramps",
            2: "nausea or loose stool",
            3: "vomiting or diarrhoea",
            5: "several episodes of vomiting or diarrhoea",
        },
    ),
    CowsItem(
        "tremor",
        8,
        "Tremor with hands held out",
        {
            0: "none",
            1: "felt but not seen",
            2: "slight, can be seen",
            4: "gross tremor or muscle twitching",
        },
    ),
    CowsItem(
        "yawning",
        9,
        "Yawning while assessed",
        {0: "none", 1: "once or twice", 2: "three or more times", 4: "several times a minute"},
    ),
    CowsItem(
        "anxiety",
        10,
        "Anxiety or irritability",
        {
            0: "none",
            1: "reports growing irritability or anxiety",
            2: "clearly irritable or anxious",
            4: "so irritable or anxious that taking part is difficult",
        },
    ),
    CowsItem(
        "gooseflesh",
        11,
        "Gooseflesh skin",
        {
            0: "smooth skin",
            3: "gooseflesh can be felt or hairs stand up on the arms",
            5: "prominent gooseflesh",
        },
    ),
)
ITEM_IDS: tuple[str, ...] = tuple(item.id for item in ITEMS)
_BY_ID = {item.id: item for item in ITEMS}

#: (lowest total, band) in ascending order.
BANDS: tuple[tuple[int, str], ...] = (
    (0, "none"),
    (5, "mild"),
    (13, "moderate"),
    (25, "moderately severe"),
    (37, "severe"),
)


@dataclass(frozen=True)
class CowsResult:
    """Total, band (``none``, ``mild``, ``moderate``, ``moderately severe``, ``severe``) and the
    item scores in scale order."""

    total: int
    band: str
    items: tuple[tuple[str, int], ...]
    citation: Citation


def pulse_score(bpm: float) -> int:
    """COWS score for a resting pulse in beats per minute."""
    rate = require_number(bpm, "resting pulse (beats per minute)", minimum=20, maximum=300)
    if rate <= 80:
        return 0
    if rate <= 100:
        return 1
    if rate <= 120:
        return 2
    return 4


def band_for_total(total: int) -> str:
    """Severity band for a COWS total (0-4 none, 5-12 mild, 13-24 moderate,
    25-36 moderately severe, 37-48 severe)."""
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= MAX_TOTAL:
        raise ClinicalInputError(f"a COWS total must be a whole number from 0 to 48, not {total!r}")
    return [band for low, band in BANDS if total >= low][-1]


def score(items: Mapping[str, int], *, pulse_bpm: float | None = None) -> CowsResult:
    """Total a full COWS rating.

    ``items`` gives a score for each of the 11 items (see ``ITEMS`` for ids and allowed values).
    The pulse item may instead come from ``pulse_bpm``; giving both is refused if they disagree.
    """
    scores = dict(items)
    if pulse_bpm is not None:
        from_rate = pulse_score(pulse_bpm)
        if "pulse" in scores and scores["pulse"] != from_rate:
            raise ClinicalInputError(
                f"pulse item {scores['pulse']!r} does not match a resting pulse of "
                f"{pulse_bpm:g}/min (which scores {from_rate})"
            )
        scores["pulse"] = from_rate
    unknown = sorted(set(scores) - set(ITEM_IDS))
    if unknown:
        raise ClinicalInputError(f"unknown COWS item {unknown[0]!r}: items are {', '.join(ITEM_IDS)}")
    missing = [item for item in ITEM_IDS if item not in scores]
    if missing:
        raise ClinicalInputError(f"rate every COWS item; missing: {', '.join(missing)}")
    for item in ITEMS:
        value = scores[item.id]
        if isinstance(value, bool) or value not in item.allowed:
            allowed = ", ".join(str(v) for v in item.allowed)
            raise ClinicalInputError(
                f"{item.id} cannot score {value!r} on the COWS: allowed values are {allowed}"
            )
    ordered = tuple((item.id, int(scores[item.id])) for item in ITEMS)
    total = sum(value for _, value in ordered)
    return CowsResult(total, band_for_total(total), ordered, Citation.of(GUIDANCE_ID))
