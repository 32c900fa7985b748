"""Which drug is what: opioids by how long they act, and other medicines by class.

The plan-safety rules need to know whether a chart's medicine is a full-agonist opioid (and
how long it acts, which sets the wait before buprenorphine or naltrexone), a partial agonist,
or a non-opioid of a sedating class. The scenario validator uses the same table to refuse a
benzodiazepine typed into the opioid regimen.
"""

from __future__ import annotations

import difflib
import re

from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import FACTORS_2022, normalise_drug

#: Drug classes a chart's co-medication can have (ids used in scenario files).
DRUG_CLASSES: tuple[tuple[str, str], ...] = (
    ("benzodiazepine", "benzodiazepine"),
    ("z_drug", "sleeping tablet such as zolpidem or zopiclone"),
    ("gabapentinoid", "gabapentin or pregabalin"),
    ("barbiturate", "barbiturate"),
    ("muscle_relaxant", "sedating muscle relaxant"),
    ("sedating_antihistamine", "sedating antihistamine"),
    ("antipsychotic", "antipsychotic"),
    ("antidepressant", "antidepressant"),
    ("alcohol", "alcohol"),
    ("nsaid", "anti-inflammatory (NSAID)"),
    ("analgesic", "non-opioid pain reliever"),
    ("cardiovascular", "heart or blood-pressure medicine"),
    ("other", "other medicine"),
)

#: Classes that add to the breathing suppression of opioids (CDC 2022 Recommendation 11; FDA 2019).
SEDATING_CLASSES = frozenset(
    {
        "benzodiazepine",
        "z_drug",
        "gabapentinoid",
        "barbiturate",
        "muscle_relaxant",
        "sedating_antihistamine",
        "antipsychotic",
        "alcohol",
    }
)

#: Common non-opioid medicines by class: enough to catch one typed into the opioid regimen.
KNOWN_NON_OPIOIDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "alprazolam",
            "clonazepam",
            "diazepam",
            "lorazepam",
            "temazepam",
            "chlordiazepoxide",
            "oxazepam",
            "midazolam",
            "nitrazepam",
        ),
        "benzodiazepine",
    ),
    **dict.fromkeys(("zolpidem", "zopiclone", "eszopiclone", "zaleplon"), "z_drug"),
    **dict.fromkeys(("gabapentin", "pregabalin"), "gabapentinoid"),
    **dict.fromkeys(("phenobarbital", "butalbital"), "barbiturate"),
    **dict.fromkeys(
        ("carisoprodol", "cyclobenzaprine", "baclofen", "tizanidine", "methocarbamol"), "muscle_relaxant"
    ),
    **dict.fromkeys(
        ("promethazine", "diphenhydramine", "hydroxyzine", "chlorphenamine"), "sedating_antihistamine"
    ),
    **dict.fromkeys(("quetiapine", "olanzapine", "risperidone", "haloperidol"), "antipsychotic"),
    **dict.fromkeys(
        (
            "duloxetine",
            "amitriptyline",
            "nortriptyline",
            "sertraline",
            "fluoxetine",
            "citalopram",
            "escitalopram",
            "venlafaxine",
            "mirtazapine",
            "trazodone",
        ),
        "antidepressant",
    ),
    **dict.fromkeys(("alcohol", "ethanol"), "alcohol"),
    **dict.fromkeys(("ibuprofen", "naproxen", "diclofenac", "celecoxib", "meloxicam", "aspirin"), "nsaid"),
    **dict.fromkeys(("paracetamol", "acetaminophen"), "analgesic"),
    **dict.fromkeys(
        ("amlodipine", "bisoprolol", "lisinopril", "ramipril", "atorvastatin", "metoprolol"), "cardiovascular"
    ),
    **dict.fromkeys(("naltrexone", "naloxone"), "other"),
}

PARTIAL_AGONISTS = ("buprenorphine",)
_LONG_ACTING = re.compile(
    r"\b(extended|modified|sustained|controlled|slow|long)[- ]?(release|acting)?\b|\b(er|xr|sr|cr|mr|la)\b"
)

def class_label(class_id: str) -> str:
    """The words for a drug class."""
    return dict(DRUG_CLASSES).get(class_id, class_id)


def opioid_key(drug: str) -> str:
    """The catalogue key of an opioid (``buprenorphine`` included); ``ClinicalInputError`` saying
    what the drug is if it is not an opioid, or the nearest known name if it is unknown."""
    name = " ".join(str(drug).strip().lower().replace("_", " ").split())
    if not name:
        raise ClinicalInputError("name the opioid, e.g. oxycodone")
    if name.split()[0] in PARTIAL_AGONISTS:
        return "buprenorphine"
    if name in KNOWN_NON_OPIOIDS:
        kind = KNOWN_NON_OPIOIDS[name]
        raise ClinicalInputError(
            f"{name} is not an opioid ({class_label(kind)}): list it under "
            f"chart.co_medications with class '{kind}'"
        )
    if name == "fentanyl":
        return "fentanyl_patch"
    try:
        return normalise_drug(name)
    except ClinicalInputError:
        pass
    known = [*sorted(FACTORS_2022), "buprenorphine", *sorted(KNOWN_NON_OPIOIDS)]
    near = difflib.get_close_matches(name.replace(" ", "_"), known, n=1, cutoff=0.6)
    hint = f"; did you mean '{near[0]}'?" if near else f"; known opioids: {', '.join(sorted(FACTORS_2022))}"
    raise ClinicalInputError(f"unknown opioid {drug!r}{hint}")


def opioid_kind(drug: str, formulation: str = "", unit: str = "mg") -> str:
    """How an opioid on the chart is timed for buprenorphine or naltrexone starts."""
    key = "fentanyl_patch" if unit == "mcg/hr" else opioid_key(drug)
    if key == "buprenorphine":
        return "buprenorphine"
    if key == "methadone":
        return "methadone"
    if key == "fentanyl_patch":
        return "fentanyl"
    return "long_acting" if _LONG_ACTING.search(formulation.lower()) else "short_acting"


def drug_name(key: str) -> str:
    """A drug key as a trainee reads it (``fentanyl_patch`` -> ``fentanyl patches``)."""
    return {"fentanyl_patch": "fentanyl patches"}.get(key, key.replace("_", " "))
