"""A session: one trainee's run through a scenario, as an append-only list of actions.

Every action goes through :meth:`Session.apply`, a transaction: it validates the action
against the current state, computes the next state, hands the action to the recorders
(the store), and only when they all succeed commits and tells listeners what happened. If
a recorder raises, the session is exactly as it was before (state, data, transcript,
rapport, caches, score) and the error propagates, so the caller can retry the same action.
Replaying the same actions on the same scenario always gives the same state and score,
because nothing here depends on time, randomness or the UI.

The phases and visits are a ``transitions`` state machine built from the scenario's
``flow`` with ``auto_transitions=False``; guards are the scenario's checked
expressions, evaluated against :meth:`Session.context`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from transitions import Machine, MachineError

from simulator.clinical import cows
from simulator.clinical import plan as plan_decl
from simulator.clinical.conditions import qtc_band
from simulator.clinical.drugs import medicine_classes
from simulator.clinical.dsm5 import counted_criteria
from simulator.clinical.errors import ClinicalInputError
from simulator.engine import events as ev
from simulator.engine import orders
from simulator.engine.actions import (
    ActionError,
    Advance,
    Ask,
    Assess,
    Check,
    Cows,
    Decide,
    Mark,
    Plan,
    Say,
    VisitAsk,
    action_to_dict,
    parse_action,
    plan_choices,
)
from simulator.engine.plan_safety import accepted_plans, safety_variables
from simulator.engine.visit_talk import measured_values, visit_answer
from simulator.engine.visits import CourseTracker
from simulator.patient import persona, reply
from simulator.patient import reply as _reply
from simulator.patient.language import classify
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import compiled
from simulator.scenario.models import Measures, Scenario, State


@dataclass
class TranscriptEntry:
    speaker: str  # "trainee" | "patient" | "system"
    text: str
    intent: str | None = None
    affect: str = ""
    parts: tuple[str, ...] = ()  # a trainee's compound question: the intents of its further parts
    step: str = ""  # the visit it was said at ("" in the interview)


@dataclass
class StigmaUse:
    term: str
    alternative: str
    text: str


@dataclass
class _Flags:
    state: str = ""


@dataclass
class SessionData:
    """Everything a session has accumulated; read by scoring, records and views."""

    rapport: int = 50
    asked: dict[str, int] = field(default_factory=dict)
    answered_with: dict[str, int] = field(default_factory=dict)
    revealed: list[str] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    validations: int = 0
    empathy: int = 0
    stigma: list[StigmaUse] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)
    assessment: Assess | None = None
    plan: Plan | None = None
    decisions: dict[str, str] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)
    questions: int = 0
    # What the patient has said (normalised words -> the intent they answered, None for a
    # reaction): so the same words never answer another question (patient.reply).
    said: dict[str, str | None] = field(default_factory=dict)
    # check items answered: (stage, item id) -> indices of the options chosen; stages skipped
    checks: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    checks_skipped: list[str] = field(default_factory=list)
    # COWS scored by the trainee at a visit: visit step -> the item scores (clinical.cows order)
    cows_scores: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


Scorer = Callable[[Scenario, Mapping[str, Any]], tuple[int, int]]
"""(points earned, most points this session could earn) for a context; injected (see
``simulator.control.controller.live_score``), so the engine does not depend on scoring."""


def _copy_data(data: SessionData) -> SessionData:
    # The entries inside the containers are never changed once added, so copying the
    # containers is enough to be able to put everything back.
    return SessionData(**{f.name: copy.copy(getattr(data, f.name)) for f in fields(data)})


def _restore_data(data: SessionData, saved: SessionData) -> None:
    for f in fields(data):  # in place: whoever holds ``session.data`` sees the rollback
        setattr(data, f.name, getattr(saved, f.name))


class Session:
    """One run of a scenario. Create it, subscribe, then :meth:`apply` actions.

    ``scorer`` (optional) is called after every committed action; listeners then hear
    :class:`~simulator.engine.events.ScoreChanged` when the total changes.
    """

    def __init__(self, scenario: Scenario, scorer: Scorer | None = None) -> None:
        self.scenario = scenario
        self.data = SessionData(rapport=scenario.interview.rapport_start)
        self._actions: list[dict[str, Any]] = []
        self._steps: list[str] = []
        self._recorders: list[Callable[[dict[str, Any]], None]] = []
        self._emitter = ev.Emitter()
        self._flags = _Flags()
        self._context_cache: dict[str, Any] | None = None
        self._scorer = scorer
        self._last_score: int | None = None
        self.visits = CourseTracker(self)  # visit days and course state from the course model
        flow = scenario.flow
        self._machine = Machine(
            model=self._flags,
            states=[s.name for s in flow.states],
            initial=flow.initial,
            auto_transitions=False,
            model_attribute="state",
            after_state_change=self._entered,
        )
        for t in flow.transitions:
            sources = t.source if isinstance(t.source, list) else [t.source]
            conditions = [self._guard(t.when, t.dest)] if t.when else []
            self._machine.add_transition(t.trigger, sources, t.dest, conditions=conditions)
        self.data.visited.append(flow.initial)

    # ------------------------------------------------------------------ reading

    @property
    def seed(self) -> int | None:
        """The seed that picked this case's variant (None: the case as written, no variants)."""
        variant = self.scenario._variant
        return variant.seed if variant is not None else None

    @property
    def variant(self) -> str:
        """Which variant of the case this is, in plain words ("" for a case without variants)."""
        variant = self.scenario._variant
        return variant.describe() if variant is not None and self.scenario.variants else ""

    @property
    def actions(self) -> tuple[dict[str, Any], ...]:
        return tuple(self._actions)

    @property
    def steps(self) -> tuple[str, ...]:
        """For each action, the title of the step it was taken in."""
        return tuple(self._steps)

    @property
    def state(self) -> State:
        return self.scenario.state(self._flags.state)

    @property
    def phase(self) -> str:
        return self.state.phase

    @property
    def finished(self) -> bool:
        return self.phase == "debrief"

    def fork(self) -> Session:
        """A quiet copy at the same point (no listeners, recorders or scorer), to try an action
        without replaying the log: what sweeps over many plans and choices branch from. The data's
        containers are copied and their entries never change, so neither copy sees the other's
        actions."""
        twin = type(self)(self.scenario)
        twin.data = _copy_data(self.data)
        twin._machine.set_state(self._flags.state, model=twin._flags)
        twin._actions, twin._steps = list(self._actions), list(self._steps)
        return twin

    def subscribe(self, listener: ev.Listener):
        """Call ``listener`` with every event; returns a function that unsubscribes."""
        return self._emitter.subscribe(listener)

    def add_recorder(self, recorder: Callable[[dict[str, Any]], None]) -> None:
        """Call ``recorder`` with each accepted action before it is committed (e.g. to store it).

        While a recorder runs, the session already shows the state the action leads to (so
        it can tell whether the session is now finished and what it scores); if it raises,
        the action is rolled back and the error propagates out of :meth:`apply`.
        """
        self._recorders.append(recorder)

    def offered_choices(self) -> tuple[Any, ...]:
        """The current visit's choices that fit its course state (engine.visit_text), in order."""
        if self.state.decision is None:
            return ()
        return self.visits.page(self.state, self.context()).choices

    def context(self) -> dict[str, Any]:
        """The values every guard and rubric expression reads (see the vocabulary)."""
        if self._context_cache is None:
            self._context_cache = build_context(self)
        return self._context_cache

    def course(self) -> list[tuple[int, Measures]]:
        """(week, measures) for the baseline and every visit reached so far."""
        chart = self.scenario.chart
        baseline = chart.baseline or Measures(pain=float(chart.vitals.pain_score or 0))
        points: list[tuple[int, Measures]] = [(0, baseline)]
        for name in self.data.visited:
            state = self.scenario.state(name)
            if state.measures is not None:
                points.append((state.week or 0, state.measures))
        return points

    def advance_blocker(self, trigger: str = "advance") -> str | None:
        """Why the trainee cannot move on now (with ``trigger``), or None if they can."""
        phase, state = self.phase, self.state
        if phase == "debrief":
            return "The session is complete."
        if phase == "assessment" and self.data.assessment is None:
            return "Submit your assessment before moving on."
        if phase == "plan" and self.data.plan is None:
            return "Submit your plan before moving on."
        if state.decision and state.name not in self.data.decisions:
            return "Choose how to respond before moving on."
        candidates = [
            t for t in self.scenario.flow.transitions
            if t.trigger == trigger and _matches(t.source, state.name)
        ]
        if not candidates:
            return f"'{trigger}' is not possible from {state.title or state.name}."
        for t in candidates:
            if t.when is None or compiled(t.when).holds(self.guard_context(t.dest)):
                return None
        messages = [t.blocked for t in candidates if t.blocked]
        return messages[0] if messages else "The case cannot move on from here yet."

    # ------------------------------------------------------------------ acting

    def apply(self, raw: Mapping[str, Any] | Any) -> None:
        """Apply one action as a transaction: all of it, or (on any error) none of it.

        Raises :class:`ActionError` if the action cannot apply now; whatever a recorder
        raises (e.g. a failed save) propagates too. Either way nothing has changed and no
        listener has heard anything. Listeners hear the action's events only once it is
        recorded and committed.
        """
        action = parse_action(raw)
        handler = {
            "advance": self._advance,
            "ask": self._ask,
            "say": self._say,
            "mark": self._mark,
            "assess": self._assess,
            "plan": self._plan,
            "decide": self._decide,
            "check": self._check,
            "visit_ask": self._visit_ask,
            "cows": self._cows,
        }[action.type]
        step = self.visits.title(self.state)
        said_at, said_before = (self.state.name if self.phase == "visit" else ""), len(self.data.transcript)
        saved_data, saved_state, count = _copy_data(self.data), self._flags.state, len(self._actions)
        self._emitter.hold()  # listeners hear nothing until the action is stored
        try:
            handler(action)
        except BaseException:
            # refused while checking: handlers check before they change anything but the
            # session's data, so putting the data and the step back is enough
            self._emitter.discard()
            _restore_data(self.data, saved_data)
            if self._flags.state != saved_state:
                self._machine.set_state(saved_state, model=self._flags)
            self._context_cache = None
            raise
        for entry in self.data.transcript[said_before:]:  # what is said at a visit belongs to it
            entry.step = said_at
        record = action_to_dict(action)
        self._context_cache = None
        self._actions.append(record)
        self._steps.append(step)
        try:
            for recorder in self._recorders:
                recorder(record)
        except BaseException:
            self._emitter.discard()
            self._rebuild(count)  # not stored: back to exactly the committed actions
            raise
        self._emitter.release()
        self._score_check()

    def _rebuild(self, count: int) -> None:
        """Put the session back to its first ``count`` actions by replaying them quietly.

        A session is its list of actions, so this restores everything the actions built:
        the data, the step, and any state a collaborator keeps, with the same objects
        (``session.data`` keeps its identity), listeners and recorders.
        """
        committed = self._actions[:count]
        emitter, recorders, scorer, last = self._emitter, self._recorders, self._scorer, self._last_score
        data = self.data
        type(self).__init__(self, self.scenario)  # everything the constructor sets up, fresh
        for action in committed:
            self.apply(action)
        _restore_data(data, self.data)
        self.data = data
        self._emitter, self._recorders, self._scorer, self._last_score = emitter, recorders, scorer, last

    def _require(self, *phases: str, what: str) -> None:
        if self.phase not in phases:
            names = " or ".join(vocab.label(vocab.PHASES, p).lower() for p in phases)
            raise ActionError(f"You can {what} only during the {names} step.")

    def _advance(self, action: Advance) -> None:
        blocker = self.advance_blocker(action.trigger)
        if blocker is not None:
            raise ActionError(blocker)
        try:
            moved = self._flags.trigger(action.trigger)
        except (MachineError, AttributeError):
            raise ActionError(f"'{action.trigger}' is not possible from {self.state.name}") from None
        if not moved:
            raise ActionError(self.advance_blocker(action.trigger) or "The case cannot move on yet.")

    def _ask(self, action: Ask) -> None:
        self._require("interview", what="ask the patient questions")
        interview = self.scenario.interview
        topic = persona.find_topic(interview, action.intent) if action.intent else None
        if action.intent is not None and action.intent not in vocab.intent_ids() and topic is None:
            raise ActionError(f"unknown interview intent {action.intent!r}")
        question = action.text or (
            (topic.question if topic else vocab.intent_question(action.intent)) if action.intent else ""
        )
        entry = TranscriptEntry("trainee", question, action.intent, parts=tuple(action.also))
        self.data.transcript.append(entry)
        self.data.questions += 1
        self._check_language(question)
        stigma = persona.aimed(classify(question).stigma_terms) if action.via == "free" else ()
        if stigma:  # the tone is answered, not the content; nothing is disclosed or credited
            reply, affect = persona.stigma_reaction(interview, [h.category for h in stigma], self.data.said)
            self.data.said.setdefault(" ".join(reply.lower().split()), None)
            self._patient_says(None, question, reply, (), repeat=False, affect=affect)
            return
        if action.via == "free":
            # empathy or validation said with the question ("... is or not? Please don't worry, I ask
            # everybody."): it counts as said, before he answers (round 13)
            self._credit_warmth(set(classify(question).kinds))
        if action.intent is None:
            if not (action.off_topic or action.nothing_more):
                self.data.unmatched.append(question)
            if action.off_topic:
                reply = persona.OFF_TOPIC_REPLY
            elif action.nothing_more:  # nothing more to tell: his own question, if he has one left
                reply = _reply.floor_question(interview, self.data.said) or interview.nothing_more
                self.data.said.setdefault(" ".join(reply.lower().split()), None)
            else:
                reply = persona.ask_back(interview, action.suggestions)
            self._patient_says(None, question, reply, (), repeat=False)
            return
        texts: list[str] = []
        new: list[str] = []
        repeat = False
        affect = ""
        for n, intent in enumerate(dict.fromkeys((action.intent, *action.also))):
            if n and persona.find_topic(interview, intent) is None and intent not in vocab.intent_ids():
                raise ActionError(f"unknown interview intent {intent!r}")
            first = n == 0  # the facet and the chart belong to the first part
            said = self._answer(
                intent, action.facet if first else None, action.confronts if first else None,
                question if first else "", tuple(action.items) if first else (),
            )
            new.extend(f for f in said.reveals if f not in new)
            if n and said.repeat and not said.reveals:
                continue  # a further part he has answered before: credited, not said again ("like I said")
            # a further part asked the other way round ("..., and do you always use the one pharmacy?")
            texts.append(said.text if first else _reply.asked_other_way(said.text, intent, question))
            repeat = repeat or said.repeat
            affect = affect or said.affect
            if first and action.with_facet and action.facet is None:  # "... and who knows how to use it?"
                extra = self._answer(intent, action.with_facet, None, "")
                new.extend(f for f in extra.reveals if f not in new)
                if extra.text and extra.text not in texts:
                    texts.append(extra.text)
        self._patient_says(action.intent, question, " ".join(texts), tuple(new), repeat, affect)

    def _visit_ask(self, action: VisitAsk) -> None:
        """A question at a visit: answered from the visit's day (engine.visit_talk); nothing is
        credited to the interview or disclosed. Stigmatising words count as anywhere else."""
        self._require("visit", what="ask questions at a visit")
        interview, intents = self.scenario.interview, (action.intent, *action.also)
        unknown = [i for i in intents if i is not None and i not in vocab.intent_ids()
                   and persona.find_topic(interview, i) is None]
        if unknown:
            raise ActionError(f"unknown interview intent {unknown[0]!r}")
        known = action.intent in vocab.intent_ids()
        question = action.text or (vocab.intent_question(action.intent) if known else "")
        entry = TranscriptEntry("trainee", question, action.intent, parts=tuple(action.also))
        self.data.transcript.append(entry)
        self._check_language(question)
        stigma = persona.aimed(classify(question).stigma_terms) if action.via == "free" else ()
        if stigma:
            said, affect = persona.stigma_reaction(interview, [h.category for h in stigma], self.data.said)
            self.data.said.setdefault(" ".join(said.lower().split()), None)
            self._patient_says(None, question, said, (), repeat=False, affect=affect)
            return
        if action.intent is None:
            if action.off_topic:
                said = persona.OFF_TOPIC_REPLY
            elif action.nothing_more:
                said = interview.nothing_more
            else:
                said = persona.ask_back(interview, action.suggestions)
            self._patient_says(None, question, said, (), repeat=False)
            return
        context, data = self.context(), self.data
        opioid = next((r.drug for r in self.scenario.chart.regimen if r.drug != "buprenorphine"), "")
        context = {**context, "visit.opioid": opioid}  # the prescribed opioid, named in an answer
        if "course.cows" not in context and self.state.measures is not None:  # a scripted visit
            chart = self.scenario.chart
            baseline = chart.baseline.pain if chart.baseline else float(chart.vitals.pain_score or 0)
            context = {**context, **measured_values(self.state.measures, baseline)}

        def lasting(intent: str) -> str:  # the interview's words, read without crediting anything
            return reply.compose(
                interview, intent, rapport=data.rapport, context=context, revealed=tuple(data.revealed),
                answered_with={}, said={},
            ).text

        answers = [visit_answer(self.state, i, context, lasting) for i in dict.fromkeys(intents) if i]
        self._patient_says(action.intent, question, " ".join(dict.fromkeys(answers)), (), repeat=False)

    def _cows(self, action: Cows) -> None:
        """The trainee's COWS from the patient's signs at this visit (scored again, the last counts)."""
        self._require("visit", what="score withdrawal (COWS)")
        try:
            result = cows.score(action.items)
        except ClinicalInputError as exc:
            raise ActionError(f"cows action: {exc}") from None
        self.data.cows_scores[self.state.name] = result.items
        self._emitter.emit(ev.Recorded("cows", f"COWS {result.total} ({result.band})"))

    def _answer(
        self, intent: str, facet: str | None, confronts: str | None, question: str = "",
        items: tuple[str, ...] = (),
    ) -> reply.Reply:
        """Answer one intent (one part of a turn, asked in the words of ``question``): credit it,
        disclose, move rapport."""
        interview = self.scenario.interview
        self.data.asked[intent] = self.data.asked.get(intent, 0) + 1
        self._context_cache = None
        said = reply.compose(
            interview, intent, rapport=self.data.rapport, context=self.context(),
            revealed=self.data.revealed, answered_with=self.data.answered_with, said=self.data.said,
            facet=facet, confronts=confronts, question=question, patient_name=self.scenario.patient.name,
            items=items,
        )
        again = said.index is not None and self.data.answered_with.get(intent) == said.index
        if said.index is not None and facet is None:
            self.data.answered_with[intent] = said.index
        self.data.said.setdefault(" ".join(said.text.lower().split()), intent)
        new = tuple(f for f in said.reveals if f not in self.data.revealed)
        self.data.revealed.extend(new)
        if said.answer is not None and said.answer.rapport and not again and facet is None:
            self._change_rapport(said.answer.rapport, "answer")
        return reply.Reply(said.text, said.answer, said.index, new, said.repeat, said.affect, said.confronted)

    def _credit_warmth(self, kinds: set[str]) -> None:
        """Rapport for validating his pain and for empathy, however the turn was put."""
        if "validate_pain" in kinds:
            self._change_rapport(persona.validate_effect(self.data.validations), "validated pain")
            self.data.validations += 1
        if "empathy" in kinds:
            self._change_rapport(persona.empathy_effect(self.data.empathy), "empathy")
            self.data.empathy += 1

    def _say(self, action: Say) -> None:
        self._require("interview", "visit", what="talk with the patient")
        kinds = set(classify(action.text).kinds)
        if action.kind:
            kinds.add(action.kind)
        self.data.transcript.append(TranscriptEntry("trainee", action.text))
        hits = self._check_language(action.text)
        self._credit_warmth(kinds)
        stigma = [h.category for h in persona.aimed(classify(action.text).stigma_terms)]
        if "accusation" in kinds and not hits:  # an accusation in plain words ("just after the high?")
            self.data.stigma.append(StigmaUse(action.text, persona.ACCUSATION_ALTERNATIVE, action.text))
            self._emitter.emit(ev.StigmaNoted(action.text, persona.ACCUSATION_ALTERNATIVE))
            self._change_rapport(persona.STIGMA_PENALTY, "an accusation")
            stigma.append("accusation")
            hits = 1
        if hits:
            kinds.add("stigma")
        answer = persona.reply_to_statement(
            frozenset(kinds), action.text, self.scenario.interview, stigma, self.data.said
        )
        if "stigma" in kinds:
            self.data.said.setdefault(" ".join(answer.lower().split()), None)
        else:
            earlier = [e.text for e in self.data.transcript[:-1] if e.speaker == "trainee"]
            kind = reply.in_context(reply.statement_kind(frozenset(kinds), action.text), action.text, earlier)
            if kind == "teach_back":
                answer = reply.teach_back(
                    self.scenario.interview, self.scenario.patient.name, earlier, self.data.said
                )
            else:
                answer = reply.reaction(
                    self.scenario.interview, self.scenario.patient.name, kind, self.data.said, action.text
                )
            self.data.said.setdefault(" ".join(answer.lower().split()), None)
        affect = persona.STIGMA_AFFECT["accusation"] if "accusation" in kinds else ""
        self.data.transcript.append(TranscriptEntry("patient", answer, None, affect))
        self._emitter.emit(ev.TraineeSaid(action.text, tuple(sorted(kinds)), answer, affect))

    def _check_language(self, text: str) -> int:
        hits = classify(text).stigma_terms if text else ()
        for hit in hits:
            self.data.stigma.append(StigmaUse(hit.term, hit.alternative, text))
            self._emitter.emit(ev.StigmaNoted(hit.term, hit.alternative))
        if persona.aimed(hits):
            self._change_rapport(persona.STIGMA_PENALTY, "stigmatising words")
        return len(persona.aimed(hits))

    def _mark(self, action: Mark) -> None:
        self._require("interview", "assessment", what="use the DSM-5 tracker")
        if action.present:
            self.data.marks[action.criterion] = action.evidence
        else:
            self.data.marks.pop(action.criterion, None)
        state = "marked" if action.present else "cleared"
        self._emitter.emit(ev.Recorded("mark", f"{action.criterion} {state}"))

    def _assess(self, action: Assess) -> None:
        self._require("assessment", what="record the assessment")
        self.data.assessment = action
        self._emitter.emit(ev.Recorded("assessment", action.diagnosis))

    def _plan(self, action: Plan) -> None:
        self._require("plan", what="record the plan")
        if action.opioid == "taper" and action.taper is None:
            raise ActionError("A taper plan needs the step size and interval.")
        if action.moud == "buprenorphine" and action.induction == "none":
            raise ActionError("Choose how buprenorphine will be started.")
        if action.moud == "methadone" and action.methadone_route == "none":
            raise ActionError("Choose how methadone will be provided.")
        self.data.plan = action
        self._emitter.emit(ev.Recorded("plan", action.opioid))

    def _decide(self, action: Decide) -> None:
        state = self.state
        if state.decision is None:
            raise ActionError("There is no decision to make at this step.")
        if state.name in self.data.decisions:
            raise ActionError("You have already decided at this visit.")
        ids = [c.id for c in self.choices()]
        if action.choice not in ids:
            if any(c.id == action.choice for c in state.decision.choices):
                raise ActionError(f"the choice {action.choice!r} is not offered with this plan")
            raise ActionError(f"unknown choice {action.choice!r}; choices: {', '.join(ids)}")
        self.data.decisions[state.name] = action.choice
        self._emitter.emit(ev.Recorded("decision", f"{state.name}.{action.choice}"))

    def choices(self) -> list[Any]:
        """The choices offered at this step's decision: those whose ``when`` holds and whose words
        fit the day's course state (engine.visit_text), in order."""
        return list(self.offered_choices())

    def _check(self, action: Check) -> None:
        """An answer to a check item: before anything else is done, or once the debrief is reached."""
        items = {item.id: item for item in self.scenario.check}
        if not items:
            raise ActionError("This case has no check questions.")
        if action.stage == "before" and any(a["type"] != "check" for a in self._actions):
            raise ActionError("The check before the case is over: the case has already started.")
        if action.stage == "after" and not self.finished:
            raise ActionError("The check after the case comes once the debrief is reached.")
        if action.stage in self.data.checks_skipped:
            raise ActionError(f"The check {action.stage} the case was skipped.")
        if action.skip:
            if action.item or action.answer:
                raise ActionError("check action: skip passes over the whole stage; give no item or answer")
            self.data.checks_skipped.append(action.stage)
            return
        item = items.get(action.item)
        if item is None:
            raise ActionError(f"unknown check item {action.item!r}; items: {', '.join(items)}")
        if (action.stage, item.id) in self.data.checks:
            raise ActionError("This check question is already answered.")
        chosen = tuple(sorted(set(action.answer)))
        if any(not 0 <= i < len(item.options) for i in chosen) or len(chosen) != len(action.answer):
            last = len(item.options) - 1
            raise ActionError(f"check action: answer: option numbers from 0 to {last}, each once")
        if item.kind == "single" and len(chosen) != 1:
            raise ActionError("check action: answer: choose one option")
        self.data.checks[(action.stage, item.id)] = chosen

    # ------------------------------------------------------------------ helpers

    def _patient_says(
        self, intent: str | None, question: str, text: str, revealed: tuple[str, ...],
        repeat: bool, affect: str = "",
    ) -> None:
        shown = affect or self._manner_if_changed()
        self.data.transcript.append(TranscriptEntry("patient", text, intent, shown))
        self._emitter.emit(ev.PatientAnswered(intent, question, text, shown, revealed, repeat))

    def _manner_if_changed(self) -> str:
        """The patient's manner at this rapport, said only when it is not what was last shown:
        a line of body language under every reply reads like a database, not a person."""
        line = persona.affect_for(self.data.rapport).line
        said = (e.affect for e in reversed(self.data.transcript) if e.speaker == "patient" and e.affect)
        last = next(said, "")
        return "" if line == last else line

    def _change_rapport(self, delta: int, reason: str) -> None:
        old = self.data.rapport
        self.data.rapport = persona.clamp(old + delta)
        self._context_cache = None
        if self.data.rapport != old:
            self._emitter.emit(ev.RapportChanged(old, self.data.rapport, reason))

    def _guard(self, source: str, dest: str):
        # Parsed when first needed (the loader has already checked it), so building the
        # machine stays linear in the number of transitions.
        return lambda *args, **kwargs: compiled(source).holds(self.guard_context(dest))

    def guard_context(self, dest: str) -> dict[str, Any]:
        """The context a guard into ``dest`` reads: ``course.*`` and ``results`` on the day
        ``dest`` falls on."""
        extra = self.visits.context_for(dest)
        if not extra:
            return self.context()
        return {**self.context(), **extra, "results": orders.arrived(self, extra["course.day"])}

    def _entered(self, *args: Any, **kwargs: Any) -> None:
        self.data.visited.append(self._flags.state)
        self._context_cache = None
        state = self.state
        self._emitter.emit(ev.StateEntered(state.name, state.phase, state.title))

    def _score_check(self) -> None:
        if self._scorer is None:
            return
        total, most = self._scorer(self.scenario, self.context())
        if total != self._last_score:
            self._last_score = total
            self._emitter.emit(ev.ScoreChanged(total, most))

    # ------------------------------------------------------------------ replay

    @classmethod
    def replay(
        cls, scenario: Scenario, actions: Iterable[Mapping[str, Any]], scorer: Scorer | None = None
    ) -> Session:
        """A new session with ``actions`` applied in order; errors carry the action index."""
        session = cls(scenario, scorer)
        for i, action in enumerate(actions):
            try:
                session.apply(action)
            except ActionError as exc:
                raise ActionError(exc.message, i) from None
        return session

    @classmethod
    def replay_prefix(
        cls, scenario: Scenario, actions: Iterable[Mapping[str, Any]], scorer: Scorer | None = None
    ) -> tuple[Session, ActionError | None]:
        """Replay as far as the actions still apply: the session and the first error, if any."""
        session = cls(scenario, scorer)
        for i, action in enumerate(actions):
            try:
                session.apply(action)
            except ActionError as exc:
                return session, ActionError(exc.message, i)
        return session, None


