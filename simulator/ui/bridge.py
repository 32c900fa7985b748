"""Turns engine events into Qt signals so views can connect to them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from simulator.engine import events as ev
from simulator.engine.session import Session


class SessionBridge(QObject):
    """Subscribes to a :class:`Session` and re-emits its events as signals."""

    stateEntered = Signal(object)  # ev.StateEntered
    patientAnswered = Signal(object)  # ev.PatientAnswered
    traineeSaid = Signal(object)  # ev.TraineeSaid
    rapportChanged = Signal(int, int)
    stigmaNoted = Signal(str, str)
    recorded = Signal(str, str)
    scoreChanged = Signal(int, int)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self._on_event)

    def detach(self) -> None:
        self._unsubscribe()

    def _on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.StateEntered):
            self.stateEntered.emit(event)
        elif isinstance(event, ev.PatientAnswered):
            self.patientAnswered.emit(event)
        elif isinstance(event, ev.TraineeSaid):
            self.traineeSaid.emit(event)
        elif isinstance(event, ev.RapportChanged):
            self.rapportChanged.emit(event.old, event.new)
        elif isinstance(event, ev.StigmaNoted):
            self.stigmaNoted.emit(event.term, event.alternative)
        elif isinstance(event, ev.Recorded):
            self.recorded.emit(event.what, event.detail)
        elif isinstance(event, ev.ScoreChanged):
            self.scoreChanged.emit(event.score, event.max_score)
