"""Every plan the plan form can produce, followed through every visit it brings, and each visit's
words held against that visit's course state; and, for ``lint``, the course states the plan form
can bring a case's first visit to that the case writes no narrative for.

:func:`sweep_visits` (the full sweep; ``bench/visit_sweep.py`` runs it on every bundled case,
tests/scoring/test_visit_sweep.py runs it whole on the shortest cases and on an even sample of the
plans of the others): every plan of the plan sweep's grid is read as the course model and the
case's visits read it (:func:`visit_key`: the plan's fields, a buprenorphine or naltrexone start
reduced to whether it precipitates withdrawal and the COWS a standard start waits for, and the
``plan.*`` and ``safety.*`` values the case's flow reads); plans that read alike play alike, so
one of each is played. From the plan step it follows every choice at every visit, the engine's
urgent visits included, to the end of the course, and at each visit checks what the trainee reads
(:func:`visit_faults`): no part, patient line, choice or answer to a question there claims what the
day's course contradicts (:mod:`simulator.scenario.visit_claims`), severe withdrawal, an overdose
and a return to use are spoken of, every placeholder is filled, and every medicine or therapy named
is in the plan or was added at a visit. It also gathers what the engine had to do for the case:
write its default for a state (``untold``) or leave out the case's own words (``dropped``).

:func:`untold_states` (``lint``, quick): the first visits after the plan step only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from simulator.clinical import plan as plan_decl
from simulator.clinical.plan import PlanChoices
from simulator.engine.actions import ActionError, parse_action, plan_choices
from simulator.engine.session import Session
from simulator.engine.visit_talk import FROM_COURSE, visit_answer
from simulator.engine.visit_text import Person, compose
from simulator.engine.visits import (
    PLACEHOLDER,
    course_patient,
    course_values,
    fill_text,
    next_contact,
    shared_run,
    visit_parts,
)
from simulator.patient.course import simulate, start_precipitates, taper_schedule
from simulator.scenario import vocabulary as vocab
from simulator.scenario.course_checks import decision_facts, mentions
from simulator.scenario.expressions import compiled
from simulator.scenario.urgent import urgent_state
from simulator.scenario.visit_claims import contradictions, left_out
from simulator.scoring.plan_sweep import PlanContexts


@dataclass(frozen=True)
class Untold:
    """A visit the course can reach in a state the case writes nothing for: an example of it."""

    state: str
    missing: tuple[str, ...]  # the states the engine wrote its default for
    day: int
    cows: int
    plan: str  # the plan that leads there, in plain words


#: The plan form's fields the course model reads (with the taper's percent and interval).
_READ = ("opioid", "end_date_days", "moud", "induction", "induction_cows", "induction_wait_hours",
         "methadone_route", "naltrexone_free_days", "setting", "followup_days")


def _course_key(choices: PlanChoices, precipitates: bool, upto: int) -> tuple[Any, ...]:
    """What the course model reads of a plan up to day ``upto``, coarsely: plans that agree here
    run alike that far (a taper whose first step comes later runs as the dose held)."""
    taper: Any = None
    if choices.opioid == "taper":
        soon = choices.taper_interval_days <= upto
        taper = (choices.taper_percent, choices.taper_interval_days) if soon else "later"
    course = choices.end_date_days if choices.opioid == "short_course" else None
    cows = choices.induction_cows if choices.induction == "standard" else None
    return (choices.opioid, taper, course, choices.moud, choices.induction, choices.methadone_route,
            precipitates, cows, choices.setting)


def _plan_words(choices: PlanChoices) -> str:
    words = vocab.label(vocab.OPIOID_PLANS, choices.opioid).lower()
    if choices.opioid == "taper":
        words += f" {choices.taper_percent:g}% every {choices.taper_interval_days} days"
    if choices.moud != "none":
        words += f", {vocab.label(vocab.MOUD, choices.moud).lower()}"
        if choices.induction == "standard":
            words += f" at COWS {choices.induction_cows} after {choices.induction_wait_hours} h"
    return words


def untold_states(at_plan: Session, plans: Iterable[Mapping[str, Any]]) -> list[Untold]:
    """The first visits after the plan step that ``plans`` bring to a course state the case has no
    narrative for (``at_plan``: a session at the plan step with a plan recorded)."""
    scenario = at_plan.scenario
    if scenario.course is None or at_plan.data.plan is None:
        return []
    horizon = max(scenario.course.weeks * 7, 1)
    patient = course_patient(scenario, scenario.interview.rapport_start)
    person = Person.of(scenario.patient.name, scenario.patient.pronouns)
    outgoing = [
        t for t in scenario.flow.transitions
        if t.trigger == "advance" and ("plan" in _sources(t.source) or "*" in _sources(t.source))
    ]
    contexts = PlanContexts(at_plan)
    guarded = sorted({name for t in outgoing if t.when for name in compiled(t.when).names()
                      if name.startswith("plan.")})  # plan fields the guards out of the plan step read
    found: dict[tuple[str, tuple[str, ...]], Untold] = {}
    tried: set[tuple[Any, ...]] = set()
    read: set[str] = set()
    for plan in plans:
        taper = plan.get("taper") or {}
        raw = repr([plan.get(k) for k in _READ] + [taper.get("percent"), taper.get("interval_days")])
        if raw in read:
            continue  # differs only in what the course does not read (e.g. naloxone, the basis)
        read.add(raw)
        try:
            choices = plan_choices(parse_action(plan))
        except ActionError:
            continue
        # the first contact comes by the first follow-up the patient attends: run the course that
        # far, and the whole course only when nothing came by then
        upto = min(horizon, choices.followup_days + 1)
        read_by_guards = plan_decl.variables(choices)
        key = (*_course_key(choices, start_precipitates(patient, choices), upto),
               *(read_by_guards.get(name) for name in guarded))
        if key in tried:
            continue
        tried.add(key)
        base = contexts(plan)
        run = simulate(scenario.course.params, patient, choices, (), upto)
        dest, context = _next_visit(scenario, outgoing, run, base, upto)
        if upto < horizon and context.get("course.event") == "end":
            run = shared_run(scenario, (choices, ()), horizon)
            dest, context = _next_visit(scenario, outgoing, run, base, horizon)
        if dest is None or urgent_state(dest.name):
            continue  # the engine's own visits are held to every state by their own sweep
        fill = lambda text, c=context, r=run: fill_text(text, c, r)  # noqa: E731
        parts, says, offered = visit_parts(dest, context, fill)
        shown = compose(parts, says, offered, context, person)
        if shown.defaults:
            found.setdefault((dest.name, shown.defaults), Untold(
                dest.name, shown.defaults, context["course.day"], context["course.cows"], _plan_words(choices)
            ))
    return list(found.values())


def _sources(source: str | list[str]) -> list[str]:
    return [source] if isinstance(source, str) else source


def _next_visit(scenario: Any, outgoing: list[Any], run: Any, base: Mapping[str, Any], horizon: int):
    """The step the plan step leads to, as the session finds it, with the context of its day
    (None when it is not a visit)."""
    for t in outgoing:
        dest = scenario.state(t.dest)
        context = dict(base)
        if dest.phase == "visit":
            context.update(course_values(run, *next_contact(run, dest, 0, horizon)))
        if t.when is None or compiled(t.when).holds(context):
            return (dest, context) if dest.phase == "visit" else (None, context)
    return None, dict(base)


# ---------------------------------------------------------------- the full sweep: every visit


@dataclass(frozen=True)
class VisitFault:
    """What a trainee would read at a visit that its course state or its plan contradicts."""

    state: str
    day: int
    plan: str  # the plan, in plain words
    path: tuple[str, ...]  # the choices made at the visits before, in order
    what: str

    def __str__(self) -> str:
        before = ", ".join(self.path) or "none"
        return f"{self.state} on day {self.day} (plan: {self.plan}; choices before: {before}): {self.what}"


@dataclass
class VisitSweep:
    """What :func:`sweep_visits` found for one case."""

    scenario: str
    plans: int = 0  # plans of the form read
    distinct: int = 0  # of those, distinct as the course and the visits read them
    played: int = 0  # distinct plans followed through every visit (all, unless sampled)
    paths: int = 0  # paths of visit choices followed to the end of the course
    visits: int = 0  # visit pages checked
    faults: list[VisitFault] = field(default_factory=list)
    #: visits whose text the engine wrote its default for: (state, states) -> an example
    untold: dict[tuple[str, tuple[str, ...]], Untold] = field(default_factory=dict)
    #: the case's own words the engine left out: (state, claim) -> an example
    dropped: dict[tuple[str, str], VisitFault] = field(default_factory=dict)
    dead_ends: dict[str, str] = field(default_factory=dict)


#: Plan fields neither the course model nor the engine's visit words read (a case's flow may still
#: read them: then their values are part of the key through ``plan.*``).
_UNREAD_BY_COURSE = frozenset({"induction_wait_hours", "induction_cows", "methadone_route", "pdmp",
                               "urine_testing", "counselling", "trauma_informed", "taper_percent",
                               "taper_basis"})
_KEYED = tuple(name for name, _ in plan_decl.declared() if name not in _UNREAD_BY_COURSE)
#: What the safety rules' judgement of a start reads of a plan (:func:`clinical.safety.precipitates`).
_START = ("opioid", "moud", "induction", "induction_cows", "induction_wait_hours", "naltrexone_free_days",
          "taper_percent")


def flow_names(scenario: Any) -> frozenset[str]:
    """Every name the expressions of a case's flow read (guards, narratives, choices, answers)."""
    names: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "when" and isinstance(item, str) and item.strip():
                    names.update(compiled(item).names())
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(scenario.flow.model_dump())
    return frozenset(names)


