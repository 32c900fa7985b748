"""Checks of a scenario's case topics (``interview.topics``).

Errors (part of loading): duplicate topic ids, facts a topic answer reveals that do not exist,
``when`` expressions that do not check. The warning that a topic phrasing reads as a core
intent needs the intent model, so it lives with it (:mod:`simulator.patient.topic_overlap`).
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.errors import Problem
from simulator.scenario.expressions import ExpressionError, VarType, check, parse
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document


def check_topics(scenario: Scenario, doc: Document, variables: Mapping[str, VarType]) -> list[Problem]:
    """Errors in the case topics of ``scenario``, positioned in ``doc`` (``variables``: the names
    an expression in the case may read)."""
    problems: list[Problem] = []
    facts = set(scenario.interview.facts)
    seen: set[str] = set()
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
                try:
                    check(parse(answer.when), variables)
                except ExpressionError as exc:
                    problems.append(
                        doc.problem((*base, "answers", j, "when"), f"in expression: {exc.message}")
                    )
    return problems
