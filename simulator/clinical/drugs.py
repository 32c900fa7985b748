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
    ("antihypertensive", "blood-pressure medicine"),
    ("diuretic", "diuretic"),
    ("qt_prolonging", "medicine that lengthens the QT interval"),
    ("serotonergic", "serotonergic medicine"),
    ("cyp3a4_inhibitor", "CYP3A4 inhibitor, which raises methadone levels"),
    ("cyp3a4_inducer", "CYP3A4 inducer, which lowers methadone levels"),
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
    **dict.fromkeys(("bisoprolol", "atorvastatin", "metoprolol", "simvastatin", "warfarin", "apixaban"),
                    "cardiovascular"),
    **dict.fromkeys(
        ("amlodipine", "lisinopril", "ramipril", "enalapril", "losartan", "candesartan", "nifedipine",
         "atenolol", "doxazosin"),
        "antihypertensive",
    ),
    **dict.fromkeys(
        ("hydrochlorothiazide", "bendroflumethiazide", "indapamide", "chlorthalidone", "furosemide",
         "bumetanide", "spironolactone"),
        "diuretic",
    ),
    **dict.fromkeys(
        ("ondansetron", "domperidone", "sotalol", "amiodarone", "hydroxychloroquine", "azithromycin",
         "erythromycin", "levofloxacin", "ciprofloxacin"),
        "qt_prolonging",
    ),
    **dict.fromkeys(("lithium", "sumatriptan", "linezolid", "st john's wort"), "serotonergic"),
    **dict.fromkeys(
        ("clarithromycin", "ketoconazole", "itraconazole", "fluconazole", "ritonavir", "diltiazem",
         "verapamil", "grapefruit juice"),
        "cyp3a4_inhibitor",
    ),
    **dict.fromkeys(
        ("rifampicin", "rifampin", "carbamazepine", "phenytoin", "efavirenz"), "cyp3a4_inducer"
    ),
    **dict.fromkeys(("naltrexone", "naloxone"), "other"),
}

#: Further classes a known medicine belongs to besides its main one (the class a chart may file it
#: under, and what the safety rules read). QT: well-known examples of the CredibleMeds (AZCERT)
#: QTdrugs list (antiarrhythmics, macrolides, quinolones, citalopram, ondansetron, haloperidol;
#: checked against secondary summaries, not the live list); serotonergic: SSRIs, SNRIs,
#: tricyclics, triptans, lithium, linezolid; CYP3A4: the methadone label's interaction classes.
ALSO: dict[str, frozenset[str]] = {
    **dict.fromkeys(("citalopram", "escitalopram"), frozenset({"qt_prolonging", "serotonergic"})),
    **dict.fromkeys(
        ("sertraline", "fluoxetine", "venlafaxine", "duloxetine", "amitriptyline", "nortriptyline",
         "trazodone", "mirtazapine"),
        frozenset({"serotonergic"}),
    ),
    "haloperidol": frozenset({"qt_prolonging"}),
    "quetiapine": frozenset({"qt_prolonging"}),
    "hydroxyzine": frozenset({"qt_prolonging"}),
    "fluconazole": frozenset({"qt_prolonging"}),
    "clarithromycin": frozenset({"qt_prolonging"}),
    "erythromycin": frozenset({"cyp3a4_inhibitor"}),
    "amiodarone": frozenset({"cyp3a4_inhibitor"}),
    "diltiazem": frozenset({"antihypertensive"}),
    "verapamil": frozenset({"antihypertensive"}),
    "ondansetron": frozenset({"serotonergic"}),
    "st john's wort": frozenset({"cyp3a4_inducer"}),
    **dict.fromkeys(
        ("amlodipine", "lisinopril", "ramipril", "enalapril", "losartan", "candesartan", "nifedipine",
         "atenolol", "doxazosin", "hydrochlorothiazide", "bendroflumethiazide", "indapamide",
         "chlorthalidone", "furosemide", "bumetanide", "spironolactone"),
        frozenset({"cardiovascular"}),
    ),
    **dict.fromkeys(("hydrochlorothiazide", "bendroflumethiazide", "indapamide", "chlorthalidone",
                     "furosemide", "bumetanide"),
                    frozenset({"cardiovascular", "antihypertensive"})),
}

#: Classes that raise methadone's QT risk: QT-prolonging drugs; diuretics (low potassium, Krantz
#: 2009 recommendation 4); CYP3A4 inhibitors (more methadone in the blood).
QT_RISK_CLASSES = frozenset({"qt_prolonging", "diuretic", "cyp3a4_inhibitor"})


