"""Which steps a scenario can reach, where it can get stuck, and the score range, by playing it.

Starting from recorded playthroughs (the expert's and the poor one), the session is taken to its
plan step; every plan of the plan sweep is tried there, one plan per distinct next step, and then
every choice at every visit is followed to the end. Guards are evaluated by the engine itself,
so a step is reachable only if some plan and choices reach it.

Sessions that reach the same step with the same *state signature* have the same future, so each
signature is played once: the cost grows with the number of distinct states, not with the number
of paths (which multiplies at every visit with a choice). The signature is the step, every
expression variable the scenario reads (decisions and visited steps narrowed to the ids its
expressions name, plus their counts), the plan, and the course-model effects applied so far.
Paths are still counted (by adding up the paths below each state) and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.engine.actions import ActionError, action_to_dict
from simulator.engine.session import Session
from simulator.scenario.expressions import compiled
from simulator.scenario.models import Scenario
from simulator.scenario.urgent import urgent_state
from simulator.scoring.plan_sweep import PlanContexts, plan_space
from simulator.scoring.rubric import evaluate, max_score, score

MAX_STATES = 20000


@dataclass
class FlowReport:
    scenario: str
    states: list[str]
    reached: set[str] = field(default_factory=set)
    dead_ends: dict[str, str] = field(default_factory=dict)
    paths: int = 0
    scores: list[tuple[int, int]] = field(default_factory=list)  # (score, session maximum)
    earned: set[str] = field(default_factory=set)  # rubric items earned on some path
    signatures: int = 0  # distinct (step, state) pairs played
    truncated: bool = False  # MAX_STATES reached
    #: visits whose text the engine wrote its default for: (state, states) -> (day, COWS)
    untold: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = field(default_factory=dict)

    def to_json(self, rubric: Sequence[str]) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "distinct_states": self.signatures,
            "truncated": self.truncated,
            "reachable": [s for s in self.states if s in self.reached],
            # the urgent visits the loader adds after every step come only when a course calls for them
            "unreachable": [s for s in self.states if s not in self.reached and not urgent_state(s)],
            "dead_ends": [{"state": s, "why": why} for s, why in self.dead_ends.items()],
            "min_score": min((s for s, _ in self.scores), default=0),
            "max_score": max((s for s, _ in self.scores), default=0),
            "full_marks_reached": any(s == m for s, m in self.scores),
            "items_never_earned": [i for i in rubric if i not in self.earned and not urgent_state(i)],
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


#: Context names that depend on the whole plan (not on the plan fields a guard names).
_WHOLE_PLAN = ("safety.", "course.", "plan.accepted", "orders", "results")


def _plan_keys(scenario: Scenario) -> tuple[str, ...] | None:
    """The plan-form fields the guards out of the plan step read, or None if they read something
    that depends on the whole plan (a ``safety.*`` rule, the course): then every plan is tried."""
    names: set[str] = set()
    for t in scenario.flow.transitions:
        sources = t.source if isinstance(t.source, list) else [t.source]
        if t.trigger == "advance" and ("plan" in sources or "*" in sources) and t.when:
            names.update(compiled(t.when).names())
    if any(n.startswith(_WHOLE_PLAN) for n in names):
        return None
    keys = {n.removeprefix("plan.") for n in names if n.startswith("plan.")}
    return tuple(sorted({"taper" if k.startswith("taper_") else k for k in keys}))


def _session_key(at_plan: Session) -> str:
    """What the guards out of the plan step read besides the plan (e.g. ``dx.diagnosis``)."""
    names: set[str] = set()
    for t in at_plan.scenario.flow.transitions:
        sources = t.source if isinstance(t.source, list) else [t.source]
        if t.trigger == "advance" and ("plan" in sources or "*" in sources) and t.when:
            names.update(compiled(t.when).names())
    context = at_plan.context()
    own = sorted(n for n in names if not n.startswith(("plan.", *_WHOLE_PLAN)))
    values = [(n, context.get(n)) for n in own]
    return repr([(n, sorted(v) if isinstance(v, frozenset) else v) for n, v in values])


def representative_plans(at_plan: Session, plans: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One plan for each distinct step that follows the plan step (the first one seen).

    Plans that agree on every plan field the guards read lead to the same step, so each such
    group is evaluated once (the rest of the context is the session's, the same for all)."""
    chosen: dict[str | None, dict[str, Any]] = {}
    keys = _plan_keys(at_plan.scenario)
    tried: set[str] = set()
    plan_context = PlanContexts(at_plan)
    for plan in plans:
        if keys is not None:
            key = repr([plan.get(k) for k in keys])
            if key in tried:
                continue
            tried.add(key)
        dest = _next_step(at_plan.scenario, plan_context(plan))
        chosen.setdefault(dest, plan)
    return list(chosen.values())