def _matches(source: str | list[str], name: str) -> bool:
    sources = [source] if isinstance(source, str) else source
    return name in sources or "*" in sources


def build_context(session: Session, *, safety: bool = True) -> dict[str, Any]:
    """Fill every vocabulary variable from the session's data and the scenario's truth.
    ``safety=False`` leaves out ``safety.*`` for a caller that works out the findings itself."""
    d, sc = session.data, session.scenario
    a, p, truth = d.assessment, d.plan, sc.assessment
    criteria = frozenset(a.criteria) if a else frozenset(d.marks)
    supervised = a.supervised_use if a else False
    counted = counted_criteria(criteria, supervised)
    context = {
        "rapport": d.rapport,
        "asked": frozenset(d.asked),
        "questions_count": d.questions,
        "validated_pain": d.validations > 0,
        "empathy_count": d.empathy,
        "stigma_count": len(d.stigma),
        "revealed": frozenset(d.revealed),
        "dx.submitted": a is not None,
        "dx.diagnosis": a.diagnosis if a else "none",
        "dx.criteria": criteria,
        "dx.criteria_count": len(counted),
        "dx.supervised_use": supervised,
        "dx.severity": a.severity if a else "none",
        "dx.oih": a.oih if a else False,
        "dx.risk_factors": frozenset(a.risk_factors) if a else frozenset(),
        "truth.diagnosis": truth.diagnosis,
        "truth.criteria": frozenset(truth.criteria),
        "truth.supervised_use": truth.supervised_use,
        "truth.severity": truth.severity,
        "truth.oih": truth.oih,
        "truth.risk_factors": frozenset(truth.risk_factors),
        **plan_decl.variables(plan_choices(p) if p is not None else None),
        **chart_variables(sc),
        "decisions": frozenset(f"{k}.{v}" for k, v in d.decisions.items()),
        "visited": frozenset(d.visited),
        "state": session.state.name,
        "week": session.state.week or 0,
    }
    visits = getattr(session, "visits", None)  # a plan-sweep view of a session has no course
    context.update(visits.context() if visits is not None else {})
    context.update(orders.variables(session, context.get("course.day", context["week"] * 7)))
    context["plan.accepted"] = accepted_plans(sc, context)
    if safety:
        context.update(safety_variables(sc, context))  # the clinical plan-safety rules, for guards
    return context


