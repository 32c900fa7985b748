"""The debrief: score, critical errors first, every item explained and cited."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.clinical import catalogue
from simulator.clinical import plan as plan_decl
from simulator.clinical.cows import band_for_total
from simulator.engine.plan_safety import plan_label
from simulator.engine.session import Session
from simulator.engine.visit_text import choice_text
from simulator.patient import persona
from simulator.scenario import vocabulary as vocab
from simulator.scenario.checks import scenario_variables
from simulator.scenario.models import Scenario
from simulator.scoring.learning import CheckSummary, summarise
from simulator.scoring.rubric import DOMAIN_TITLES, DOMAINS, ItemResult, evaluate


@dataclass(frozen=True)
class DomainScore:
    domain: str
    title: str
    earned: int
    """Points kept in the domain: gained less deducted, never below zero."""
    max: int
    gained: int = 0
    """Points the domain's items earned, before any deduction."""
    deducted: int = 0
    """Points the plan-safety findings in the domain cost."""


@dataclass(frozen=True)
class TimelineEntry:
    index: int
    step: str
    text: str


@dataclass
class Debrief:
    scenario_id: str
    title: str
    score: int
    max_score: int
    critical: list[str]
    items: list[ItemResult]
    domains: list[DomainScore]
    language: list[dict[str, str]]
    expert_path: list[str]
    key_points: list[str]
    timeline: list[TimelineEntry]
    course: list[dict[str, Any]]
    unmatched_questions: list[str] = field(default_factory=list)
    tracker: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    answer_key: dict[str, Any] = field(default_factory=dict)
    variant: str = ""
    """Which variant of the case was played, in plain words ("" for a case without variants)."""
    seed: int | None = None
    visits: list[dict[str, Any]] = field(default_factory=list)
    """Every visit reached, as the trainee read it (engine.visits.CourseTracker.log)."""
    check: CheckSummary = field(default_factory=lambda: CheckSummary(asked=False))
    """The check before and after the case, and the gain (scoring.learning)."""

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0

    @property
    def gained(self) -> int:
        """Points the rubric items earned, before any deduction (the domain bars add up to it)."""
        return sum(i.earned for i in self.items if i.earned > 0)

    def deductions(self) -> list[tuple[str, int, bool]]:
        """What cost points and how many: (what went wrong, points, critical), largest first."""
        found = [(i.wrong or i.title, -i.earned, i.critical_failed) for i in self.items if i.earned < 0]
        return sorted(found, key=lambda d: (-d[1], not d[2]))

    @property
    def deducted(self) -> int:
        return sum(points for _what, points, _critical in self.deductions())

    def score_sentence(self) -> str:
        """How the score was reached, in one line: earned, deducted, the floor at zero."""
        if not self.deducted:
            return f"{self.gained} points earned of {self.max_score}; nothing deducted."
        floor = " (the score never goes below 0)" if self.gained < self.deducted else ""
        return (f"{self.gained} points earned, {self.deducted} deducted for unsafe plan choices: "
                f"{self.score} of {self.max_score}{floor}.")

    def critical_items(self) -> list[ItemResult]:
        return [i for i in self.items if i.critical_failed]

    def critical_messages(self) -> list[str]:
        """What went wrong, one line per critical error (not the items' titles)."""
        return [i.wrong or i.title for i in self.critical_items()]

    def to_json(self) -> dict[str, Any]:
        """The report printed by ``python -m simulator play --json``."""
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "score": self.score,
            "max_score": self.max_score,
            "gained": self.gained,
            "deducted": self.deducted,
            "percent": self.percent,
            "finished": self.finished,
            "critical": self.critical,
            "critical_errors": self.critical_messages(),
            "domains": [asdict(d) for d in self.domains],
            "items": [
                {
                    "id": i.id,
                    "guidance": i.guidance,
                    "domain": i.domain,
                    "title": i.title,
                    "earned": i.earned,
                    "max": i.points,
                    "kind": i.kind,
                    "applies": i.applicable,
                    "critical": i.critical_failed,
                    "wrong": i.wrong,
                    "severity": i.severity,
                    "missing": list(i.missing),
                    "feedback": i.feedback,
                    "evidence": [{"what": w, "value": v} for w, v in i.evidence],
                    "guidance_says": i.guidance_summary,
                    "source": i.citation,
                }
                for i in self.items
            ],
            "language": self.language,
            "course": self.course,
            "visits": self.visits,
            "timeline": [asdict(t) for t in self.timeline],
            "unmatched_questions": self.unmatched_questions,
            "tracker": self.tracker,
            "answer_key": self.answer_key,
            "variant": self.variant,
            "seed": self.seed,
            "check": self.check.to_dict(),
        }


