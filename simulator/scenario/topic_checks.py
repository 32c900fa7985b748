"""Checks of a scenario's case topics (``interview.topics``).

Errors (part of loading): duplicate topic ids, facts a topic answer reveals that do not exist,
``when`` expressions that do not check. Warnings (``validate`` prints them, the file still
loads): a topic phrasing that the core intent model already reads confidently as a core
intent, so the topic and that intent would compete for the same questions.
"""

from __future__ import annotations

from simulator.errors import Problem
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document

# A topic phrasing the core model reads as a core intent with at least this confidence
# overlaps that intent.
OVERLAP_CONFIDENCE = 0.60


def check_topics(scenario: Scenario, doc: Document) -> list[Problem]:
    """Errors in the case topics of ``scenario``, positioned in ``doc``."""
    from simulator.scenario.checks import scenario_variables
    from simulator.scenario.expressions import ExpressionError, check, parse

    problems: list[Problem] = []
    facts = set(scenario.interview.facts)
    seen: set[str] = set()
    variables = None
    for i, topic in enumerate(scenario.interview.topics):
        base = ("interview", "topics", i)
        if topic.id in seen:
            problems.append(doc.problem((*base, "id"), f"duplicate topic id {topic.id!r}"))
        seen.add(topic.id)
        for j, answer in enumerate(topic.answers):
            for k, fact in enumerate(answer.reveals):
                if fact not in facts:
                    known = ", ".join(sorted(facts)) or "none"
                    problems.append(
                        doc.problem(
                            (*base, "answers", j, "reveals", k),
                            f"unknown fact {fact!r} (facts: {known})",
                        )
                    )
            if answer.when is not None:
                variables = variables or scenario_variables(scenario)
                try:
                    check(parse(answer.when), variables)
                except ExpressionError as exc:
                    problems.append(
                        doc.problem((*base, "answers", j, "when"), f"in expression: {exc.message}")
                    )
    return problems


def topic_warnings(scenario: Scenario, doc: Document) -> list[Problem]:
    """A warning for every topic phrasing that reads as a core intent (uses the model)."""
    if not scenario.interview.topics:
        return []
    from simulator.patient.understanding import match_question
    from simulator.scenario import vocabulary as vocab

    warnings: list[Problem] = []
    for i, topic in enumerate(scenario.interview.topics):
        for j, phrasing in enumerate(topic.phrasings):
            m = match_question(phrasing)
            if m.intent is not None and m.confidence >= OVERLAP_CONFIDENCE:
                p = doc.problem(
                    ("interview", "topics", i, "phrasings", j),
                    f"topic {topic.id!r} overlaps the core intent {m.intent} "
                    f'("{vocab.intent_question(m.intent)}"): this phrasing reads as that intent '
                    f"({round(m.confidence * 100)}% sure); reword it around what is particular to "
                    "the case, or answer the core intent instead",
                )
                warnings.append(Problem(p.file, p.line, p.col, p.message, "warning"))
    return warnings
