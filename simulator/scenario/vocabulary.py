"""The fixed vocabulary that scenarios, the engine and the UI share.

This module names every option a trainee can choose and every variable a guard or a
rubric check may read. The engine fills a context with exactly these names; the
loader checks expressions against them; the plan and assessment forms are built from
them. Labels are the wording shown to trainees and in the debrief.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from simulator.clinical import conditions, dsm5, orders, risk
from simulator.clinical import plan as plan_decl
from simulator.clinical.drugs import DRUG_CLASSES
from simulator.scenario.expressions import VarType
from simulator.scenario.phases import PHASES as _PHASES

Choices = tuple[tuple[str, str], ...]  # (id, label)

PHASES: Choices = _PHASES

def _severity_label(name: str, low: int, high: int) -> str:
    if name == "none":
        return f"None (fewer than {high + 1} criteria)"
    if high >= len(dsm5.CRITERIA):
        return f"{name.capitalize()} ({low} or more criteria)"
    return f"{name.capitalize()} ({low}-{high} criteria)"


# The clinical lists live in simulator.clinical; the vocabulary only words them for forms.
DSM5_CRITERIA: Choices = tuple((c.id, c.title) for c in dsm5.CRITERIA)

RISK_FACTORS: Choices = tuple((f.id, f.title) for f in risk.RISK_FACTORS)

DSM5_SHORT: dict[str, str] = {c.id: c.short or c.title for c in dsm5.CRITERIA}
DSM5_DESCRIPTIONS: dict[str, str] = {c.id: c.description for c in dsm5.CRITERIA}

DIAGNOSES: Choices = (
    ("none", "Neither dependence nor OUD"),
    ("dependence", "Physical dependence, no OUD"),
    ("oud", "Opioid use disorder"),
)

SEVERITIES: Choices = tuple((band[0], _severity_label(*band)) for band in dsm5.SEVERITY_BANDS)

# The plan's choice lists live with the one plan declaration (simulator.clinical.plan).
OPIOID_PLANS: Choices = plan_decl.OPIOID_PLANS
MOUD: Choices = plan_decl.MOUD
INDUCTIONS: Choices = plan_decl.INDUCTIONS
METHADONE_ROUTES: Choices = plan_decl.METHADONE_ROUTES
TAPER_BASES: Choices = plan_decl.TAPER_BASES
NONOPIOID: Choices = plan_decl.NONOPIOID
SETTINGS: Choices = plan_decl.SETTINGS
COUNSELLING: Choices = plan_decl.COUNSELLING
BENZODIAZEPINE: Choices = plan_decl.BENZODIAZEPINE
FORMULATIONS: Choices = plan_decl.FORMULATIONS


ORDERS: Choices = tuple((o.id, o.label) for o in orders.ORDERS)
SLEEP_APNOEA: Choices = conditions.SLEEP_APNOEA
LUNG_DISEASE: Choices = conditions.LUNG_DISEASE
ORGAN_FUNCTION: Choices = conditions.ORGAN_FUNCTION
QTC_BANDS: Choices = (
    ("unknown", "No ECG on the chart"),
    ("normal", f"{conditions.QTC_MONITOR_MS} ms or less"),
    ("prolonged", f"Over {conditions.QTC_MONITOR_MS} ms, up to {conditions.QTC_HIGH_MS} ms"),
    ("high", f"Over {conditions.QTC_HIGH_MS} ms"),
)


def ids(choices: Choices) -> tuple[str, ...]:
    """The ids of a choice list, in order."""
    return tuple(c[0] for c in choices)


def label(choices: Choices, value: str) -> str:
    """The label of ``value`` in ``choices``, or the value itself."""
    return dict(choices).get(value, value)


@cache
def question_bank() -> dict:
    """The project-wide question bank (topics, questions, statements)."""
    text = resources.files("simulator.scenario").joinpath("question_bank.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


@cache
def intent_ids() -> tuple[str, ...]:
    """Every interview intent id of SPEC section 4, in question-bank order."""
    return tuple(i for t in question_bank()["topics"] for i in t["questions"])


def intent_question(intent: str) -> str:
    """The question bank's wording for ``intent``."""
    for topic in question_bank()["topics"]:
        if intent in topic["questions"]:
            return topic["questions"][intent]
    return intent


