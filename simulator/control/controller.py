"""The session controller: owns one Session and its place in the store, without Qt.

It starts a session (linked to its trainee), resumes one (as far as its saved actions still
apply), reads a typed turn (:meth:`~SessionController.ask`), applies each action as one
transaction with the store (the action is saved before the session moves on; the last action
and the finish are saved together), and at the finish keeps the attempt's result for progress
and queues it for the learning record store. It tells the user, through the injected
:class:`~simulator.control.dialogs.Dialogs`, about every fault of the store or the files: what
happened, what was kept, and what they can do. The app's views only render the session and
call the controller; the preview replays an edited case through :meth:`~SessionController.replay`,
and the command line plays a log through :meth:`~SessionController.play_file`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.control import results
from simulator.control.dialogs import Choice, Dialogs, ScriptedDialogs
from simulator.engine.actions import ActionError
from simulator.engine.playthrough import play
from simulator.engine.session import Session
from simulator.errors import Problem, ProblemsError
from simulator.patient.dialogue import Conversation
from simulator.patient.turn import Interpretation, interpret
from simulator.records import outbox, trainees, xapi
from simulator.records.store import SequenceError, SessionLockedError, SessionStore, StoreError
from simulator.scenario import variants
from simulator.scenario.fingerprint import content_hash
from simulator.scenario.models import Scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import score_and_max

RETRY = Choice("retry", "Retry")
LIBRARY = Choice("library", "Back to the library")
STAY = Choice("stay", "Stay here")
READ_ONLY = Choice("read_only", "View read-only")
CONTINUE = Choice("continue", "Continue")
PRACTISE = Choice("practise", "Practise without saving")
CANCEL = Choice("cancel", "Cancel")


def live_score(scenario: Scenario, context: Mapping[str, Any]) -> tuple[int, int]:
    """The score the session shows as it goes: (earned, most this session could earn)."""
    return score_and_max(scenario, context)


@dataclass(frozen=True)
class AskResult:
    """What became of one typed turn: how it was read, and what became of the action it made."""

    interpretation: Interpretation
    applied: ApplyResult | None  # None when the turn was empty (nothing was applied)
    reply: str = ""
    """What the patient said to this turn (empty when it was not applied)."""

    @property
    def accepted(self) -> bool:
        return self.applied is not None and self.applied.accepted

    @property
    def intent(self) -> str | None:
        """The intent answered first (None: a statement, asking back, declining, ...)."""
        action = self.interpretation.action
        return action.get("intent") if action["type"] == "ask" else None

    @property
    def also(self) -> tuple[str, ...]:
        """Intents of the further parts of a compound question, answered too."""
        return tuple(self.interpretation.action.get("also", ()))

    @property
    def options(self) -> tuple[str, ...]:
        """The "did you mean" intents when the patient asked what was meant."""
        return self.interpretation.alternatives if self.intent is None else ()


@dataclass(frozen=True)
class ApplyResult:
    """What became of one action: ``accepted`` (saved and applied), or why not."""

    accepted: bool
    message: str = ""
    leave: bool = False  # the user chose to go back to the library
    finished: bool = False  # this action took the session to its debrief (and it is saved)


class SessionController:
    """One session on its way from start to debrief, and where it is stored.

    ``store`` is None when sessions cannot be saved at all (the user was told); then
    :attr:`saved` stays False and the debrief says so.
    """

    def __init__(
        self,
        session: Session,
        scenario_path: str,
        store: SessionStore | None,
        session_id: int | None,
        dialogs: Dialogs,
        *,
        read_only: bool = False,
        note: str = "",
        xapi: Any = None,
    ) -> None:
        self.session = session
        self.scenario_path = scenario_path
        self.store = store
        self.session_id = session_id
        self.dialogs = dialogs
        self.read_only = read_only
        self.note = note
        """A sentence for the status line about how the session was opened (or "")."""
        self.final_score: tuple[int, int] | None = None
        """(score, max_score) once the session has reached its debrief."""
        self.xapi = xapi
        """Statement settings (:class:`simulator.records.xapi.XapiConfig`) when results go to a
        learning record store; None when they stay on this computer (nothing is queued)."""
        self.kept = False
        """True once the finished session's result is kept in the store (and queued, if sent)."""
        self.finish_note = ""
        """A sentence for the status line when the finish could not be kept or queued (or "")."""
        self._holding = store is not None and session_id is not None and not read_only
        if self._holding:
            session.add_recorder(self._record)

    # ------------------------------------------------------------------ opening

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        scenario_path: str,
        store: SessionStore | None,
        dialogs: Dialogs,
        *,
        seed: int | None = None,
        load: Callable[[str, int | None], Scenario] | None = None,
        trainee: str = "",
        xapi: Any = None,
    ) -> SessionController | None:
        """A new session, recorded in ``store`` as ``trainee``'s; None if the user chose not to go on.

        A case with variants is played as the variant ``seed`` picks; without a seed, a fresh
        one is drawn (one that differs in every axis from ``scenario``'s own variant where the
        case allows it), so starting the same case again, as a retry does, meets another
        patient. The case is then read again from ``scenario_path`` (``load``) in that variant.
        ``xapi``: see :attr:`xapi`.
        """
        if scenario.variants:
            scenario = _variant_for(scenario, scenario_path, seed, load, dialogs)
            if scenario is None:
                return None
        session = Session(scenario, scorer=live_score)
        if store is None:
            return cls(session, scenario_path, None, None, dialogs, note="This session is not being saved.")
        while True:
            try:
                sid = store.start(
                    scenario.id, scenario_path, scenario_hash=content_hash(scenario), hold=True,
                    seed=session.seed,
                )
                break
            except StoreError as exc:
                choice = dialogs.ask(
                    "This session cannot be saved",
                    "A new session could not be recorded in the session history, so nothing you do "
                    f"in it would be kept.\n\nDetails: {exc}",
                    (RETRY, PRACTISE, CANCEL),
                )
                if choice == RETRY.id:
                    continue
                if choice != PRACTISE.id:
                    return None
                note = "This session is not being saved."
                return cls(session, scenario_path, None, None, dialogs, note=note)
        if trainee:
            _link_trainee(store, sid, trainee, dialogs)
        return cls(session, scenario_path, store, sid, dialogs, xapi=xapi)

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: int,
        dialogs: Dialogs,
        load: Callable[..., Scenario] | None = None,
        *,
        xapi: Any = None,
    ) -> SessionController | None:
        """Reopen a saved session where it was; None if it cannot be (the user was told why).

        The session is replayed as far as its saved actions still apply. A session another
        window holds opens read-only (if the user wants); a damaged action or a changed case
        file is explained, with the closest safe way on.
        """
        if load is None:
            from simulator.scenario.loader import load_scenario as load
        try:
            record = store.session(session_id)
        except StoreError as exc:
            dialogs.inform(
                "Cannot resume", f"This session could not be read.\n\nDetails: {exc}", warning=True
            )
            return None
        try:  # the stored seed: the same variant (patient, doses) as when it was played
            path, seed = record.scenario_path, record.seed
            scenario = load(path) if seed is None else load(path, seed)
        except ProblemsError as exc:
            first = exc.problems[0] if exc.problems else "the file could not be read"
            dialogs.inform(
                "Cannot resume",
                "The case this session belongs to could not be opened, so the session cannot be "
                f"replayed. Your saved actions are kept.\n\nDetails: {first}",
                warning=True,
            )
            return None

        read_only = False
        try:
            store.acquire(session_id)
        except SessionLockedError as exc:
            choice = dialogs.ask(
                "This session is open elsewhere",
                "Another window of the simulator is working on this session, and only one may "
                f"save to it at a time. You can look at it here without changing it.\n\nDetails: {exc}",
                (READ_ONLY, CANCEL),
            )
            if choice != READ_ONLY.id:
                return None
            read_only = True
        except StoreError as exc:
            dialogs.inform(
                "Cannot resume",
                f"This session could not be reopened for saving.\n\nDetails: {exc}",
                warning=True,
            )
            return None

        def give_up() -> None:
            if not read_only:
                _quietly(store.release, session_id)

        try:
            actions, damage = store.readable_actions(session_id)
        except StoreError as exc:
            give_up()
            dialogs.inform(
                "Cannot resume", f"This session could not be read.\n\nDetails: {exc}", warning=True
            )
            return None
        session, error = Session.replay_prefix(scenario, actions, scorer=live_score)
        new_hash = content_hash(scenario)
        changed = bool(record.scenario_hash) and record.scenario_hash != new_hash
        good, total = len(session.actions), record.action_count

        if damage or error:
            why = _why_cut(damage, error, changed)
            settled = _settle_cut(
                store, session_id, session, dialogs, give_up, read_only, why, total, new_hash
            )
        elif changed and not read_only:
            settled = _settle_changed(store, session_id, dialogs, give_up, good, new_hash)
        else:
            settled = (session_id, read_only, "")
        if settled is None:
            return None
        session_id, read_only, note = settled
        if read_only:
            note = (note + " Read-only: nothing you do here is saved.").strip()
        return cls(
            session, record.scenario_path, store, session_id, dialogs,
            read_only=read_only, note=note, xapi=xapi,
        )  # fmt: skip

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        scenario_path: str,
        actions: Sequence[Mapping[str, Any]],
        dialogs: Dialogs,
        *,
        note: str = "",
    ) -> tuple[SessionController, ActionError | None]:
        """A session of ``scenario`` replayed as far as ``actions`` still apply, never saved (the
        workshop preview after an edit); the error that stopped the replay, or None."""
        session, error = Session.replay_prefix(scenario, actions, scorer=live_score)
        return cls(session, scenario_path, None, None, dialogs, note=note), error

    @classmethod
    def play_file(
        cls, scenario: Scenario, scenario_path: str, actions_path: str, dialogs: Dialogs | None = None
    ) -> SessionController:
        """The played log at ``actions_path`` (a playthrough file), never saved; an action that cannot
        apply raises :class:`~simulator.errors.ProblemsError` at its line (the command line)."""
        session = play(scenario, actions_path)
        controller = cls(session, scenario_path, None, None, dialogs or ScriptedDialogs())
        if session.finished:
            report = build_debrief(session)
            controller.final_score = (report.score, report.max_score)
        return controller

    @classmethod
    def at_visit(
        cls, scenario: Scenario, scenario_path: str, actions_path: str, step: str,
        dialogs: Dialogs | None = None,
    ) -> SessionController:
        """The played log at ``actions_path`` taken as far as the visit ``step`` (the actions after
        it are not applied), never saved: where ``intents --conversation --visit`` asks its questions
        (:meth:`ask_at_visit`). A step that is not a visit, or that the log never reaches, raises
        :class:`~simulator.errors.ProblemsError` naming the file."""
        from simulator.engine.playthrough import load_actions

        known = {s.name: s for s in scenario.flow.states}
        if step not in known or known[step].phase != "visit":
            visits = ", ".join(n for n, s in known.items() if s.phase == "visit")
            why = f"{step!r} is not a visit of this case; its visits: {visits}"
            raise ProblemsError([Problem(actions_path, 1, 1, why)])
        actions, (doc, base) = load_actions(actions_path)
        session = Session(scenario, scorer=live_score)
        for index, action in enumerate(actions):
            if session.state.name == step:
                break
            try:
                session.apply(action)
            except ActionError as exc:
                line, col = doc.where((*base, index))
                problem = Problem(doc.file, line, col, f"action {index + 1}: {exc.message}")
                raise ProblemsError([problem]) from None
        if session.state.name != step:
            raise ProblemsError([Problem(actions_path, 1, 1, f"this log never reaches the visit {step!r}")])
        return cls(session, scenario_path, None, None, dialogs or ScriptedDialogs(),
                   note="This session is not being saved.")

    # ------------------------------------------------------------------ acting

    @property
    def saved(self) -> bool:
        """True while everything the trainee has done is in the store."""
        return self._holding

    def apply(self, action: Mapping[str, Any]) -> ApplyResult:
        """Apply and save one action; nothing changes unless both succeed."""
        if self.read_only:
            return ApplyResult(False, "This session is open read-only; nothing can be changed here.")
        was_finished = self.session.finished
        while True:
            try:
                self.session.apply(action)
            except ActionError as exc:
                return ApplyResult(False, exc.message)
            except (SessionLockedError, SequenceError) as exc:
                return self._lost_writer(exc)
            except StoreError as exc:
                choice = self.dialogs.ask(
                    "Not saved",
                    "Your last action could not be saved, so it has not been applied: the case is "
                    "exactly where it was before it. Everything before it is saved.\n\n"
                    f"Details: {exc}",
                    (RETRY, LIBRARY, STAY),
                )
                if choice == RETRY.id:
                    continue
                return ApplyResult(
                    False, "Not saved: your last action was not applied.", leave=choice == LIBRARY.id
                )
            if self.session.finished and self.final_score is None:
                report = build_debrief(self.session)  # not saved (no store): scored here
                self.final_score = (report.score, report.max_score)
            if was_finished:
                self._keep_late_answers()  # the check after the debrief
            elif self.session.finished:
                self.finish()
            return ApplyResult(True, self.finish_note, finished=self.session.finished and not was_finished)

    def ask(self, text: str, *, alone: bool = False) -> AskResult:
        """The one path from a typed turn to the patient's reply (the interview screen and
        ``intents --conversation`` both call it): read ``text`` against the conversation so far,
        then apply the action it makes as :meth:`apply` does. ``alone`` reads the turn without
        the conversation (the stateless ``intents --replies``: a follow-up stays unresolved)."""
        text = text.strip()
        if not text:
            return AskResult(Interpretation({"type": "say", "text": ""}, "", 0.0, kind="statement"), None)
        if alone:
            reading = interpret(text, interview=self.session.scenario.interview)
        else:
            reading = interpret(text, Conversation.of(self.session))
        before = len(self.session.data.transcript)
        applied = self.apply(reading.action)
        said = [e.text for e in self.session.data.transcript[before:] if e.speaker == "patient"]
        return AskResult(reading, applied, " ".join(said) if applied.accepted else "")

    def ask_at_visit(self, text: str) -> AskResult:
        """A typed turn at a follow-up visit: read as :meth:`ask` reads it (the interview's
        understanding, against the conversation so far), then answered from the visit's day
        (engine.visit_talk); it earns no interview points."""
        from simulator.engine.visit_talk import visit_question

        text = text.strip()
        if not text:
            return AskResult(Interpretation({"type": "say", "text": ""}, "", 0.0, kind="statement"), None)
        reading = interpret(text, Conversation.of(self.session))
        before = len(self.session.data.transcript)
        applied = self.apply(visit_question(reading.action))
        said = [e.text for e in self.session.data.transcript[before:] if e.speaker == "patient"]
        return AskResult(reading, applied, " ".join(said) if applied.accepted else "")

    @classmethod
    def practice(
        cls, scenario: Scenario, scenario_path: str = "", dialogs: Dialogs | None = None
    ) -> SessionController:
        """A session of ``scenario`` (in the variant it was loaded in) that is not saved, moved
        on to its interview: how the command line and the benchmarks hold a conversation."""
        ctl = cls(
            Session(scenario, scorer=live_score), scenario_path, None, None, dialogs or ScriptedDialogs(),
            note="This session is not being saved.",
        )
        for _ in range(len(scenario.flow.states)):
            if ctl.session.phase == "interview" or not ctl.apply({"type": "advance"}).accepted:
                break
        return ctl

    def finish(self) -> bool:
        """Keep the finished session's result (before its case file can change) and queue its
        statements for the learning record store when one is set (:attr:`xapi`). Runs once, by
        itself, when an action takes a saved session to its debrief; True once kept. A failure
        loses nothing (the actions and the score are saved): :attr:`finish_note` says what."""
        if self.kept or not self.session.finished or not self.saved:
            return self.kept

        assert self.store is not None and self.session_id is not None
        try:
            record = results.stored_record(self.store, self.session_id)
        except (StoreError, ProblemsError, ActionError) as exc:
            self.finish_note = f"The result could not be kept for your progress: {exc}"
            return False
        self.kept = True
        if self.xapi is not None:
            try:
                outbox.enqueue(self.store, xapi.statements(record, self.xapi), self.session_id)
            except StoreError as exc:  # queued again with the next send (queue_finished)
                self.finish_note = f"The result is kept but not yet queued for sending: {exc}"
        return True

    def _keep_late_answers(self) -> None:
        """Answers to the check after the debrief come after the finish: keep the result again
        with them and queue their statements (the ones already queued keep their ids)."""
        if not self.saved:
            return

        assert self.store is not None and self.session_id is not None
        try:
            record = results.stored_record(self.store, self.session_id)
            if self.xapi is not None:
                outbox.enqueue(self.store, xapi.statements(record, self.xapi), self.session_id)
        except (StoreError, ProblemsError, ActionError) as exc:
            self.finish_note = f"Your answer is saved, but the result could not be brought up to date: {exc}"

    def _lost_writer(self, exc: StoreError) -> ApplyResult:
        choice = self.dialogs.ask(
            "Not saved: this session is open elsewhere",
            "Another window of the simulator has saved to this session since it was opened here, "
            "so your last action was not saved or applied. What that window saved is kept. You "
            f"can keep looking at this session here without changing it.\n\nDetails: {exc}",
            (READ_ONLY, LIBRARY),
        )
        self._holding = False
        self.read_only = True
        self.note = "Read-only: nothing you do here is saved."
        return ApplyResult(False, "Not saved: this session is open elsewhere.", leave=choice != READ_ONLY.id)

    def _record(self, action: Mapping[str, Any]) -> None:
        # Runs inside Session.apply, after the next state is computed and before it is
        # committed: if this raises, the session rolls back.
        assert self.store is not None and self.session_id is not None
        finish = None
        if self.session.finished and action.get("type") != "check":
            report = build_debrief(self.session)
            finish = (report.score, report.max_score)
        self.store.append(self.session_id, action, seq=len(self.session.actions), finish=finish)
        self.final_score = finish  # set only once the finish is saved with the last action

    # ------------------------------------------------------------------ reading

    def finished_text(self) -> str:
        """What the debrief's status line says about saving."""
        if self.read_only:
            return "Session complete (read-only view)."
        if self.saved:
            return "Session complete. Your work is saved."
        return "Session complete. This session was not saved."

    def heartbeat(self) -> None:
        """Tell other windows this one still holds the session (errors surface at the next save)."""
        if self._holding and not self.session.finished and self.store is not None and self.session_id:
            _quietly(self.store.heartbeat, self.session_id)

    def close(self) -> None:
        """Give the session up (its saved record stays as it is)."""
        if self._holding and not self.session.finished and self.store is not None and self.session_id:
            _quietly(self.store.release, self.session_id)
        self._holding = False


