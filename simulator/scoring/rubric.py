"""Score a session against its scenario's rubric, citing the guidance of every item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.clinical import catalogue
from simulator.patient.persona import compiled
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import VarType
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
    """One rubric item as the debrief shows it."""

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

    @property
    def passed(self) -> bool:
        return self.earned == self.points


def score(scenario: Scenario, context: Mapping[str, Any]) -> int:
    """Total points earned (no explanations; cheap enough to run after every action)."""
    return sum(i.points for i in scenario.rubric if compiled(i.expect).holds(context))


def evaluate(
    scenario: Scenario, context: Mapping[str, Any], variables: Mapping[str, VarType]
) -> list[ItemResult]:
    """Every rubric item with its result, evidence and guidance citation."""
    labels = scenario_labels(scenario)
    return [_item(item, context, variables, labels) for item in scenario.rubric]


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
) -> ItemResult:
    expression = compiled(item.expect)
    ok = expression.holds(ctx)
    guidance = catalogue.get(item.guidance)
    literals = expression.literals()
    evidence = tuple(
        (
            variables[name].label if name in variables else name,
            describe(name, _relevant(name, ctx.get(name), literals), labels.get(name)),
        )
        for name in expression.names()
    )
    feedback = (item.passed if ok else item.missed) or ""
    return ItemResult(
        id=item.id,
        guidance=item.guidance,
        domain=item.domain,
        title=item.title,
        points=item.points,
        earned=item.points if ok else 0,
        critical_failed=item.critical and not ok,
        feedback=feedback,
        evidence=evidence,
        guidance_title=guidance.title,
        guidance_summary=guidance.summary,
        citation=guidance.cite_documents(),
        conflict=guidance.conflict,
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
    "plan.opioid": vocab.OPIOID_PLANS,
    "plan.moud": vocab.MOUD,
    "plan.induction": vocab.INDUCTIONS,
    "plan.methadone_route": vocab.METHADONE_ROUTES,
    "plan.taper_basis": vocab.TAPER_BASES,
    "plan.nonopioid": vocab.NONOPIOID,
    "plan.setting": vocab.SETTINGS,
    "plan.counselling": vocab.COUNSELLING,
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