def normal_name(drug: str) -> str:
    """A medicine's name as the tables spell it (lower case, single spaces)."""
    return " ".join(str(drug).strip().lower().replace("_", " ").split())


def medicine_classes(drug: str, declared: str = "") -> frozenset[str]:
    """Every class a medicine belongs to: its declared class, its known main class and the
    further classes of :data:`ALSO` (so a chart's citalopram counts as QT-prolonging too)."""
    name = normal_name(drug)
    found = {declared} if declared else set()
    if name in KNOWN_NON_OPIOIDS:
        found.add(KNOWN_NON_OPIOIDS[name])
    return frozenset(found | ALSO.get(name, frozenset()))


def nearest_in_class(drug: str, drug_class: str) -> str | None:
    """The known medicine of ``drug_class`` closest to ``drug`` (a likely misspelling), or None:
    a suggestion never crosses classes (a diuretic is never 'corrected' to a benzodiazepine)."""
    same = [n for n in KNOWN_NON_OPIOIDS if drug_class in medicine_classes(n)]
    near = difflib.get_close_matches(normal_name(drug), same, n=1, cutoff=0.75)
    return near[0] if near else None

PARTIAL_AGONISTS = ("buprenorphine",)
_LONG_ACTING = re.compile(
    r"\b(extended|modified|sustained|controlled|slow|long)[- ]?(release|acting)?\b|\b(er|xr|sr|cr|mr|la)\b"
)

#: Substances a urine drug screen may name, and the opioid kind each means when not prescribed.
URINE_OPIOID_KINDS: dict[str, str] = {
    "fentanyl": "fentanyl",
    "norfentanyl": "fentanyl",
    "methadone": "methadone",
    "heroin": "short_acting",
    "6-mam": "short_acting",
    "6-monoacetylmorphine": "short_acting",
    "morphine": "short_acting",
    "codeine": "short_acting",
    "opiates": "short_acting",
    "oxycodone": "short_acting",
    "hydrocodone": "short_acting",
    "hydromorphone": "short_acting",
    "oxymorphone": "short_acting",
    "tramadol": "short_acting",
    "buprenorphine": "buprenorphine",
}


def urine_opioid_kind(substance: str) -> str | None:
    """The opioid kind a urine screen's substance stands for, or None if it is not an opioid."""
    return URINE_OPIOID_KINDS.get(" ".join(str(substance).lower().split()))


def class_label(class_id: str) -> str:
    """The words for a drug class."""
    return dict(DRUG_CLASSES).get(class_id, class_id)


def _a_class(class_id: str) -> str:
    words = class_label(class_id)
    return ("an " if words[:1] in "aeiou" else "a ") + words


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
            f"{name} is not an opioid but {_a_class(kind)}: list it under "
            f"chart.co_medications with class '{kind}'"
        )
    if name == "fentanyl":
        return "fentanyl_patch"
    try:
        return normalise_drug(name)
    except ClinicalInputError:
        pass
    # suggest only opioids: a suggestion from another class (a diuretic 'corrected' to a
    # benzodiazepine) would be hazardous
    known = [*sorted(FACTORS_2022), "buprenorphine"]
    near = difflib.get_close_matches(name.replace(" ", "_"), known, n=1, cutoff=0.75)
    hint = (
        f"; did you mean '{near[0]}'?"
        if near
        else f"; known opioids: {', '.join(sorted(FACTORS_2022))}. A medicine that is not an opioid "
        "belongs in chart.co_medications (with its class) or chart.other_medications"
    )
    raise ClinicalInputError(f"unknown opioid {drug!r}{hint}")


def opioid_kind(drug: str, formulation: str = "", unit: str = "mg") -> str:
    """How an opioid on the chart is timed for buprenorphine or naltrexone starts."""
    key = "fentanyl_patch" if unit == "mcg/hr" else opioid_key(drug)
    if key == "buprenorphine":
        return "buprenorphine"
    if key == "methadone":
        return "methadone"
    if key == "fentanyl_patch":
        return "fentanyl_patch"
    return "long_acting" if _LONG_ACTING.search(formulation.lower()) else "short_acting"


def drug_name(key: str) -> str:
    """A drug key as a trainee reads it (``fentanyl_patch`` -> ``fentanyl patches``)."""
    return {"fentanyl_patch": "fentanyl patches"}.get(key, key.replace("_", " "))
