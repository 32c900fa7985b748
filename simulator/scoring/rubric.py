"""Score a session against its scenario's rubric, citing the guidance of every item."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.clinical import catalogue
from simulator.clinical import plan as plan_decl
from simulator.clinical.safety import SafetyFinding
from simulator.engine.plan_safety import safety_findings
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import VarType, compiled
from simulator.scenario.models import RubricItem, Scenario

DOMAINS = ("interview", "communication", "assessment", "plan", "course")
DOMAIN_TITLES = {
    "interview": "Interview",
    "communication": "Communication",
    "assessment": "Assessment",
    "plan": "Plan",
    "course": "Follow-up",
}


@dataclass(frozen=True)
class ItemResult:
    """One rubric item, or one plan-safety finding, as the debrief shows it.

    ``kind``: ``rubric`` (a scenario item; ``applicable`` False when its ``applies`` condition
    did not hold, so it is left out of the score and the maximum) or ``safety`` (a finding of the
    clinical plan-safety rules: ``points`` 0 and ``earned`` minus the points it costs).
    ``wrong``: for a critical error, what went wrong in plain words.
    """

    id: str
    guidance: str
    domain: str
    title: str
    points: int
    earned: int
    critical_failed: bool
    feedback: str
    evidence: tuple[tuple[str, str], ...]  # (what, value) the check looked at
    guidance_title: str
    guidance_summary: str
    citation: str
    conflict: str | None
    kind: str = "rubric"
    applicable: bool = True
    missing: tuple[str, ...] = ()
    wrong: str = ""
    severity: str = ""
    varies: str = ""

    @property
    def passed(self) -> bool:
        return self.applicable and self.kind == "rubric" and self.earned == self.points

    @property
    def partial(self) -> bool:
        return self.kind == "rubric" and 0 < self.earned < self.points


def _earned(item: RubricItem, ctx: Mapping[str, Any]) -> tuple[int, tuple[str, ...]]:
    """Points earned and the parts that are missing."""
    if not item.parts:
        return (item.points, ()) if compiled(item.expect).holds(ctx) else (0, ())
    missing = tuple(part.text for part in item.parts if not compiled(part.expect).holds(ctx))
    done = len(item.parts) - len(missing)
    return item.points * done // len(item.parts), missing


def _applies(item: RubricItem, ctx: Mapping[str, Any]) -> bool:
    return item.applies is None or compiled(item.applies).holds(ctx)


def pending(item: RubricItem, ctx: Mapping[str, Any], scenario: Scenario | None) -> bool:
    """Is the item not reached yet? In an unfinished session, an item that reads decisions made
    at steps the trainee has not decided yet is neither earned nor failed (an interim debrief
    counts only what was decided)."""
    if scenario is None:
        return False
    phases, deciding = _flow_of(scenario)
    phase = phases.get(str(ctx.get("state", "")))
    if phase is None or phase == "debrief":
        return False
    named = _heads(item.expect, *(part.expect for part in item.parts)) & deciding
    if not named:
        return False
    decided = {d.split(".", 1)[0] for d in ctx.get("decisions", ())}
    return not (named & decided)


#: Per scenario object (kept with it, so a new object is never taken for a freed one's id): each
#: state's phase and the states that ask for a decision. :func:`pending` runs for every item
#: after every action (the live score); a scenario is not changed once loaded.
_FLOWS: dict[int, tuple[Scenario, dict[str, str], frozenset[str]]] = {}


def _flow_of(scenario: Scenario) -> tuple[dict[str, str], frozenset[str]]:
    found = _FLOWS.get(id(scenario))
    if found is None or found[0] is not scenario:
        if len(_FLOWS) > 64:
            _FLOWS.clear()
        states = scenario.flow.states
        found = _FLOWS[id(scenario)] = (
            scenario,
            {s.name: s.phase for s in states},
            frozenset(s.name for s in states if s.decision),
        )
    return found[1], found[2]


@functools.lru_cache(maxsize=4096)
def _heads(*sources: str) -> frozenset[str]:
    """The first word (before any dot) of every quoted word in ``sources``."""
    return frozenset(
        literal.split(".", 1)[0]
        for source in sources
        if source.strip()
        for literal in compiled(source).literals()
    )


def counts(item: RubricItem, ctx: Mapping[str, Any], scenario: Scenario | None = None) -> bool:
    """Does the item count now: it applies, and (in an unfinished session) it has been reached."""
    return _applies(item, ctx) and not pending(item, ctx, scenario)


def applies(item: RubricItem, ctx: Mapping[str, Any]) -> bool:
    """Does the item count in this session (its ``applies`` condition holds, or it has none)?"""
    return _applies(item, ctx)


def earned_points(item: RubricItem, ctx: Mapping[str, Any]) -> int:
    """Points the item earns in ``ctx`` (a share of them for a multi-part item)."""
    return _earned(item, ctx)[0]


def item_names(item: RubricItem) -> set[str]:
    """Every variable the item's checks read."""
    sources = [item.expect, item.applies or "", *(part.expect for part in item.parts)]
    return {name for source in sources if source.strip() for name in compiled(source).names()}