def _variant_for(
    scenario: Scenario,
    path: str,
    seed: int | None,
    load: Callable[[str, int | None], Scenario] | None,
    dialogs: Dialogs,
) -> Scenario | None:
    """``scenario`` in the variant ``seed`` picks (a fresh seed if None); None if it cannot be read."""
    current = scenario._variant
    if current is not None and current.seed == seed and seed is not None:
        return scenario
    if seed is None:
        counts = [len(axis.options) for axis in scenario.variants]
        before = variants.pick(counts, current.seed) if current is not None else None
        seed = variants.fresh_seed()
        for _ in range(50):  # a retry meets someone else: differ in every axis when possible
            fresh = variants.pick(counts, seed)
            if before is None or all(a != b for a, b in zip(fresh, before, strict=True)):
                break
            seed = variants.fresh_seed()
    if load is None:
        from simulator.scenario.loader import load_scenario as load
    try:
        return load(path, seed)
    except ProblemsError as exc:
        first = exc.problems[0] if exc.problems else "the file could not be read"
        dialogs.inform("Cannot start", f"The case could not be opened.\n\nDetails: {first}", warning=True)
        return None


def _why_cut(damage: Any, error: ActionError | None, changed: bool) -> str:
    """Why a resumed session stops before its last saved action, in the user's words."""
    if damage:
        return f"the saved record is damaged from there on ({damage})"
    assert error is not None and error.index is not None
    where = " to the edited case" if changed else ""
    return f"action {error.index + 1} no longer applies{where}: {error.message}"


