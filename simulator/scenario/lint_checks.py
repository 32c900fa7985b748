"""``lint`` warnings read from the scenario file alone (no session is played).

Each warning is ``FILE:LINE:COL: warning: ...`` and says what would make it go away:

* core interview intents the case leaves unanswered (named), so the patient deflects them;
* facts no answer or topic ever reveals;
* answer-key criteria (``assessment.criteria``) no revealable fact supports;
* co-medications whose name is not a known medicine (a misspelling: the nearest known name);
* guards that can read a value that is not set yet on some path (the plan before the plan step,
  the assessment before the assessment step, a decision of a visit that cannot have happened
  yet, taper figures when the plan may not taper).

Warnings that need the case played (rubric items no path can earn, states no playthrough visits)
are in :mod:`simulator.commands.lint`, which also runs these.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from simulator.clinical.drugs import (
    KNOWN_NON_OPIOIDS,
    class_label,
    nearest_in_class,
    opioid_key,
    opioid_kind,
    urine_opioid_kind,
)
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.rules import COWS_READY, MIN_WAIT_HOURS
from simulator.errors import Problem
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import ExpressionError, parse
from simulator.scenario.interview_checks import interview_warnings
from simulator.scenario.models import Scenario
from simulator.scenario.urgent import authored
from simulator.scenario.yamlio import Document, PathKey

# Names of the values the plan and the assessment set (with their defaults before).
_PLAN = ("plan.", "safety.")
_ASSESSMENT = ("dx.",)
_TAPER = ("plan.taper_",)
_DECISION = re.compile(r"""['"]([a-z][a-z0-9_-]*)\.([a-z][a-z0-9_-]*)['"]\s+(not\s+)?in\s+decisions""")


def _warn(doc: Document, path: PathKey, message: str, *, key: bool = False) -> Problem:
    p = doc.problem(path, message, key=key)
    return Problem(p.file, p.line, p.col, p.message, "warning")


def scenario_lint_warnings(scenario: Scenario, doc: Document) -> list[Problem]:
    """Every warning of this module for a scenario that loads (its own flow, not the urgent visits
    the loader adds)."""
    scenario = authored(scenario)
    return [
        *unanswered_intents(scenario, doc),
        *no_visit_reason(scenario, doc),
        *unrevealed_facts(scenario, doc),
        *unsupported_criteria(scenario, doc),
        *unknown_co_medications(scenario, doc),
        *untimed_last_dose(scenario, doc),
        *guard_warnings(scenario, doc),
        *unchecked_critical_guidance(scenario, doc),
        *interview_warnings(scenario, doc),
    ]


def unchecked_critical_guidance(scenario: Scenario, doc: Document) -> list[Problem]:
    """A case with check items should test what its critical rubric items teach."""
    if not scenario.check:
        return []
    tested = {g for item in scenario.check for g in item.guidance}
    problems: list[Problem] = []
    for i, item in enumerate(scenario.rubric):
        if item.critical and item.guidance not in tested:
            tested.add(item.guidance)  # once per guidance point
            title = scenario.guidance_entry(item.guidance)
            name = getattr(title, "title", item.guidance)
            problems.append(_warn(
                doc, ("rubric", i, "guidance"),
                f"the critical point {name!r} ({item.guidance}) has no check item; add one under "
                "'check:' so the before-and-after check measures it",
            ))
    return problems


def no_visit_reason(scenario: Scenario, doc: Document) -> list[Problem]:
    """An opener ("what brings you in today?") is answered with the case's reason for the visit."""
    if scenario.interview.visit_reason is not None:
        return []
    return [_warn(
        doc, ("interview",),
        "the case has no interview.visit_reason, so 'what brings you in today?' is answered with "
        "the patient's worries (goals.concerns); name the intent or topic.<id> that is the reason "
        "for the visit, e.g. 'visit_reason: topic.dose_increase'",
        key=True,
    )]


def unanswered_intents(scenario: Scenario, doc: Document) -> list[Problem]:
    missing = [i for i in vocab.intent_ids() if i not in scenario.interview.answers]
    if not missing:
        return []
    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return [
        _warn(
            doc,
            ("interview", "answers"),
            f"{len(missing)} core interview intent(s) have no answer, so the patient deflects them: "
            f"{shown}; add an answer for each under interview.answers",
            key=True,
        )
    ]


def _revealed(scenario: Scenario) -> set[str]:
    found: set[str] = set()
    for answers in scenario.interview.answers.values():
        for answer in answers:
            found.update(answer.reveals)
    for topic in scenario.interview.topics:
        for answer in topic.answers:
            found.update(answer.reveals)
    return found


