"""Cross-checks of a validated scenario: references, expressions, the flow graph, the rubric."""

from __future__ import annotations

from collections import deque
from typing import Any

from simulator.clinical import catalogue
from simulator.clinical.dsm5 import counted_criteria, severity_for_count
from simulator.errors import Problem
from simulator.scenario import vocabulary as vocab
from simulator.scenario.course_checks import check_course
from simulator.scenario.course_format import course_variables
from simulator.scenario.expressions import ExpressionError, VarType, check, parse
from simulator.scenario.medicines import check_medicines
from simulator.scenario.models import Scenario
from simulator.scenario.topic_checks import check_topics
from simulator.scenario.yamlio import Document, PathKey


def scenario_variables(scenario: Scenario) -> dict[str, VarType]:
    """All names an expression in ``scenario`` may read, with scenario-specific choices."""
    variables = vocab.base_variables()
    states = tuple(s.name for s in scenario.flow.states)
    decisions = tuple(
        f"{s.name}.{c.id}" for s in scenario.flow.states if s.decision for c in s.decision.choices
    )
    topics = tuple(f"topic.{t.id}" for t in scenario.interview.topics)
    variables["asked"] = VarType("set", "Topics asked about", vocab.intent_ids() + topics)
    variables["revealed"] = VarType("set", "Facts disclosed", tuple(scenario.interview.facts))
    variables["decisions"] = VarType("set", "Decisions at follow-up visits", decisions)
    variables["visited"] = VarType("set", "Steps visited", states)
    variables["state"] = VarType("text", "Current step", states)
    variables["plan.accepted"] = VarType(
        "set", "The case's accepted alternative plans this plan is",
        tuple(a.id for a in scenario.rules.accept),
    )
    variables.update(course_variables())
    return variables


def _check_visit_answers(scenario: Scenario, doc: Document, expr: Any, intents: set[str]) -> list[Problem]:
    """A visit step's own answers: known intents, conditions that check, nothing disclosed."""
    problems: list[Problem] = []
    for n, state in enumerate(scenario.flow.states):
        for intent, answers in state.answers.items():
            base = ("flow", "states", n, "answers", intent)
            if intent not in intents:
                problems.append(doc.problem(base, _unknown("interview intent", intent, intents), key=True))
            if state.phase != "visit":
                problems.append(doc.problem(base, "only a visit step has answers of its own", key=True))
            for i, answer in enumerate(answers):
                expr((*base, i, "when"), answer.when)
                if answer.reveals:
                    problems.append(
                        doc.problem((*base, i, "reveals"), "a visit's answer discloses no interview fact")
                    )
    return problems


def _check_visit_reason(scenario: Scenario, doc: Document) -> list[Problem]:
    """``interview.visit_reason`` names an intent the case answers or one of its topics."""
    reason = scenario.interview.visit_reason
    if reason is None:
        if scenario.interview.visit_reason_says is not None:
            return [doc.problem(("interview", "visit_reason_says"),
                                "visit_reason_says needs visit_reason: the answer it stands in for")]
        return []
    answered = {i for i, answers in scenario.interview.answers.items() if answers}
    answered |= {"topic." + t.id for t in scenario.interview.topics if t.answers}
    if reason in answered:
        return []
    return [doc.problem(("interview", "visit_reason"), _unknown("visit reason (an intent the case answers "
                                                                "or topic.<id>)", reason, answered))]