def score(scenario: Scenario, context: Mapping[str, Any]) -> int:
    """Total points (no explanations; cheap enough to run after every action): rubric points
    earned, less what the plan-safety findings cost, never below zero."""
    earned = sum(_earned(i, context)[0] for i in scenario.rubric if counts(i, context, scenario))
    cost = sum(f.points for f in safety_findings(scenario, context))
    return max(0, earned - cost)


def max_score(scenario: Scenario, context: Mapping[str, Any]) -> int:
    """The most this session could score: items that do not apply are left out."""
    return sum(i.points for i in scenario.rubric if counts(i, context, scenario))


def score_and_max(scenario: Scenario, context: Mapping[str, Any]) -> tuple[int, int]:
    """(:func:`score`, :func:`max_score`) in one pass over the rubric: the live score, after
    every action."""
    counted = [i for i in scenario.rubric if counts(i, context, scenario)]
    earned = sum(_earned(i, context)[0] for i in counted)
    cost = sum(f.points for f in safety_findings(scenario, context))
    return max(0, earned - cost), sum(i.points for i in counted)


def evaluate(
    scenario: Scenario, context: Mapping[str, Any], variables: Mapping[str, VarType]
) -> list[ItemResult]:
    """Every rubric item with its result, evidence and guidance citation, then every safety
    finding of the plan."""
    labels = scenario_labels(scenario)
    items = [_item(item, context, variables, labels, scenario) for item in scenario.rubric]
    items += [safety_item(f, context, variables) for f in safety_findings(scenario, context)]
    return items


_TAPER = ("plan.opioid", "plan.taper_percent", "plan.taper_interval_days", "plan.taper_basis")
_START = ("plan.opioid", "plan.moud", "plan.induction", "plan.induction_cows", "plan.induction_wait_hours")
#: The plan fields each safety rule looks at, shown as "What you did".
SAFETY_EVIDENCE: dict[str, tuple[str, ...]] = {
    "abrupt_stop": ("plan.opioid", "plan.moud", "plan.taper_percent", "plan.end_date_days"),
    "taper_too_fast": _TAPER,
    "taper_tail": _TAPER,
    "taper_final_stop": _TAPER,
    "taper_no_pauses": ("plan.taper_pauses",),
    "naltrexone_with_opioid": ("plan.opioid", "plan.moud"),
    "naltrexone_too_soon": ("plan.moud", "plan.naltrexone_free_days"),
    "buprenorphine_no_start": ("plan.moud", "plan.induction"),
    "low_dose_start_without_overlap": ("plan.opioid", "plan.induction"),
    "low_dose_start_without_end": ("plan.opioid", "plan.induction"),
    "standard_start_with_agonist": ("plan.opioid", "plan.induction"),
    "precipitated_withdrawal": _START,
    "methadone_outside_programme": ("plan.moud", "plan.methadone_route"),
    "methadone_with_agonist": ("plan.opioid", "plan.moud"),
    "no_moud": ("plan.moud",),
    "escalation_in_oud": ("plan.opioid",),
    "escalation_in_hyperalgesia": ("plan.opioid",),
    "escalation": ("plan.opioid",),
    "gabapentinoid_with_opioid": ("plan.nonopioid",),
    "sedatives_not_discussed": ("plan.counselling",),
    "low_dose_naltrexone_with_opioid": ("plan.nonopioid", "plan.moud"),
    "naloxone_not_offered": ("plan.naloxone",),
    "late_follow_up": ("plan.followup_days",),
}


def _shown(name: str, ctx: Mapping[str, Any]) -> bool:
    """Taper fields only for a taper, the course end only for a short course."""
    if name.startswith("plan.taper_"):
        return ctx.get("plan.opioid") == "taper"
    if name == "plan.end_date_days":
        return ctx.get("plan.opioid") == "short_course"
    return True


def safety_item(
    found: SafetyFinding, ctx: Mapping[str, Any] | None = None, variables: Mapping[str, VarType] | None = None
) -> ItemResult:
    """A plan-safety finding as a debrief item that costs its points."""
    guidance = catalogue.get(found.guidance)
    ctx, variables = ctx or {}, variables or {}
    evidence = tuple(
        (variables[name].label if name in variables else name, describe(name, ctx[name]))
        for name in SAFETY_EVIDENCE.get(found.rule, ())
        if name in ctx and _shown(name, ctx)
    )
    feedback = found.why + (f" Where practice varies: {found.varies}" if found.varies else "")
    return ItemResult(
        id=f"safety-{found.rule}",
        guidance=found.guidance,
        domain="plan",
        title=found.what,
        points=0,
        earned=-found.points,
        critical_failed=found.critical,
        feedback=feedback,
        evidence=evidence,
        guidance_title=guidance.title,
        guidance_summary=guidance.summary,
        citation=guidance.cite_documents(),
        conflict=guidance.conflict,
        kind="safety",
        wrong=found.what,
        severity=found.severity,
        varies=found.varies,
    )


