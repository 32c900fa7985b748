"""The session controller: owns one Session and its place in the store, without Qt.

It starts a session, resumes one (as far as its saved actions still apply), applies each
action as one transaction with the store (the action is saved before the session moves on;
the last action and the finish are saved together), and tells the user, through the injected
:class:`~simulator.control.dialogs.Dialogs`, about every fault of the store or the files: what
happened, what was kept, and what they can do. Views only render the session and call
:meth:`SessionController.apply`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.control.dialogs import Choice, Dialogs, ScriptedDialogs
from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.errors import ProblemsError
from simulator.patient.turn import Interpretation
from simulator.records.store import SequenceError, SessionLockedError, SessionStore, StoreError
from simulator.scenario.fingerprint import content_hash
from simulator.scenario.models import Scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import max_score, score

RETRY = Choice("retry", "Retry")
LIBRARY = Choice("library", "Back to the library")
STAY = Choice("stay", "Stay here")
READ_ONLY = Choice("read_only", "View read-only")
CONTINUE = Choice("continue", "Continue")
PRACTISE = Choice("practise", "Practise without saving")
CANCEL = Choice("cancel", "Cancel")


def live_score(scenario: Scenario, context: Mapping[str, Any]) -> tuple[int, int]:
    """The score the session shows as it goes: (earned, most this session could earn)."""
    return score(scenario, context), max_score(scenario, context)


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
    ) -> SessionController | None:
        """A new session, recorded in ``store``; None if the user chose not to go on.

        A case with variants is played as the variant ``seed`` picks; without a seed, a fresh
        one is drawn (one that differs in every axis from ``scenario``'s own variant where the
        case allows it), so starting the same case again, as a retry does, meets another
        patient. The case is then read again from ``scenario_path`` (``load``) in that variant.
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
        return cls(session, scenario_path, store, sid, dialogs)

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: int,
        dialogs: Dialogs,
        load: Callable[..., Scenario] | None = None,
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
        note = ""

        if damage or error:
            if damage:
                why = f"the saved record is damaged from there on ({damage})"
            else:
                assert error is not None and error.index is not None
                where = " to the edited case" if changed else ""
                why = f"action {error.index + 1} no longer applies{where}: {error.message}"
            text = f"Only the first {good} of the {total} saved actions could be restored, because {why}."
            note = f"Restored up to action {good} of {total}."
            if read_only:
                dialogs.inform("Part of this session could not be restored", text, warning=True)
            else:
                choice = dialogs.ask(
                    "Part of this session could not be restored",
                    text + " You can carry on from there in a copy of the session (the saved record "
                    "is kept as it is), or look at what was restored without changing anything.",
                    (CONTINUE, READ_ONLY, CANCEL),
                )
                if choice == CONTINUE.id:
                    try:
                        session_id = store.fork(session_id, list(session.actions), new_hash)
                    except StoreError as exc:
                        give_up()
                        dialogs.inform(
                            "Cannot resume", f"The copy could not be saved.\n\nDetails: {exc}", warning=True
                        )
                        return None
                    note += " Carrying on in a copy; the original record is kept."
                elif choice == READ_ONLY.id:
                    give_up()
                    read_only = True
                else:
                    give_up()
                    return None
        elif changed and not read_only:
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
                note = "Carrying on with the edited case."
            elif choice == READ_ONLY.id:
                give_up()
                read_only = True
            else:
                give_up()
                return None
        if read_only:
            note = (note + " Read-only: nothing you do here is saved.").strip()
        return cls(session, record.scenario_path, store, session_id, dialogs, read_only=read_only, note=note)

    # ------------------------------------------------------------------ acting

    @property
    def saved(self) -> bool:
        """True while everything the trainee has done is in the store."""
        return self._holding

    def apply(self, action: Mapping[str, Any]) -> ApplyResult:
        """Apply and save one action; nothing changes unless both succeed."""
        if self.read_only:
            return ApplyResult(False, "This session is open read-only; nothing can be changed here.")
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
            return ApplyResult(True, finished=self.session.finished)

    def ask(self, text: str) -> AskResult:
        """The one path from a typed turn to the patient's reply (the interview screen and
        ``intents --conversation`` both call it): read ``text`` against the conversation so far,
        then apply the action it makes as :meth:`apply` does."""
        from simulator.patient.dialogue import Conversation
        from simulator.patient.turn import interpret

        text = text.strip()
        if not text:
            return AskResult(Interpretation({"type": "say", "text": ""}, "", 0.0, kind="statement"), None)
        reading = interpret(text, Conversation.of(self.session))
        before = len(self.session.data.transcript)
        applied = self.apply(reading.action)
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
        if self.session.finished:
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
    from simulator.scenario.variants import fresh_seed, pick

    current = scenario._variant
    if current is not None and current.seed == seed and seed is not None:
        return scenario
    if seed is None:
        counts = [len(axis.options) for axis in scenario.variants]
        before = pick(counts, current.seed if current is not None else None) if current is not None else None
        seed = fresh_seed()
        for _ in range(50):  # a retry meets someone else: differ in every axis when possible
            if before is None or all(a != b for a, b in zip(pick(counts, seed), before, strict=True)):
                break
            seed = fresh_seed()
    if load is None:
        from simulator.scenario.loader import load_scenario as load
    try:
        return load(path, seed)
    except ProblemsError as exc:
        first = exc.problems[0] if exc.problems else "the file could not be read"
        dialogs.inform("Cannot start", f"The case could not be opened.\n\nDetails: {first}", warning=True)
        return None


def _quietly(call: Callable[[int], None], session_id: int) -> None:
    try:
        call(session_id)
    except StoreError:
        pass