def check_scenario(scenario: Scenario, doc: Document) -> list[Problem]:
    """Every cross-reference problem in ``scenario``, positioned in ``doc``."""
    problems: list[Problem] = []
    variables = scenario_variables(scenario)
    intents = set(vocab.intent_ids())
    facts = set(scenario.interview.facts)

    def expr(path: PathKey, source: str | None) -> None:
        if source is None:
            return
        try:
            check(parse(source), variables)
        except ExpressionError as exc:
            rows = source.split("\n")
            offset = sum(len(r) + 1 for r in rows[: exc.line - 1]) + exc.col - 1
            line, col = doc.position_in_value(path, offset)
            problems.append(Problem(doc.file, line, col, f"in expression: {exc.message}"))

    # interview answers
    for intent, answers in scenario.interview.answers.items():
        base = ("interview", "answers", intent)
        if intent not in intents:
            problems.append(
                doc.problem(base, _unknown("interview intent", intent, intents), key=True)
            )
        for i, answer in enumerate(answers):
            expr((*base, i, "when"), answer.when)
            for j, fact in enumerate(answer.reveals):
                if fact not in facts:
                    problems.append(
                        doc.problem((*base, i, "reveals", j), _unknown("fact", fact, facts))
                    )

    problems.extend(check_topics(scenario, doc, variables))
    problems += _check_visit_reason(scenario, doc)

    problems += _check_visit_answers(scenario, doc, expr, intents)

    # assessment truth consistent with DSM-5 counting
    truth = scenario.assessment
    counted = counted_criteria(truth.criteria, truth.supervised_use)
    expected = severity_for_count(len(counted))
    if truth.severity != expected:
        problems.append(
            doc.problem(
                ("assessment", "severity"),
                f"severity is {truth.severity!r} but the {len(counted)} criteria that count "
                f"give {expected!r} (tolerance and withdrawal do not count under supervised use)",
            )
        )
    if truth.diagnosis == "oud" and len(counted) < 2:
        problems.append(
            doc.problem(
                ("assessment", "diagnosis"), "diagnosis is 'oud' but fewer than 2 criteria count"
            )
        )
    if truth.diagnosis != "oud" and len(counted) >= 2:
        problems.append(
            doc.problem(
                ("assessment", "diagnosis"),
                f"{len(counted)} criteria count, which meets opioid use disorder; diagnosis should be 'oud'",
            )
        )
    if len(set(truth.criteria)) != len(truth.criteria):
        problems.append(doc.problem(("assessment", "criteria"), "a criterion is listed twice"))

    problems += _check_flow(scenario, doc, expr)
    problems += check_course(scenario, doc, expr)
    problems += _check_choices_and_rules(scenario, doc, expr)

    problems += _check_case_guidance(scenario, doc)
    # rubric
    ids: dict[str, int] = {}
    known = catalogue.all_ids() | {g.id for g in scenario.guidance}
    for i, item in enumerate(scenario.rubric):
        base = ("rubric", i)
        if item.id in ids:
            problems.append(
                doc.problem(
                    (*base, "id"),
                    f"rubric id {item.id!r} is already used by item {ids[item.id] + 1}",
                )
            )
        ids.setdefault(item.id, i)
        if item.guidance not in known:
            problems.append(doc.problem((*base, "guidance"), _unknown_guidance(item.guidance, known)))
        if item.parts and item.expect:
            problems.append(doc.problem((*base, "expect"), "give either 'expect' or 'parts', not both"))
        elif not item.parts:
            if not item.expect.strip():
                problems.append(doc.problem(base, "a rubric item needs 'expect' (or 'parts')"))
            else:
                expr((*base, "expect"), item.expect)
        for j, part in enumerate(item.parts):
            expr((*base, "parts", j, "expect"), part.expect)
        expr((*base, "applies"), item.applies)
    problems += _check_items(scenario, doc, known)
    problems += check_medicines(scenario, doc)
    if scenario.max_score <= 0:
        problems.append(doc.problem(("rubric",), "the rubric awards no points"))
    return problems


def _check_choices_and_rules(scenario: Scenario, doc: Document, expr) -> list[Problem]:
    """Choice conditions, and the per-case rule settings: known rule ids, each raised once and
    to a higher severity than the rule's own, accepted plans with unique ids and valid conditions."""
    from simulator.clinical.safety import RULE_IDS

    problems: list[Problem] = []
    for i, state in enumerate(scenario.flow.states):
        for j, choice in enumerate(state.decision.choices if state.decision else ()):
            expr(("flow", "states", i, "decision", "choices", j, "when"), choice.when)
    seen: set[str] = set()
    for i, setting in enumerate(scenario.rules.raise_):
        path: PathKey = ("rules", "raise", i, "rule")
        if setting.rule not in RULE_IDS:
            problems.append(doc.problem(path, _unknown("safety rule", setting.rule, set(RULE_IDS))))
        elif setting.rule in seen:
            problems.append(doc.problem(path, f"the rule {setting.rule!r} is raised twice"))
        seen.add(setting.rule)
    ids: set[str] = set()
    for i, accepted in enumerate(scenario.rules.accept):
        if accepted.id in ids:
            problems.append(
                doc.problem(("rules", "accept", i, "id"), f"the id {accepted.id!r} is used twice")
            )
        ids.add(accepted.id)
        expr(("rules", "accept", i, "when"), accepted.when)
    return problems


