"""The one declaration of a treatment plan: every field once, with its type, limits and default.

:class:`PlanChoices` is both the plan as plain data (what the safety rules judge and what the
course model plays forward) and the declaration every other view of the plan derives from:

- the ``plan`` action of :mod:`simulator.engine.actions` (its pydantic model, the nested
  ``taper`` map included) is built from these fields (:func:`action_fields`);
- the ``plan.*`` expression variables (:func:`variables`, :func:`variable_types`), the form's
  labels, choices and limits, the playthrough reference and the rubric's value labels read the
  same entries;
- one default per field, and that default always means "not chosen" or "not prescribed", so a
  playthrough written before a field existed means the same thing after it.

Set-valued fields keep the declaration's choice order (not the order they were ticked in, not a
hash order), so every reader sees the same sequence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.clinical import orders as _orders

Choices = tuple[tuple[str, str], ...]  # (id, label)
Kind = Literal["text", "number", "bool", "set"]

OPIOID_PLANS: Choices = (
    ("continue", "Continue the current opioid dose"),
    ("increase", "Increase the opioid dose"),
    ("taper", "Taper the opioid gradually"),
    ("stop_abruptly", "Stop the opioid now, without a taper"),
    ("switch_to_moud", "Move from the opioid to medication for OUD"),
    ("short_course", "Short opioid course with a set end date"),
    ("no_opioid", "Do not prescribe an opioid"),
)

MOUD: Choices = (
    ("none", "No medication for OUD"),
    ("buprenorphine", "Buprenorphine (office-based)"),
    ("methadone", "Methadone"),
    ("naltrexone_xr", "Extended-release naltrexone"),
)

INDUCTIONS: Choices = (
    ("none", "Not applicable"),
    ("standard", "Standard start in withdrawal"),
    ("low_dose", "Low-dose start, overlapping the opioid"),
)

METHADONE_ROUTES: Choices = (
    ("none", "Not applicable"),
    ("otp", "Opioid treatment programme"),
    ("office", "Office prescription"),
)

TAPER_BASES: Choices = (
    ("original", "Percent of the original dose"),
    ("current", "Percent of the current dose"),
)

NONOPIOID: Choices = (
    ("duloxetine", "Duloxetine"),
    ("gabapentinoid", "Gabapentin/pregabalin (neuropathic)"),
    ("topical_nsaid", "Topical NSAID"),
    ("topical_capsaicin", "Topical capsaicin"),
    ("acetaminophen_nsaid", "Paracetamol or an oral NSAID"),
    ("low_dose_naltrexone", "Low-dose naltrexone"),
    ("exercise", "Structured exercise programme"),
    ("physiotherapy", "Physiotherapy"),
    ("cbt", "CBT for pain"),
    ("act", "Acceptance and commitment therapy"),
    ("mindfulness", "Mindfulness (MBSR)"),
    ("interventional", "Interventional procedure"),
)

SETTINGS: Choices = (
    ("outpatient", "Outpatient"),
    ("intensive_outpatient", "Intensive outpatient"),
    ("residential", "Residential"),
)

COUNSELLING: Choices = (
    ("pain_course", "Pain may rise 1-2 weeks, then improve"),
    ("oih", "Why less opioid can mean less pain"),
    ("overdose_risk", "Overdose risk and what to do"),
    ("treatment_options", "Treatment options for OUD"),
    ("dependence_vs_addiction", "Physical dependence is not addiction"),
)

BENZODIAZEPINE: Choices = (
    ("none", "No benzodiazepine decision"),
    ("continue", "Continue the benzodiazepine"),
    ("taper", "Taper the benzodiazepine gradually"),
    ("stop", "Stop the benzodiazepine now"),
    ("start", "Start a benzodiazepine"),
)

ORDERS: Choices = tuple((o.id, o.label) for o in _orders.ORDERS)

FORMULATIONS: Choices = (
    ("as_charted", "As on the chart"),
    ("immediate_release", "Immediate-release"),
    ("extended_release", "Extended-release"),
)


@dataclass(frozen=True)
class PlanField:
    """How one plan field is typed, limited, labelled and written in a playthrough.

    ``group``/``key``: the field sits in a nested map of the action (``taper: {percent}``);
    ``required``: inside that map it has no default; ``integer``: a whole number; ``above``: more
    than ``low``, not equal to it.
    """

    kind: Kind
    label: str
    meaning: str
    choices: Choices | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False
    above: bool = False  # must be more than ``low``, not equal to it
    group: str | None = None
    key: str | None = None
    required: bool = False
    unit: str = ""


def _f(default: Any, kind: Kind, label: str, meaning: str, **spec: Any) -> Any:
    return field(default=default, metadata={"plan": PlanField(kind, label, meaning, **spec)})


@dataclass(frozen=True)
class PlanChoices:
    """A plan as plain data, with the names and the defaults of the plan form and the action."""

    opioid: str = _f("continue", "text", "Opioid plan", "What happens to the current opioid.",
                     choices=OPIOID_PLANS, required=True)
    taper_percent: float = _f(0, "number", "Taper step (%)", "Size of each step, in percent.",
                              low=0, above=True, high=100, group="taper", key="percent", required=True,
                              unit="%")
    taper_interval_days: int = _f(0, "number", "Days between taper steps", "Days between steps.",
                                  low=1, high=365, integer=True, group="taper", key="interval_days",
                                  required=True, unit="days")
    taper_basis: str = _f("original", "text", "Taper step based on",
                          "Percent of the original dose or of the current dose.",
                          choices=TAPER_BASES, group="taper", key="basis")
    taper_pauses: bool = _f(False, "bool", "Pauses allowed in the taper",
                            "Pauses allowed when the patient struggles.", group="taper", key="pauses")
    formulation: str = _f("as_charted", "text", "Opioid formulation",
                          "Immediate- or extended-release for the opioid prescribed (`as_charted`: the "
                          "chart's own).", choices=FORMULATIONS)
    end_date_days: int = _f(0, "number", "Days until the opioid course ends",
                            "Days' supply of a short course (`opioid: short_course`).",
                            low=0, high=365, integer=True, unit="days")
    short_course_tablets: int = _f(0, "number", "Tablets in the short course",
                                   "Quantity dispensed for a short course (0: not written).",
                                   low=0, high=400, integer=True, unit="tablets")
    moud: str = _f("none", "text", "Medication for OUD", "Medication for opioid use disorder.",
                   choices=MOUD)
    induction: str = _f("none", "text", "Buprenorphine start",
                        "How buprenorphine is started; required with `moud: buprenorphine`.",
                        choices=INDUCTIONS)
    induction_cows: int = _f(0, "number", "COWS score required before the first dose",
                             "COWS score required before the first buprenorphine dose.",
                             low=0, high=48, integer=True)
    induction_wait_hours: float = _f(0, "number", "Hours after the last opioid dose",
                                     "Hours after the last full-agonist dose.", low=0, high=240, unit="h")
    bup_day1_mg: float = _f(0, "number", "Buprenorphine on day 1 (mg, total)",
                            "Total buprenorphine on the first day, in mg (0: not written).",
                            low=0, high=32, unit="mg")
    bup_target_mg: float = _f(0, "number", "Buprenorphine daily dose to reach (mg)",
                              "Daily buprenorphine dose to reach, in mg (0: not written).",
                              low=0, high=32, unit="mg")
    methadone_route: str = _f("none", "text", "Methadone provided through",
                              "Required with `moud: methadone`.", choices=METHADONE_ROUTES)
    methadone_start_mg: float = _f(0, "number", "Methadone first-day dose (mg)",
                                   "Methadone first-day total, in mg (0: not written).",
                                   low=0, high=120, unit="mg")
    methadone_step_mg: float = _f(0, "number", "Methadone increase per step (mg)",
                                  "Each methadone dose increase, in mg (0: not written).",
                                  low=0, high=40, unit="mg")
    methadone_step_days: int = _f(0, "number", "Days between methadone increases",
                                  "Days between methadone dose increases (0: not written).",
                                  low=0, high=28, integer=True, unit="days")
    naltrexone_free_days: int = _f(0, "number", "Opioid-free days before naltrexone",
                                   "Opioid-free days before extended-release naltrexone.",
                                   low=0, high=60, integer=True, unit="days")
    benzodiazepine: str = _f("none", "text", "Benzodiazepine decision",
                             "What happens to a benzodiazepine (`none`: no decision written).",
                             choices=BENZODIAZEPINE)
    nonopioid: tuple[str, ...] = _f((), "set", "Non-opioid treatments", "Non-opioid treatments.",
                                    choices=NONOPIOID)
    psych_care: bool = _f(False, "bool", "Treat anxiety or depression at the same time",
                          "Treat anxiety or depression at the same time.")
    trauma_informed: bool = _f(False, "bool", "Trauma-informed care", "Trauma-informed care.")
    naloxone: bool = _f(False, "bool", "Naloxone offered", "Naloxone offered.")
    setting: str = _f("outpatient", "text", "Care setting", "Care setting.", choices=SETTINGS)
    followup_days: int = _f(28, "number", "Days to the next follow-up", "Days to the next follow-up.",
                            low=1, high=365, integer=True, unit="days")
    pdmp: bool = _f(False, "bool", "Prescription monitoring programme checked",
                    "Prescription monitoring programme checked.")
    urine_testing: bool = _f(False, "bool", "Urine drug testing", "Urine drug testing.")
    counselling: tuple[str, ...] = _f((), "set", "Counselling given", "Counselling given.",
                                      choices=COUNSELLING)
    orders: tuple[str, ...] = _f((), "set", "Orders placed with the plan",
                                 "Tests and referrals ordered with the plan (clinical.orders).",
                                 choices=ORDERS)

    def __post_init__(self) -> None:
        for name, rank in _SET_RANKS:
            object.__setattr__(self, name, _in_order(getattr(self, name), rank))

    # ------------------------------------------------------------------ derived views

    @property
    def tapers(self) -> bool:
        return self.opioid == "taper" and self.taper_percent > 0

    @property
    def taper_weekly_percent(self) -> float:
        return self.taper_percent * 7 / self.taper_interval_days if self.taper_interval_days else 0.0

    @property
    def taper_monthly_percent(self) -> float:
        return self.taper_percent * 30 / self.taper_interval_days if self.taper_interval_days else 0.0


def ordered(values: Iterable[str], choices: Choices) -> tuple[str, ...]:
    """``values`` without repeats, in the order of ``choices`` (unknown ids last, sorted)."""
    return _in_order(values, _rank(choices))


def _rank(choices: Choices) -> dict[str, int]:
    rank: dict[str, int] = {}
    for i, (cid, _) in enumerate(choices):
        rank.setdefault(cid, i)
    return rank


def _in_order(values: Iterable[str], rank: Mapping[str, int]) -> tuple[str, ...]:
    """:func:`ordered` with the choices' positions worked out (a plan is built thousands of times
    in a sweep; values already in order, the usual case, are kept as they are)."""
    if type(values) is tuple or type(values) is list:
        last = -1
        for value in values:
            at = rank.get(value) if isinstance(value, str) else None
            if at is None or at <= last:
                break
            last = at
        else:
            return tuple(values)
    chosen = set(values)
    known = sorted((cid for cid in chosen if cid in rank), key=rank.__getitem__)
    return tuple(known + sorted(chosen - rank.keys()))


def declared() -> tuple[tuple[str, PlanField], ...]:
    """Every plan field with its declaration, in form order."""
    return _DECLARED


_DECLARED: tuple[tuple[str, PlanField], ...] = ()  # filled below, once the class exists
_DECLARED = tuple((f.name, f.metadata["plan"]) for f in dataclasses.fields(PlanChoices))
DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(PlanChoices)}
# for the hot paths (a plan sweep builds and reads thousands of plans): each set field with its
# choices' positions, and each field's variable name
_SET_RANKS: tuple[tuple[str, dict[str, int]], ...] = tuple(
    (name, _rank(s.choices or ())) for name, s in _DECLARED if s.kind == "set"
)
_VARIABLES: tuple[tuple[str, str, bool], ...] = tuple(
    (name, f"plan.{name}", s.kind == "set") for name, s in _DECLARED
)
_FLAT: tuple[tuple[str, str | None, str], ...] = tuple(
    (name, s.group, s.key or name) for name, s in _DECLARED
)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(s.group for _, s in _DECLARED if s.group))

#: Variables computed from the fields (name -> (kind, label)).
DERIVED: dict[str, tuple[Kind, str]] = {
    "submitted": ("bool", "Plan submitted"),
    "taper_weekly_percent": ("number", "Taper rate (% per week)"),
    "taper_monthly_percent": ("number", "Taper rate (% per month)"),
}


def spec(name: str) -> PlanField:
    """The declaration of one field."""
    return dict(_DECLARED)[name]


def from_action(values: Mapping[str, Any] | None) -> PlanChoices:
    """The plan of a recorded action's fields (nested groups flattened); None: no plan."""
    if values is None:
        return PlanChoices()
    flat: dict[str, Any] = {}
    for name, group_name, key in _FLAT:
        if group_name:
            group = values.get(group_name)
            if group and key in group:
                flat[name] = group[key]
        elif name in values:
            flat[name] = values[name]
    return PlanChoices(**flat)


