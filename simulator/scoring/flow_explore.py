"""Which steps a scenario can reach, where it can get stuck, and the score range, by playing it.

Starting from recorded playthroughs (the expert's and the poor one), the session is taken to its
plan step; every plan of the plan sweep is tried there, one plan per distinct next step, and then
every choice at every visit is followed to the end. Guards are evaluated by the engine itself,
so a step is reachable only if some plan and choices reach it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.engine.actions import ActionError, action_to_dict
from simulator.engine.session import Session
from simulator.patient.persona import compiled
from simulator.scenario.models import Scenario
from simulator.scoring.plan_sweep import plan_context, plan_space
from simulator.scoring.rubric import evaluate, max_score, score

MAX_PATHS = 5000


@dataclass
class FlowReport:
    scenario: str
    states: list[str]
    reached: set[str] = field(default_factory=set)
    dead_ends: dict[str, str] = field(default_factory=dict)
    paths: int = 0
    scores: list[tuple[int, int]] = field(default_factory=list)  # (score, session maximum)
    earned: set[str] = field(default_factory=set)  # rubric items earned on some path

    def to_json(self, rubric: Sequence[str]) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "reachable": [s for s in self.states if s in self.reached],
            "unreachable": [s for s in self.states if s not in self.reached],
            "dead_ends": [{"state": s, "why": why} for s, why in self.dead_ends.items()],
            "min_score": min((s for s, _ in self.scores), default=0),
            "max_score": max((s for s, _ in self.scores), default=0),
            "full_marks_reached": any(s == m for s, m in self.scores),
            "items_never_earned": [i for i in rubric if i not in self.earned],
        }


def _first_plan_index(actions: Sequence[Mapping[str, Any]]) -> int:
    for i, action in enumerate(actions):
        if action.get("type") == "plan":
            return i
    raise ValueError("the playthrough records no plan")


def _next_step(scenario: Scenario, context: Mapping[str, Any]) -> str | None:
    """The step the plan step leads to with this context (the first transition whose guard holds)."""
    for t in scenario.flow.transitions:
        sources = t.source if isinstance(t.source, list) else [t.source]
        if t.trigger == "advance" and ("plan" in sources or "*" in sources):
            if t.when is None or compiled(t.when).holds(context):
                return t.dest
    return None


def representative_plans(at_plan: Session, plans: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One plan for each distinct step that follows the plan step (the first one seen)."""
    chosen: dict[str | None, dict[str, Any]] = {}
    for plan in plans:
        dest = _next_step(at_plan.scenario, plan_context(at_plan, plan))
        chosen.setdefault(dest, plan)
    return list(chosen.values())


def explore_flow(scenario: Scenario, playthroughs: Iterable[Sequence[Mapping[str, Any]]]) -> FlowReport:
    """Play every distinct plan outcome and every visit choice from each playthrough's plan step."""
    report = FlowReport(scenario.id, [s.name for s in scenario.flow.states])
    for actions in playthroughs:
        cut = _first_plan_index(actions)
        prefix = [dict(a) for a in actions[:cut]]
        at_plan = Session.replay(scenario, prefix)
        report.reached.update(at_plan.data.visited)
        own = dict(actions[cut])
        at_plan.apply(own)
        grid = plan_space(
            own, nonopioid_count=3, follow_up_days=(own.get("followup_days", 28),), cycle_nonopioid=True
        )
        plans = [action_to_dict(at_plan.data.plan), *grid]
        for plan in representative_plans(at_plan, plans):
            _follow(scenario, [*prefix, plan], report)
    return report


def _follow(scenario: Scenario, actions: list[dict[str, Any]], report: FlowReport) -> None:
    if report.paths >= MAX_PATHS:
        return
    session = Session.replay(scenario, actions)
    while True:
        report.reached.update(session.data.visited)
        if session.finished:
            report.paths += 1
            context = session.context()
            report.scores.append((score(scenario, context), max_score(scenario, context)))
            report.earned.update(
                i.id for i in evaluate(scenario, context, {}) if i.kind == "rubric" and i.earned > 0
            )
            return
        state = session.state
        if state.decision and state.name not in session.data.decisions:
            for choice in state.decision.choices:
                _follow(scenario, [*actions, {"type": "decide", "choice": choice.id}], report)
            return
        blocker = session.advance_blocker()
        if blocker is not None:
            report.dead_ends.setdefault(state.name, blocker)
            report.paths += 1
            return
        try:
            session.apply({"type": "advance"})
        except ActionError as exc:  # pragma: no cover - advance_blocker said it could move
            report.dead_ends.setdefault(state.name, exc.message)
            return
        actions = [*actions, {"type": "advance"}]
