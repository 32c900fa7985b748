"""Read-only queries for the library: each saved session, and per case the attempts and best score.

Nothing here writes to the store. A session that was replaced by a copy (``superseded_by``, see
:meth:`~simulator.records.store.SessionStore.fork`) is left out: its copy stands for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.records.store import SessionRecord, SessionStore

_QUERY = (
    "SELECT s.id, s.scenario_id, s.scenario_path, s.trainee, s.started_at, s.finished_at, "
    "s.score, s.max_score, "
    "(SELECT COUNT(*) FROM actions a WHERE a.session_id = s.id), s.scenario_hash, "
    "(SELECT COUNT(*) FROM actions a WHERE a.session_id = s.id "
    " AND json_valid(a.action) AND json_extract(a.action, '$.type') = 'advance') "
    "FROM sessions s WHERE s.superseded_by IS NULL"
)


@dataclass(frozen=True)
class SavedSession:
    """One saved session and how far it went: ``advances`` is how many times the trainee moved
    on to the next step (the UI turns it into the step the session is at)."""

    record: SessionRecord
    advances: int

    @property
    def percent(self) -> int | None:
        """The final score as a whole percentage, or None while unfinished."""
        r = self.record
        if r.score is None or not r.max_score:
            return None
        return round(100 * r.score / r.max_score)


@dataclass(frozen=True)
class CaseAttempts:
    """Every saved session of one scenario file, newest first."""

    scenario_path: str
    sessions: tuple[SavedSession, ...]

    @property
    def attempts(self) -> int:
        return len(self.sessions)

    @property
    def finished(self) -> int:
        return sum(1 for s in self.sessions if s.record.finished)

    @property
    def best(self) -> SavedSession | None:
        """The finished session with the highest percentage (the earliest of equal ones)."""
        done = [s for s in self.sessions if s.percent is not None]
        if not done:
            return None
        return max(reversed(done), key=lambda s: (s.percent, s.record.score))

    @property
    def newest_unfinished(self) -> SavedSession | None:
        """The newest unfinished session with at least one action (worth resuming)."""
        return next((s for s in self.sessions if not s.record.finished and s.record.action_count), None)


def saved_sessions(store: SessionStore, trainee: str | None = None) -> list[SavedSession]:
    """Every session in ``store``, newest first; only ``trainee``'s when a name is given
    (matched without regard to case, as trainee profiles are)."""
    sql, args = _QUERY, ()
    if trainee is not None:
        sql, args = sql + " AND s.trainee = ? COLLATE NOCASE", (trainee,)
    with store.transaction() as conn:
        rows = conn.execute(sql + " ORDER BY s.id DESC", args).fetchall()
    return [SavedSession(SessionRecord(*row[:10]), int(row[10])) for row in rows]


def by_case(sessions: Iterable[SavedSession]) -> dict[str, CaseAttempts]:
    """The sessions grouped by scenario file, each group newest first as given. A session in
    which nothing was done (opened and left at once) is not an attempt and is left out."""
    groups: dict[str, list[SavedSession]] = {}
    for s in sessions:
        if s.record.action_count or s.record.finished:
            groups.setdefault(s.record.scenario_path, []).append(s)
    return {path: CaseAttempts(path, tuple(items)) for path, items in groups.items()}