def _t(kind: str, text: str, choices: Choices | None = None, help: str = "") -> VarType:
    return VarType(kind, text, ids(choices) if choices else None, help)


def base_variables() -> dict[str, VarType]:
    """Variables every scenario's expressions may read (scenario-specific sets added later)."""
    v: dict[str, VarType] = {
        # interview
        "rapport": _t("number", "Rapport (0-100)"),
        "asked": _t("set", "Topics asked about"),
        "questions_count": _t("number", "Questions asked"),
        "validated_pain": _t("bool", "Acknowledged that the pain is real"),
        "empathy_count": _t("number", "Empathic statements made"),
        "stigma_count": _t("number", "Stigmatising words used"),
        # assessment (the trainee's)
        "dx.submitted": _t("bool", "Assessment submitted"),
        "dx.diagnosis": _t("text", "Diagnosis", DIAGNOSES),
        "dx.criteria": _t("set", "DSM-5 criteria marked", DSM5_CRITERIA),
        "dx.criteria_count": _t("number", "DSM-5 criteria counted"),
        "dx.supervised_use": _t("bool", "Judged to take opioids solely as prescribed"),
        "dx.severity": _t("text", "Severity", SEVERITIES),
        "dx.oih": _t("bool", "Opioid-induced hyperalgesia suspected"),
        "dx.risk_factors": _t("set", "Risk factors identified", RISK_FACTORS),
        # assessment truth (from the scenario)
        "truth.diagnosis": _t("text", "Correct diagnosis", DIAGNOSES),
        "truth.criteria": _t("set", "Criteria actually present", DSM5_CRITERIA),
        "truth.supervised_use": _t("bool", "Actually takes opioids solely as prescribed"),
        "truth.severity": _t("text", "Correct severity", SEVERITIES),
        "truth.oih": _t("bool", "Hyperalgesia actually present"),
        "truth.risk_factors": _t("set", "Risk factors actually present", RISK_FACTORS),
        # plan: one variable per field of the plan declaration (simulator.clinical.plan)
        **{name: _t(*spec) for name, spec in plan_decl.variable_specs().items()},
        "plan.accepted": _t("set", "The case's accepted alternative plans this plan is (rules.accept ids)"),
        # orders and their results (the plan's and the visits')
        "orders": _t("set", "Orders placed so far (plan and visits)", ORDERS),
        "results": _t("set", "Orders whose results have arrived by this step", ORDERS),
        # the chart's structured conditions (chart.conditions) and the patient
        "patient.age": _t("number", "Age in years"),
        "chart.qtc_ms": _t("number", "QTc on the chart's ECG (ms; 0 = no ECG)"),
        "chart.qtc": _t("text", "QTc band", QTC_BANDS),
        "chart.heart_disease": _t("bool", "Structural heart disease, arrhythmia or fainting"),
        "chart.sleep_apnoea": _t("text", "Sleep apnoea", SLEEP_APNOEA),
        "chart.lung_disease": _t("text", "Lung disease", LUNG_DISEASE),
        "chart.kidney_function": _t("text", "Kidney function", ORGAN_FUNCTION),
        "chart.liver_function": _t("text", "Liver function", ORGAN_FUNCTION),
        "chart.pregnant": _t("bool", "Pregnant"),
        "chart.drug_classes": _t("set", "Classes of the chart's other medicines", DRUG_CLASSES),
        # course
        "week": _t("number", "Week of the simulated course"),
        # plan safety (the clinical rules of simulator/clinical/safety.py, for guards)
        "safety.abrupt_stop": _t("bool", "The plan stops the opioid at once (whatever it is called)"),
        "safety.precipitated_withdrawal": _t("bool", "The plan risks precipitated withdrawal"),
        "safety.critical": _t("bool", "The plan has a critical safety error"),
    }
    return v