def _settle_cut(
    store: SessionStore,
    session_id: int,
    session: Session,
    dialogs: Dialogs,
    give_up: Callable[[], None],
    read_only: bool,
    why: str,
    total: int,
    new_hash: str,
) -> tuple[int, bool, str] | None:
    """Only part of the session could be restored: say so and, unless read-only already, offer a
    copy to carry on in or a read-only look. (session id, read-only, note), or None if cancelled."""
    good = len(session.actions)
    text = f"Only the first {good} of the {total} saved actions could be restored, because {why}."
    note = f"Restored up to action {good} of {total}."
    if read_only:
        dialogs.inform("Part of this session could not be restored", text, warning=True)
        return session_id, True, note
    choice = dialogs.ask(
        "Part of this session could not be restored",
        text + " You can carry on from there in a copy of the session (the saved record "
        "is kept as it is), or look at what was restored without changing anything.",
        (CONTINUE, READ_ONLY, CANCEL),
    )
    if choice == CONTINUE.id:
        try:
            copy = store.fork(session_id, list(session.actions), new_hash)
        except StoreError as exc:
            give_up()
            dialogs.inform("Cannot resume", f"The copy could not be saved.\n\nDetails: {exc}", warning=True)
            return None
        return copy, False, note + " Carrying on in a copy; the original record is kept."
    give_up()
    return (session_id, True, note) if choice == READ_ONLY.id else None


