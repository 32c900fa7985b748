"""Follow-up visits from the patient-course model: when each visit happens, why, and what it says.

A scenario with a ``course:`` block keeps its visits as states of the ``flow:`` machine (so
transitions, guards, decisions and the rubric work as before), but the engine, not the file,
decides what day each visit falls on:

- a state with ``contact: next`` is the next contact the model brings after the step before
  it: the first event the model produces (precipitated withdrawal, a withdrawal flare, an
  early-refill request, a return to use, an overdose, two missed visits), or else the next
  scheduled follow-up the patient attends (every ``followup_days`` of the plan), or else the
  end of the course;
- a state with ``contact: end`` is the review at the end of the course.

A transition's guard reads ``course.*`` as the model stands on the day its destination would
fall on, so ``when: "course.event == 'withdrawal'"`` routes to a withdrawal visit exactly when
the model brings one. Inside a visit, ``course.*`` is the model on that visit's day; at the
debrief it is the end of the course. Each decision choice's ``effects`` feed back into the
model from the day of its visit. Everything is derived from the action log, so replay is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from simulator.clinical.cows import band_for_total
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import Regimen, total_mme
from simulator.engine import orders
from simulator.engine.actions import plan_choices
from simulator.engine.plan_safety import patient_facts
from simulator.engine.visit_text import DEFAULT_CHOICES, Person, VisitChoice, VisitText, compose
from simulator.patient.course import (
    CoursePatient,
    CourseRun,
    Intervention,
    simulate,
)
from simulator.scenario.course_format import CourseParams
from simulator.scenario.expressions import compiled
from simulator.scenario.visit_claims import MILD_COWS, PAIN_CHANGE_POINTS, URGENT_COWS

if TYPE_CHECKING:  # pragma: no cover
    from simulator.scenario.models import Scenario, State


class Session(Protocol):
    """What the course reads of a session (:class:`simulator.engine.session.Session`, which
    owns its tracker: the engine imports this module, not the other way round)."""

    scenario: Scenario
    data: Any

    @property
    def phase(self) -> str: ...

    def course(self) -> list[tuple[int, Any]]: ...

    def context(self) -> dict[str, Any]: ...

#: Events that bring the patient to a contact between scheduled visits.
CONTACT_EVENTS = ("precipitated", "withdrawal", "early_refill", "return_to_use", "overdose", "missed_visits")


@dataclass(frozen=True)
class Contact:
    """A visit reached: its state, day and why it happened (course_format.EVENTS)."""

    state: str
    day: int
    event: str


def day_label(day: int) -> str:
    """How a trainee reads a course day: day 7 is week 1."""
    if day < 7:
        return f"Day {day}"
    weeks, rest = divmod(day, 7)
    return f"Week {weeks}" if rest == 0 else f"Day {day} (week {weeks})"


def course_patient(scenario: Scenario, rapport: int) -> CoursePatient:
    """Where the model starts, read from the chart."""
    chart = scenario.chart
    regimen: list[Regimen] = []
    long_acting = False
    buprenorphine = sum(i.strength * i.units_per_dose * i.doses_per_day for i in chart.regimen
                        if i.drug == "buprenorphine")
    for item in chart.regimen:
        order = Regimen(item.drug, item.strength, item.units_per_dose, item.doses_per_day)
        try:
            total_mme([order])
        except ClinicalInputError:
            continue  # not a full agonist with an MME factor (e.g. buprenorphine): not modelled
        regimen.append(order)
        text = f"{item.drug} {item.formulation}".lower()
        long_acting = long_acting or any(w in text for w in ("extended", "er ", "methadone", "patch"))
    base = chart.baseline
    pain = base.pain if base else float(chart.vitals.pain_score or 0)
    return CoursePatient(
        regimen=tuple(regimen),
        months_on_opioids=chart.months_on_opioids,
        pain=pain,
        craving=base.craving if base else 0,
        function=base.function if base else 5,
        cows=base.cows if base else 0,
        rapport=rapport,
        long_acting=long_acting or buprenorphine > 0,  # buprenorphine wears off slowly
        buprenorphine_mg=buprenorphine,
        facts=patient_facts(scenario),  # the safety rules' view: waits, urine screen, sedatives
    )


#: Course runs shared by every session of the same scenario object: the model is deterministic
#: and depends only on the scenario, the plan and the decisions' effects, so sessions that explore
#: or replay a case (lint, explore, what-if) do not run the same course again.
_SHARED: dict[tuple[int, Any], tuple[Scenario, CourseRun]] = {}


def shared_run(scenario: Scenario, key: Any, days: int) -> CourseRun:
    """The course of ``scenario`` under ``key`` (plan, decisions' interventions) for ``days``, run once
    and shared by every session of the same scenario object."""
    found = _SHARED.get((id(scenario), key))
    if found is not None and found[0] is scenario:
        return found[1]
    if len(_SHARED) > 512:
        _SHARED.clear()
    params = scenario.course.params if scenario.course else CourseParams()
    patient = course_patient(scenario, scenario.interview.rapport_start)
    # the model's own inputs: another copy of the same case (a resumed session, a preview, the
    # loader's copies for each test) with the same plan and decisions runs the same course
    inputs = (tuple(params.__dict__.items()), patient, key, days)
    run = _BY_INPUTS.get(inputs)
    if run is None:
        if len(_BY_INPUTS) > 2048:
            _BY_INPUTS.clear()
        run = _BY_INPUTS[inputs] = simulate(params, patient, key[0], key[1], days)
    _SHARED[(id(scenario), key)] = (scenario, run)
    return run


#: Course runs by the model's inputs (parameters, patient, plan, decisions' effects, days).
_BY_INPUTS: dict[tuple[Any, ...], CourseRun] = {}


class CourseTracker:
    """The course of one session: contacts reached and the model run they come from."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._runs: dict[Any, CourseRun] = {}
        self._contacts: tuple[Any, tuple[Contact, ...]] | None = None
        self._plan: tuple[Any, Any] = (self, None)  # the recorded plan and its choices, read once
        # the run for each (contacts, the choices made at them) under the recorded plan: guards ask
        # for the next visit's day on every advance, each time from the same contacts
        self._by_contacts: dict[Any, CourseRun] = {}

    @property
    def enabled(self) -> bool:
        return self._session.scenario.course is not None

    @property
    def horizon(self) -> int:
        course = self._session.scenario.course
        return course.weeks * 7 if course else 0

    # ------------------------------------------------------------------ the model

    def _interventions(self, contacts: tuple[Contact, ...]) -> tuple[Intervention, ...]:
        scenario, decided = self._session.scenario, self._session.data.decisions
        out = []
        for contact in contacts:
            choice_id = decided.get(contact.state)
            state = scenario.state(contact.state)
            if state.decision is None or choice_id is None:
                continue
            effects = list(state.decision.effects)
            for choice in (*state.decision.choices, *DEFAULT_CHOICES):
                if choice.id == choice_id:
                    effects += choice.effects
                    break
            if effects:
                out.append(Intervention(contact.day, tuple(effects)))
        return tuple(out)

    def _run(self, contacts: tuple[Contact, ...]) -> CourseRun:
        data, scenario = self._session.data, self._session.scenario
        if self._plan[0] is not data.plan:
            self._plan = (data.plan, plan_choices(data.plan))
            self._by_contacts.clear()
        decided = data.decisions
        asked = (contacts, tuple(decided.get(contact.state) for contact in contacts))
        found = self._by_contacts.get(asked)
        if found is not None:
            return found
        plan = self._plan[1]
        key = (plan, self._interventions(contacts))
        if key not in self._runs:
            if len(self._runs) > 16:
                self._runs.clear()
                self._by_contacts.clear()
            self._runs[key] = shared_run(scenario, key, max(self.horizon, 1))
        if len(self._by_contacts) > 64:
            self._by_contacts.clear()
        run = self._by_contacts[asked] = self._runs[key]
        return run

    def run(self) -> CourseRun:
        """The model over the whole course, given the plan and the decisions so far."""
        return self._run(self.contacts)

    # ------------------------------------------------------------------ scheduling

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The visits reached so far, each with its day and reason.

        Derived from the steps visited and the decisions made (nothing else is stored), so a
        session rebuilt or rolled back to any point has the course that point implies.
        """
        if not self.enabled:
            return ()
        data = self._session.data
        key = (tuple(data.visited), tuple(data.decisions.items()), data.plan)
        if self._contacts is None or self._contacts[0] != key:
            found: tuple[Contact, ...] = ()
            for name in data.visited:
                state = self._session.scenario.state(name)
                if state.phase == "visit":
                    day, event = self._next_contact(state, found)
                    found = (*found, Contact(name, day, event))
            self._contacts = (key, found)
        return self._contacts[1]

    def current(self) -> Contact | None:
        contacts = self.contacts
        return contacts[-1] if contacts else None

    def current_day(self) -> int:
        if self._session.phase == "debrief":
            return self.horizon
        contact = self.current()
        return contact.day if contact else 0

    def next_contact(self, state: State) -> tuple[int, str]:
        """The day and reason of a visit to ``state`` if it came next."""
        return self._next_contact(state, self.contacts)

    def _next_contact(self, state: State, before: tuple[Contact, ...]) -> tuple[int, str]:
        after = before[-1].day if before else 0
        return next_contact(self._run(before), state, after, self.horizon)

    def day_of(self, name: str) -> int | None:
        for contact in self.contacts:
            if contact.state == name:
                return contact.day
        return None

    # ------------------------------------------------------------------ what expressions read

    def context(self) -> dict[str, Any]:
        """``course.*`` at the current step."""
        if not self.enabled:
            return {}
        contact = self.current()
        phase = self._session.phase
        if phase == "debrief":
            return self.values(self.horizon, "end")
        if phase == "visit" and contact is not None:
            return self.values(contact.day, contact.event)
        return self.values(0, "scheduled")

    def context_for(self, dest: str) -> dict[str, Any]:
        """``course.*`` on the day a visit to ``dest`` would fall on (for guards)."""
        if not self.enabled:
            return {}
        state = self._session.scenario.state(dest)
        if state.phase == "debrief":
            return self.values(self.horizon, "end")
        if state.phase != "visit":
            return self.context()
        return self.values(*self.next_contact(state))

    def values(self, day: int, event: str, run: CourseRun | None = None) -> dict[str, Any]:
        return course_values(run or self.run(), day, event)

    # ------------------------------------------------------------------ what the trainee reads

    def title(self, state: State) -> str:
        """A step's title; a model-driven visit is labelled with its real day."""
        title = state.title or state.name
        day = self.day_of(state.name) if self.enabled and state.phase == "visit" else None
        return f"{day_label(day)} - {title}" if day is not None else title

    def page(self, state: State, context: dict[str, Any], run: CourseRun | None = None) -> VisitText:
        """What a visit says and offers on its day, chosen from the course state (visit_text).
        ``run``: the course the visit was read in (before its own decision; default: the course now),
        so the days its words name ({use_day}, {refill_day}) are those of that course."""
        parts, says, choices = visit_parts(state, context, lambda text: self._fill(text, context, run))
        day = context.get("course.day", (state.week or 0) * 7)
        parts += [(r, "") for r in orders.visit_results(self._session, state.name, day)]  # order results
        if not self.enabled or "course.cows" not in context:  # scripted visits: the case's words
            text = " ".join(t.strip() for t, _ in parts if t)
            first = next((w for _, w in parts if w), "")
            return VisitText(text, first or says, tuple(choices))
        patient = self._session.scenario.patient
        return compose(parts, says, choices, context, Person.of(patient.name, patient.pronouns))

    def narrative(self, state: State, context: dict[str, Any]) -> tuple[str, str]:
        """The visit's text and the patient's words (see :meth:`page`)."""
        shown = self.page(state, context)
        return shown.text, shown.says

    def pages(self) -> list[tuple[State, int, str, VisitText]]:
        """Every visit reached, in order: (state, day, why, what it said and offered on its day)."""
        session = self._session
        out = []
        for name in session.data.visited:
            state = session.scenario.state(name)
            if state.phase != "visit":
                continue
            contacts = self.contacts
            at = next((i for i, c in enumerate(contacts) if c.state == name), None)
            contact = contacts[at] if at is not None else None
            context, run = dict(session.context()), None
            if contact is not None:  # the day as it was read there: before that visit's own decision
                run = self._run(contacts[:at])
                context.update(self.values(contact.day, contact.event, run))
            day = contact.day if contact is not None else (state.week or 0) * 7
            event = contact.event if contact is not None else "scheduled"
            out.append((state, day, event, self.page(state, context, run)))
        return out

    def log(self) -> list[dict[str, Any]]:
        """Every visit reached, in order, as the trainee read it (``play --json``'s ``visits``):
        day, state, title, text (the narrative and the patient's words), choices offered, chosen."""
        session = self._session
        first = session.scenario.patient.name.split()[0]
        out = []
        for state, day, event, shown in self.pages():
            said = f"{first}: \u201c{shown.says}\u201d" if shown.says else ""
            out.append({
                "day": day,
                "state": state.name,
                "title": self.title(state),
                "event": event,
                "text": " ".join(w for w in (shown.text, said) if w),
                "choices": [{"id": c.id, "text": c.text} for c in shown.choices],
                "chosen": session.data.decisions.get(state.name),
                "talk": [{"speaker": e.speaker, "text": e.text, "intent": e.intent}
                         for e in session.data.transcript if e.step == state.name],
                **self._cows_log(state.name, day),
            })
        return out

    def _cows_log(self, name: str, day: int) -> dict[str, Any]:
        """The COWS the trainee scored at a visit beside the one its signs give (or nothing)."""
        scored = self._session.data.cows_scores.get(name)
        if scored is None:
            return {}
        total = sum(v for _, v in scored)
        if self.enabled:
            signs: int | None = round(self.run().at(day).cows)
        else:
            measures = self._session.scenario.state(name).measures
            signs = measures.cows if measures is not None else None
        return {"cows_scored": {"total": total, "band": band_for_total(total), "signs": signs}}

    def _fill(self, text: str, context: dict[str, Any], run: CourseRun | None = None) -> str:
        return fill_text(text, context, (run or self.run()) if self.enabled else None)

    def points(self, upto: int | None = None) -> list[dict[str, Any]]:
        """The course as ``{"day", "mme", "pain", "cows", "craving", "function", "sedation"}`` points
        (``sedation``: drowsiness from a full agonist added on top of buprenorphine, 0-10)."""
        if not self.enabled:
            return legacy_points(self._session)
        last = self.current_day() if upto is None else upto
        return [
            {
                "day": d.day,
                "mme": round(d.mme, 1),
                "pain": round(d.pain, 1),
                "cows": round(d.cows),
                "craving": round(d.craving, 1),
                "function": round(d.function, 1),
                "sedation": round(d.sedation, 1),
            }
            for d in self.run().days[: last + 1]
        ]

    def moud_spans(self, upto: int | None = None) -> list[tuple[int, int, str]]:
        """(first day, last day, label) for each stretch on medication for OUD, for charts."""
        if not self.enabled:
            return []
        last = self.current_day() if upto is None else upto
        names = {"buprenorphine": "buprenorphine", "methadone": "methadone", "naltrexone_xr": "XR-naltrexone"}
        spans: list[tuple[int, int, str]] = []
        for d in self.run().days[: last + 1]:
            if d.moud == "none":
                continue
            label = names.get(d.moud, d.moud)
            if spans and spans[-1][1] == d.day - 1 and spans[-1][2] == label:
                spans[-1] = (spans[-1][0], d.day, label)
            else:
                spans.append((d.day, d.day, label))
        return spans

    def measures_now(self) -> dict[str, Any]:
        """The model's measures on the current step's day, with the OUD medication taken."""
        day = self.run().at(self.current_day())
        names = {"buprenorphine": "Buprenorphine", "methadone": "Methadone", "naltrexone_xr": "XR-naltrexone"}
        moud = names.get(day.moud, "None")
        if day.moud == "buprenorphine" and day.moud_mg:
            moud = f"Buprenorphine {day.moud_mg:g} mg/day"
        return {**self.points()[-1], "moud": moud}

    def marks(self, upto: int | None = None) -> list[tuple[int, str]]:
        """Visits to mark on a chart: (day, label) for every contact and scheduled visit."""
        if not self.enabled:
            return [(p["day"], day_label(p["day"])) for p in legacy_points(self._session)[1:]]
        last = self.current_day() if upto is None else upto
        run = self.run()
        marks = {}
        for c in self.contacts:
            if c.day <= last:
                lost = c.event == "end" and (run.at(c.day).discharged or run.at(c.day).engagement < 0.3)
                marks[c.day] = "missed visit" if lost else "visit"
        for day, came in run.visits:
            if day <= last:
                marks.setdefault(day, "visit" if came else "missed visit")
        return sorted(marks.items())



def next_contact(run: CourseRun, state: State, after: int, horizon: int) -> tuple[int, str]:
    """The day and reason of a visit to ``state`` after day ``after``: the first event the model
    brings, the next follow-up the patient attends, the state's own day, or the end of the course."""
    if state.contact == "end":
        return horizon, "end"
    options: list[tuple[int, int, str]] = [(horizon, 2, "end")]
    event = run.first_event(after, CONTACT_EVENTS)
    if event is not None and event.day <= horizon:
        options.append((event.day, 0, event.kind))
    for day, came in run.visits:
        if day > after and came:
            options.append((day, 1, "scheduled"))
            break
    if state.day is not None and after < state.day <= horizon:  # the case's own day for it
        options.append((state.day, 1, "scheduled"))
    day, _, kind = min(options)
    return day, kind


#: A dose lower than this many days before is a taper going on (``course.tapering``): a step at
#: least every month, with a pause, falls in the window; a dose held since a pause or a restart does not.
TAPERING_DAYS = 42


def course_values(run: CourseRun, day: int, event: str) -> dict[str, Any]:
    """``course.*`` on ``day`` of ``run``, the contact being there because of ``event``."""
    d = run.at(day)
    upto = run.days[: day + 1]
    return {
        "course.day": day,
        "course.week": day // 7,
        "course.event": event,
        "course.mme": round(d.mme, 1),
        "course.pain": round(d.pain, 1),
        "course.cows": round(d.cows),
        "course.max_cows": round(max(x.cows for x in upto)),
        "course.craving": round(d.craving, 1),
        "course.function": round(d.function, 1),
        "course.engaged": not d.discharged and d.engagement >= 0.3,
        "course.discharged": d.discharged,
        "course.missed_visits": d.missed_visits,
        "course.visits_attended": d.visits_attended,
        "course.returned_to_use": d.returned_to_use,
        "course.using": d.using,
        "course.overdosed": d.overdosed,
        "course.precipitated": d.precipitated,
        "course.early_refill": d.early_refill,
        "course.on_buprenorphine": d.moud == "buprenorphine",
        "course.on_methadone": d.moud == "methadone",
        "course.naloxone": d.naloxone,
        "course.risk_return": round(100 * d.risk_return),
        "course.risk_overdose": round(100 * max(x.risk_overdose for x in upto)),
        "course.added_mme": round(d.added_mme, 1),
        "course.added_relief": round(d.added_relief, 1),
        "course.sedation": round(d.sedation, 1),
        **_bands(day, event, run),
    }


def _bands(day: int, event: str, run: CourseRun) -> dict[str, Any]:
    """The bands a visit's text is chosen by, from the same day of the same run."""
    d, base = run.at(day), run.at(0)
    cows = round(d.cows)
    pain, baseline = round(d.pain, 1), round(base.pain, 1)
    change = "better" if pain <= baseline - PAIN_CHANGE_POINTS else (
        "worse" if pain >= baseline + PAIN_CHANGE_POINTS else "same")
    medication = d.moud if d.moud != "none" else ("opioid" if d.mme > 0 or d.using else "none")
    urgent = event in ("precipitated", "overdose", "return_to_use") or (
        event == "withdrawal" and cows >= URGENT_COWS)
    return {
        "course.withdrawal": band_for_total(cows).replace(" ", "_"),
        "course.withdrawal_days": sum(1 for x in run.days[: day + 1] if x.cows >= MILD_COWS),
        "course.baseline_pain": baseline,
        "course.start_mme": round(base.mme, 1),
        "course.tapering": round(d.mme, 1) < round(run.at(day - TAPERING_DAYS).mme, 1),
        "course.pain_change": change,
        "course.medication": medication,
        "course.urgent": urgent,
    }


def visit_parts(
    state: State, context: dict[str, Any], fill: Any
) -> tuple[list[tuple[str, str]], str, list[VisitChoice]]:
    """A visit's narrative parts and choices whose conditions hold in ``context`` (filled by
    ``fill``), and its plain patient line: what :func:`visit_text.compose` chooses from."""
    parts: list[tuple[str, str]] = [(state.narrative, "")] if state.narrative else []
    for variant in state.narratives:
        if variant.when is None or compiled(variant.when).holds(context):
            parts.append((variant.text, variant.patient_says))
    parts = [(fill(t), fill(w)) for t, w in parts]
    choices = [
        VisitChoice(c.id, c.text, tuple(c.effects), c.feedback, tuple(c.orders))
        for c in (state.decision.choices if state.decision else ())
        if c.when is None or compiled(c.when).holds(context)
    ]
    return parts, fill(state.patient_says), choices


PLACEHOLDER = re.compile(r"\{(day|week|cows|mme|pain|missed|use_day|refill_day)\}")


def fill_text(text: str, context: dict[str, Any], run: CourseRun | None) -> str:
    """``text`` with the course's placeholders ({day}, {cows}, {mme}, ...) filled from ``context``
    (the visit's ``course.*``) and ``run`` (the days of the return to use and the early refill)."""
    use = next((e.day for e in run.events if e.kind == "return_to_use"), None) if run else None
    refill = next((e.day for e in run.events if e.kind == "early_refill"), None) if run else None
    values = {
        "day": str(context.get("course.day", "")),
        "week": str(context.get("course.week", "")),
        "cows": str(context.get("course.cows", "")),
        "missed": str(context.get("course.missed_visits", "")),
        "mme": f"{context.get('course.mme', 0):g}",
        "pain": f"{round(context.get('course.pain', 0)):g}",
        "use_day": str(use if use is not None else ""),
        "refill_day": str(refill if refill is not None else ""),
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def legacy_points(session: Session) -> list[dict[str, Any]]:
    """Course points of a scenario without a course block: its scripted visit measures."""
    return [
        {
            "day": week * 7,
            "mme": None,
            "pain": m.pain,
            "cows": m.cows,
            "craving": m.craving,
            "function": m.function,
        }
        for week, m in session.course()
    ]