def unrevealed_facts(scenario: Scenario, doc: Document) -> list[Problem]:
    revealed = _revealed(scenario)
    out = []
    for fact in scenario.interview.facts:
        if fact not in revealed:
            out.append(
                _warn(
                    doc,
                    ("interview", "facts", fact),
                    f"fact {fact!r} is never revealed: no answer or topic lists it under 'reveals'; "
                    f"add `reveals: [{fact}]` to the answer that discloses it, or remove the fact",
                    key=True,
                )
            )
    return out


def unsupported_criteria(scenario: Scenario, doc: Document) -> list[Problem]:
    revealed = _revealed(scenario)
    supported: set[str] = set()
    for fact_id, fact in scenario.interview.facts.items():
        if fact_id in revealed:
            supported.update(fact.criteria)
    out = []
    for i, criterion in enumerate(scenario.assessment.criteria):
        if criterion not in supported:
            facts = [f for f in scenario.interview.facts if f in revealed]
            hint = (
                f"add {criterion!r} to the criteria of the fact that shows it (revealed facts: "
                f"{', '.join(facts)})"
                if facts
                else "add a fact that shows it, with this criterion, and an answer that reveals it"
            )
            out.append(
                _warn(
                    doc,
                    ("assessment", "criteria", i),
                    f"the answer key lists criterion {criterion!r} "
                    f"({vocab.DSM5_SHORT.get(criterion, criterion)}), but no fact the patient can "
                    f"reveal supports it, so the trainee cannot find it; {hint}",
                )
            )
    return out


def unknown_co_medications(scenario: Scenario, doc: Document) -> list[Problem]:
    """A co-medication name the simulator does not know. A suggestion comes only from the same
    class (a misspelt diuretic is never 'corrected' to a benzodiazepine); otherwise the author is
    told the medicine is not known and where to list it."""
    out = []
    for i, med in enumerate(scenario.chart.co_medications):
        name = " ".join(med.drug.lower().split())
        if name in KNOWN_NON_OPIOIDS or med.drug_class == "other":
            continue
        try:
            opioid_key(name)
            continue  # an opioid here is an error reported by the loader
        except ClinicalInputError:
            pass
        close = nearest_in_class(name, med.drug_class)
        if close is not None:
            message = (
                f"{med.drug!r} is not a medicine the simulator knows; did you mean {close!r} "
                f"(also a {class_label(med.drug_class)})?"
            )
        else:
            message = (
                f"{med.drug!r} is not a medicine the simulator knows, so the safety rules go by "
                f"the class you gave ({class_label(med.drug_class)}); if that class is not right, "
                "list it under chart.other_medications instead"
            )
        out.append(_warn(doc, ("chart", "co_medications", i, "drug"), message))
    return out


def untimed_last_dose(scenario: Scenario, doc: Document) -> list[Problem]:
    """The chart's time of the last opioid dose, which times a buprenorphine or naltrexone start
    (docs/COURSE.md): missing while the chart shows an opioid (on the regimen, or on the urine
    screen), or too short for the withdrawal the baseline shows (spontaneous withdrawal begins
    about 6-12 hours after a short-acting opioid; CLINICAL-REFERENCE 4.5)."""
    chart = scenario.chart
    screen = chart.urine_drug_screen.results if chart.urine_drug_screen else []
    urine = [kind for r in screen if r.result == "positive"
             for kind in [urine_opioid_kind(r.substance)] if kind is not None]
    if not chart.regimen and not urine:
        return []
    hours = chart.last_opioid_dose_hours
    if hours is None:
        return [_warn(doc, ("chart",), "the chart shows an opioid but not when it was last taken: add "
                      "chart.last_opioid_dose_hours (hours since the last dose at the visit), which "
                      "times a buprenorphine or naltrexone start for the safety rules and the course",
                      key=True)]
    kinds = set(urine)
    for item in chart.regimen:
        try:
            kinds.add(opioid_kind(item.drug, item.formulation, item.unit))
        except ClinicalInputError:
            continue  # reported by the loader
    soonest = min((MIN_WAIT_HOURS[k] for k in kinds if k in MIN_WAIT_HOURS), default=None)
    cows = chart.baseline.cows if chart.baseline else 0
    if soonest is None or cows < COWS_READY or hours >= soonest:
        return []
    return [_warn(doc, ("chart", "last_opioid_dose_hours"),
                  f"the baseline shows withdrawal (COWS {cows:g}) only {hours:g} hours after the last "
                  f"opioid dose; withdrawal this clear takes {soonest} hours or more to come on: "
                  "check the time against the patient's story")]


# ---------------------------------------------------------------------- guards