def _check_flow(scenario: Scenario, doc: Document, expr) -> list[Problem]:
    problems: list[Problem] = []
    flow = scenario.flow
    names: dict[str, int] = {}
    for i, state in enumerate(flow.states):
        if state.name in names:
            problems.append(
                doc.problem(("flow", "states", i, "name"), f"state {state.name!r} is defined twice")
            )
        names.setdefault(state.name, i)
        if state.decision:
            seen: set[str] = set()
            for j, choice in enumerate(state.decision.choices):
                if choice.id in seen:
                    problems.append(
                        doc.problem(
                            ("flow", "states", i, "decision", "choices", j, "id"),
                            f"choice {choice.id!r} is used twice in this decision",
                        )
                    )
                seen.add(choice.id)
        if state.phase == "visit" and state.measures is None and scenario.course is None:
            problems.append(
                doc.problem(
                    ("flow", "states", i),
                    f"visit {state.name!r} needs 'measures' for the course chart",
                )
            )
    if flow.initial not in names:
        problems.append(doc.problem(("flow", "initial"), _unknown("state", flow.initial, names)))
    if not any(s.phase == "debrief" for s in flow.states):
        problems.append(
            doc.problem(("flow", "states"), "the flow needs a state with phase 'debrief'")
        )

    edges: dict[str, list[str]] = {n: [] for n in names}
    for i, t in enumerate(flow.transitions):
        base = ("flow", "transitions", i)
        sources = [t.source] if isinstance(t.source, str) else list(t.source)
        for j, src in enumerate(sources):
            if src != "*" and src not in names:
                path = (*base, "source") if isinstance(t.source, str) else (*base, "source", j)
                problems.append(doc.problem(path, _unknown("state", src, names)))
        if t.dest not in names:
            problems.append(doc.problem((*base, "dest"), _unknown("state", t.dest, names)))
        expr((*base, "when"), t.when)
        for src in names if "*" in sources else sources:
            if src in edges and t.dest in names:
                edges[src].append(t.dest)
    if problems:
        return problems
    # reachability and dead ends
    reached = {flow.initial}
    queue = deque([flow.initial])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in reached:
                reached.add(nxt)
                queue.append(nxt)
    for i, state in enumerate(flow.states):
        if state.name not in reached:
            problems.append(
                doc.problem(
                    ("flow", "states", i, "name"), f"state {state.name!r} can never be reached"
                )
            )
        elif state.phase != "debrief" and not edges[state.name]:
            problems.append(
                doc.problem(
                    ("flow", "states", i, "name"),
                    f"state {state.name!r} is a dead end: no transition leaves it",
                )
            )
    return problems


def _check_items(scenario: Scenario, doc: Document, known: set[str]) -> list[Problem]:
    """Check items (before and after): unique ids, known guidance, one best answer."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(scenario.check):
        base = ("check", i)
        if item.id in seen:
            problems.append(doc.problem((*base, "id"), f"check item id {item.id!r} is used twice"))
        seen.add(item.id)
        for j, gid in enumerate(item.guidance):
            if gid not in known:
                problems.append(doc.problem((*base, "guidance", j), _unknown_guidance(gid, known)))
        if item.kind == "single" and sum(o.correct for o in item.options) != 1:
            problems.append(doc.problem(
                (*base, "options"),
                "a single-best-answer item needs exactly one option with 'correct: true' "
                "(use kind: true_false for several true statements)",
            ))
    return problems


def _unknown_guidance(value: str, known) -> str:
    from simulator.scenario.messages import did_you_mean

    hint = did_you_mean(value, sorted(known))
    if hint:
        return f"unknown guidance id {value!r}{hint}"
    return (
        f"unknown guidance id {value!r}; the catalogue's ids are listed in docs/REFERENCE.md "
        "(Guidance ids), or declare the point under 'guidance:' in this file"
    )


def _check_case_guidance(scenario: Scenario, doc: Document) -> list[Problem]:
    """The case's own guidance entries: new ids only, each once."""
    problems: list[Problem] = []
    seen: set[str] = set()
    catalogued = catalogue.all_ids()
    for i, entry in enumerate(scenario.guidance):
        path = ("guidance", i, "id")
        if entry.id in catalogued:
            existing = catalogue.get(entry.id)
            problems.append(
                doc.problem(
                    path,
                    f"guidance id {entry.id!r} is already in the catalogue ({existing.title}); a case "
                    "may not replace it: cite it from the rubric as it is, or give this entry a new id "
                    f"such as 'case.{entry.id.split('.')[-1]}'",
                )
            )
        elif entry.id in seen:
            problems.append(doc.problem(path, f"guidance id {entry.id!r} is declared twice in this file"))
        seen.add(entry.id)
    return problems


def _unknown(what: str, value: str, known) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {what} {value!r}{hint}"
