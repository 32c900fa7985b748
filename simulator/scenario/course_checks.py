"""Checks of a scenario's course part: narrative conditions, placeholders, and narrative truth.

Errors: every narrative ``when`` is a checked expression; a placeholder must be one the engine
fills. Warnings (``lint``, and shown by ``validate``): a narrative that names a medicine or a
therapy the plan may not contain when the text is shown. "May not contain" is decided from the
conditions themselves: the text's own ``when`` together with the guards of every transition
into its state must guarantee the plan holds what the text names (e.g. ``'cbt' in
plan.nonopioid``, ``plan.moud == 'buprenorphine'``, ``course.on_buprenorphine``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lark import Token, Tree

from simulator.errors import Problem
from simulator.scenario.expressions import ExpressionError, parse
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document, PathKey

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = ("day", "week", "cows", "mme", "pain", "missed", "use_day", "refill_day")

#: What a text may name, and the plan fact that must hold for it to be true.
#: ``nonopioid:any`` is any non-opioid care at all ("the pain plan").
TERMS: tuple[tuple[str, str], ...] = (
    (r"\bduloxetine\b", "nonopioid:duloxetine"),
    (r"\b(gabapentin|pregabalin|gabapentinoid)\b", "nonopioid:gabapentinoid"),
    (r"\btopical (nsaid|anti-inflammator\w*|diclofenac)\b", "nonopioid:topical_nsaid"),
    (r"\bcapsaicin\b", "nonopioid:topical_capsaicin"),
    (r"\blow-dose naltrexone\b", "nonopioid:low_dose_naltrexone"),
    (r"\bphysio(therapy|therapist)?\b", "nonopioid:physiotherapy"),
    (r"\b(cbt|cognitive behaviou?ral)\b", "nonopioid:cbt"),
    (r"\bacceptance and commitment\b", "nonopioid:act"),
    (r"\bmindfulness\b", "nonopioid:mindfulness"),
    (r"\bexercise (programme|program|plan)\b", "nonopioid:exercise"),
    (r"\b(pain plan|pain care)\b", "nonopioid:any"),
    (r"\b(buprenorphine|suboxone)\b", "moud:buprenorphine"),
    (r"\bmethadone\b", "moud:methadone"),
    (r"(?<!low-dose )\bnaltrexone\b", "moud:naltrexone_xr"),
    (r"(?<!/)\bnaloxone\b(?!/)", "naloxone"),
    (r"\burine (testing|drug test\w*|drug screen\w*)\b", "urine_testing"),
)
_LABELS = {
    "nonopioid:any": "non-opioid pain care",
    "moud:buprenorphine": "buprenorphine",
    "moud:methadone": "methadone",
    "moud:naltrexone_xr": "extended-release naltrexone",
    "naloxone": "naloxone",
    "urine_testing": "urine testing",
}


def check_course(
    scenario: Scenario, doc: Document, expr: Callable[[PathKey, str | None], None]
) -> list[Problem]:
    """Errors in the course part: narrative conditions and placeholders."""
    problems: list[Problem] = []
    for i, state in enumerate(scenario.flow.states):
        base: PathKey = ("flow", "states", i)
        for j, variant in enumerate(state.narratives):
            expr((*base, "narratives", j, "when"), variant.when)
            for field in ("text", "patient_says"):
                problems += _placeholders(doc, (*base, "narratives", j, field), getattr(variant, field))
        for field in ("narrative", "patient_says"):
            problems += _placeholders(doc, (*base, field), getattr(state, field))
        for j, choice in enumerate(state.decision.choices if state.decision else ()):
            expr((*base, "decision", "choices", j, "when"), choice.when)
    if scenario.course is None:
        problems += _course_names_without_model(scenario, doc)
    return problems


def _course_names_without_model(scenario: Scenario, doc: Document) -> list[Problem]:
    """``course.*`` has values only when the scenario has a course block."""
    sources: list[tuple[PathKey, str | None]] = [
        (("flow", "transitions", i, "when"), t.when) for i, t in enumerate(scenario.flow.transitions)
    ]
    sources += [(("rubric", i, "expect"), item.expect) for i, item in enumerate(scenario.rubric)]
    for i, state in enumerate(scenario.flow.states):
        sources += [
            (("flow", "states", i, "narratives", j, "when"), v.when) for j, v in enumerate(state.narratives)
        ]
        sources += [
            (("flow", "states", i, "decision", "choices", j, "when"), c.when)
            for j, c in enumerate(state.decision.choices if state.decision else ())
        ]
    out = []
    for path, source in sources:
        if not source:
            continue
        try:
            names = [n for n in parse(source).names() if n.startswith("course.")]
        except ExpressionError:
            continue  # reported by the expression check
        if names:
            out.append(
                doc.problem(path, f"{names[0]!r} needs a 'course:' block (the course model) in this file")
            )
    return out


def _placeholders(doc: Document, path: PathKey, text: str) -> list[Problem]:
    out = []
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1) not in PLACEHOLDERS:
            line, col = doc.position_in_value(path, m.start())
            out.append(
                Problem(
                    doc.file,
                    line,
                    col,
                    (
                        f"unknown placeholder {{{m.group(1)}}}; the course fills "
                        + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                    ),
                )
            )
    return out


# ---------------------------------------------------------------------- narrative truth


def narrative_warnings(scenario: Scenario, doc: Document) -> list[Problem]:
    """Narratives that name something the plan may not contain when they are shown."""
    warnings: list[Problem] = []
    by_decision = decision_facts(scenario)
    incoming = _incoming_facts(scenario, by_decision)
    on_chart = chart_facts(scenario)
    for i, state in enumerate(scenario.flow.states):
        if state.phase != "visit":
            continue
        base: PathKey = ("flow", "states", i)
        entry = incoming.get(state.name, frozenset()) | on_chart
        texts: list[tuple[PathKey, str, frozenset[str]]] = [
            ((*base, "narrative"), state.narrative, entry),
            ((*base, "patient_says"), state.patient_says, entry),
        ]
        for j, variant in enumerate(state.narratives):
            facts = entry | (guaranteed(variant.when, by_decision) | considered(variant.when)
                             if variant.when else frozenset())
            texts.append(((*base, "narratives", j, "text"), variant.text, facts))
            texts.append(((*base, "narratives", j, "patient_says"), variant.patient_says, facts))
        for path, text, facts in texts:
            for start, word, fact in mentions(text):
                if not _holds(fact, facts):
                    line, col = doc.position_in_value(path, start)
                    what = _LABELS.get(fact, fact.split(":")[-1].replace("_", " "))
                    warnings.append(
                        Problem(
                            doc.file,
                            line,
                            col,
                            (
                                f"this text names {word!r}, but the plan may not include {what} when it is "
                                "shown; add a condition such as "
                                f"{_suggest(fact)!r} to this narrative"
                            ),
                            "warning",
                        )
                    )
    return warnings


#: What a medicine on the chart makes true to name: methadone or buprenorphine as the pain
#: regimen is the patient's own medicine, whatever the plan does with it.
_CHART_FACTS = {"methadone": "moud:methadone", "buprenorphine": "moud:buprenorphine"}


def chart_facts(scenario: Scenario) -> frozenset[str]:
    """Facts a text may name because the chart holds them (a medicine the patient already takes)."""
    names = [item.drug for item in scenario.chart.regimen] + [m.drug for m in scenario.chart.co_medications]
    found = set()
    for name in names:
        first = name.strip().lower().split()[0] if name.strip() else ""
        if first in _CHART_FACTS:
            found.add(_CHART_FACTS[first])
    return frozenset(found)


def considered(source: str) -> frozenset[str]:
    """Facts an expression reads in any sense, negated included: a text shown under
    ``not plan.naloxone`` ("the ambulance crew gave it") names naloxone knowingly."""
    try:
        tree = parse(source).tree
    except ExpressionError:
        return frozenset()
    found: set[str] = set()
    for node in tree.iter_subtrees():
        if node.data in ("dotted", "in_", "compare", "call"):
            found |= _facts(node, {})
    return frozenset(found)


def mentions(text: str) -> Iterable[tuple[int, str, str]]:
    """(offset, word, required fact) for every medicine or therapy ``text`` names."""
    for pattern, fact in TERMS:
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            yield m.start(), m.group(0), fact


def _suggest(fact: str) -> str:
    kind, _, value = fact.partition(":")
    if kind == "nonopioid":
        return "len(plan.nonopioid) >= 1" if value == "any" else f"'{value}' in plan.nonopioid"
    if kind == "moud":
        return f"plan.moud == '{value}'"
    return f"plan.{fact}"


def _holds(fact: str, facts: frozenset[str]) -> bool:
    if fact in facts:
        return True
    if fact == "nonopioid:any":
        return any(f.startswith("nonopioid:") for f in facts)
    return False


def decision_facts(scenario: Scenario) -> dict[str, frozenset[str]]:
    """What each visit decision adds to the plan (``state.choice`` -> facts), from its effects."""
    out: dict[str, frozenset[str]] = {}
    for state in scenario.flow.states:
        for choice in state.decision.choices if state.decision else ():
            facts: set[str] = set()
            for effect in choice.effects:
                facts |= EFFECT_FACTS.get(effect, set())
            out[f"{state.name}.{choice.id}"] = frozenset(facts)
    return out


#: Plan facts a decision effect makes true from its visit on.
EFFECT_FACTS: dict[str, set[str]] = {
    "add_pain_care": {"nonopioid:physiotherapy", "nonopioid:cbt"},
    "add_topical": {"nonopioid:topical_nsaid", "nonopioid:exercise"},
    "start_buprenorphine": {"moud:buprenorphine"},
    "give_naloxone": {"naloxone"},
}


def _incoming_facts(scenario: Scenario, by_decision: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """For each state, the plan facts every transition into it guarantees."""
    found: dict[str, frozenset[str] | None] = {}
    for t in scenario.flow.transitions:
        facts = guaranteed(t.when, by_decision) if t.when else frozenset()
        before = found.get(t.dest)
        found[t.dest] = facts if before is None else before & facts
    return {k: v or frozenset() for k, v in found.items()}


def guaranteed(source: str, by_decision: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    """The plan facts an expression guarantees whenever it holds (conservative)."""
    try:
        return _facts(parse(source).tree, by_decision or {})
    except ExpressionError:
        return frozenset()


def _name(node: Tree | Token) -> str | None:
    if isinstance(node, Tree) and node.data == "dotted":
        return ".".join(str(t) for t in node.children)
    return None


def _string(node: Tree | Token) -> str | None:
    if isinstance(node, Tree) and node.data == "string":
        return str(node.children[0])[1:-1]
    return None


def _facts(node: Tree | Token, by_decision: dict[str, frozenset[str]]) -> frozenset[str]:
    if not isinstance(node, Tree):
        return frozenset()
    kind = node.data
    if kind == "and_":
        out: frozenset[str] = frozenset()
        for child in node.children:
            out |= _facts(child, by_decision)
        return out
    if kind == "or_":
        sets = [_facts(c, by_decision) for c in node.children]
        return frozenset.intersection(*sets) if sets else frozenset()
    if kind == "dotted":
        name = _name(node)
        return {
            "plan.naloxone": frozenset({"naloxone"}),
            "plan.urine_testing": frozenset({"urine_testing"}),
            "course.naloxone": frozenset({"naloxone"}),
            "course.on_buprenorphine": frozenset({"moud:buprenorphine"}),
            "course.on_methadone": frozenset({"moud:methadone"}),
        }.get(name or "", frozenset())
    if kind == "in_":
        item, container = node.children
        value, where = _string(item), _name(container)
        if value and where == "plan.nonopioid":
            return frozenset({f"nonopioid:{value}"})
        if value and where == "decisions":
            return by_decision.get(value, frozenset())
        return frozenset()
    if kind == "compare":
        left, op, right = node.children
        name, value = _name(left), _string(right)
        if name is None:
            name, value = _name(right), _string(left)
        if str(op) == "==" and name == "plan.moud" and value:
            return frozenset({f"moud:{value}"})
        if name is None and isinstance(left, Tree) and left.data == "call":
            return _len_fact(left, str(op), right)
        return frozenset()
    if kind == "call":
        fname = str(node.children[0])
        args = node.children[1:]
        if fname == "all_in" and len(args) == 2 and _name(args[0]) == "plan.nonopioid":
            items = args[1]
            if isinstance(items, Tree) and items.data == "list_":
                return frozenset(f"nonopioid:{_string(c)}" for c in items.children if _string(c))
        if fname == "any_in" and len(args) == 2 and _name(args[0]) == "plan.nonopioid":
            return frozenset({"nonopioid:some"})
    return frozenset()


def _len_fact(call: Tree, op: str, right: Tree | Token) -> frozenset[str]:
    if str(call.children[0]) != "len" or _name(call.children[1]) != "plan.nonopioid":
        return frozenset()
    if isinstance(right, Tree) and right.data == "number":
        n = float(str(right.children[0]))
        if (op == ">=" and n >= 1) or (op == ">" and n >= 0):
            return frozenset({"nonopioid:some"})
    return frozenset()