def _edges(scenario: Scenario) -> dict[str, set[str]]:
    names = [s.name for s in scenario.flow.states]
    edges: dict[str, set[str]] = {n: set() for n in names}
    for t in scenario.flow.transitions:
        sources = [t.source] if isinstance(t.source, str) else list(t.source)
        for src in names if "*" in sources else sources:
            if src in edges and t.dest in edges:
                edges[src].add(t.dest)
    return edges


def _reachable(edges: dict[str, set[str]], start: str, avoid: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    if start in avoid:
        return set()
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen and nxt not in avoid:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _sources(scenario: Scenario) -> Iterator[tuple[PathKey, str, str, str]]:
    """(path, expression, the state it is read in, what it is) for every guard-like expression."""
    names = [s.name for s in scenario.flow.states]
    for i, t in enumerate(scenario.flow.transitions):
        if t.when:
            sources = [t.source] if isinstance(t.source, str) else list(t.source)
            for src in names if "*" in sources else sources:
                yield ("flow", "transitions", i, "when"), t.when, src, f"the guard leaving {src!r}"
    for i, state in enumerate(scenario.flow.states):
        for j, variant in enumerate(state.narratives):
            if variant.when:
                yield (
                    ("flow", "states", i, "narratives", j, "when"),
                    variant.when,
                    state.name,
                    f"the text condition in {state.name!r}",
                )
    interview = [s.name for s in scenario.flow.states if s.phase == "interview"]
    for where in interview[:1]:
        for intent, answers in scenario.interview.answers.items():
            for j, answer in enumerate(answers):
                if answer.when:
                    yield ("interview", "answers", intent, j, "when"), answer.when, where, "an answer's when"
        for k, topic in enumerate(scenario.interview.topics):
            for j, answer in enumerate(topic.answers):
                if answer.when:
                    path = ("interview", "topics", k, "answers", j, "when")
                    yield path, answer.when, where, "an answer's when"


def guard_warnings(scenario: Scenario, doc: Document) -> list[Problem]:
    """Conditions that can read a value not set yet when they are checked."""
    edges = _edges(scenario)
    initial = scenario.flow.initial
    phase = {s.name: s.phase for s in scenario.flow.states}
    plan_states = {n for n, p in phase.items() if p == "plan"}
    assessment_states = {n for n, p in phase.items() if p == "assessment"}
    # States reachable without passing a plan (assessment) step: there the plan is not set yet.
    before_plan = _reachable(edges, initial, plan_states)
    before_assessment = _reachable(edges, initial, assessment_states)
    ancestors: dict[str, set[str]] = {}  # states that can come before a state (or be it)
    reach = {n: _reachable(edges, n) for n in phase}
    for n in phase:
        ancestors[n] = {m for m in phase if n in reach[m]}
    out: list[Problem] = []
    for path, source, state, what in _sources(scenario):
        try:
            names = parse(source).names()
        except ExpressionError:
            continue
        plan_names = [n for n in names if n.startswith(_PLAN)]
        if plan_names and state in before_plan:
            out.append(
                _warn(
                    doc,
                    path,
                    f"{what} reads {plan_names[0]}, but the plan is not made yet there (it is made at "
                    f"the plan step, {', '.join(sorted(plan_states)) or 'which this case lacks'}); "
                    "the condition sees the empty plan: move it after the plan step",
                )
            )
        dx_names = [n for n in names if n.startswith(_ASSESSMENT)]
        if dx_names and state in before_assessment:
            out.append(
                _warn(
                    doc,
                    path,
                    f"{what} reads {dx_names[0]}, but the trainee has not assessed the patient yet "
                    "there; the condition sees an empty assessment: move it after the assessment step",
                )
            )
        taper = [n for n in names if n.startswith(_TAPER)]
        if taper and "plan.opioid" not in names:
            out.append(
                _warn(
                    doc,
                    path,
                    f"{taper[0]} is 0 unless the plan tapers; test the plan first, e.g. "
                    f"\"plan.opioid == 'taper' and {taper[0]} ...\"",
                )
            )
        earlier = sorted(v for v in ancestors[state] if _has_decision(scenario, v))
        for m in _DECISION.finditer(source):
            visit = m.group(1)
            if visit in phase and visit not in ancestors[state]:
                out.append(
                    _warn(
                        doc,
                        path,
                        f"{what} asks about the decision at {visit!r}, which cannot have happened "
                        f"before {state!r}: this part is always {'true' if m.group(3) else 'false'} "
                        f"there; ask about a visit that comes earlier "
                        f"({', '.join(earlier) or 'none'})",
                    )
                )
    return out


def _has_decision(scenario: Scenario, name: str) -> bool:
    return scenario.state(name).decision is not None