def visit_key(
    patient: Any, choices: PlanChoices, read: Mapping[str, Any], memo: dict[Any, Any] | None = None
) -> tuple[Any, ...]:
    """A plan as the course model and a case's visits read it: plans with the same key run the
    same course and show the same visits. The hours waited before buprenorphine count only through
    whether the start precipitates withdrawal (the safety rules' judgement, which the course reads),
    the COWS waited for only in a standard start that does not, a taper only through the steps real
    tablets give (what the course plays); ``read``: the ``plan.*`` and ``safety.*`` values the
    case's flow reads. ``memo`` keeps the judgements of one patient's plans."""
    memo = {} if memo is None else memo
    start = tuple(getattr(choices, name) for name in _START)
    if start not in memo:
        memo[start] = start_precipitates(patient, choices)
    precipitates = memo[start]
    waits_for = choices.moud == "buprenorphine" and choices.induction == "standard" and not precipitates
    steps: Any = None
    if choices.opioid == "taper":  # the course plays the steps real tablets give, not the percent
        taper = ("taper", choices.taper_percent, choices.taper_interval_days, choices.taper_basis)
        if taper not in memo:
            doses, gaps = taper_schedule(patient, choices)
            memo[taper] = (tuple(round(d, 4) for d in doses), tuple(gaps))
        steps = memo[taper]
    return (tuple(getattr(choices, name) for name in _KEYED), precipitates,
            choices.induction_cows if waits_for else None, steps,
            tuple(sorted((k, repr(v)) for k, v in read.items())))