def _settle_changed(
    store: SessionStore,
    session_id: int,
    dialogs: Dialogs,
    give_up: Callable[[], None],
    good: int,
    new_hash: str,
) -> tuple[int, bool, str] | None:
    """Every saved action applies to the edited case: offer to carry on with it or to look
    read-only. (session id, read-only, note), or None if cancelled."""
    choice = dialogs.ask(
        "The case has changed",
        f"The case was edited after this session was saved. All {good} saved actions still "
        "apply to the new version, so you can carry on with it; the points may differ from "
        "the version you started with.",
        (CONTINUE, READ_ONLY, CANCEL),
    )
    if choice == CONTINUE.id:
        try:
            store.set_scenario_hash(session_id, new_hash)
        except StoreError as exc:
            give_up()
            dialogs.inform(
                "Cannot resume", f"The session could not be updated.\n\nDetails: {exc}", warning=True
            )
            return None
        return session_id, False, "Carrying on with the edited case."
    give_up()
    return (session_id, True, "") if choice == READ_ONLY.id else None


def _link_trainee(store: SessionStore, session_id: int, trainee: str, dialogs: Dialogs) -> None:
    """Record that ``trainee`` is taking the session; if that fails, say so (the session goes on)."""
    try:
        trainees.assign(store, session_id, trainee)
    except StoreError as exc:
        dialogs.inform(
            "Trainee not recorded",
            f"This session is saved, but not under {trainee}'s name, so it will not show in their "
            f"progress.\n\nDetails: {exc}",
            warning=True,
        )


def _quietly(call: Callable[[int], None], session_id: int) -> None:
    try:
        call(session_id)
    except StoreError:
        pass