def plan_variables(p: Plan | None) -> dict[str, Any]:
    """The ``plan.*`` variables of a recorded plan (defaults before one is submitted), from the
    one plan declaration."""
    return plan_decl.variables(plan_choices(p) if p is not None else None)


_CHART: dict[int, tuple[Scenario, dict[str, Any]]] = {}


def chart_variables(scenario: Scenario) -> dict[str, Any]:
    """``patient.age`` and ``chart.*``: the chart's structured conditions, for expressions
    (worked out once per scenario object)."""
    cached = _CHART.get(id(scenario))
    if cached is not None and cached[0] is scenario:
        return cached[1]
    if len(_CHART) > 64:
        _CHART.clear()
    found = _chart_variables(scenario)
    _CHART[id(scenario)] = (scenario, found)
    return found


def _chart_variables(scenario: Scenario) -> dict[str, Any]:
    cond = scenario.chart.conditions
    qtc = cond.ecg.qtc_ms if cond.ecg else None
    return {
        "patient.age": scenario.patient.age,
        "chart.qtc_ms": qtc or 0,
        "chart.qtc": qtc_band(qtc),
        "chart.heart_disease": cond.heart_disease,
        "chart.sleep_apnoea": cond.sleep_apnoea,
        "chart.lung_disease": cond.lung_disease,
        "chart.kidney_function": cond.kidney_function,
        "chart.liver_function": cond.liver_function,
        "chart.pregnant": cond.pregnant,
        "chart.drug_classes": frozenset(
            c for m in scenario.chart.co_medications for c in medicine_classes(m.drug, m.drug_class)
        ),
    }