#: What the plan form takes beside the grid of :func:`plan_space` (which keeps the doses at "not
#: written" and the setting, follow-up, non-opioid care and psychological care at the expert's),
#: each tried alone on the first plan of every kind (opioid plan, medication for OUD, start):
#: buprenorphine's day-1 total and target, methadone's first dose and titration, the short course's
#: quantity and formulation, the benzodiazepine decision, the setting, the follow-up interval, no
#: or much non-opioid care, psychological care and naloxone. A bounded exploration: every value the
#: form offers is played on every kind of plan, not in every combination with every other.
DOSE_VARIANTS: dict[str, tuple[dict[str, Any], ...]] = {
    "buprenorphine": tuple({"bup_day1_mg": a, "bup_target_mg": b} for a, b in
                           ((2, 8), (8, 16), (16, 24), (24, 32), (0.5, 16))),
    "methadone": tuple({"methadone_start_mg": a, "methadone_step_mg": b, "methadone_step_days": c}
                       for a, b, c in ((10, 5, 5), (30, 5, 5), (40, 10, 3), (60, 0, 0))),
    "short_course": tuple({"short_course_tablets": n, "formulation": f} for n, f in
                          ((12, "immediate_release"), (40, "immediate_release"), (80, "immediate_release"),
                           (20, "extended_release"))),
    "any": (*({"benzodiazepine": b} for b in ("continue", "taper", "stop", "start")),
            *({"setting": s} for s in ("intensive_outpatient", "residential")),
            *({"followup_days": d} for d in (7, 90)),
            {"nonopioid": []}, {"nonopioid": ["physiotherapy", "cbt", "duloxetine", "topical_nsaid"]},
            {"psych_care": True}, {"naloxone": True}),
}