def _listed_once(items: list[ItemResult]) -> list[ItemResult]:
    """The items without repeats of one that did not arise: an item not counted, under the same
    title and guidance as one listed before it (counted items come first), is left out. The urgent
    care the loader checks after every step (scenario.urgent) then reads once, in the debrief, the
    PDF and ``play --json`` alike; two counted items are both kept (each scored)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        key = (item.guidance, item.title)
        if item.applicable or key not in seen:
            kept.append(item)
        seen.add(key)
    return kept


def build_debrief(session: Session) -> Debrief:
    """Evaluate the rubric on the session as it stands and assemble the debrief."""
    scenario = session.scenario
    items = evaluate(scenario, session.context(), scenario_variables(scenario))
    # critical errors first, then missed items, then earned ones, each in rubric order
    order = {i.id: n for n, i in enumerate(items)}
    items.sort(key=lambda i: (not i.critical_failed, not i.applicable, i.passed, order[i.id]))
    items = _listed_once(items)
    critical = []
    for item in items:
        if item.critical_failed and item.guidance not in critical:
            critical.append(item.guidance)
    domains = []
    for d in DOMAINS:
        mine = [i for i in items if i.domain == d]
        if mine:
            gained = sum(i.earned for i in mine if i.earned > 0)
            deducted = -sum(i.earned for i in mine if i.earned < 0)
            domains.append(DomainScore(d, DOMAIN_TITLES[d], max(0, gained - deducted),
                                       sum(i.points for i in mine), gained, deducted))
    return Debrief(
        variant=session.variant,
        seed=session.seed,
        scenario_id=scenario.id,
        title=scenario.title,
        score=max(0, sum(i.earned for i in items)),
        max_score=sum(i.points for i in items),
        critical=critical,
        items=items,
        domains=domains,
        language=[
            {"term": s.term, "alternative": s.alternative, "said": s.text} for s in session.data.stigma
        ],
        expert_path=list(scenario.debrief.expert_path),
        key_points=list(scenario.debrief.key_points),
        timeline=timeline(session),
        course=session.visits.points(),
        visits=session.visits.log(),
        unmatched_questions=list(session.data.unmatched),
        tracker=[
            {
                "criterion": vocab.label(vocab.DSM5_CRITERIA, cid),
                "evidence": evidence,
                "in_answer_key": cid in scenario.assessment.criteria,
            }
            for cid, evidence in session.data.marks.items()
        ],
        finished=session.finished,
        answer_key=answer_key(scenario),
        check=summarise(scenario, session.actions),
    )


def answer_key(scenario: Scenario) -> dict[str, Any]:
    """The expert's assessment, its reasoning and the caveats of the DSM-5 rules behind it."""
    truth = scenario.assessment
    caveats = []
    for gid in ("dx.supervised_exclusion", "dx.severity_bands"):
        note = catalogue.get(gid).scoring_note
        if note:
            caveats.append(note)
    return {
        "diagnosis": vocab.label(vocab.DIAGNOSES, truth.diagnosis),
        "severity": vocab.label(vocab.SEVERITIES, truth.severity),
        "criteria": [vocab.label(vocab.DSM5_CRITERIA, c) for c in truth.criteria],
        "supervised_use": truth.supervised_use,
        "rationale": " ".join(truth.rationale.split()),
        "caveats": caveats,
    }


def timeline(session: Session) -> list[TimelineEntry]:
    """One line per action, with the step it was taken in."""
    entries: list[TimelineEntry] = []
    for n, (action, step) in enumerate(zip(session.actions, session.steps, strict=True), start=1):
        entries.append(TimelineEntry(n, step, describe_action(session, action)))
    return entries


def describe_action(session: Session, action: dict[str, Any]) -> str:
    """A short human description of one recorded action."""
    kind = action["type"]
    if kind in ("ask", "visit_ask"):
        intent = action.get("intent")
        topic = persona.find_topic(session.scenario.interview, intent) if intent else None
        text = action.get("text") or (topic.question if topic else vocab.intent_question(intent or ""))
        return f"Asked: {text}" if kind == "ask" else f"Asked at the visit: {text}"
    if kind == "cows":
        total = sum(action.get("items", {}).values())
        return f"Scored COWS {total} of 48 ({band_for_total(total)})"
    if kind == "say":
        return f"Said: {action['text']}"
    if kind == "advance":
        return "Moved on"
    if kind == "assess":
        return f"Assessment: {vocab.label(vocab.DIAGNOSES, action['diagnosis'])}"
    if kind == "plan":
        named = plan_label(session.scenario, session.context())  # the case's accepted alternative
        doses = plan_decl.written(plan_decl.from_action(action))
        extra = f" ({'; '.join(doses)})" if doses else ""
        return f"Plan: {named or vocab.label(vocab.OPIOID_PLANS, action['opioid'])}{extra}"
    if kind == "decide":
        return f"Decision: {_choice_text(session, action['choice'])}"
    if kind == "check":
        when = "before the case" if action.get("stage") == "before" else "after the debrief"
        if action.get("skip"):
            return f"Skipped the check {when}"
        stem = next((i.stem for i in session.scenario.check if i.id == action.get("item")), "")
        return f"Check {when}: {stem}"
    state = "marked" if action.get("present", True) else "cleared"
    return f"DSM-5 tracker: {vocab.label(vocab.DSM5_CRITERIA, action.get('criterion', ''))} {state}"


def _choice_text(session: Session, choice: str) -> str:
    for state in session.scenario.flow.states:
        text = choice_text(state, choice)
        if text != choice:
            return text
    return choice