def variables(plan: PlanChoices | None) -> dict[str, Any]:
    """Every ``plan.*`` expression variable (sets as frozensets); defaults when no plan is recorded."""
    p = plan if plan is not None else PlanChoices()
    out: dict[str, Any] = {"plan.submitted": plan is not None}
    for name, key, is_set in _VARIABLES:
        value = getattr(p, name)
        out[key] = frozenset(value) if is_set else value
    out["plan.taper_weekly_percent"] = round(p.taper_weekly_percent, 2)
    out["plan.taper_monthly_percent"] = round(p.taper_monthly_percent, 2)
    return out


def from_variables(context: Mapping[str, Any]) -> PlanChoices:
    """The plan read back from ``plan.*`` variables (the inverse of :func:`variables`)."""
    return PlanChoices(**{name: context[key] for name, key, _ in _VARIABLES if key in context})


def variable_specs() -> dict[str, tuple[Kind, str, Choices | None]]:
    """``plan.*`` name -> (kind, label, choices) for the expression vocabulary."""
    out: dict[str, tuple[Kind, str, Choices | None]] = {
        f"plan.{k}": (kind, text, None) for k, (kind, text) in DERIVED.items() if k == "submitted"
    }
    for name, s in _DECLARED:
        out[f"plan.{name}"] = (s.kind, s.label, s.choices)
    for k, (kind, text) in DERIVED.items():
        out.setdefault(f"plan.{k}", (kind, text, None))
    return out