def explore_flow(scenario: Scenario, playthroughs: Iterable[Sequence[Mapping[str, Any]]]) -> FlowReport:
    """Play every distinct plan outcome and every visit choice from each playthrough's plan step."""
    report = FlowReport(scenario.id, [s.name for s in scenario.flow.states])
    walker = StateWalker(scenario, report)
    chosen_for: dict[str, list[dict[str, Any]]] = {}
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
        # the step after the plan depends on the plan and on what else its guards read: a second
        # playthrough that agrees on those reuses the first one's plans (a sweep saved per log)
        seen_key = _session_key(at_plan)
        if seen_key not in chosen_for:
            chosen_for[seen_key] = representative_plans(at_plan, plans)
        chosen = chosen_for[seen_key]
        for plan in ([] if plans[0] in chosen else [plans[0]]) + chosen:
            report.paths += walker.paths_from([*prefix, plan])
    report.signatures = len(walker.seen)
    return report


def expression_sources(scenario: Scenario) -> list[str]:
    """Every expression in the scenario (guards, conditions, rubric checks), as written."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("when", "expect", "applies") and isinstance(item, str) and item.strip():
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(scenario.model_dump())
    return found


class StateWalker:
    """Depth-first over visit choices, each distinct state signature played once (memoised)."""

    def __init__(self, scenario: Scenario, report: FlowReport) -> None:
        self.scenario = scenario
        self.report = report
        self.seen: dict[Any, int] = {}  # signature -> paths from there to an end
        names: set[str] = set()
        literals: set[str] = set()
        for source in expression_sources(scenario):
            expr = compiled(source)
            names.update(expr.names())
            literals.update(str(x) for x in expr.literals())
        self.names = names
        self.literals = frozenset(literals)
        self.effects = {
            s.name: (
                bool(s.decision and s.decision.effects),
                {c.id for c in (s.decision.choices if s.decision else ()) if c.effects},
            )
            for s in scenario.flow.states
        }

    def signature(self, session: Session) -> Any:
        context = session.context()
        plan = action_to_dict(session.data.plan) if session.data.plan else None
        decided = session.state.name in session.data.decisions
        parts: list[Any] = [session.state.name, decided, plan]
        for name in sorted(self.names):
            value = context.get(name)
            if name in ("decisions", "visited") and isinstance(value, frozenset):
                value = (value & self.literals, len(value))
            elif isinstance(value, (set, list)):
                value = frozenset(value)
            parts.append((name, value))
        course = []
        for name in session.data.visited:
            own, choices = self.effects.get(name, (False, set()))
            chosen = session.data.decisions.get(name)
            if own or chosen in choices:
                course.append((name, chosen if chosen in choices else None))
        parts.append(tuple(course))
        return repr(parts)

    def paths_from(self, actions: list[dict[str, Any]]) -> int:
        """Follow ``actions`` to the end of every choice; the number of paths from there."""
        session = Session.replay(self.scenario, actions)
        passed: list[Any] = []  # signatures of the steps passed through on the way
        total = self._walk(session, actions, passed)
        for key in passed:
            self.seen[key] = total
        return total

    def _note_untold(self, session: Session) -> None:
        """A visit on this path whose text the engine had to write its default for (for lint)."""
        context = session.context()
        if "course.cows" not in context:
            return
        shown = session.visits.page(session.state, context)
        if shown.defaults:
            key = (session.state.name, shown.defaults)
            self.report.untold.setdefault(key, (context["course.day"], context["course.cows"]))

    def _walk(self, session: Session, actions: list[dict[str, Any]], passed: list[Any]) -> int:
        report = self.report
        while True:
            report.reached.update(session.data.visited)
            key = self.signature(session)
            if key in self.seen:
                return self.seen[key]
            if len(self.seen) >= MAX_STATES:
                report.truncated = True
                return 0
            passed.append(key)
            self.seen[key] = 0  # in progress
            if session.finished:
                context = session.context()
                report.scores.append((score(self.scenario, context), max_score(self.scenario, context)))
                report.earned.update(
                    i.id
                    for i in evaluate(self.scenario, context, {})
                    if i.kind == "rubric" and i.earned > 0
                )
                return 1
            state = session.state
            if state.phase == "visit" and not urgent_state(state.name):
                self._note_untold(session)
            if state.decision and state.name not in session.data.decisions:
                return sum(
                    self.paths_from([*actions, {"type": "decide", "choice": choice.id}])
                    for choice in session.choices()
                )
            blocker = session.advance_blocker()
            if blocker is not None:
                report.dead_ends.setdefault(state.name, blocker)
                return 1
            try:
                session.apply({"type": "advance"})
            except ActionError as exc:  # pragma: no cover - advance_blocker said it could move
                report.dead_ends.setdefault(state.name, exc.message)
                return 1
            actions = [*actions, {"type": "advance"}]