def scenario_labels(scenario: Scenario) -> dict[str, dict[str, str]]:
    """Words for the scenario's own ids: decisions, disclosed facts, steps."""
    steps = {s.name: s.title or s.name for s in scenario.flow.states}
    decisions = {
        f"{s.name}.{c.id}": f"{s.title or s.name}: {c.text}"
        for s in scenario.flow.states
        if s.decision
        for c in s.decision.choices
    }
    facts = {fid: fact.summary for fid, fact in scenario.interview.facts.items()}
    topics = {f"topic.{t.id}": t.question for t in scenario.interview.topics}
    return {"decisions": decisions, "revealed": facts, "visited": steps, "state": steps, "asked": topics}


def _item(
    item: RubricItem,
    ctx: Mapping[str, Any],
    variables: Mapping[str, VarType],
    labels: Mapping[str, Mapping[str, str]],
    scenario: Scenario | None = None,
) -> ItemResult:
    waiting = pending(item, ctx, scenario)
    applicable = _applies(item, ctx) and not waiting
    earned, missing = _earned(item, ctx) if applicable else (0, ())
    ok = applicable and earned == item.points
    guidance = scenario.guidance_entry(item.guidance) if scenario else catalogue.get(item.guidance)
    sources = [item.expect] if not item.parts else [part.expect for part in item.parts]
    names: list[str] = []
    literals: tuple[str, ...] = ()
    for source in sources:
        expression = compiled(source)
        names += [n for n in expression.names() if n not in names]
        literals += expression.literals()
    evidence = tuple(
        (
            variables[name].label if name in variables else name,
            describe(name, _relevant(name, ctx.get(name), literals), labels.get(name)),
        )
        for name in names
    )
    if waiting:
        feedback = "Not counted yet: the session has not come to this decision."
    elif not applicable:
        feedback = "Not counted: this did not arise in your session."
    elif ok:
        feedback = item.passed
    else:
        expected = item.missed or f"The guidance expected this: {item.title[0].lower()}{item.title[1:]}."
        feedback = expected + (f" Missing: {'; '.join(missing)}." if missing else "")
    wrong = ""
    if item.critical and applicable and not ok:
        wrong = item.error or f"Missed a critical step: {item.title[0].lower()}{item.title[1:]}"
    return ItemResult(
        id=item.id,
        guidance=item.guidance,
        domain=item.domain,
        title=item.title,
        points=item.points if applicable else 0,
        earned=earned,
        critical_failed=bool(wrong),
        feedback=feedback,
        evidence=evidence,
        guidance_title=guidance.title,
        guidance_summary=guidance.summary,
        citation=guidance.cite_documents(),
        conflict=guidance.conflict,
        applicable=applicable,
        missing=missing,
        wrong=wrong,
        severity="critical" if wrong else "",
    )


_RECORDS = ("asked", "revealed", "visited")  # decisions are always shown in full


def _relevant(name: str, value: Any, literals: tuple[str, ...]) -> Any:
    """For long record sets, keep only the entries the check names."""
    if name in _RECORDS and isinstance(value, frozenset) and literals:
        return frozenset(v for v in value if v in literals)
    return value


_LABELS: dict[str, vocab.Choices] = {
    "dx.diagnosis": vocab.DIAGNOSES,
    "truth.diagnosis": vocab.DIAGNOSES,
    "dx.criteria": vocab.DSM5_CRITERIA,
    "truth.criteria": vocab.DSM5_CRITERIA,
    "dx.severity": vocab.SEVERITIES,
    "truth.severity": vocab.SEVERITIES,
    "dx.risk_factors": vocab.RISK_FACTORS,
    "truth.risk_factors": vocab.RISK_FACTORS,
    **{f"plan.{name}": spec.choices for name, spec in plan_decl.declared() if spec.choices},
}


def describe(name: str, value: Any, own: Mapping[str, str] | None = None) -> str:
    """A value as a trainee would read it: labels, not ids; 'yes'/'no'; 'none' for empty."""
    choices = tuple(own.items()) if own else _LABELS.get(name, ())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset | set | list | tuple):
        if not value:
            return "none"
        if name == "asked":
            return "; ".join((own or {}).get(v) or vocab.intent_question(v) for v in sorted(value))
        return "; ".join(vocab.label(choices, v) for v in sorted(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return vocab.label(choices, value)
    return "not recorded" if value is None else str(value)