def written(plan: PlanChoices) -> list[str]:
    """The doses and decisions a prescriber wrote, in plain words (nothing for fields left unwritten)."""
    out = []
    if plan.moud == "buprenorphine" and (plan.bup_day1_mg or plan.bup_target_mg):
        parts = [f"{plan.bup_day1_mg:g} mg on day 1" if plan.bup_day1_mg else "",
                 f"{plan.bup_target_mg:g} mg a day to reach" if plan.bup_target_mg else ""]
        out.append("buprenorphine " + ", ".join(p for p in parts if p))
    if plan.moud == "methadone" and plan.methadone_start_mg:
        text = f"methadone {plan.methadone_start_mg:g} mg on day 1"
        if plan.methadone_step_mg and plan.methadone_step_days:
            text += f", up {plan.methadone_step_mg:g} mg every {plan.methadone_step_days} days"
        out.append(text)
    if plan.opioid == "short_course" and plan.end_date_days:
        tablets = f"{plan.short_course_tablets} tablets, " if plan.short_course_tablets else ""
        out.append(f"{tablets}{plan.end_date_days} days' supply")
    if plan.formulation != "as_charted":
        out.append(dict(FORMULATIONS)[plan.formulation].lower())
    if plan.benzodiazepine != "none":
        out.append(dict(BENZODIAZEPINE)[plan.benzodiazepine].lower())
    return out
