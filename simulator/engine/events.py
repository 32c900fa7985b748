"""What a session tells its listeners. Views subscribe; they never poll the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StateEntered:
    state: str
    phase: str
    title: str


@dataclass(frozen=True)
class PatientAnswered:
    intent: str | None
    question: str
    text: str
    affect: str
    revealed: tuple[str, ...]
    repeat: bool


@dataclass(frozen=True)
class TraineeSaid:
    text: str
    kinds: tuple[str, ...]
    reply: str
    affect: str = ""  # how the patient seems while replying (an accusation: defensive)


@dataclass(frozen=True)
class RapportChanged:
    old: int
    new: int
    reason: str


@dataclass(frozen=True)
class StigmaNoted:
    term: str
    alternative: str


@dataclass(frozen=True)
class Recorded:
    """An assessment, plan, tracker mark or decision was stored."""

    what: str
    detail: str


@dataclass(frozen=True)
class ScoreChanged:
    score: int
    max_score: int


Event = StateEntered | PatientAnswered | TraineeSaid | RapportChanged | StigmaNoted | Recorded | ScoreChanged
Listener = Callable[[Event], None]


class Emitter:
    """A minimal publish/subscribe hub that can hold events back until a change is committed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._held: list[Event] | None = None

    def hold(self) -> None:
        """Keep events from now on until :meth:`release` (sent) or :meth:`discard` (dropped)."""
        self._held = []

    def release(self) -> None:
        held, self._held = self._held or [], None
        for event in held:
            self.emit(event)

    def discard(self) -> None:
        self._held = None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: Event) -> None:
        if self._held is not None:
            self._held.append(event)
            return
        for listener in list(self._listeners):
            listener(event)
