"""The course states the plan form can bring a case's first visit to, and the ones the case
writes no narrative for (``lint``).

Every plan of the plan sweep's grid is grouped by what the course model reads of it (the
opioid and the taper's pace, the medication for OUD and whether its start precipitates
withdrawal, the COWS a standard start waits for, the setting); one plan of each group is run
through the course, the step after the plan step is found as the session would find it (guards
read ``course.*`` on the day each visit would fall on), and that visit's words are composed as
the trainee would read them. Where the engine had to write its clinical default for a state
(withdrawal, an overdose, a return to use, or everything), the case has no narrative for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.clinical import plan as plan_decl
from simulator.clinical.plan import PlanChoices
from simulator.engine.actions import ActionError, parse_action, plan_choices
from simulator.engine.session import Session
from simulator.engine.visit_text import Person, compose
from simulator.engine.visits import (
    course_patient,
    course_values,
    fill_text,
    next_contact,
    shared_run,
    visit_parts,
)
from simulator.patient.course import simulate, start_precipitates
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import compiled
from simulator.scenario.urgent import urgent_state
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