def form_plans(plans: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """``plans`` (the plan sweep's grid), then the prescriber's doses tried on the first plan of
    each kind (:data:`DOSE_VARIANTS`): every field the plan form offers is varied somewhere."""
    kinds: dict[tuple[Any, ...], dict[str, Any]] = {}
    for plan in plans:
        kinds.setdefault((plan.get("opioid"), plan.get("moud"), plan.get("induction")), dict(plan))
        yield dict(plan)
    for (opioid, moud, _), plan in kinds.items():
        groups = ["any", *(g for g in ("buprenorphine", "methadone") if moud == g)]
        groups += ["short_course"] if opioid == "short_course" else []
        for group in groups:
            for variant in DOSE_VARIANTS[group]:
                yield {**plan, **variant}


def sweep_visits(
    at_plan: Session, plans: Iterable[Mapping[str, Any]], *, sample: int | None = None
) -> VisitSweep:
    """Follow every distinct plan of ``plans`` through every visit choice from ``at_plan`` (a
    session at the plan step with a plan recorded), checking every visit on the way
    (:func:`visit_faults`). ``sample``: follow only that many distinct plans, evenly spaced over
    the grid (the test's share of the full sweep, which ``bench/visit_sweep.py`` runs; ``distinct``
    then counts the distinct plans among the grid's thinned share)."""
    scenario = at_plan.scenario
    report = VisitSweep(scenario.id)
    if scenario.course is None or at_plan.data.plan is None:
        return report
    if sample is not None:  # every few plans of the grid, then evenly among the distinct ones
        every = list(plans)
        report.plans = len(every)
        plans = every[:: max(1, len(every) // (4 * sample))]
    chosen = distinct_plans(at_plan, plans, report if sample is None else None)
    report.distinct = report.distinct or len(chosen)
    if sample is not None and len(chosen) > sample:
        step = len(chosen) / sample
        chosen = [chosen[int(i * step)] for i in range(sample)]
    walker = _VisitWalker(report)
    for plan, choices in chosen:
        session = at_plan.fork()
        try:
            session.apply(plan)
        except ActionError:
            continue  # refused by the engine (the form cannot submit it either)
        report.played += 1
        walker.walk(session, _plan_words(choices), ())
    return report


def _plan_value(choices: PlanChoices, name: str) -> Any:
    """The ``plan.*`` variable ``name`` of ``choices`` (a field, or one derived from fields)."""
    field_name = name.removeprefix("plan.")
    if hasattr(choices, field_name):
        return getattr(choices, field_name)
    return plan_decl.variables(choices).get(name)


def distinct_plans(
    at_plan: Session, plans: Iterable[Mapping[str, Any]], report: VisitSweep | None = None
) -> list[tuple[Mapping[str, Any], PlanChoices]]:
    """One plan of each :func:`visit_key` among ``plans``, in grid order (counted in ``report``)."""
    scenario = at_plan.scenario
    patient = course_patient(scenario, scenario.interview.rapport_start)
    names = flow_names(scenario)
    plan_names = sorted(n for n in names if n.startswith("plan."))
    contexts = PlanContexts(at_plan) if any(n.startswith("safety.") for n in names) else None
    seen: set[tuple[Any, ...]] = set()
    memo: dict[Any, Any] = {}
    out: list[tuple[Mapping[str, Any], PlanChoices]] = []
    for plan in plans:
        if report is not None:
            report.plans += 1
        try:
            choices = plan_choices(parse_action(plan))
        except ActionError:
            continue
        read = {n: _plan_value(choices, n) for n in plan_names}
        if contexts is not None:
            context = contexts(plan)
            read.update({n: context.get(n) for n in names if n.startswith("safety.")})
        key = visit_key(patient, choices, read, memo)
        if key not in seen:
            seen.add(key)
            out.append((plan, choices))
    if report is not None:
        report.distinct = len(out)
    return out


class _VisitWalker:
    """Depth-first over the visits after the plan step, every offered choice in turn."""

    def __init__(self, report: VisitSweep) -> None:
        self.report = report

    def walk(self, session: Session, words: str, path: tuple[str, ...]) -> None:
        report = self.report
        while not session.finished:
            state = session.state
            if state.phase == "visit" and state.name not in session.data.decisions:
                self.check(session, words, path)  # as read before its own decision
                if state.decision:
                    for choice in session.choices():
                        twin = session.fork()
                        twin.apply({"type": "decide", "choice": choice.id})
                        self.walk(twin, words, (*path, f"{state.name}.{choice.id}"))
                    return
            blocker = session.advance_blocker()
            if blocker is not None:
                report.dead_ends.setdefault(state.name, blocker)
                return
            session.apply({"type": "advance"})
        report.paths += 1

    def check(self, session: Session, words: str, path: tuple[str, ...]) -> None:
        report, state = self.report, session.state
        context = session.context()
        if "course.cows" not in context:
            return
        report.visits += 1
        page = session.visits.page(state, context)
        day = context["course.day"]
        for what in visit_faults(session, state, context, page):
            report.faults.append(VisitFault(state.name, day, words, path, what))
        if page.defaults and not urgent_state(state.name):
            report.untold.setdefault((state.name, page.defaults), Untold(
                state.name, page.defaults, day, context["course.cows"], words))
        for claim in page.dropped:
            report.dropped.setdefault((state.name, claim), VisitFault(
                state.name, day, words, path, f"the case's words claim {claim}, which the day contradicts"))


def visit_faults(session: Session, state: Any, context: Mapping[str, Any], page: Any) -> list[str]:
    """What the trainee reads at a visit that the day's course state or the plan contradicts, in
    plain words (none, when the visit is sound). ``page``: the visit as composed for ``context``."""
    found: list[str] = []
    cows = context["course.cows"]

    def against(kind: str, words: str) -> None:
        for claim in contradictions(words, context):
            found.append(f"{kind} claims {claim.says} at COWS {cows}: {words!r}")

    against("the text", page.text)
    against("the patient's line", page.says)
    for choice in page.choices:
        against("a choice", choice.text)
    if not page.text.strip():
        found.append("no text at all")
    for missing in left_out(f"{page.text} {page.says}", context):
        found.append(f"the text does not speak of {missing} (COWS {cows}): {page.text!r}")
    if PLACEHOLDER.search(page.text + page.says) or "{" in page.text + page.says:
        found.append(f"a placeholder left unfilled: {page.text!r}")
    for _, word, fact in _mentions(f"{page.text} {page.says}"):
        if not plan_fact_holds(session, fact):
            found.append(f"names {word!r}, which the plan does not hold")
    for intent in (*FROM_COURSE, *state.answers):  # what the patient says if asked there
        said = visit_answer(state, intent, context)
        if not said:
            found.append(f"no answer to {intent}")
        else:
            against(f"the answer to {intent}", said)
    return found


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[tuple[int, str, str], ...]:
    """:func:`mentions`, once per text (a sweep reads the same visit words on many paths)."""
    return tuple(mentions(text))


_FACTS: dict[int, tuple[Any, dict[str, frozenset[str]]]] = {}


def _decision_facts(scenario: Any) -> dict[str, frozenset[str]]:
    """:func:`decision_facts` once per scenario object (asked for every medicine a visit names)."""
    found = _FACTS.get(id(scenario))
    if found is None or found[0] is not scenario:
        if len(_FACTS) > 64:
            _FACTS.clear()
        found = _FACTS[id(scenario)] = (scenario, decision_facts(scenario))
    return found[1]


def plan_fact_holds(session: Session, fact: str) -> bool:
    """Does the plan (with what visit decisions added) hold ``fact``, a medicine or therapy a
    visit's words name (:func:`simulator.scenario.course_checks.mentions`)?"""
    plan, context = session.data.plan, session.context()
    by_decision = _decision_facts(session.scenario)
    added = set().union(*(by_decision.get(d, set()) for d in context["decisions"]))
    if fact in added:
        return True
    kind, _, value = fact.partition(":")
    if kind == "nonopioid":
        return bool(plan.nonopioid) if value in ("any", "some") else value in plan.nonopioid
    if kind == "moud":
        charted = any(item.drug == value for item in session.scenario.chart.regimen)  # the patient's own
        return plan.moud == value or charted or bool(context.get(f"course.on_{value}", False))
    return bool(getattr(plan, fact, False) or context.get(f"course.{fact}", False))


def case_sweep(scenario: Any, actions: list[dict[str, Any]], *, sample: int | None = None) -> VisitSweep:
    """The visit sweep of a case from a playthrough's plan step (``actions``: its log; the expert's
    for the bundled cases): the plan sweep's grid with :func:`form_plans`."""
    from simulator.scoring.plan_sweep import plan_space

    cut = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    at_plan = Session.replay(scenario, actions[: cut + 1])
    own = actions[cut]
    grid = plan_space(own, nonopioid_count=1, follow_up_days=(own.get("followup_days", 28),),
                      cycle_nonopioid=True)
    return sweep_visits(at_plan, form_plans(grid), sample=sample)
